/**
 * Webhook bodies as providers post them (PROVIDERS.md section 5), for the trigger's unit tests,
 * its real-n8n tests and the demo's "customer writes" command. Builders, not recordings: each
 * test states what it varies.
 */

import { createHmac } from 'node:crypto';

export const BUSINESS = { phoneNumberId: '106540352242922', displayNumber: '15550783881' } as const;
export const CUSTOMER = { phone: '919880132082', name: 'Asha', bsuid: 'US.13491208655302741918' } as const;

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** `{object, entry: [{id, changes: [{field: "messages", value}]}]}` around one change's value. */
export function metaBody(...values: JsonObject[]): JsonObject {
	return {
		object: 'whatsapp_business_account',
		entry: [{ id: '102290129340398', changes: values.map((value) => ({ field: 'messages', value })) }],
	};
}

export function metaValue(parts: { messages?: JsonObject[]; statuses?: JsonObject[]; contacts?: JsonObject[] }): JsonObject {
	return {
		messaging_product: 'whatsapp',
		metadata: { display_phone_number: BUSINESS.displayNumber, phone_number_id: BUSINESS.phoneNumberId },
		...(parts.contacts !== undefined && { contacts: parts.contacts }),
		...(parts.messages !== undefined && { messages: parts.messages }),
		...(parts.statuses !== undefined && { statuses: parts.statuses }),
	};
}

export function metaContact(phone: string | null = CUSTOMER.phone, name: string = CUSTOMER.name, userId?: string): JsonObject {
	return {
		profile: { name },
		...(phone !== null && { wa_id: phone }),
		...(userId !== undefined && { user_id: userId }),
	};
}

/** One customer message: `{from, id, timestamp, type, [type]: content}`. */
export function metaMessage(id: string, type: string, content: Json, extra: JsonObject = {}): JsonObject {
	return { from: CUSTOMER.phone, id, timestamp: '1764460800', type, [type]: content, ...extra };
}

export function metaTextBody(id: string, text: string, from: string = CUSTOMER.phone): JsonObject {
	return metaBody(
		metaValue({ contacts: [metaContact(from)], messages: [metaMessage(id, 'text', { body: text }, { from })] }),
	);
}

export function metaStatus(id: string, status: string, extra: JsonObject = {}): JsonObject {
	return { id, status, timestamp: '1764460900', recipient_id: CUSTOMER.phone, ...extra };
}

export const WINDOW_CLOSED_ERROR: JsonObject = {
	code: 131047,
	title: 'Re-engagement message',
	message: 'Re-engagement message',
	error_data: { details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' },
};

/** Connectly posts one event per request; the customer is the sender of a message. */
export function connectlyMessage(message: JsonObject, sender: JsonObject = { id: `+${CUSTOMER.phone}`, channelType: 'whatsapp', name: CUSTOMER.name }): JsonObject {
	return {
		timestamp: '1764460800',
		sender,
		recipient: { id: `+${BUSINESS.displayNumber}`, channelType: 'whatsapp', name: 'Acme' },
		message,
	};
}

export function connectlyStatus(id: string, status: string, error: JsonObject | null = null): JsonObject {
	return {
		topic: 'delivery_status',
		timestamp: '1764460900',
		sender: { id: `+${BUSINESS.displayNumber}`, channelType: 'whatsapp' },
		recipient: { id: `+${CUSTOMER.phone}`, channelType: 'whatsapp' },
		statusUpdate: { id, status, error },
		metadata: { campaign_name: 'spring' },
	};
}

/** A tap on a reply button or a list row of a message the business sent (`context.id`). */
export function metaChoiceReplyBody(
	messageId: string,
	reply: { id: string; title: string; kind: 'button' | 'listRow'; answers: string },
	sender: { from?: string | null; userId?: string } = {},
): JsonObject {
	const from = sender.from === undefined ? CUSTOMER.phone : sender.from;
	const interactive: JsonObject =
		reply.kind === 'button'
			? { type: 'button_reply', button_reply: { id: reply.id, title: reply.title } }
			: { type: 'list_reply', list_reply: { id: reply.id, title: reply.title } };
	const message: JsonObject = {
		...metaMessage(messageId, 'interactive', interactive, { context: { from: BUSINESS.displayNumber, id: reply.answers } }),
		...(from === null ? {} : { from }),
		...(sender.userId !== undefined && { from_user_id: sender.userId }),
	};
	if (from === null) delete message.from;
	return metaBody(metaValue({ contacts: [metaContact(from, CUSTOMER.name, sender.userId)], messages: [message] }));
}

/** The header Meta signs a webhook with: HMAC-SHA256 of the exact bytes sent, keyed by the app secret. */
export function metaSignatureHeaders(raw: Buffer, appSecret: string): Record<string, string> {
	return { 'x-hub-signature-256': `sha256=${createHmac('sha256', appSecret).update(raw).digest('hex')}` };
}

/** Texter's subscription body `{eventName, eventData: {message, chat}}` around one Message object. */
export function texterEvent(message: JsonObject, eventName = 'newIncomingMessage'): JsonObject {
	return {
		eventName,
		eventData: {
			message: { _id: 'tx-msg-1', channelInfo: { name: 'whatsapp', id: 'wamid.TEXTER.IN1' }, timestamp: 1_764_460_800_000, ...message },
			chat: { _id: '6650a1b2c3d4e5f6a7b8c9d0', clientPhoneE164: `+${CUSTOMER.phone}`, clientName: CUSTOMER.name },
		},
	};
}

/** A cart from the catalog (Meta's `order` message), with the lines as WhatsApp writes them. */
export const ORDER_LINES: JsonObject[] = [
	{ product_retailer_id: 'sku-tea-250', quantity: 2, item_price: 149.5, currency: 'INR' },
	{ product_retailer_id: 'sku-mug', quantity: 1, item_price: 399, currency: 'INR' },
];

export function metaOrderMessage(id: string, lines: Json = ORDER_LINES, order: JsonObject = {}): JsonObject {
	return metaMessage(id, 'order', { catalog_id: '194836987003835', text: 'For the office', product_items: lines, ...order });
}

/**
 * A completed WhatsApp Flow (`interactive.nfm_reply`): `response_json` is JSON *text* holding the
 * answers and the `flow_token` the Flow was sent with; `context.id` is the Flow message answered.
 */
export function metaFlowReplyMessage(id: string, responseJson: Json, flowMessageId = 'wamid.FLOW.OUT'): JsonObject {
	return metaMessage(
		id,
		'interactive',
		{ type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: responseJson } },
		{ context: { from: BUSINESS.displayNumber, id: flowMessageId } },
	);
}

/** WhatsApp's notice that the customer changed their number (Meta's `system` message). */
export function metaSystemMessage(id: string, system: JsonObject): JsonObject {
	return metaMessage(id, 'system', system);
}

/** An account-level change: `{object, entry: [{id: <WABA id>, time, changes: [{field, value}]}]}`. */
export function metaAccountChangeBody(field: string, value: Json, time: number | null = 1_764_460_900): JsonObject {
	return {
		object: 'whatsapp_business_account',
		entry: [{ id: '102290129340398', ...(time !== null && { time }), changes: [{ field, value }] }],
	};
}

/** A template approved (Meta's message_template_status_update reference). */
export const TEMPLATE_APPROVED: JsonObject = {
	event: 'APPROVED',
	message_template_id: 1405047553933887,
	message_template_name: 'order_shipped',
	message_template_language: 'en_US',
	reason: 'NONE',
	message_template_category: 'UTILITY',
};
