import type { IDataObject } from 'n8n-workflow';

import type { InboundEvent, InboundMessage } from '../providers/contract/inbound';
import { assertNever } from '../util/values';

const SESSION_WINDOW_MS = 24 * 60 * 60 * 1000;

/** A customer's message opens (or reopens) the 24-hour window in which session messages may answer it. */
export function sessionWindowEndsAt(timestamp: string | null): string | null {
	if (timestamp === null) return null;
	const sentAt = Date.parse(timestamp);
	return Number.isNaN(sentAt) ? null : new Date(sentAt + SESSION_WINDOW_MS).toISOString();
}

/**
 * One output item: the same keys for every provider, null where a provider sends nothing, so an
 * expression written against one provider's items works for another's.
 */
export function toOutputItem(event: InboundEvent, provider: string, receivedAt: string): IDataObject {
	const common = {
		event: event.event,
		provider,
		receivedAt,
		from: event.from,
		userId: event.userId,
		name: event.name,
		phoneNumberId: event.phoneNumberId,
		businessNumber: event.businessNumber,
		messageId: event.messageId,
		timestamp: event.timestamp,
		callbackData: event.callbackData,
	};
	switch (event.event) {
		case 'message':
			return { ...common, ...messageFields(event) };
		case 'status':
			return {
				...common,
				type: 'status',
				status: event.status,
				errors: event.errors.map((error) => ({ ...error })),
				raw: event.raw,
			};
		case 'account':
			return {
				...common,
				type: event.field,
				businessAccountId: event.businessAccountId,
				template: event.template === null ? null : { ...event.template },
				update: event.update,
				value: event.value,
				raw: event.raw,
			};
		default:
			return assertNever(event, 'inbound event');
	}
}

/** A message's own fields, copied so the item shares no object with the decoded event. */
function messageFields(event: InboundMessage): IDataObject {
	return {
		type: event.type,
		text: event.text,
		media: event.media,
		location: event.location,
		contacts: event.contacts,
		reply: event.reply,
		reaction: event.reaction,
		order: event.order === null ? null : { ...event.order, items: event.order.items.map((item) => ({ ...item })) },
		flowReply: event.flowReply === null ? null : { ...event.flowReply },
		system: event.system === null ? null : { ...event.system },
		context: event.context,
		referral: event.referral,
		errors: event.errors.map((error) => ({ ...error })),
		isEcho: event.isEcho,
		// An echo is the business's own message: it opens no window.
		sessionWindowEndsAt: event.isEcho ? null : sessionWindowEndsAt(event.timestamp),
		raw: event.raw,
	};
}
