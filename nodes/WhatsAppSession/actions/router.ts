import {
	NodeOperationError,
	SEND_AND_WAIT_OPERATION,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { collectIssues, InvalidMessageError, type ValidationIssue } from '../message/errors';
import { readSessionMessage } from '../message/fromForm';
import { isOperation, isSessionOperation } from '../message/operations';
import type { MediaFileFacts } from '../media/uploadChecks';
import type { FormValues } from '../message/formValues';
import { readWindowClosedTemplate } from '../message/template/fromForm';
import type { SessionMessage } from '../message/types';
import { validateSessionMessage } from '../message/validate';
import type { ProviderAdapter } from '../providers/contract/adapter';
import { asItemError, failedDeliveryError } from './errors';
import { fallbackRefusedError, templateInsteadOf, windowClosedRefusal } from './windowClosed';
import { refuseCustomApiCall } from './customApiCall';
import { settleItems } from './itemPool';
import { fileIssues, formWithFile, readItemFile, withUploadedFile } from '../media/upload';
import { sendAndWait } from './sendAndWait.operation';
import { getMedia } from './getMedia.operation';
import { GET_MEDIA_OPERATION } from '../media/receivedFile';
import { acceptedOutput } from './output';
import { withChatRecipient } from './chatLookup';
import { deliverRequest, deliveryFacts, encodeForItem, openSendingRun, outputOf } from './sending';
import { formForItem, readTimeoutMs } from './settings';

/**
 * The one item loop: read → validate → encode → deliver, one message per input item, each output
 * paired with its input. Bad input fails its own item before anything is sent for it. Delivery
 * goes through a limiter shared by every execution that uses the same credential and sender.
 */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	refuseCustomApiCall(this);
	const run = await openSendingRun(this);
	if (this.getNodeParameter('operation', 0) === SEND_AND_WAIT_OPERATION) return await sendAndWait(this, run);
	if (this.getNodeParameter('operation', 0) === GET_MEDIA_OPERATION) return await getMedia(this, run);
	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();
	const settlements = await settleItems(items.length, run.settings.concurrency, !continueOnFail, async (itemIndex) => {
		const { provider, connection, secrets } = run;
		const form = formForItem(this, itemIndex);
		const file = await readItemFile(this, run, form, itemIndex);
		const timeoutMs = readTimeoutMs(form);
		const read = await withChatRecipient(this, run, readValidMessages(this, form, itemIndex, provider, file?.facts), itemIndex, timeoutMs);
		const { windowClosedFallback } = read;
		// A file is uploaded only once its item is known to be valid and sendable by this provider.
		const firstRequest = encodeForItem(this, connection, read.message, itemIndex);
		// Encoded before anything is sent: a template the provider cannot carry fails the item up front.
		const fallbackRequest =
			windowClosedFallback === undefined ? undefined : encodeForItem(this, connection, windowClosedFallback, itemIndex);
		const facts = deliveryFacts(run, itemIndex, timeoutMs);
		const uploaded = file === undefined ? undefined : await withUploadedFile(this, run, file, read.message, itemIndex, timeoutMs);
		const message = uploaded?.message ?? read.message;
		const request = uploaded === undefined ? firstRequest : encodeForItem(this, connection, message, itemIndex);
		// Every request of the item, the fallback too, goes through the same pacing, retries and limiter.
		const delivery = await deliverRequest(this, run, request, itemIndex, timeoutMs);
		const { outcome } = delivery;
		const sentAs = message.content.type === 'template' ? 'template' : 'session';
		if (outcome.kind === 'accepted') {
			return acceptedOutput(provider, message, outcome.response, secrets, {
				...((sentAs === 'template' || windowClosedFallback !== undefined) && { sentAs }),
				...(uploaded !== undefined && { mediaId: uploaded.mediaId }),
			});
		}
		const closedWindow = windowClosedRefusal(provider, outcome);
		if (fallbackRequest === undefined || windowClosedFallback === undefined || closedWindow === undefined) {
			throw failedDeliveryError(this, provider, outcome, delivery, facts);
		}
		// The provider refused the session message for the closed window, so nothing reached the
		// customer: the template is the only message this item delivers.
		const fallbackDelivery = await deliverRequest(this, run, fallbackRequest, itemIndex, timeoutMs);
		if (fallbackDelivery.outcome.kind === 'accepted') {
			return acceptedOutput(provider, windowClosedFallback, fallbackDelivery.outcome.response, run.secrets, {
				sentAs: 'template',
				...(closedWindow.providerCode !== undefined && { windowClosedCode: closedWindow.providerCode }),
			});
		}
		throw fallbackRefusedError(
			closedWindow,
			failedDeliveryError(this, provider, fallbackDelivery.outcome, fallbackDelivery, facts),
		);
	});
	return [outputOf(this, settlements, run.secrets, continueOnFail)];
}

/** One item's message and, when it asks for one, the template to send if the window is closed. */
interface ItemMessages {
	message: SessionMessage<unknown>;
	windowClosedFallback?: SessionMessage<unknown>;
}

function readValidMessages(
	context: IExecuteFunctions,
	itemForm: FormValues,
	itemIndex: number,
	provider: ProviderAdapter,
	file: MediaFileFacts | undefined,
): ItemMessages {
	const operation = itemForm.get('operation');
	if (!isOperation(operation)) {
		throw new NodeOperationError(context.getNode(), `Unknown operation "${String(operation)}"`, { itemIndex });
	}
	try {
		const form = file === undefined ? itemForm : formWithFile(itemForm, file);
		const issues: ValidationIssue[] = [];
		const message = collectIssues(issues, () =>
			readSessionMessage(operation, form, {
				recipientKind: provider.recipientKind,
				readExtras: (extrasForm) => provider.extras.read(extrasForm),
			}),
		);
		const template = isSessionOperation(operation) ? collectIssues(issues, () => readWindowClosedTemplate(form)) : undefined;
		if (message === undefined || issues.length > 0) throw new InvalidMessageError(issues);
		const windowClosedFallback = template === undefined ? undefined : templateInsteadOf(message, template);
		const validateExtras = (extras: unknown) => provider.extras.validate(extras);
		issues.push(...validateSessionMessage(message, validateExtras));
		if (file !== undefined) issues.push(...fileIssues(file, message));
		if (windowClosedFallback !== undefined) issues.push(...validateSessionMessage(windowClosedFallback, validateExtras));
		if (issues.length > 0) throw new InvalidMessageError(issues);
		return { message, ...(windowClosedFallback !== undefined && { windowClosedFallback }) };
	} catch (error) {
		throw asItemError(context, error, itemIndex);
	}
}
