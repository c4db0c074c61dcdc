import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { FormValues } from '../message/formValues';
import { readItemFile, withUploadedFile } from '../media/upload';
import type { ProviderRequest } from '../providers/contract/sending';
import type { DeliveryResult } from '../transport/deliver';
import { withChatRecipient } from './chatLookup';
import { asItemError, failedDeliveryError } from './errors';
import { claimKey, claimStoreOf, mayHaveReachedCustomer, readIdempotencySetting, skippedOutput } from './idempotency';
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

/** Whether a message of the item may have reached the customer; a claimed key is given back only when none could have. */
interface DeliveryTrace {
	mayHaveReached: boolean;
}

type Deliver = (request: ProviderRequest) => Promise<DeliveryResult>;

/** The item's requests, each traced: while one runs, and after one that may have been delivered, the item is in doubt. */
function tracedDelivery(context: IExecuteFunctions, run: SendingRun, itemIndex: number, timeoutMs: number, trace: DeliveryTrace): Deliver {
	return async (request) => {
		const before = trace.mayHaveReached;
		trace.mayHaveReached = true;
		// A throw (cancelled mid-request, a crash) leaves the item in doubt.
		const delivery = await deliverRequest(context, run, request, itemIndex, timeoutMs);
		trace.mayHaveReached = before || mayHaveReachedCustomer(delivery);
		return delivery;
	};
}

function readItemIdempotency(context: IExecuteFunctions, form: FormValues, itemIndex: number) {
	try {
		return readIdempotencySetting(form);
	} catch (error) {
		throw asItemError(context, error, itemIndex);
	}
}

/**
 * One item. With an Idempotency Key, the key is claimed after the item is read and checked (so an
 * invalid item never holds one) and before its first request; see actions/idempotency.ts.
 */
async function sendItem(context: IExecuteFunctions, run: SendingRun, itemIndex: number): Promise<IDataObject> {
	const form = formForItem(context, itemIndex);
	const idempotency = readItemIdempotency(context, form, itemIndex);
	const prepared = await prepareItem(context, run, form, itemIndex);
	const trace: DeliveryTrace = { mayHaveReached: false };
	const deliver = tracedDelivery(context, run, itemIndex, prepared.timeoutMs, trace);
	if (idempotency === undefined) return await deliverItem(context, run, prepared, itemIndex, deliver);
	const claimed = await claimKey(claimStoreOf(context), idempotency).catch((error: unknown) => {
		throw asItemError(context, error, itemIndex);
	});
	if (!claimed.claimed) return skippedOutput(idempotency, claimed.reason);
	try {
		const output = await deliverItem(context, run, prepared, itemIndex, deliver);
		await claimed.claim.end('accepted');
		return output;
	} catch (error) {
		await claimed.claim.end(trace.mayHaveReached ? 'unknown' : 'notSent');
		throw asItemError(context, error, itemIndex);
	}
}

/** One item read and checked, with its fallback encoded: everything that can fail as bad input, before any request. */
async function prepareItem(context: IExecuteFunctions, run: SendingRun, form: FormValues, itemIndex: number) {
	const file = await readItemFile(context, run, form, itemIndex);
	const timeoutMs = readTimeoutMs(form);
	// A provider that sends into chats gets the chat a phone number belongs to, before anything is encoded.
	const read = await withChatRecipient(context, run, readValidMessages(context, form, itemIndex, run.provider, file?.facts), itemIndex, timeoutMs);
	const { windowClosedFallback } = read;
	// Encoded before anything is sent: a template the provider cannot carry fails the item up front.
	const fallback =
		windowClosedFallback === undefined
			? undefined
			: { message: windowClosedFallback, request: encodeForItem(context, run.connection, windowClosedFallback, itemIndex) };
	return { file, message: read.message, fallback, timeoutMs };
}

async function deliverItem(
	context: IExecuteFunctions,
	run: SendingRun,
	{ file, message: readMessage, fallback, timeoutMs }: Awaited<ReturnType<typeof prepareItem>>,
	itemIndex: number,
	deliver: Deliver,
): Promise<IDataObject> {
	const { provider, secrets } = run;
	// A file is uploaded once its item is read and checked; it is then sent by the uploaded ID. The
	// adapters that take uploads carry every media message that passed the checks, so encoding
	// after the upload (once, with the real ID) cannot waste an upload on an item it then refuses.
	const uploaded = file === undefined ? undefined : await withUploadedFile(context, run, file, readMessage, itemIndex, timeoutMs);
	const message = uploaded?.message ?? readMessage;
	// Every request of the item, the fallback too, goes through the same pacing, retries and limiter.
	const delivery = await deliver(encodeForItem(context, run.connection, message, itemIndex));
	const { outcome } = delivery;
	if (outcome.kind === 'accepted') {
		const sentAs = message.content.type === 'template' ? 'template' : 'session';
		return acceptedOutput(provider, message, outcome.response, secrets, {
			...((sentAs === 'template' || fallback !== undefined) && { sentAs }),
			...(uploaded !== undefined && { mediaId: uploaded.mediaId }),
		});
	}
	const closedWindow = windowClosedRefusal(provider, outcome);
	if (fallback === undefined || closedWindow === undefined) {
		throw failedDeliveryError(context, provider, outcome, delivery, deliveryFacts(run, itemIndex, timeoutMs));
	}
	return await sendWindowClosedFallback(context, run, { closedWindow, fallback, itemIndex, timeoutMs, deliver });
}
