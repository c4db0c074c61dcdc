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
import { wordProviderError } from '../providers/errorWording';
import { isProviderChoice, PROVIDERS } from '../providers';
import type { ProviderAdapter, ProviderConnection, ProviderRequest } from '../providers/types';
import { n8nHttpCall } from '../transport/n8nHttp';
import { redactText, redactValue, secretVariants } from '../transport/redact';
import { sendOnce, type SendOutcome } from '../transport/send';

const DEFAULT_TIMEOUT_MS = 30_000;

/** n8n's getNodeParameter needs a fallback to not throw for hidden fields; this one marks "absent". */
const ABSENT = Symbol('absent');

/**
 * The one item loop: read → validate → encode → send, one message per input item, each output
 * paired with its input. Bad input fails its own item before anything is sent for it.
 */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const returnData: INodeExecutionData[] = [];
	const providerChoice = this.getNodeParameter('provider', 0);
	if (!isProviderChoice(providerChoice)) {
		throw new NodeOperationError(this.getNode(), `Unknown provider "${String(providerChoice)}"`);
	}
	const provider = PROVIDERS[providerChoice];
	const credentials = await this.getCredentials(provider.credentialType);
	const connection = connectOrExplain(this, provider, credentials);
	const secrets = secretVariants(connection.secrets);

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const message = readValidMessage(this, itemIndex, provider);
			const request = encodeForItem(this, connection, message, itemIndex);
			const timeoutMs = readTimeoutMs(this, itemIndex);
			const outcome = await sendOnce(n8nHttpCall(this, provider.credentialType, timeoutMs), request);
			returnData.push({
				json: acceptedOutput(this, provider, message, outcome, itemIndex, secrets),
				pairedItem: { item: itemIndex },
			});
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this, error, itemIndex);
			returnData.push({ json: errorOutput(error, secrets), pairedItem: { item: itemIndex } });
		}
	}
	return [returnData];
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

function readValidMessage(context: IExecuteFunctions, itemIndex: number, provider: ProviderAdapter): SessionMessage {
	const operation = context.getNodeParameter('operation', itemIndex);
	if (!isOperation(operation)) {
		throw new NodeOperationError(context.getNode(), `Unknown operation "${String(operation)}"`, { itemIndex });
	}
	try {
		const message = readSessionMessage(operation, formForItem(context, itemIndex), {
			recipientKind: provider.recipientKind,
		});
		const issues = validateSessionMessage(message);
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
	message: SessionMessage,
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

function acceptedOutput(
	context: IExecuteFunctions,
	provider: ProviderAdapter,
	message: SessionMessage,
	outcome: SendOutcome,
	itemIndex: number,
	secrets: string[],
): IDataObject {
	if (outcome.kind === 'networkFailure') {
		const { code, requestMayHaveBeenSent } = outcome.failure;
		const what = requestMayHaveBeenSent
			? 'The connection to the provider failed after the message was sent; it may or may not have been delivered'
			: 'Could not connect to the provider; the message was not sent';
		throw new NodeApiError(
			context.getNode(),
			{ networkErrorCode: code ?? 'unknown' },
			{
				message: what,
				description: `Network error ${code ?? '(no code)'}. Check the credential's domain and your network.`,
				itemIndex,
			},
		);
	}
	const { response } = outcome;
	const safeBody = redactValue(response.body, secrets);
	if (outcome.kind === 'rejected') {
		const providerError = provider.decodeError(response.statusCode, response.body);
		const wording = wordProviderError(providerError, response.statusCode);
		const errorResponse: JsonObject = {
			httpCode: String(response.statusCode),
			...(providerError.providerCode !== undefined && { providerCode: providerError.providerCode }),
			...(providerError.providerMessage !== undefined && {
				providerMessage: redactText(providerError.providerMessage, secrets),
			}),
		};
		throw new NodeApiError(context.getNode(), errorResponse, {
			message: wording.message,
			description: redactText(wording.description, secrets),
			httpCode: String(response.statusCode),
			itemIndex,
		});
	}
	const accepted = provider.decodeAccepted(response.body);
	return {
		messageId: accepted.messageId,
		recipient: message.recipient,
		...(accepted.waId !== undefined && { waId: accepted.waId }),
		provider: provider.name,
		status: 'accepted',
		response: isJsonValue(safeBody) ? safeBody : null,
	};
}

function errorOutput(error: unknown, secrets: string[]): IDataObject {
	if (!(error instanceof Error)) return { error: 'Unknown error' };
	const description = Reflect.get(error, 'description');
	return {
		error: redactText(error.message, secrets),
		...(typeof description === 'string' && description !== '' && { description: redactText(description, secrets) }),
	};
}

type JsonValue = string | number | boolean | null | IDataObject | JsonValue[];

function isJsonValue(value: unknown): value is JsonValue {
	if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return true;
	if (Array.isArray(value)) return value.every(isJsonValue);
	return typeof value === 'object' && Object.values(value ?? {}).every(isJsonValue);
}
