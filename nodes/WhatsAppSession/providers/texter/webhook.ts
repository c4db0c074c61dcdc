import { isPlainObject, toText, type PlainObject } from '../../util/values';
import { jsonOf, locationOf, objectAt, objectsAt, phoneDigits, textAt } from '../shared/webhookFields';
import {
	INBOUND_MEDIA_KINDS,
	NO_CONTENT,
	type DecodeContext,
	type InboundEvent,
	type InboundMediaKind,
	type InboundMessage,
	type InboundReply,
	type MessageContent,
} from '../contract/inbound';

/**
 * Texter's webhooks are Scenario subscriptions (its "Webhooks guide"): each event is a POST of
 * `{eventName, eventData: {message, chat}}`, where `message` is Texter's Message object (the one its
 * send answer returns) and `chat` the chat it belongs to (`_id`, `clientPhoneE164`). Documented:
 * that envelope, `newIncomingMessage` and `newMediaMessage`, media by `fileId`, and a tapped button
 * or row as `type: "postback"` with `postback: {payload, title, description?}`.
 * *Unverified* (inferred from the Message object as sending shows it): the names inside location
 * and contacts, a media item's `fileName`, the chat's name field, and the timestamp in milliseconds.
 */
export function decodeTexterWebhook(body: unknown, context: DecodeContext): InboundEvent[] {
	if (!isPlainObject(body)) return [];
	const eventData = objectAt(body, 'eventData');
	const message = eventData === undefined ? undefined : objectAt(eventData, 'message');
	if (eventData === undefined || message === undefined) return [];
	return [decodeMessage(body, message, objectAt(eventData, 'chat'), context)];
}

function decodeMessage(body: PlainObject, message: PlainObject, chat: PlainObject | undefined, context: DecodeContext): InboundMessage {
	const channelInfo = objectAt(message, 'channelInfo');
	// The wamid is what quoted replies and the sending node's output use; Texter's own id otherwise.
	const messageId = textAt(channelInfo, 'id') ?? textAt(message, '_id');
	const quoted = quotedMessageId(message);
	return {
		event: 'message',
		from: phoneDigits(textAt(chat, 'clientPhoneE164')),
		userId: null,
		name: textAt(chat, 'clientName') ?? textAt(chat, 'name') ?? textAt(chat, 'title'),
		phoneNumberId: null,
		businessNumber: null,
		messageId,
		timestamp: isoFromTexterTime(message.timestamp),
		...decodeContent(message),
		context: quoted === null ? null : { messageId: quoted, from: null },
		errors: [],
		referral: null,
		callbackData: null,
		isEcho: false,
		// The whole body: the chat's `_id` is the Chat ID the sending node takes.
		raw: jsonOf(body),
		dedupeKey: `message:${messageId ?? context.bodyDigest}`,
	};
}

/** `context` is the wamid answered, as a string when sending; an object with an id is read too. */
function quotedMessageId(message: PlainObject): string | null {
	const context = message.context;
	if (isPlainObject(context)) return textAt(context, 'id');
	const text = toText(context);
	return text === undefined || text === '' ? null : text;
}

/** Texter's times are Unix milliseconds (its send answer's `timestamp`); seconds are read too. */
function isoFromTexterTime(value: unknown): string | null {
	const number = typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isFinite(number) || number <= 0) return null;
	const ms = number < 1e11 ? number * 1000 : number;
	const date = new Date(ms);
	return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function isMediaKind(type: string | null): type is InboundMediaKind {
	return INBOUND_MEDIA_KINDS.some((kind) => kind === type);
}

function decodeContent(message: PlainObject): MessageContent {
	const type = textAt(message, 'type') ?? 'unknown';
	const text = textAt(message, 'text');
	switch (type) {
		case 'text':
			return { ...NO_CONTENT, type, text };
		case 'media':
			return decodeMedia(message, text);
		case 'postback': {
			const reply = postbackReply(objectAt(message, 'postback'));
			return reply === null ? { ...NO_CONTENT, type } : { ...NO_CONTENT, type: 'reply', reply };
		}
		case 'location':
			return { ...NO_CONTENT, type, location: locationOf(objectAt(message, 'location')) };
		case 'contacts': {
			const contacts = message.contacts;
			return { ...NO_CONTENT, type, contacts: Array.isArray(contacts) ? contacts.map(jsonOf) : [] };
		}
		default:
			// Another type passes through under its own name, with its text when it has one.
			return { ...NO_CONTENT, type, text };
	}
}

/** The first file of a media message (Texter's `media` holds 1 to 10); the raw body keeps the rest. */
function decodeMedia(message: PlainObject, caption: string | null): MessageContent {
	// `media` is a list when sending; a single object is read too.
	const file = objectsAt(message, 'media')[0] ?? objectAt(message, 'media');
	const mediaType = textAt(file, 'mediaType');
	const kind: InboundMediaKind = isMediaKind(mediaType) ? mediaType : 'document';
	return {
		...NO_CONTENT,
		type: kind,
		media: {
			kind,
			// A file stored in Texter: "Generate Public Media URL" turns it into a download.
			id: textAt(file, 'fileId'),
			url: textAt(file, 'url'),
			mimeType: textAt(file, 'mimeType'),
			sha256: null,
			caption,
			filename: textAt(file, 'fileName'),
			voice: false,
		},
	};
}

/**
 * The payload is the id the button or row was sent with. Texter does not say which of the two was
 * tapped; a description belongs only to a list row, so one is read as a row (*inferred*).
 */
function postbackReply(postback: PlainObject | undefined): InboundReply | null {
	if (postback === undefined) return null;
	const description = textAt(postback, 'description');
	return {
		id: textAt(postback, 'payload'),
		title: textAt(postback, 'title') ?? '',
		description,
		kind: description === null ? 'button' : 'listRow',
	};
}
