// Meta's message kinds beyond text, media and taps (PROVIDERS.md section 5): a cart, a Flow's
// answers and a changed identity, decoded from bodies as Meta documents them, and from hostile
// ones (wrong types, huge arrays, answers that are not JSON) that must decode without throwing.
import { decodeMetaWebhook } from '../../../nodes/WhatsAppSession/providers/cloudApi/webhook';
import { MAX_FLOW_RESPONSE_CHARACTERS, MAX_ORDER_ITEMS } from '../../../nodes/WhatsAppSession/providers/cloudApi/conversation';
import type { InboundMessage } from '../../../nodes/WhatsAppSession/providers/contract/inbound';
import { toOutputItem } from '../../../nodes/WhatsAppSession/trigger/item';
import {
	BUSINESS,
	CUSTOMER,
	metaBody,
	metaContact,
	metaFlowReplyMessage,
	metaMessage,
	metaOrderMessage,
	metaSystemMessage,
	metaValue,
	type JsonObject,
} from '../../support/inboundSamples';

function onlyMessage(message: JsonObject): InboundMessage {
	const events = decodeMetaWebhook(metaBody(metaValue({ contacts: [metaContact()], messages: [message] })), { bodyDigest: 'digest' });
	expect(events).toHaveLength(1);
	const [event] = events;
	if (event?.event !== 'message') throw new Error(`expected a message, got ${JSON.stringify(event)}`);
	return event;
}

const ANSWERS = { flow_token: 'ws1.482.signed-reference', email: 'asha@example.com', slot: { day: 'Mon', hour: 9 }, agreed: true };

describe('Meta webhook: a cart (order)', () => {
	it('reads the catalog, the note and each line with its numbers', () => {
		const event = onlyMessage(metaOrderMessage('wamid.O1'));
		expect(event.type).toBe('order');
		expect(event.order).toEqual({
			catalogId: '194836987003835',
			text: 'For the office',
			items: [
				{ productRetailerId: 'sku-tea-250', quantity: 2, itemPrice: 149.5, currency: 'INR' },
				{ productRetailerId: 'sku-mug', quantity: 1, itemPrice: 399, currency: 'INR' },
			],
			itemsLeftOut: 0,
		});
		expect([event.text, event.reply, event.flowReply, event.system]).toEqual([null, null, null, null]);
	});

	it.each<[string, JsonObject, { quantity: number | null; itemPrice: number | null }]>([
		['numbers as text', { quantity: '2', item_price: '149.5' }, { quantity: null, itemPrice: null }],
		['a fractional quantity', { quantity: 1.5, item_price: 10 }, { quantity: null, itemPrice: 10 }],
		['a negative quantity and price', { quantity: -1, item_price: -5 }, { quantity: null, itemPrice: null }],
		['objects', { quantity: { n: 1 }, item_price: [1] }, { quantity: null, itemPrice: null }],
		['a quantity past the safe integers', { quantity: 2 ** 60, item_price: 1 }, { quantity: null, itemPrice: 1 }],
	])('gives null, not a guess, for %s', (_what, numbers, expected) => {
		const event = onlyMessage(metaOrderMessage('wamid.O2', [{ product_retailer_id: 'sku-1', currency: 'INR', ...numbers }]));
		expect(event.order?.items).toEqual([{ productRetailerId: 'sku-1', currency: 'INR', ...expected }]);
	});

	it('caps a huge cart, says how many lines it left out, and skips lines that are not objects', () => {
		const lines = Array.from({ length: MAX_ORDER_ITEMS + 5000 }, (_, index) => ({ product_retailer_id: `sku-${index}`, quantity: 1, item_price: 1, currency: 'INR' }));
		const event = onlyMessage(metaOrderMessage('wamid.O3', [...lines, 'not a line', null, 7]));
		expect(event.order?.items).toHaveLength(MAX_ORDER_ITEMS);
		expect(event.order?.items.at(-1)?.productRetailerId).toBe(`sku-${MAX_ORDER_ITEMS - 1}`);
		expect(event.order?.itemsLeftOut).toBe(5000);
	});

	it.each<[string, JsonObject]>([
		['product_items that is not an array', metaOrderMessage('wamid.O4', 'lots')],
		['no product_items', metaMessage('wamid.O5', 'order', { catalog_id: 'c' })],
	])('reads %s as an empty cart', (_what, message) => {
		expect(onlyMessage(message).order).toMatchObject({ items: [], itemsLeftOut: 0 });
	});

	it('gives order null when the order object is missing or not an object', () => {
		expect(onlyMessage(metaMessage('wamid.O6', 'order', 'a cart')).order).toBeNull();
		expect(onlyMessage(metaMessage('wamid.O7', 'order', null)).type).toBe('order');
	});
});

