import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { isInvalidMessageError, InvalidMessageError, type ValidationIssue } from '../message/errors';
import { isOperation, readSessionMessage } from '../message/fromForm';
import { readCollection, type FormValues } from '../message/formValues';
import type { SessionMessage } from '../message/types';
import { validateSessionMessage } from '../message/validate';
import { CredentialSettingError } from '../providers/endpoint';
import { wordMissingMessageId, wordNetworkFailure, wordProviderError } from '../providers/errorWording';
import { isProviderChoice, PROVIDERS } from '../providers';
import type { ProviderAdapter, ProviderConnection, ProviderRequest } from '../providers/types';
import { deliverMessage, type DeliveryResult } from '../transport/deliver';
import { getSharedLimiter } from '../transport/limiter';
import { n8nClock } from '../transport/n8nClock';
import { n8nHttpCall } from '../transport/n8nHttp';
import { redactText, redactValue, secretVariants } from '../transport/redact';
import { DEFAULT_RETRY_OPTIONS, type RetryOptions } from '../transport/retryPolicy';
import { settleItems } from './itemPool';

const DEFAULT_TIMEOUT_MS = 30_000;

/** n8n's getNodeParameter needs a fallback to not throw for hidden fields; this one marks "absent". */
const ABSENT = Symbol('absent');

