import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { InvalidMessageError } from '../message/errors';
import { isOperation, readSessionMessage } from '../message/fromForm';
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
		const message = readValidMessage(this, itemIndex, provider);
		const request = encodeForItem(this, connection, message, itemIndex);
		const timeoutMs = readTimeoutMs(this, itemIndex);
		const delivery = await deliverMessage(request, {
			call: n8nHttpCall(this, provider.credentialType, timeoutMs),
			verdicts: provider,
			limiter,
			clock: n8nClock,
			retryOptions: settings.retry,
			...(signal !== undefined && { signal }),
		}).catch((error: unknown) => {
			throw cancelledOrNodeError(this, error, signal, itemIndex);
		});
		const { outcome } = delivery;
		if (outcome.kind === 'accepted') return acceptedOutput(provider, message, outcome.response, secrets);
		throw failedDeliveryError(this, provider, outcome, delivery, {
			itemIndex,
			secrets,
			timeoutMs,
			maxWaitMs: settings.retry.maxWaitMs,
		});
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

function readValidMessage(context: IExecuteFunctions, itemIndex: number, provider: ProviderAdapter): SessionMessage<unknown> {
	const operation = context.getNodeParameter('operation', itemIndex);
	if (!isOperation(operation)) {
		throw new NodeOperationError(context.getNode(), `Unknown operation "${String(operation)}"`, { itemIndex });
	}
	try {
		const message = readSessionMessage(operation, formForItem(context, itemIndex), {
			recipientKind: provider.recipientKind,
			readExtras: (form) => provider.extras.read(form),
		});
		const issues = validateSessionMessage(message, (extras) => provider.extras.validate(extras));
		if (issues.length > 0) throw new InvalidMessageError(issues);
		return message;
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