describe('Meta webhook: a Flow\'s answers (nfm_reply)', () => {
	it('gives the flow token apart from the answers, and the Flow message it answers', () => {
		const event = onlyMessage(metaFlowReplyMessage('wamid.F1', JSON.stringify(ANSWERS)));
		expect(event.type).toBe('flowReply');
		expect(event.flowReply).toEqual({
			name: 'flow',
			body: 'Sent',
			token: 'ws1.482.signed-reference',
			response: { email: 'asha@example.com', slot: { day: 'Mon', hour: 9 }, agreed: true },
			responseProblem: null,
			contextMessageId: 'wamid.FLOW.OUT',
		});
		expect(event.reply).toBeNull();
		expect(event.context).toEqual({ messageId: 'wamid.FLOW.OUT', from: BUSINESS.displayNumber });
	});

	it('reads answers a forwarder already parsed into an object', () => {
		expect(onlyMessage(metaFlowReplyMessage('wamid.F2', ANSWERS)).flowReply).toMatchObject({ token: 'ws1.482.signed-reference', responseProblem: null });
	});

	it('gives token null for answers without a flow_token, and keeps the answers', () => {
		expect(onlyMessage(metaFlowReplyMessage('wamid.F3', '{"email":"a@b.c"}')).flowReply).toMatchObject({ token: null, response: { email: 'a@b.c' } });
	});

	it.each<[string, JsonObject['x'], string]>([
		['text that is not JSON', '{"flow_token": "t", ', 'not valid JSON'],
		['JSON that is an array', '[1,2]', 'not a JSON object'],
		['JSON that is text', '"hello"', 'not a JSON object'],
		['JSON that is null', 'null', 'not a JSON object'],
		['a number', 42, 'not a JSON object'],
		['no answers at all', null, 'carries no response_json'],
		['text past the cap', JSON.stringify({ flow_token: 't', note: 'x'.repeat(MAX_FLOW_RESPONSE_CHARACTERS) }), 'longer than'],
		['answers nested deeper than a form', `{"a":${'['.repeat(1000)}${']'.repeat(1000)}}`, 'nests deeper'],
	])('reports %s instead of throwing, with token and response null and raw kept', (_what, responseJson, problem) => {
		const message = metaFlowReplyMessage('wamid.F4', responseJson);
		const event = onlyMessage(message);
		expect(event.type).toBe('flowReply');
		expect(event.flowReply).toMatchObject({ token: null, response: null, responseProblem: expect.stringContaining(problem), contextMessageId: 'wamid.FLOW.OUT' });
		expect(event.raw).toEqual(message);
	});

	it('survives answers nested deep enough to overflow a recursive check', () => {
		const deep = `{"a":${'['.repeat(49_000)}${']'.repeat(49_000)}}`;
		expect(onlyMessage(metaFlowReplyMessage('wamid.F5', deep)).flowReply?.responseProblem).toContain('nests deeper');
	});

	it('keeps an answer named __proto__ as an ordinary key, without touching any prototype', () => {
		const reply = onlyMessage(metaFlowReplyMessage('wamid.F6', '{"flow_token":"t","__proto__":{"polluted":true}}')).flowReply;
		expect(Object.keys(reply?.response ?? {})).toEqual(['__proto__']);
		expect(Object.getPrototypeOf(reply?.response)).toBe(Object.prototype);
		expect({}).not.toHaveProperty('polluted');
	});

	it('leaves other interactive kinds as type interactive, and an nfm_reply without its object too', () => {
		expect(onlyMessage(metaMessage('wamid.F7', 'interactive', { type: 'something_new' })).type).toBe('interactive');
		const bare = onlyMessage(metaMessage('wamid.F8', 'interactive', { type: 'nfm_reply', nfm_reply: 'x' }));
		expect([bare.type, bare.flowReply]).toEqual(['interactive', null]);
	});

	it('puts the Flow reply on the item, and the item\'s flowReply is a copy of the event\'s', () => {
		const event = onlyMessage(metaFlowReplyMessage('wamid.F9', JSON.stringify(ANSWERS)));
		const item = toOutputItem(event, 'metaCloudApi', '2026-12-06T08:00:00.000Z');
		expect(item).toMatchObject({ type: 'flowReply', flowReply: { token: ANSWERS.flow_token, response: { agreed: true } }, order: null, system: null });
		expect(item.flowReply).not.toBe(event.flowReply);
	});
});

