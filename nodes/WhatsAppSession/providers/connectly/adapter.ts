import { randomUUID } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { InvalidMessageError, type ValidationIssue } from '../../message/errors';
import { FIELD_LABELS as L } from '../../message/fieldLabels';
import type { InteractiveHeader, MediaContent, MediaSource, Recipient, SessionContent, SessionMessage } from '../../message/types';
import { assertNever, isPlainObject, toText } from '../../util/values';
import type { TemplateContent } from '../../message/types';
import { callbackDataIssues, connectlyExtras, encodeConnectlyOrder, type ConnectlyOptions } from './options';
import { credentialText } from '../shared/endpoint';
import { CONNECTLY_MEDIA_HOSTS, connectlyUrls, type ConnectlyUrls } from './endpoint';
import { errorKindFromStatus } from '../shared/errorKinds';
import { decodeConnectlyWebhook } from './webhook';
import { encodeConnectlyTemplateBody } from './template';
import { connectlyTemplateCatalog } from './templateCatalog';
import { isCarried, isSuccessAnswer, mediaKindIssues, notAvailableWith } from '../shared/providerSupport';
import { operationNotAvailable, rateLimitedBy, recipientKindIssues } from '../shared/providerSupport';
import type { AcceptedMessage, ProviderError, ProviderErrorKind, ProviderRequest } from '../contract/sending';
import type { ProviderAdapter } from '../contract/adapter';
import { CONNECTLY_CONTENT_TYPES, CONNECTLY_LACKS, CONNECTLY_MEDIA_KINDS } from './carries';
import { encodeConnectlyLocation, encodeConnectlyProducts } from './commerce';

// Its URLs live beside it, where the template catalog can reach them without this adapter.
export { connectlyUrl, connectlyUrls, type ConnectlyUrls } from './endpoint';

/**
 * Connectly's session-message API (seed 002, PROVIDERS.md §3):
 * `POST {base}/v1/businesses/{businessId}/send/messages` with `X-API-Key`, and a body of
 * `{sender?, recipient, message, callbackData?, campaignName?, order?}` whose `message` carries exactly
 * one content type.
 */
const CONNECTLY = 'Connectly';

export const connectlyProvider: ProviderAdapter<ConnectlyOptions, 'connectly'> = {
	id: 'connectly',
	credentialType: 'connectlyApi',
	credentialFields: { address: 'Base URL', endpoint: ['Business ID', 'Base URL'], secrets: ['API Key'] },
	recipientKind: 'whatsAppUser',
	carries: {
		contentTypes: [...CONNECTLY_CONTENT_TYPES, 'template'],
		mediaKinds: CONNECTLY_MEDIA_KINDS,
		// No link-preview switch (WhatsApp decides) and no quoted replies; every message has its id.
		messageFields: ['clientMessageId'],
	},
	extras: connectlyExtras,
	templates: connectlyTemplateCatalog,
	// Its webhooks give an attachment's URL, not an id (PROVIDERS.md section 5).
	media: { download: { takes: 'url', hosts: CONNECTLY_MEDIA_HOSTS } },
	choice: { name: 'Connectly', description: 'Connectly\'s session-message API (API key and business ID)' },
	// Its credential's own declarative test suffices: a 2xx there proves the key and business ID.
	connect: (credentials) => {
		const urls = connectlyUrls(credentials);
		return {
			encode: (message) => encodeForConnectly(message, urls),
			// The webhook secret is optional: an empty one is no secret to hide.
			secrets: [credentialText(credentials, 'apiKey'), credentialText(credentials, 'webhookSecret')].filter(
				(secret) => secret !== '',
			),
			// Connectly's limit is per business (200 requests/s), whichever of its numbers or endpoints sends.
			senderKey: urls.session,
		};
	},
	isAccepted: isSuccessAnswer,
	isRateLimited: rateLimitedBy(decodeConnectlyError),
	decodeAccepted: decodeConnectlyAccepted,
	decodeError: decodeConnectlyError,
	inbound: {
		signature: { header: 'x-connectly-hmac-sha256', encoding: 'base64', prefix: '' },
		signingSecret: { name: 'webhookSecret', label: 'Webhook Secret' },
		handshakes: [],
		decode: (body, context) => decodeConnectlyWebhook(body, context, CONNECTLY_ERROR_KINDS),
		// Its button replies carry the title only (PROVIDERS.md section 5): a tap cannot be tied to a question.
		repliesCarryChoiceIds: false,
		decodesFlowReplies: false,
		reportsAccountEvents: false,
		setupHelp:
			'Register this URL for the "messages" and "delivery_status" topics with Connectly\'s Create Webhook API (POST /v1/businesses/{businessId}/create/webhooks)',
	},
};

