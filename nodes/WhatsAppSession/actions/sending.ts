import {
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type ICredentialsDecrypted,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import type { SessionMessage } from '../message/types';
import { isProviderChoice, PROVIDERS } from '../providers';
import type { ProviderConnection, ProviderRequest } from '../providers/contract/sending';
import type { OutgoingRequest } from '../providers/contract/media';
import type { ProviderAdapter } from '../providers/contract/adapter';
import { deliverMessage } from '../transport/deliver';
import { getSharedLimiter } from '../transport/sharedLimiters';
import { n8nClock } from '../transport/n8nClock';
import { n8nHttpCall } from '../transport/n8nHttp';
import { secretVariants } from '../transport/redact';
import { asItemError, asNodeError, bindOrExplain, cancelledOrNodeError, connectOrExplain, failedDeliveryError } from './errors';
import type { ItemSettlement } from './itemPool';
import { acceptedOutput, errorOutput, redactNodeError } from './output';
import { openRunUploads, type RunUploads } from '../media/uploadCache';
import { limiterKey, readRateLimitSettings } from './settings';

/** What every message of one run shares: the provider, its connection, and the pacing and retries. */
export interface SendingRun {
	provider: ProviderAdapter;
	connection: ProviderConnection;
	secrets: string[];
	/** Fetched and decrypted once per run: n8n would otherwise read and decrypt them again for every request. */
	credentials: ICredentialsDecrypted & { data: ICredentialDataDecryptedObject };
	settings: ReturnType<typeof readRateLimitSettings>;
	limiter: ReturnType<typeof getSharedLimiter>;
	signal: AbortSignal | undefined;
	/** The files this run uploaded, each once (Send Media from an n8n binary file); absent where the provider takes none. */
	uploads: RunUploads | undefined;
}

export async function openSendingRun(context: IExecuteFunctions): Promise<SendingRun> {
	const providerChoice = context.getNodeParameter('provider', 0);
	if (!isProviderChoice(providerChoice)) {
		throw new NodeOperationError(context.getNode(), `Unknown provider "${String(providerChoice)}"`);
	}
	const provider = PROVIDERS[providerChoice];
	const credentials = await context.getCredentials(provider.credentialType);
	const connection = connectOrExplain(context, provider, credentials);
	const uploads = bindOrExplain(context, () => openRunUploads(provider, credentials));
	const settings = readRateLimitSettings(context);
	const reference = context.getNode().credentials?.[provider.credentialType];
	return {
		provider,
		connection,
		secrets: secretVariants(connection.secrets),
		credentials: { id: reference?.id ?? '', name: reference?.name ?? '', type: provider.credentialType, data: credentials },
		settings,
		limiter: getSharedLimiter(
			limiterKey(context, provider, connection),
			{ maxConcurrent: settings.concurrency, maxRequestsPerSecond: settings.maxRequestsPerSecond },
			n8nClock,
		),
		signal: context.getExecutionCancelSignal?.(),
		uploads,
	};
}

/** Encodes and delivers one valid message (pacing, retries, exactly-once); the accepted output, or the error. */
export async function sendMessage(
	context: IExecuteFunctions,
	run: SendingRun,
	message: SessionMessage<unknown>,
	itemIndex: number,
	timeoutMs: number,
): Promise<IDataObject> {
	const { provider, secrets } = run;
	const request = encodeForItem(context, run.connection, message, itemIndex);
	const delivery = await deliverRequest(context, run, request, itemIndex, timeoutMs);
	const { outcome } = delivery;
	if (outcome.kind === 'accepted') return acceptedOutput(provider, message, outcome.response, secrets);
	throw failedDeliveryError(context, provider, outcome, delivery, deliveryFacts(run, itemIndex, timeoutMs));
}

/** One request through the run's pacing, retries and limiter: every request an item sends goes this way. */
export async function deliverRequest(
	context: IExecuteFunctions,
	run: SendingRun,
	request: OutgoingRequest,
	itemIndex: number,
	timeoutMs: number,
): ReturnType<typeof deliverMessage> {
	const { provider, settings, signal } = run;
	return await deliverMessage(request, {
		call: n8nHttpCall(context, run.credentials, timeoutMs),
		verdicts: provider,
		limiter: run.limiter,
		clock: n8nClock,
		retryOptions: settings.retry,
		...(signal !== undefined && { signal }),
	}).catch((error: unknown) => {
		throw cancelledOrNodeError(context, error, signal, itemIndex);
	});
}

/** What a failed delivery's error needs to say about the item and its settings. */
export function deliveryFacts(run: SendingRun, itemIndex: number, timeoutMs: number) {
	return { itemIndex, secrets: run.secrets, timeoutMs, maxWaitMs: run.settings.retry.maxWaitMs };
}

/** Each settled item as its output, paired with its input; a failure throws unless Continue On Fail. */
export function outputOf(
	context: IExecuteFunctions,
	settlements: Array<ItemSettlement<IDataObject>>,
	secrets: string[],
	continueOnFail: boolean,
): INodeExecutionData[] {
	const returnData: INodeExecutionData[] = [];
	for (const settlement of settlements) {
		const pairedItem = { item: settlement.index };
		returnData.push(
			settlement.ok
				? { json: settlement.value, pairedItem }
				: failedItemOutput(context, settlement.error, settlement.index, secrets, continueOnFail),
		);
	}
	return returnData;
}

/** A failed item's output under Continue On Fail; without it, the error, thrown. Either way redacted. */
export function failedItemOutput(
	context: IExecuteFunctions,
	failure: unknown,
	itemIndex: number,
	secrets: string[],
	continueOnFail: boolean,
): INodeExecutionData {
	// Bad input may quote what the user typed, which can hold a key (a media URL on the
	// provider's own domain): every item's error is redacted here, on both paths.
	const error = redactNodeError(asNodeError(context, failure, itemIndex), secrets);
	if (!continueOnFail) throw error;
	return { json: errorOutput(error), pairedItem: { item: itemIndex } };
}

/** What a provider cannot carry (an operation, a limit of its own) is bad input, reported like validation. */
export function encodeForItem(
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
