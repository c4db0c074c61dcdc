import { isJsonWithin, isPlainObject, toText, type JsonValue, type PlainObject } from '../../util/values';
import { objectsAt, phoneDigits, textAt } from '../shared/webhookFields';
import type { InboundFlowReply, InboundOrder, InboundOrderItem, InboundSystemChange } from '../contract/conversation';

/**
 * Meta's message kinds past text, media and taps: a cart (`order`), a Flow's answers
 * (`interactive.nfm_reply`) and a changed identity (`system`). The body is untrusted: every number
 * is checked, a cart's lines are capped, and answers that are not a JSON object are reported, not
 * thrown.
 */

/** WhatsApp carts hold far fewer lines; past this a body is hostile, and the rest stays in `raw`. */
export const MAX_ORDER_ITEMS = 100;
/** Flow answers are a form's fields; a longer `response_json` is left in `raw` unread. */
export const MAX_FLOW_RESPONSE_CHARACTERS = 100_000;
/** Deeper than any Flow's answers nest; a deeper one is refused before a recursive check could overflow. */
const MAX_FLOW_RESPONSE_DEPTH = 32;

export function orderOf(order: PlainObject): InboundOrder {
	const lines = objectsAt(order, 'product_items');
	return {
		catalogId: textAt(order, 'catalog_id'),
		text: textAt(order, 'text'),
		items: lines.slice(0, MAX_ORDER_ITEMS).map(orderItemOf),
		itemsLeftOut: Math.max(0, lines.length - MAX_ORDER_ITEMS),
	};
}

function orderItemOf(line: PlainObject): InboundOrderItem {
	const quantity = finiteNumberAt(line, 'quantity');
	const itemPrice = finiteNumberAt(line, 'item_price');
	return {
		productRetailerId: textAt(line, 'product_retailer_id'),
		// A count: a fraction or a negative is not a quantity anyone ordered.
		quantity: quantity !== null && Number.isSafeInteger(quantity) && quantity >= 0 ? quantity : null,
		itemPrice: itemPrice !== null && itemPrice >= 0 ? itemPrice : null,
		currency: textAt(line, 'currency'),
	};
}

/** Only a JSON number: Meta sends numbers here, and text such as "2e308" or "0x10" would be a guess. */
function finiteNumberAt(record: PlainObject, key: string): number | null {
	const value = record[key];
	return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** `interactive.nfm_reply {name, body, response_json}`; the Flow message it answers is the message's `context.id`. */
export function flowReplyOf(reply: PlainObject, contextMessageId: string | null): InboundFlowReply {
	return {
		name: textAt(reply, 'name'),
		body: textAt(reply, 'body'),
		...flowAnswersOf(reply.response_json),
		contextMessageId,
	};
}

type FlowAnswers = Pick<InboundFlowReply, 'token' | 'response' | 'responseProblem'>;

function unreadable(problem: string): FlowAnswers {
	return { token: null, response: null, responseProblem: problem };
}

/** Reads `response_json` (JSON text; a forwarder may have parsed it already) without trusting it. */
function flowAnswersOf(responseJson: unknown): FlowAnswers {
	if (responseJson === undefined || responseJson === null) return unreadable('the reply carries no response_json');
	if (typeof responseJson === 'string' && responseJson.length > MAX_FLOW_RESPONSE_CHARACTERS) {
		return unreadable(`response_json is longer than ${MAX_FLOW_RESPONSE_CHARACTERS} characters; it is left in raw`);
	}
	const parsed = typeof responseJson === 'string' ? parseJson(responseJson) : { value: responseJson };
	if (parsed === undefined) return unreadable('response_json is not valid JSON; it is left in raw');
	const answers = parsed.value;
	if (!isPlainObject(answers)) return unreadable('response_json is not a JSON object; it is left in raw');
	const response: { [key: string]: JsonValue } = {};
	for (const [key, value] of Object.entries(answers)) {
		if (key === 'flow_token') continue;
		if (!isJsonWithin(value, MAX_FLOW_RESPONSE_DEPTH)) {
			return unreadable(`response_json nests deeper than ${MAX_FLOW_RESPONSE_DEPTH} levels; it is left in raw`);
		}
		// A key named __proto__ stays an ordinary key: defineProperty, not assignment.
		Object.defineProperty(response, key, { value, enumerable: true, writable: true, configurable: true });
	}
	return { token: toText(answers.flow_token) ?? null, response, responseProblem: null };
}

/** The parsed value, or undefined for text that is not JSON. */
function parseJson(text: string): { value: unknown } | undefined {
	try {
		const value: unknown = JSON.parse(text);
		return { value };
	} catch {
		return undefined;
	}
}

/** `system {type, body, wa_id (the new number), user_id (the new BSUID), previous_user_id}`. */
export function systemChangeOf(system: PlainObject): InboundSystemChange {
	return {
		type: textAt(system, 'type'),
		body: textAt(system, 'body'),
		// Older versions of the API named the new number `new_wa_id`.
		newWaId: phoneDigits(textAt(system, 'wa_id') ?? textAt(system, 'new_wa_id')),
		newUserId: textAt(system, 'user_id'),
		previousUserId: textAt(system, 'previous_user_id'),
	};
}
