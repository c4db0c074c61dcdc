import { randomUUID } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { InvalidMessageError, type ValidationIssue } from '../../message/errors';
import { FIELD_LABELS as L } from '../../message/fieldLabels';
import { recipientText } from '../../message/recipient';
import type { SessionMessage } from '../../message/types';
import { isPlainObject, toText } from '../../util/values';
import { errorKindFromStatus, WHATSAPP_ERROR_KINDS } from '../shared/errorKinds';
import { isSuccessAnswer, rateLimitedBy, recipientKindIssues } from '../shared/providerSupport';
import { credentialText } from '../shared/endpoint';
import { testTexterCredential } from './credentialTest';
import { texterBaseUrl, texterSendUrl } from './endpoint';
import { texterChatLookup } from './chatLookup';
import { TEXTER_INBOUND } from './inbound';
import { TEXTER_FIELD_NAMES, type TexterFieldNames } from './fieldNames';
import { texterExtras, type TexterExtras } from './files';
import type { AcceptedMessage, ProviderError, ProviderErrorKind, ProviderRequest, ProviderResponse } from '../contract/sending';
import type { ProviderAdapter } from '../contract/adapter';
import { TEXTER, TEXTER_CONTENT_TYPES, TEXTER_MEDIA_KINDS, encodeContent } from './encode';

export const texterProvider: ProviderAdapter<TexterExtras, 'texter'> = {
	id: 'texter',
	credentialType: 'texterApi',
	credentialFields: {
		address: 'Base URL',
		endpoint: ['Project ID', 'Base URL'],
		secrets: ['API Token'],
		sendScopeHelp: 'in Texter: gear icon → Developers → API Tokens, scope "Send session message"',
	},
	recipientKind: 'chatId',
	chatIdHelp: {
		placeholder: '+972 52 555 0101, or a chat ID',
		hint: 'The customer\'s phone number, with its country code: the node finds its chat with Texter\'s Search Chats (the API token needs the "List all chats" scope). Or the ID of an existing Texter chat, from a Texter webhook.',
	},
	chatLookup: texterChatLookup,
	carries: {
		contentTypes: TEXTER_CONTENT_TYPES,
		mediaKinds: TEXTER_MEDIA_KINDS,
		// No link-preview switch: WhatsApp decides.
		messageFields: ['replyToMessageId', 'clientMessageId'],
	},
	extras: texterExtras(TEXTER_MEDIA_KINDS),
	choice: { name: 'Texter', description: 'Texter (texterchat.com): sends into an existing chat, by chat ID' },
	// n8n's declarative test counts only 2xx as success, and this probe's success is a 404.
	credentialTest: { name: 'texterApiCredentialTest', test: testTexterCredential },
	connect: (credentials) => {
		const baseUrl = texterBaseUrl(credentials);
		return {
			encode: (message) => encodeForTexter(message, baseUrl),
			// The trigger's Webhook Secret is optional for sending: an empty one is no secret to hide.
			secrets: [credentialText(credentials, 'apiToken'), credentialText(credentials, 'webhookSecret')].filter((secret) => secret !== ''),
			// The URL names the chat, so the project's base URL identifies the sender.
			senderKey: baseUrl,
		};
	},
	isAccepted: isTexterAcceptance,
	isRateLimited: rateLimitedBy(decodeTexterError),
	decodeAccepted: decodeTexterAccepted,
	decodeError: decodeTexterError,
	inbound: TEXTER_INBOUND,
};

/** Texter can refuse a message with HTTP 2xx and `{"success": false}`. */
function isTexterAcceptance(response: ProviderResponse): boolean {
	return isSuccessAnswer(response) && !(isPlainObject(response.body) && response.body.success === false);
}

/**
 * Every message carries a `tmpSendId`: the user's client message id, or a fresh random one. It is
 * what lets a later retry resend after a lost answer without a second delivery.
 */