describe('Meta webhook: a changed identity (system)', () => {
	it('reads a changed number: the new number, digits only', () => {
		const event = onlyMessage(
			metaSystemMessage('wamid.S1', { body: `User ${CUSTOMER.name} changed from ${CUSTOMER.phone} to 12195555358`, wa_id: '12195555358', type: 'user_changed_number' }),
		);
		expect(event.type).toBe('system');
		expect(event.system).toEqual({
			type: 'user_changed_number',
			body: `User ${CUSTOMER.name} changed from ${CUSTOMER.phone} to 12195555358`,
			newWaId: '12195555358',
			newUserId: null,
			previousUserId: null,
		});
		expect(event.from).toBe(CUSTOMER.phone);
	});

	it('reads a changed business-scoped user id, and the older new_wa_id spelling', () => {
		expect(
			onlyMessage(metaSystemMessage('wamid.S2', { type: 'user_changed_user_id', body: 'changed', user_id: 'US.999', previous_user_id: CUSTOMER.bsuid })).system,
		).toMatchObject({ type: 'user_changed_user_id', newWaId: null, newUserId: 'US.999', previousUserId: CUSTOMER.bsuid });
		expect(onlyMessage(metaSystemMessage('wamid.S3', { type: 'user_changed_number', new_wa_id: '+12195555358' })).system?.newWaId).toBe('12195555358');
	});

	it('gives null for fields of the wrong type, and system null without its object', () => {
		expect(onlyMessage(metaSystemMessage('wamid.S4', { type: ['x'], body: { a: 1 }, wa_id: 'not a number', user_id: {} })).system).toEqual({
			type: null,
			body: null,
			newWaId: null,
			newUserId: null,
			previousUserId: null,
		});
		expect(onlyMessage(metaMessage('wamid.S5', 'system', [])).system).toBeNull();
	});
});

describe('Meta webhook: a body nested thousands deep', () => {
	// JSON.parse takes it; a recursive check of it would overflow the stack and throw, and the
	// provider would get an error instead of 200 (the Cloud-API-format provider's may be unsigned).
	const deep = (levels: number) => JSON.parse(`${'['.repeat(levels)}${']'.repeat(levels)}`);

	it('decodes a message whose extra field nests 20,000 deep, its raw left null', () => {
		const event = onlyMessage({ ...metaMessage('wamid.D1', 'text', { body: 'hi' }), extra: deep(20_000) });
		expect([event.text, event.raw]).toEqual(['hi', null]);
	});

	it('decodes an account event whose value nests 20,000 deep, its value and raw left null', () => {
		const events = decodeMetaWebhook(
			{ object: 'whatsapp_business_account', entry: [{ id: '1', time: 1, changes: [{ field: 'security', value: { event: 'PIN_CHANGED', extra: deep(20_000) } }] }] },
			{ bodyDigest: 'digest' },
		);
		// Too deep to digest, it is told apart by where it sits in the body, as a message without an id is.
		expect(events).toMatchObject([{ event: 'account', update: 'PIN_CHANGED', value: null, raw: null, dedupeKey: 'account:security:digest:0.0' }]);
	});
});
