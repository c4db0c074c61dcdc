import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { collectIssues, InvalidMessageError, type ValidationIssue } from '../message/errors';
import { isOperation, isSessionOperation, readSessionMessage } from '../message/fromForm';
import { readWindowClosedTemplate } from '../message/templateFromForm';
import type { SessionMessage } from '../message/types';
import { validateSessionMessage } from '../message/validate';
import { isProviderChoice, PROVIDERS } from '../providers';
import type { ProviderAdapter, ProviderConnection, ProviderRequest } from '../providers/types';
import { deliverMessage } from '../transport/deliver';
import { getSharedLimiter } from '../transport/limiter';
import { n8nClock } from '../transport/n8nClock';
import { n8nHttpCall } from '../transport/n8nHttp';
import { secretVariants } from '../transport/redact';
import { asItemError, asNodeError, cancelledOrNodeError, connectOrExplain, failedDeliveryError } from './errors';
import { fallbackRefusedError, templateInsteadOf, windowClosedRefusal } from './windowClosed';
import { refuseCustomApiCall } from './customApiCall';
import { settleItems } from './itemPool';
import { acceptedOutput, errorOutput, redactNodeError } from './output';
import { formForItem, limiterKey, readRateLimitSettings, readTimeoutMs } from './settings';

/**
 * The one item loop: read → validate → encode → deliver, one message per input item, each output
 * paired with its input. Bad input fails its own item before anything is sent for it. Delivery
 * goes through a limiter shared by every execution that uses the same credential and sender.
 */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	refuseCustomApiCall(this);
	const items = this.getInputData();
	const providerChoice = this.getNodeParameter('provider', 0);
	if (!isProviderChoice(providerChoice)) {
		throw new NodeOperationError(this.getNode(), `Unknown provider "${String(providerChoice)}"`);
	}
	const provider = PROVIDERS[providerChoice];
	const credentials = await this.getCredentials(provider.credentialType);
	const connection = connectOrExplain(this, provider, credentials);
	const secrets = secretVariants(connection.secrets);
	const settings = readRateLimitSettings(this);
	const signal = this.getExecutionCancelSignal?.();
	const limiter = getSharedLimiter(
		limiterKey(this, provider, connection),
		{ maxConcurrent: settings.concurrency, maxRequestsPerSecond: settings.maxRequestsPerSecond },
		n8nClock,
	);

	const continueOnFail = this.continueOnFail();
	const settlements = await settleItems(items.length, settings.concurrency, !continueOnFail, async (itemIndex) => {
		const { message, windowClosedFallback } = readValidMessages(this, itemIndex, provider);
		const request = encodeForItem(this, connection, message, itemIndex);
		// Encoded before anything is sent: a template the provider cannot carry fails the item up front.
		const fallbackRequest =
			windowClosedFallback === undefined ? undefined : encodeForItem(this, connection, windowClosedFallback, itemIndex);
		const timeoutMs = readTimeoutMs(this, itemIndex);
		const facts = { itemIndex, secrets, timeoutMs, maxWaitMs: settings.retry.maxWaitMs };
		// Every request of the item, the fallback too, goes through the same pacing, retries and limiter.
		const deliver = async (toSend: ProviderRequest) =>
			await deliverMessage(toSend, {
				call: n8nHttpCall(this, provider.credentialType, timeoutMs),
				verdicts: provider,
				limiter,
				clock: n8nClock,
				retryOptions: settings.retry,
				...(signal !== undefined && { signal }),
			}).catch((error: unknown) => {
				throw cancelledOrNodeError(this, error, signal, itemIndex);
			});
		const delivery = await deliver(request);
		const { outcome } = delivery;
		const sentAs = message.content.type === 'template' ? 'template' : 'session';
		if (outcome.kind === 'accepted') {
			return acceptedOutput(provider, message, outcome.response, secrets, {
				...((sentAs === 'template' || windowClosedFallback !== undefined) && { sentAs }),
			});
		}
		const closedWindow = windowClosedRefusal(provider, outcome);
		if (fallbackRequest === undefined || windowClosedFallback === undefined || closedWindow === undefined) {
			throw failedDeliveryError(this, provider, outcome, delivery, facts);
		}
		// The provider refused the session message for the closed window, so nothing reached the
		// customer: the template is the only message this item delivers.
		const fallbackDelivery = await deliver(fallbackRequest);
		if (fallbackDelivery.outcome.kind === 'accepted') {
			return acceptedOutput(provider, windowClosedFallback, fallbackDelivery.outcome.response, secrets, {
				sentAs: 'template',
				...(closedWindow.providerCode !== undefined && { windowClosedCode: closedWindow.providerCode }),
			});
		}
		throw fallbackRefusedError(
			closedWindow,
			failedDeliveryError(this, provider, fallbackDelivery.outcome, fallbackDelivery, facts),
		);
	});

	const returnData: INodeExecutionData[] = [];
	for (const settlement of settlements) {
		const pairedItem = { item: settlement.index };
		if (settlement.ok) {
			returnData.push({ json: settlement.value, pairedItem });
		} else {
			// Bad input may quote what the user typed, which can hold a key (a media URL on the
			// provider's own domain): every item's error is redacted here, on both paths.
			const error = redactNodeError(asNodeError(this, settlement.error, settlement.index), secrets);
			if (!continueOnFail) throw error;
			returnData.push({ json: errorOutput(error), pairedItem });
		}
	}
	return [returnData];
}

/** One item's message and, when it asks for one, the template to send if the window is closed. */
interface ItemMessages {
	message: SessionMessage<unknown>;
	windowClosedFallback?: SessionMessage<unknown>;
}

function readValidMessages(context: IExecuteFunctions, itemIndex: number, provider: ProviderAdapter): ItemMessages {
	const operation = context.getNodeParameter('operation', itemIndex);
	if (!isOperation(operation)) {
		throw new NodeOperationError(context.getNode(), `Unknown operation "${String(operation)}"`, { itemIndex });
	}
	try {
		const form = formForItem(context, itemIndex);
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
		if (windowClosedFallback !== undefined) issues.push(...validateSessionMessage(windowClosedFallback, validateExtras));
		if (issues.length > 0) throw new InvalidMessageError(issues);
		return { message, ...(windowClosedFallback !== undefined && { windowClosedFallback }) };
	} catch (error) {
		throw asItemError(context, error, itemIndex);
	}
}

/** What a provider cannot carry (an operation, a limit of its own) is bad input, reported like validation. */
function encodeForItem(
	context: IExecuteFunctions,
	connection: ProviderConnection,
	message: SessionMessage<unknown>,
	itemIndex: number,
): ProviderRequest {
	try {
		return connection.encode(message);
	} catch (error) {
		throw asItemError(context, error, itemIndex);
	}
}
