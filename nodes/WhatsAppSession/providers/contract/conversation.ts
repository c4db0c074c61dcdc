import type { JsonValue } from '../../util/values';

/**
 * The parts of a conversation beyond text, media and taps: a cart, a Flow's answers, and WhatsApp's
 * notice of a changed number. Meta's format carries them; other providers send none, so they are null.
 */

/** One line of a cart. A number that did not come as a finite number is null, not a guess. */
export interface InboundOrderItem {
	/** The product's id in the catalog (`product_retailer_id`). */
	productRetailerId: string | null;
	quantity: number | null;
	/** The price of one, in `currency`. */
	itemPrice: number | null;
	/** ISO 4217, as the catalog has it (`INR`, `USD`). */
	currency: string | null;
}

/** A cart the customer sent from the business's catalog. */
export interface InboundOrder {
	catalogId: string | null;
	/** What the customer wrote with the cart; usually empty. */
	text: string | null;
	items: InboundOrderItem[];
	/** Lines past the cap the item keeps (they stay in `raw`); 0 for any real cart. */
	itemsLeftOut: number;
}

/**
 * The customer completed a WhatsApp Flow. Meta sends the answers as a JSON *string*
 * (`response_json`) holding the answers and the `flow_token` the Flow was sent with; no Flow id
 * comes back, so the token is what ties the answers to the message that asked.
 */
export interface InboundFlowReply {
	/** Meta's name for the reply, `flow`. */
	name: string | null;
	/** The text the customer saw on the button that closed the Flow (`Sent`). */
	body: string | null;
	/** The `flow_token` the Flow was sent with, as text; null when the answers carry none. */
	token: string | null;
	/** The answers, keyed as the Flow names its fields, without `flow_token`; null when they could not be read. */
	response: { [key: string]: JsonValue } | null;
	/** Why `response` is null although answers came (not JSON, not an object, too large); null when read. */
	responseProblem: string | null;
	/** The id of the Flow message the customer answered (`context.id`). */
	contextMessageId: string | null;
}

/** WhatsApp's notice in the conversation that the customer's identity changed. */
export interface InboundSystemChange {
	/** `user_changed_number`, `user_changed_user_id`, or what WhatsApp adds later. */
	type: string | null;
	/** WhatsApp's own sentence, "User A changed from … to …". */
	body: string | null;
	/** The customer's new phone number, digits only; null when it is not shared. */
	newWaId: string | null;
	/** The customer's new business-scoped user id (BSUID). */
	newUserId: string | null;
	/** The business-scoped user id the customer had before. */
	previousUserId: string | null;
}
