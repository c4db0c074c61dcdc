import { isPlainObject, type PlainObject } from '../../util/values';
import {
	callbackDataAt,
	isoFromUnixSeconds,
	jsonOf,
	locationOf,
	META_REFERRAL_NAMES,
	objectAt,
	objectsAt,
	phoneDigits,
	referralOf,
	textAt,
	whatsAppErrors,
} from '../shared/webhookFields';
import {
	INBOUND_MEDIA_KINDS,
	type DecodeContext,
	type InboundEvent,
	type InboundMediaKind,
	type InboundMessage,
	type InboundParties,
	type InboundReply,
	type InboundStatus,
	type MessageContent,
	NO_CONTENT,
} from '../contract/inbound';
import { isAccountEventField } from '../contract/accountEvents';
import { decodeAccountChange } from './accountEvents';
import { flowReplyOf, orderOf, systemChangeOf } from './conversation';

/**
 * Meta's webhook body, which Cloud-API-format providers forward as it is:
 * `{object, entry: [{id, changes: [{field, value: {metadata, contacts, messages, statuses}}]}]}`.
 * One POST can carry several entries, changes, messages and statuses; each becomes one event.
 */
export function decodeMetaWebhook(body: unknown, context: DecodeContext): InboundEvent[] {
	const events: InboundEvent[] = [];
	const entries = isPlainObject(body) ? objectsAt(body, 'entry') : [];
	entries.forEach((entry, entryIndex) => {
		objectsAt(entry, 'changes').forEach((change, changeIndex) => {
			const value = objectAt(change, 'value');
			if (value === undefined) return;
			const field = textAt(change, 'field');
			if (isAccountEventField(field)) {
				events.push(decodeAccountChange(field, change, value, entry, `${context.bodyDigest}:${entryIndex}.${changeIndex}`));
				return;
			}
			const where = { context, position: `${entryIndex}.${changeIndex}` };
			// Messages the business sent from the WhatsApp Business app (coexistence) come back as echoes.
			const echoes = field === 'smb_message_echoes';
			const messages = echoes ? objectsAt(value, 'message_echoes') : objectsAt(value, 'messages');
			messages.forEach((message, index) => events.push(decodeMessage(message, value, echoes, where, index)));
			objectsAt(value, 'statuses').forEach((status, index) => events.push(decodeStatus(status, value, where, index)));
		});
	});
	return events;
}

interface Position {
	context: DecodeContext;
	/** Where in the body the event sits, to tell apart events that carry no id. */
	position: string;
}

function businessOf(value: PlainObject): Pick<InboundParties, 'phoneNumberId' | 'businessNumber'> {
	const metadata = objectAt(value, 'metadata');
	return {
		phoneNumberId: textAt(metadata, 'phone_number_id'),
		businessNumber: phoneDigits(textAt(metadata, 'display_phone_number')),
	};
}

/** The `contacts[]` entry for a customer: matched by phone number or BSUID, or the only one there is. */
function contactOf(value: PlainObject, phone: string | null, userId: string | null): PlainObject | undefined {
	const contacts = objectsAt(value, 'contacts');
	const matching = contacts.find(
		(contact) =>
			(phone !== null && phoneDigits(textAt(contact, 'wa_id')) === phone) ||
			(userId !== null && textAt(contact, 'user_id') === userId),
	);
	return matching ?? (contacts.length === 1 ? contacts[0] : undefined);
}

function customerOf(value: PlainObject, phone: string | null, userId: string | null): Pick<InboundParties, 'from' | 'userId' | 'name'> {
	const contact = contactOf(value, phone, userId);
	return {
		from: phone ?? phoneDigits(textAt(contact, 'wa_id')),
		userId: userId ?? textAt(contact, 'user_id'),
		name: textAt(objectAt(contact ?? {}, 'profile'), 'name'),
	};
}

function isMediaKind(type: string): type is InboundMediaKind {
	return INBOUND_MEDIA_KINDS.some((kind) => kind === type);
}

function decodeMessage(message: PlainObject, value: PlainObject, echo: boolean, where: Position, index: number): InboundMessage {
	const business = businessOf(value);
	// An echo is from the business to the customer: the customer is its `to`.
	const phone = phoneDigits(textAt(message, echo ? 'to' : 'from'));
	const userId = textAt(message, echo ? 'to_user_id' : 'from_user_id');
	const messageId = textAt(message, 'id');
	const rawType = textAt(message, 'type') ?? 'unknown';
	const quoted = objectAt(message, 'context');
	const quotedId = textAt(quoted, 'id');
	const content = decodeContent(message, rawType);
	return {
		event: 'message',
		...customerOf(value, phone, userId),
		...business,
		messageId,
		timestamp: isoFromUnixSeconds(textAt(message, 'timestamp')),
		...content,
		context: quotedId === null ? null : { messageId: quotedId, from: phoneDigits(textAt(quoted, 'from')) },
		errors: whatsAppErrors(message),
		referral: referralOf(objectAt(message, 'referral'), META_REFERRAL_NAMES),
		// Meta echoes a message's callback data on its statuses only.
		callbackData: null,
		isEcho: echo || (phone !== null && phone === business.businessNumber),
		raw: jsonOf(message),
		dedupeKey: `message:${messageId ?? `${where.context.bodyDigest}:${where.position}.${index}`}`,
	};
}