export function encodeForTexter(
	message: SessionMessage<TexterExtras>,
	baseUrl: string,
	newClientMessageId: () => string = randomUUID,
	names: TexterFieldNames = TEXTER_FIELD_NAMES,
): ProviderRequest {
	const clientMessageId = message.clientMessageId ?? newClientMessageId();
	// The body first: it refuses a recipient that is not a chat ID before any URL is made from it.
	const body = encodeTexterBody(message, clientMessageId, names);
	return { method: 'POST', url: texterSendUrl(baseUrl, recipientText(message.recipient)), body, clientMessageId };
}

/**
 * A value left from another provider's Recipient Phone Number would go into the URL as a chat
 * that does not exist; a leading + or a space never belongs to a Texter chat ID.
 */
function phoneNumberAsChatIdIssues(message: SessionMessage<TexterExtras>): ValidationIssue[] {
	const { recipient } = message;
	if (recipient.kind !== 'chatId') return [];
	const { chatId } = recipient;
	if (!(chatId.startsWith('+') || /\s/.test(chatId))) return [];
	return [
		{
			field: L.recipientChatId,
			problem: `looks like a phone number ("${chatId}"), not a Texter chat ID. Look the chat ID up with Texter's Search Chats by this phone number, or take it from a Texter webhook`,
		},
	];
}

/** Pure: the request body. Throws InvalidMessageError, listing everything Texter cannot carry. */
export function encodeTexterBody(
	message: SessionMessage<TexterExtras>,
	tmpSendId: string,
	names: TexterFieldNames = TEXTER_FIELD_NAMES,
): IDataObject {
	const issues: ValidationIssue[] = [...recipientKindIssues(TEXTER, message, 'chatId'), ...phoneNumberAsChatIdIssues(message)];
	const content = encodeContent(message.content, message.extras?.additionalFiles ?? [], names, issues);
	if (issues.length > 0) throw new InvalidMessageError(issues);
	return {
		...content,
		...(message.replyToMessageId !== undefined && { context: message.replyToMessageId }),
		tmpSendId,
	};
}

/**
 * `{success, messages: [{_id, channelInfo: {id: "wamid…"}, status, …}]}`. The WhatsApp id is the
 * one webhooks and quoted replies use, so it wins over Texter's own `_id`.
 */
export function decodeTexterAccepted(body: unknown): AcceptedMessage {
	const record = isPlainObject(body) ? body : {};
	const first = Array.isArray(record.messages) ? record.messages.find(isPlainObject) : undefined;
	if (first === undefined) return { messageId: null };
	const wamid = isPlainObject(first.channelInfo) ? toText(first.channelInfo.id) : undefined;
	const texterId = toText(first._id);
	return { messageId: (wamid || texterId) ?? null };
}

/** Advice in Texter's terms where the general wording names Cloud API credential fields. */
const TEXTER_ADVICE: Partial<Record<ProviderErrorKind, string>> = {
	authentication:
		'Texter did not accept the API token. Create one in Texter (gear icon → Developers → API Tokens) with the "Send session message" scope and paste it into the credential.',
};

/**
 * Texter's error body is not documented. Its status decides, with two Texter-specific readings:
 * 404 on this endpoint (whose only variable is the chat) means the chat does not exist, and 403
 * means the token lacks the "Send session message" scope. A WhatsApp error code passed through
 * (131047 for a closed window) is read as the Cloud API's.
 */
export function decodeTexterError(status: number, body: unknown): ProviderError {
	const record = isPlainObject(body) ? body : {};
	const nested = isPlainObject(record.error) ? record.error : {};
	const providerCode = toText(nested.code) ?? toText(record.code) ?? toText(record.errorCode);
	const providerMessage = toText(nested.message) ?? toText(record.error) ?? toText(record.message);
	const kind = (providerCode !== undefined ? WHATSAPP_ERROR_KINDS[providerCode] : undefined) ?? texterKindFromStatus(status);
	const advice = TEXTER_ADVICE[kind];
	return {
		kind,
		...(providerCode !== undefined && { providerCode }),
		...(providerMessage !== undefined && providerMessage !== '' && { providerMessage }),
		...(advice !== undefined && { advice }),
	};
}

function texterKindFromStatus(status: number): ProviderErrorKind {
	if (status === 403) return 'missingScope';
	if (status === 404) return 'chatNotFound';
	return errorKindFromStatus(status);
}
