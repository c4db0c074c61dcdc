import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type JsonObject,
} from 'n8n-workflow';

import { isInvalidMessageError, type ValidationIssue } from '../message/errors';
import { CredentialSettingError } from '../providers/shared/endpoint';
import { wordNetworkFailure, wordProviderError } from '../providers/shared/errorWording';
import type { ProviderConnection } from '../providers/contract/sending';
import type { ProviderAdapter } from '../providers/contract/adapter';
import type { DeliveryResult } from '../transport/deliver';
import { redactText } from '../transport/redact';
import type { SendOutcome } from '../transport/send';
import { assertNever } from '../util/values';

export type NodeError = NodeApiError | NodeOperationError;

/** n8n shows its own error classes best; anything else is wrapped with the item it belongs to. */
export function asNodeError(context: IExecuteFunctions, error: unknown, itemIndex: number | undefined): NodeError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	const wrapped = error instanceof Error ? error : new Error(String(error));
	return new NodeOperationError(context.getNode(), wrapped, itemIndex === undefined ? {} : { itemIndex });
}

/** Bad input (a validation issue, or what the provider cannot carry) is worded as such; anything else is wrapped. */
export function asItemError(context: IExecuteFunctions, error: unknown, itemIndex: number): NodeError {
	return isInvalidMessageError(error)
		? invalidInputError(context, error.issues, itemIndex)
		: asNodeError(context, error, itemIndex);
}

function invalidInputError(
	context: IExecuteFunctions,
	issues: ValidationIssue[],
	itemIndex: number,
): NodeOperationError {
	const [first] = issues;
	const message =
		issues.length === 1 && first !== undefined
			? `Item ${itemIndex}: "${first.field}" ${first.problem}`
			: `Item ${itemIndex}: ${issues.length} fields are invalid`;
	// n8n shows the description as one paragraph, without its line breaks: sentences, not lines.
	const description = [
		...issues.map((issue) => `"${issue.field}" ${issue.problem.replace(/\.?$/, '.')}`),
		'Nothing was sent for this item.',
	].join(' ');
	return new NodeOperationError(context.getNode(), message, { itemIndex, description });
}

export function cancelledOrNodeError(
	context: IExecuteFunctions,
	error: unknown,
	signal: AbortSignal | undefined,
	itemIndex: number,
): NodeError {
	if (signal?.aborted === true) {
		return new NodeOperationError(context.getNode(), 'The execution was cancelled before this message was sent', {
			itemIndex,
			description: 'It was waiting for the provider\'s rate limit. Nothing was sent for this item.',
		});
	}
	return asNodeError(context, error, itemIndex);
}

/** The provider bound to the credential, or an error naming the credential field to correct. */
export function connectOrExplain(
	context: IExecuteFunctions,
	provider: ProviderAdapter,
	credentials: IDataObject,
): ProviderConnection {
	return bindOrExplain(context, () => provider.connect(credentials));
}

/** Something bound to the credential's settings (a connection, an upload endpoint), or an error naming the field to correct. */
export function bindOrExplain<Bound>(context: IExecuteFunctions, bind: () => Bound): Bound {
	try {
		return bind();
	} catch (error) {
		throw error instanceof CredentialSettingError
			? new NodeOperationError(context.getNode(), error.message, {
					description: 'Open the credential and correct the field named above.',
				})
			: asNodeError(context, error, undefined);
	}
}

/** What failedDeliveryError needs to word one item's failure besides the delivery itself. */
interface FailureFacts {
	itemIndex: number;
	secrets: string[];
	timeoutMs: number;
	/** The run's Max Wait, which a rate-limit failure names. */
	maxWaitMs: number;
}

type Failure = Exclude<SendOutcome | DeliveryResult['outcome'], { kind: 'accepted' }>;

/** Why a message was not accepted, in the user's terms; provider errors in its credential's terms. */
export function failedDeliveryError(
	context: IExecuteFunctions,
	provider: ProviderAdapter,
	outcome: Failure,
	delivery: Pick<DeliveryResult, 'decision' | 'attempts'>,
	{ itemIndex, secrets, timeoutMs, maxWaitMs }: FailureFacts,
): NodeError {
	const rateLimitWording = rateLimitMessage(delivery, maxWaitMs);
	switch (outcome.kind) {
		case 'heldBack':
			return new NodeOperationError(
				context.getNode(),
				rateLimitWording ?? 'The provider\'s rate limit was reached; the message was not sent',
				{
					itemIndex,
					description:
						'An earlier answer from the provider said its limit is used up until then. Nothing was sent for this item. To wait it out, raise Rate Limits and Retries › Max Wait (Seconds); or run it again later.',
				},
			);
		case 'networkFailure': {
			const wording = wordNetworkFailure(outcome.failure, provider, {
				timeoutSeconds: timeoutMs / 1000,
				attempts: delivery.attempts,
			});
			return new NodeApiError(
				context.getNode(),
				{ networkErrorCode: outcome.failure.code ?? 'unknown' },
				{ ...wording, itemIndex },
			);
		}
		case 'rateLimited':
		case 'rejected': {
			const { response } = outcome;
			const providerError = provider.decodeError(response.statusCode, response.body);
			const wording = wordProviderError(providerError, response.statusCode, provider);
			const errorResponse: JsonObject = {
				httpCode: String(response.statusCode),
				...(providerError.providerCode !== undefined && { providerCode: providerError.providerCode }),
				...(providerError.providerMessage !== undefined && {
					providerMessage: redactText(providerError.providerMessage, secrets),
				}),
			};
			return new NodeApiError(context.getNode(), errorResponse, {
				message: rateLimitWording ?? wording.message,
				// Message and description are redacted where every item error leaves the node (router).
				description: wording.description,
				httpCode: String(response.statusCode),
				itemIndex,
			});
		}
		default:
			return assertNever(outcome, 'delivery outcome');
	}
}

/** Why a rate-limited message finally failed: it waited as long as it was allowed to. */
function rateLimitMessage(
	{ decision, attempts }: Pick<DeliveryResult, 'decision' | 'attempts'>,
	maxWaitMs: number,
): string | undefined {
	if (decision.reason === 'waitTooLong') {
		const wait = decision.requestedWaitMs === undefined ? 'longer' : formatDuration(decision.requestedWaitMs);
		return `The provider's rate limit was reached and the next attempt would have to wait ${wait}, more than Max Wait (${formatDuration(maxWaitMs)}); the message was not sent`;
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