function decodeContent(message: PlainObject, type: string): MessageContent {
	const part = objectAt(message, type);
	if (isMediaKind(type)) return mediaContent(type, part);
	switch (type) {
		case 'text':
			return { ...NO_CONTENT, type, text: textAt(part, 'body') };
		case 'location':
			return { ...NO_CONTENT, type, location: locationOf(part) };
		case 'contacts': {
			const contacts = message.contacts;
			return { ...NO_CONTENT, type, contacts: Array.isArray(contacts) ? contacts.map(jsonOf) : [] };
		}
		case 'interactive':
			return interactiveContent(message, part);
		case 'button': {
			// A template's quick-reply button: its payload is the id the template was sent with.
			const title = textAt(part, 'text') ?? '';
			return {
				...NO_CONTENT,
				type: 'reply',
				reply: { id: textAt(part, 'payload'), title, description: null, kind: 'templateButton' },
			};
		}
		case 'reaction':
			return {
				...NO_CONTENT,
				type,
				reaction: { messageId: textAt(part, 'message_id'), emoji: textAt(part, 'emoji') ?? '' },
			};
		case 'order':
			return { ...NO_CONTENT, type, order: part === undefined ? null : orderOf(part) };
		case 'system':
			return { ...NO_CONTENT, type, system: part === undefined ? null : systemChangeOf(part) };
		default:
			return { ...NO_CONTENT, type };
	}
}

function mediaContent(kind: InboundMediaKind, part: PlainObject | undefined): MessageContent {
	return {
		...NO_CONTENT,
		type: kind,
		media: {
			kind,
			id: textAt(part, 'id'),
			url: textAt(part, 'link') ?? textAt(part, 'url'),
			mimeType: textAt(part, 'mime_type'),
			sha256: textAt(part, 'sha256'),
			caption: textAt(part, 'caption'),
			filename: textAt(part, 'filename'),
			voice: part?.voice === true,
		},
	};
}

/** A tap on a button or list row, or a Flow's answers (`nfm_reply`); another kind stays `interactive`. */
function interactiveContent(message: PlainObject, interactive: PlainObject | undefined): MessageContent {
	const flowReply = interactive !== undefined && textAt(interactive, 'type') === 'nfm_reply' ? objectAt(interactive, 'nfm_reply') : undefined;
	if (flowReply !== undefined) {
		const contextMessageId = textAt(objectAt(message, 'context'), 'id');
		return { ...NO_CONTENT, type: 'flowReply', flowReply: flowReplyOf(flowReply, contextMessageId) };
	}
	const reply = interactiveReply(interactive);
	return reply === null ? { ...NO_CONTENT, type: 'interactive' } : { ...NO_CONTENT, type: 'reply', reply };
}

function interactiveReply(interactive: PlainObject | undefined): InboundReply | null {
	const kind = textAt(interactive, 'type');
	if (interactive === undefined || (kind !== 'button_reply' && kind !== 'list_reply')) return null;
	const chosen = objectAt(interactive, kind);
	return {
		id: textAt(chosen, 'id'),
		title: textAt(chosen, 'title') ?? '',
		description: textAt(chosen, 'description'),
		kind: kind === 'button_reply' ? 'button' : 'listRow',
	};
}

function decodeStatus(status: PlainObject, value: PlainObject, where: Position, index: number): InboundStatus {
	const messageId = textAt(status, 'id');
	const statusName = textAt(status, 'status') ?? 'unknown';
	const phone = phoneDigits(textAt(status, 'recipient_id'));
	const userId = textAt(status, 'recipient_user_id') ?? textAt(status, 'user_id');
	return {
		event: 'status',
		...customerOf(value, phone, userId),
		...businessOf(value),
		messageId,
		timestamp: isoFromUnixSeconds(textAt(status, 'timestamp')),
		status: statusName,
		errors: whatsAppErrors(status),
		// Set with the message as `biz_opaque_callback_data`, echoed on its statuses.
		callbackData: callbackDataAt(status, 'biz_opaque_callback_data'),
		raw: jsonOf(status),
		dedupeKey: `status:${messageId ?? `${where.context.bodyDigest}:${where.position}.${index}`}:${statusName}`,
	};
}
