import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { readItemFile, withUploadedFile } from '../media/upload';
import { failedDeliveryError } from './errors';
import { settleItems } from './itemPool';
import { readValidMessages } from './itemMessages';
import { acceptedOutput } from './output';
import { deliverRequest, deliveryFacts, encodeForItem, outputOf, type SendingRun } from './sending';
import { formForItem, readTimeoutMs } from './settings';
import { sendWindowClosedFallback, windowClosedRefusal } from './windowClosed';

/**
 * Every operation that sends one message per item (the session messages, Send Template, Mark as
 * Read): read → validate → encode → deliver, each output paired with its input. Bad input fails
 * its own item before anything is sent for it. Delivery goes through a limiter shared by every
 * execution that uses the same credential and sender.
 */
export async function sendMessages(context: IExecuteFunctions, run: SendingRun): Promise<INodeExecutionData[][]> {
	const continueOnFail = context.continueOnFail();
	const settlements = await settleItems(context.getInputData().length, run.settings.concurrency, !continueOnFail, async (itemIndex) =>
		await sendItem(context, run, itemIndex),
	);
	return [outputOf(context, settlements, run.secrets, continueOnFail)];
}

async function sendItem(context: IExecuteFunctions, run: SendingRun, itemIndex: number): Promise<IDataObject> {
	const { provider, connection, secrets } = run;
	const form = formForItem(context, itemIndex);
	const file = await readItemFile(context, run, form, itemIndex);
	const read = readValidMessages(context, form, itemIndex, provider, file?.facts);
	const { windowClosedFallback } = read;
	// Encoded before anything is sent: a template the provider cannot carry fails the item up front.
	const fallbackRequest =
		windowClosedFallback === undefined ? undefined : encodeForItem(context, connection, windowClosedFallback, itemIndex);
	const timeoutMs = readTimeoutMs(form);
	// A file is uploaded once its item is read and checked; it is then sent by the uploaded ID. The
	// adapters that take uploads carry every media message that passed the checks, so encoding
	// after the upload (once, with the real ID) cannot waste an upload on an item it then refuses.
	const uploaded = file === undefined ? undefined : await withUploadedFile(context, run, file, read.message, itemIndex, timeoutMs);
	const message = uploaded?.message ?? read.message;
	const request = encodeForItem(context, connection, message, itemIndex);
	// Every request of the item, the fallback too, goes through the same pacing, retries and limiter.
	const delivery = await deliverRequest(context, run, request, itemIndex, timeoutMs);
	const { outcome } = delivery;
	if (outcome.kind === 'accepted') {
		const sentAs = message.content.type === 'template' ? 'template' : 'session';
		return acceptedOutput(provider, message, outcome.response, secrets, {
			...((sentAs === 'template' || windowClosedFallback !== undefined) && { sentAs }),
			...(uploaded !== undefined && { mediaId: uploaded.mediaId }),
		});
	}
	const closedWindow = windowClosedRefusal(provider, outcome);
	if (fallbackRequest === undefined || windowClosedFallback === undefined || closedWindow === undefined) {
		throw failedDeliveryError(context, provider, outcome, delivery, deliveryFacts(run, itemIndex, timeoutMs));
	}
	return await sendWindowClosedFallback(context, run, {
		closedWindow,
		fallback: { message: windowClosedFallback, request: fallbackRequest },
		itemIndex,
		timeoutMs,
	});
}