/**
 * Every session message carries a client message id (`message.id`): the user's, or a fresh
 * random one. It is what lets a later retry resend after a lost answer without a second delivery.
 * Connectly's template endpoint has no such field, so a template goes without one.
 */
export function encodeForConnectly(
	message: SessionMessage<ConnectlyOptions>,
	urls: ConnectlyUrls,
	newClientMessageId: () => string = randomUUID,
): ProviderRequest {
	const { content } = message;
	if (content.type === 'template') {
		return { method: 'POST', url: urls.template, body: encodeConnectlyTemplateBody(message, content) };
	}
	const clientMessageId = message.clientMessageId ?? newClientMessageId();
	return { method: 'POST', url: urls.session, body: encodeConnectlyBody(message, clientMessageId), clientMessageId };
}

/** Pure: the request body. Throws InvalidMessageError, listing everything Connectly cannot carry. */
export function encodeConnectlyBody(message: SessionMessage<ConnectlyOptions>, clientMessageId: string): IDataObject {
	if (message.content.type === 'template') return encodeConnectlyTemplateBody(message, message.content);
	const issues: ValidationIssue[] = [...recipientKindIssues(CONNECTLY, message, 'whatsAppUser')];
	if (message.replyToMessageId !== undefined) {
		issues.push(notAvailableWith(CONNECTLY, L.replyToMessageId, 'its session messages cannot quote an earlier message'));
	}
	const content = encodeContent(message.content, issues);
	const options = message.extras ?? {};
	issues.push(...callbackDataIssues(options));
	if (issues.length > 0) throw new InvalidMessageError(issues);
	return {
		...(options.senderPhoneNumber !== undefined && {
			sender: { id: `+${options.senderPhoneNumber}`, channelType: 'whatsapp' },
		}),
		recipient: {
			...encodeRecipientId(message.recipient),
			channelType: 'whatsapp',
			...(options.recipientName !== undefined && { name: options.recipientName }),
		},
		message: { id: clientMessageId, ...content },
		...(options.callbackData !== undefined && { callbackData: options.callbackData }),
		...(options.campaignName !== undefined && { campaignName: options.campaignName }),
		...(options.order !== undefined && { order: encodeConnectlyOrder(options.order) }),
	};
}

/**
 * A phone number is `id` in E.164 with "+"; a business-scoped user ID is `userId`, bare, in its
 * place (Connectly's "Targeting by BSUID"). A chat ID was already refused by recipientKindIssues.
 */
function encodeRecipientId(recipient: Recipient): IDataObject {
	switch (recipient.kind) {
		case 'phoneNumber':
			return { id: `+${recipient.digits}` };
		case 'bsuid':
			return { userId: recipient.bsuid };
		case 'chatId':
			return {};
		default:
			return assertNever(recipient, 'recipient');
	}
}

/** `message` without its id: one content type, with the body in `message.text` for interactive types. */
function encodeContent(content: Exclude<SessionContent, TemplateContent>, issues: ValidationIssue[]): IDataObject {
	if (!isCarried(content, CONNECTLY_CONTENT_TYPES)) {
		issues.push(operationNotAvailable(CONNECTLY, content.type, CONNECTLY_LACKS[content.type]));
		return {};
	}
	switch (content.type) {
		case 'text':
			// Connectly has no link-preview switch; WhatsApp decides.
			return { text: content.body };
		case 'media':
			// `message.attachments` takes one item: this form has no way to add a second file for Connectly.
			return { attachments: [encodeAttachment(content, issues)] };
		case 'location':
			return { location: encodeConnectlyLocation(content) };
		case 'product':
		case 'productList':
			return encodeConnectlyProducts(content);
		case 'list':
			return {
				text: content.body,
				listMessage: {
					...(content.header !== undefined && { header: { text: content.header } }),
					...(content.footer !== undefined && { footer: { text: content.footer } }),
					button: { text: content.buttonText },
					sections: content.sections.map((section) => ({
						...(section.title !== undefined && { title: section.title }),
						// Connectly names a row's label `text`, where the Cloud API says `title`.
						rows: section.rows.map((row) => ({
							id: row.id,
							text: row.title,
							...(row.description !== undefined && { description: row.description }),
						})),
					})),
				},
			};
		case 'replyButtons':
			return {
				text: content.body,
				replyButtonMessage: {
					...(content.header !== undefined && { header: encodeHeader(content.header, issues) }),
					...(content.footer !== undefined && { footer: { text: content.footer } }),
					buttons: content.buttons.map((button) => ({ id: button.id, text: button.title })),
				},
			};
		default:
			return assertNever(content, 'message type');
	}
}