/**
 * The one item loop: read → validate → encode → deliver, one message per input item, each output
 * paired with its input. Bad input fails its own item before anything is sent for it. Delivery
 * goes through a limiter shared by every execution that uses the same credential and sender.
 */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const providerChoice = this.getNodeParameter('provider', 0);
	if (!isProviderChoice(providerChoice)) {
		throw new NodeOperationError(this.getNode(), `Unknown provider "${String(providerChoice)}"`);
	}
	const provider = PROVIDERS[providerChoice];
	const credentials = await this.getCredentials(provider.credentialType);
	const connection = connectOrExplain(this, provider, credentials);
	const secrets = secretVariants(connection.secrets);
	const settings = readDeliverySettings(this);
	const signal = this.getExecutionCancelSignal?.();
	const limiter = getSharedLimiter(
		limiterKey(this, provider, connection),
		{ maxConcurrent: settings.concurrency, maxRequestsPerSecond: settings.maxRequestsPerSecond },
		n8nClock,
	);
	const retryOptions: RetryOptions = {
		...settings.retry,
		isRateLimited: provider.isRateLimited,
	};

	const continueOnFail = this.continueOnFail();
	const settlements = await settleItems(items.length, settings.concurrency, !continueOnFail, async (itemIndex) => {
		const message = readValidMessage(this, itemIndex, provider);
		const request = encodeForItem(this, connection, message, itemIndex);
		const timeoutMs = readTimeoutMs(this, itemIndex);
		const delivery = await deliverMessage(request, {
			call: n8nHttpCall(this, provider.credentialType, timeoutMs),
			limiter,
			clock: n8nClock,
			retryOptions,
			...(signal !== undefined && { signal }),
		}).catch((error: unknown) => {
			throw cancelledOrNodeError(this, error, signal, itemIndex);
		});
		return deliveryOutput(this, provider, message, delivery, { settings, itemIndex, secrets, timeoutMs });
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

interface DeliverySettings {
	concurrency: number;
	maxRequestsPerSecond: number;
	retry: RetryOptions;
}

/** Pacing concerns the provider's quota for the whole run, so these are read once, not per item. */
function readDeliverySettings(context: IExecuteFunctions): DeliverySettings {
	const delivery = readCollection(formForItem(context, 0), 'delivery');
	const numberOr = (value: unknown, fallback: number, min: number) =>
		typeof value === 'number' && Number.isFinite(value) && value >= min ? value : fallback;
	return {
		concurrency: Math.floor(numberOr(delivery.concurrency, 1, 1)),
		maxRequestsPerSecond: numberOr(delivery.maxRequestsPerSecond, 0, 0),
		retry: {
			...DEFAULT_RETRY_OPTIONS,
			maxRetries: Math.floor(numberOr(delivery.maxRetries, DEFAULT_RETRY_OPTIONS.maxRetries, 0)),
			maxWaitMs: numberOr(delivery.maxWaitSeconds, DEFAULT_RETRY_OPTIONS.maxWaitMs / 1000, 0) * 1000,
			retryServerErrors: delivery.retryServerErrors === true,
		},
	};
}

/** Same credential and same sender → one limiter in this process; anything else is kept apart. */
function limiterKey(context: IExecuteFunctions, provider: ProviderAdapter, connection: ProviderConnection): string {
	const credentialId = context.getNode().credentials?.[provider.credentialType]?.id ?? 'unsaved';
	return `${provider.credentialType}|${credentialId}|${fingerprint(connection.senderKey)}`;
}

/** FNV-1a: the sender key may hold an API key (it is the URL), so only a fingerprint is kept. */
function fingerprint(text: string): string {
	let hash = 0x811c9dc5;
	for (let index = 0; index < text.length; index++) {
		hash ^= text.charCodeAt(index);
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return `${text.length}:${hash.toString(16)}`;
}

function cancelledOrNodeError(
	context: IExecuteFunctions,
	error: unknown,
	signal: AbortSignal | undefined,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (signal?.aborted === true) {
		return new NodeOperationError(context.getNode(), 'The execution was cancelled before this message was sent', {
			itemIndex,
			description: 'It was waiting for the provider\'s rate limit. Nothing was sent for this item.',
		});
	}
	return asNodeError(context, error, itemIndex);
}

/** n8n shows its own error classes best; anything else is wrapped with the item it belongs to. */
function asNodeError(
	context: IExecuteFunctions,
	error: unknown,
	itemIndex: number | undefined,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	const wrapped = error instanceof Error ? error : new Error(String(error));
	return new NodeOperationError(context.getNode(), wrapped, itemIndex === undefined ? {} : { itemIndex });
}

function connectOrExplain(
	context: IExecuteFunctions,
	provider: ProviderAdapter,
	credentials: IDataObject,
): ProviderConnection {
	try {
		return provider.connect(credentials);
	} catch (error) {
		throw error instanceof CredentialSettingError
			? new NodeOperationError(context.getNode(), error.message, {
					description: 'Open the credential and correct the field named above.',
				})
			: asNodeError(context, error, undefined);
	}
}

function formForItem(context: IExecuteFunctions, itemIndex: number): FormValues {
	return {
		get: (name) => {
			const value: unknown = context.getNodeParameter(name, itemIndex, ABSENT);
			return value === ABSENT ? undefined : value;
		},
	};
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
		throw isInvalidMessageError(error)
			? invalidInputError(context, error.issues, itemIndex)
			: asNodeError(context, error, itemIndex);
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
		throw isInvalidMessageError(error)
			? invalidInputError(context, error.issues, itemIndex)
			: asNodeError(context, error, itemIndex);
	}
}

export function invalidInputError(
	context: IExecuteFunctions,
	issues: ValidationIssue[],
	itemIndex: number,
): NodeOperationError {
	const [first] = issues;
	const message =
		issues.length === 1 && first !== undefined
			? `Item ${itemIndex}: "${first.field}" ${first.problem}`
			: `Item ${itemIndex}: ${issues.length} fields are invalid`;
	const description = [
		...issues.map((issue) => `• "${issue.field}" ${issue.problem}`),
		'Nothing was sent for this item.',
	].join('\n');
	return new NodeOperationError(context.getNode(), message, { itemIndex, description });
}

function readTimeoutMs(context: IExecuteFunctions, itemIndex: number): number {
	const options = readCollection(formForItem(context, itemIndex), 'options');
	const seconds = options.timeoutSeconds;
	return typeof seconds === 'number' && seconds > 0 ? seconds * 1000 : DEFAULT_TIMEOUT_MS;
}

/** What deliveryOutput needs to word one item's result besides the delivery itself. */
interface ItemFacts {
	settings: DeliverySettings;
	itemIndex: number;
	secrets: string[];
	timeoutMs: number;
}

function deliveryOutput(
	context: IExecuteFunctions,
	provider: ProviderAdapter,
	message: SessionMessage<unknown>,
	delivery: DeliveryResult,
	{ settings, itemIndex, secrets, timeoutMs }: ItemFacts,
): IDataObject {
	const { outcome, decision } = delivery;
	if (outcome.kind === 'heldBack') {
		throw new NodeOperationError(
			context.getNode(),
			rateLimitMessage(decision, delivery.attempts, settings) ?? 'The provider\'s rate limit was reached; the message was not sent',
			{
				itemIndex,
				description:
					'An earlier answer from the provider said its limit is used up until then. Nothing was sent for this item. To wait it out, raise Rate Limits and Retries › Max Wait (Seconds); or run it again later.',
			},
		);
	}
	if (outcome.kind === 'networkFailure') {
		const wording = wordNetworkFailure(outcome.failure, {
			credentialType: provider.credentialType,
			timeoutSeconds: timeoutMs / 1000,
			attempts: delivery.attempts,
		});
		throw new NodeApiError(
			context.getNode(),
			{ networkErrorCode: outcome.failure.code ?? 'unknown' },
			{ ...wording, itemIndex },
		);
	}
	const { response } = outcome;
	const safeBody = redactValue(response.body, secrets);
	if (outcome.kind === 'rejected' || !provider.isAccepted(response)) {
		const providerError = provider.decodeError(response.statusCode, response.body);
		const wording = wordProviderError(providerError, response.statusCode, provider.credentialType);
		const errorResponse: JsonObject = {
			httpCode: String(response.statusCode),
			...(providerError.providerCode !== undefined && { providerCode: providerError.providerCode }),
			...(providerError.providerMessage !== undefined && {
				providerMessage: redactText(providerError.providerMessage, secrets),
			}),
		};
		throw new NodeApiError(context.getNode(), errorResponse, {
			message: rateLimitMessage(decision, delivery.attempts, settings) ?? wording.message,
			description: redactText(wording.description, secrets),
			httpCode: String(response.statusCode),
			itemIndex,
		});
	}
	const accepted = provider.decodeAccepted(response.body);
	// An answer that is not JSON reaches here as its raw text (or nothing at all).
	const answerWasJson = typeof response.body === 'object' && response.body !== null;
	return {
		messageId: accepted.messageId,
		recipient: message.recipient,
		...(accepted.waId !== undefined && { waId: accepted.waId }),
		provider: provider.id,
		status: 'accepted',
		...(accepted.messageId === null && { warning: wordMissingMessageId(response.statusCode, answerWasJson) }),
		response: isJsonValue(safeBody) ? safeBody : null,
	};
}

/** Why a rate-limited message finally failed: it waited as long as it was allowed to. */
function rateLimitMessage(
	decision: DeliveryResult['decision'],
	attempts: number,
	settings: DeliverySettings,
): string | undefined {
	if (decision.reason === 'waitTooLong') {
		const wait = decision.requestedWaitMs === undefined ? 'longer' : formatDuration(decision.requestedWaitMs);
		return `The provider's rate limit was reached and the next attempt would have to wait ${wait}, more than Max Wait (${formatDuration(settings.retry.maxWaitMs)}); the message was not sent`;
	}
	if (decision.reason === 'maxRetries') {
		return `The provider's rate limit was still reached after ${attempts} ${attempts === 1 ? 'attempt' : 'attempts'}; the message was not sent`;
	}
	return undefined;
}

function formatDuration(ms: number): string {
	const seconds = Math.ceil(ms / 1000);
	if (seconds < 120) return `${seconds} s`;
	const minutes = Math.floor(seconds / 60);
	return seconds % 60 === 0 ? `${minutes} min` : `${minutes} min ${seconds % 60} s`;
}

function errorOutput(error: NodeApiError | NodeOperationError): IDataObject {
	const { description } = error;
	return {
		error: error.message,
		...(typeof description === 'string' && description !== '' && { description }),
	};
}

/** The error as the user will see it, without secrets in its message, description or stack. */
function redactNodeError<E extends NodeApiError | NodeOperationError>(error: E, secrets: string[]): E {
	error.message = redactText(error.message, secrets);
	if (typeof error.description === 'string') error.description = redactText(error.description, secrets);
	if (error.stack !== undefined) error.stack = redactText(error.stack, secrets);
	return error;
}

type JsonValue = string | number | boolean | null | IDataObject | JsonValue[];

function isJsonValue(value: unknown): value is JsonValue {
	if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return true;
	if (Array.isArray(value)) return value.every(isJsonValue);
	return typeof value === 'object' && Object.values(value ?? {}).every(isJsonValue);
}