function encodeAttachment(media: MediaContent, issues: ValidationIssue[]): IDataObject {
	issues.push(
		...mediaKindIssues(
			CONNECTLY,
			[media.mediaKind],
			CONNECTLY_MEDIA_KINDS,
			'its attachments are images, videos, audio files or documents, not stickers',
		),
	);
	return {
		type: media.mediaKind,
		url: attachmentUrl(media.source, L.mediaId, issues),
		...(media.caption !== undefined && { caption: media.caption }),
		...(media.filename !== undefined && { filename: media.filename }),
	};
}

function encodeHeader(header: InteractiveHeader, issues: ValidationIssue[]): IDataObject {
	if (header.kind === 'text') return { text: header.text };
	return { attachment: { type: header.kind, url: attachmentUrl(header.source, L.headerMediaId, issues) } };
}

/** Connectly fetches every file from a public URL; it has no uploaded-media ids. */
function attachmentUrl(source: MediaSource, idLabel: string, issues: ValidationIssue[]): string {
	if ('link' in source) return source.link;
	issues.push(notAvailableWith(CONNECTLY, idLabel, 'it takes files by public URL only; choose Public URL'));
	return '';
}

/**
 * PROVIDERS.md: "an object with `id`; the exact shape is unverified". The top-level `id` is the
 * documented one; the nested places are where Connectly's other answers put an entity.
 */
export function decodeConnectlyAccepted(body: unknown): AcceptedMessage {
	const record = isPlainObject(body) ? body : {};
	const candidates = [record, record.entity, record.message];
	for (const candidate of candidates) {
		const id = isPlainObject(candidate) ? toText(candidate.id) : undefined;
		if (id !== undefined && id !== '') return { messageId: id };
	}
	return { messageId: null };
}

// Decided on Connectly's `code` (or, failing that, its `type`), never on the wording.
const CONNECTLY_ERROR_KINDS: Readonly<Record<string, ProviderErrorKind>> = {
	ERROR_CODE_MESSAGE_OUTSIDE_OF_ELIGIBILITY_WINDOW: 'windowClosed',
	// The customer never wrote first: as with a closed window, only a template may be sent.
	ERROR_CODE_MESSAGE_CUSTOMER_NO_CONVERSATION_INITIATION: 'windowClosed',
	ERROR_CODE_INVALID_SENDER_ID: 'invalidParameter',
	ERROR_CODE_PHONE_NUMBER_BAD_FORMAT: 'invalidParameter',
	ERROR_CODE_MESSAGE_PHONE_NUMBER_INVALID: 'invalidParameter',
	ERROR_CODE_MESSAGE_ATTACHMENTS_NUMBER_INVALID: 'invalidParameter',
	ERROR_CODE_MESSAGE_TEXT_EMPTY: 'invalidParameter',
	ERROR_CODE_MESSAGE_ATTACHMENT_EMPTY: 'invalidParameter',
	ERROR_CODE_MESSAGE_ATTACHMENT_INVALID: 'invalidParameter',
	ERROR_CODE_BUSINESS_MISSES_MATCHING_CHANNEL: 'permission',
	ERROR_TYPE_AUTHENTICATION: 'authentication',
};

/** Advice in Connectly's terms where the general wording names Cloud API credential fields. */
const CONNECTLY_ADVICE: Partial<Record<ProviderErrorKind, string>> = {
	authentication:
		'Connectly did not accept the API key sent as X-API-Key. Copy a current key from the Connectly dashboard into the credential\'s API Key.',
	notFound: 'Check the credential\'s Business ID, and its Base URL if you changed it.',
	permission:
		'Check that this Connectly business has a WhatsApp number, and the Sender Phone Number option if you set one.',
};

/** `{message, type, code, userTitle, userMessage, cntTraceId, details}` */
export function decodeConnectlyError(status: number, body: unknown): ProviderError {
	const record = isPlainObject(body) ? body : {};
	const code = toText(record.code);
	const type = toText(record.type);
	const kind =
		(code !== undefined ? CONNECTLY_ERROR_KINDS[code] : undefined) ??
		(type !== undefined ? CONNECTLY_ERROR_KINDS[type] : undefined) ??
		errorKindFromStatus(status);
	const traceId = toText(record.cntTraceId);
	const providerMessage = [toText(record.message), traceId !== undefined ? `Connectly trace ID ${traceId}` : undefined]
		.filter((part): part is string => part !== undefined && part !== '')
		.join('; ');
	const providerCode = code ?? type;
	const advice = CONNECTLY_ADVICE[kind];
	return {
		kind,
		...(providerCode !== undefined && { providerCode }),
		...(providerMessage !== '' && { providerMessage }),
		...(advice !== undefined && { advice }),
	};
}
