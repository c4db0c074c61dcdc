import type { JsonValue } from '../../util/values';
import type { AccountEventField, TemplateChange } from './accountEvents';
import type { InboundFlowReply, InboundOrder, InboundSystemChange } from './conversation';

/**
 * What arrives from a provider's webhook, in one shape for every provider: the trigger outputs one
 * item per event, and later nodes never need to know which provider's JSON it came from.
 */
export type InboundEvent = InboundMessage | InboundStatus | InboundAccountEvent;

/** Who is on each side of an event. Fields a provider does not send are null, never missing. */
export interface InboundParties {
	/** The customer's phone number, digits only; null when WhatsApp hides it behind a username. */
	from: string | null;
	/** The customer's business-scoped user id (BSUID, `US.1349…`), when the provider sends one. */
	userId: string | null;
	/** The customer's WhatsApp profile name. */
	name: string | null;
	/** The business number's id at Meta (`phone_number_id`); null for providers that have none. */
	phoneNumberId: string | null;
	/** The business's own number as the provider shows it (display number, or Connectly's sender id). */
	businessNumber: string | null;
}

export interface InboundEventBase extends InboundParties {
	/** Unix seconds as WhatsApp stamped the event, as an ISO date; null when the provider sent none. */
	timestamp: string | null;
	/** The provider's own object for this one event, kept whole so nothing is lost in translation. */
	raw: JsonValue;
	/**
	 * Identifies the event across redeliveries. Providers deliver at least once, so the trigger
	 * drops a key it has seen. A status's key includes the status: "delivered" and "read" of one
	 * message are two events.
	 */
	dedupeKey: string;
	/**
	 * What the business attached to the message this event is about, echoed back by the provider
	 * (Connectly's `callbackData`, Meta's `biz_opaque_callback_data`); null where none came.
	 */
	callbackData: JsonValue;
}

export const INBOUND_MEDIA_KINDS = ['image', 'video', 'audio', 'document', 'sticker'] as const;
export type InboundMediaKind = (typeof INBOUND_MEDIA_KINDS)[number];

export interface InboundMedia {
	/** A media id (Meta format), to download with the same credential. */
	id: string | null;
	/** A direct link (Connectly sends links, not ids). */
	url: string | null;
	mimeType: string | null;
	sha256: string | null;
	caption: string | null;
	filename: string | null;
	/** An audio message recorded as a voice note. */
	voice: boolean;
}

export interface InboundLocation {
	latitude: number | null;
	longitude: number | null;
	name: string | null;
	address: string | null;
}

/** A tap on a reply button, a list row, or a template's quick-reply button. */
export interface InboundReply {
	/** The id the button or row was sent with; null where the provider passes only the title (Connectly). */
	id: string | null;
	title: string;
	description: string | null;
	kind: 'button' | 'listRow' | 'templateButton';
}

export interface InboundReaction {
	messageId: string | null;
	/** Empty when the customer removed their reaction. */
	emoji: string;
}

/**
 * The Click-to-WhatsApp ad (or post) the customer's first message came from. Meta writes it in
 * snake_case (`source_url`, `ctwa_clid`), Connectly in camelCase (`sourceUrl`, `ctwaClid`); the item
 * gives one shape, with null where the provider sent nothing.
 */
export interface InboundReferral {
	sourceUrl: string | null;
	sourceId: string | null;
	/** `ad` or `post`. */
	sourceType: string | null;
	headline: string | null;
	body: string | null;
	mediaType: string | null;
	imageUrl: string | null;
	videoUrl: string | null;
	thumbnailUrl: string | null;
	/** The click id, for the ad's conversion reporting. */
	ctwaClid: string | null;
}

/** An error WhatsApp attached to a status or a message, with plain words where we know the code. */
export interface InboundError {
	code: string | null;
	title: string | null;
	message: string | null;
	details: string | null;
	/** What the code means for the builder, such as "the 24-hour session window is closed". */
	meaning: string | null;
}

export interface InboundMessage extends InboundEventBase {
	event: 'message';
	messageId: string | null;
	/**
	 * text, image, video, audio, document, sticker, location, contacts, reply, reaction, order,
	 * flowReply or system; any other type WhatsApp sends (unsupported…) passes through under its own name.
	 */
	type: string;
	text: string | null;
	media: (InboundMedia & { kind: InboundMediaKind }) | null;
	location: InboundLocation | null;
	contacts: JsonValue[] | null;
	reply: InboundReply | null;
	reaction: InboundReaction | null;
	/** A cart the customer sent from the catalog. */
	order: InboundOrder | null;
	/** The answers of a WhatsApp Flow the customer completed. */
	flowReply: InboundFlowReply | null;
	/** WhatsApp's notice that the customer changed their number or business-scoped user id. */
	system: InboundSystemChange | null;
	/** The message the customer quoted (replied to), when they did. */
	context: { messageId: string; from: string | null } | null;
	errors: InboundError[];
	/** The ad the customer came from, on the first message after a Click-to-WhatsApp ad. */
	referral: InboundReferral | null;
	/** Sent by the business itself (an echo of a message from the app or another tool), not by the customer. */
	isEcho: boolean;
}

/** What a message carries: one of these is set, by its type; the others stay null. */
export type MessageContent = Pick<
	InboundMessage,
	'type' | 'text' | 'media' | 'location' | 'contacts' | 'reply' | 'reaction' | 'order' | 'flowReply' | 'system'
>;

export const NO_CONTENT: Omit<MessageContent, 'type'> = {
	text: null,
	media: null,
	location: null,
	contacts: null,
	reply: null,
	reaction: null,
	order: null,
	flowReply: null,
	system: null,
};

export const STATUS_NAMES = ['sent', 'delivered', 'read', 'failed', 'played'] as const;
export type StatusName = (typeof STATUS_NAMES)[number];

export function isStatusName(value: unknown): value is StatusName {
	return STATUS_NAMES.some((status) => status === value);
}

export interface InboundStatus extends InboundEventBase {
	event: 'status';
	/** The id of the message the business sent, which this status is about. */
	messageId: string | null;
	/** sent, delivered, read, failed or played; another value passes through under its own name. */
	status: string;
	errors: InboundError[];
}

/**
 * A change to the business's account rather than a conversation: a template reviewed, its quality
 * or category changed, the account or a number updated. It has no customer and no message id.
 */
export interface InboundAccountEvent extends InboundEventBase {
	event: 'account';
	messageId: null;
	/** Meta's name for the change (`message_template_status_update`…), the same as Trigger On's choice. */
	field: AccountEventField;
	/** The WhatsApp Business Account it happened to (the entry's id). */
	businessAccountId: string | null;
	/** Set for the three template changes, null for the others. */
	template: TemplateChange | null;
	/** What happened, in Meta's word where the change names one (`event`, or `decision`): APPROVED, FLAGGED, PIN_CHANGED… */
	update: string | null;
	/** The change's `value` as Meta sent it, for what the item does not name. */
	value: JsonValue;
}

/** How a provider proves a webhook came from it: a signature of the body, or a secret the user set. */
export type WebhookSignatureScheme = HmacSignatureScheme | SharedSecretHeader;

/** An HMAC-SHA256 of the raw body in a header (Meta, Connectly). */
export interface HmacSignatureScheme {
	/** Lower-case, as Node's request headers are. */
	header: string;
	encoding: 'hex' | 'base64';
	/** Text before the digest in the header (`sha256=` at Meta). */
	prefix: string;
}

/**
 * For a provider that signs nothing (Texter): the user writes one secret into the provider's
 * webhook request headers and into the credential, and the header must carry it exactly. Unlike a
 * signature it is required: with no secret set, every request is refused.
 */
export interface SharedSecretHeader {
	/** Lower-case, as Node's request headers are. */
	header: string;
	sharedSecret: true;
}

/**
 * How a provider checks that a webhook URL belongs to the subscriber:
 * - `queryChallenge`: `GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`, answered with the bare challenge;
 * - `bodyChallenge`: a POST whose JSON body carries `hub_challenge` and `hub_verify_token`, answered the same way.
 */
export type HandshakeStyle = 'queryChallenge' | 'bodyChallenge';

/** A credential field a webhook needs, with its label as the credential's form shows it. */
export interface CredentialField {
	readonly name: string;
	readonly label: string;
}

/** What a provider's webhooks look like: everything the trigger needs to know about it. */
export interface InboundDeclaration {
	readonly signature: WebhookSignatureScheme;
	/** The credential field holding the signing secret. */
	readonly signingSecret: CredentialField;
	/**
	 * Set for a provider that documents no signature: while its credential has no secret, its events
	 * are accepted (the trigger shows a notice). Unset, as for a provider that signs (Meta always,
	 * Connectly once it has a secret), a trigger whose credential has no secret refuses every event
	 * unless the user turns on Accept Unsigned Events, since an unsigned event could come from anyone.
	 */
	readonly signatureOptional?: true;
	readonly handshakes: readonly HandshakeStyle[];
	/** The credential field holding the verify token the handshakes must present. */
	readonly verifyToken?: CredentialField;
	/** Every event in one parsed webhook body, in the order the provider listed them. */
	decode(body: unknown, context: DecodeContext): InboundEvent[];
	/** Where, in the provider's own dashboard or API, the user points the webhook at n8n. */
	readonly setupHelp: string;
	/**
	 * Whether a tap on a reply button or list row comes back with the id it was sent with. Send and
	 * Wait for Reply carries its reference in that id, so it is offered only where it comes back.
	 */
	readonly repliesCarryChoiceIds: boolean;
	/**
	 * Whether a completed WhatsApp Flow comes back with its answers and the `flow_token` it was sent
	 * with. Send and Wait for a Flow carries its reference in that token.
	 */
	readonly decodesFlowReplies: boolean;
	/**
	 * Whether its webhooks also carry account-level changes (template reviews, quality, account
	 * updates): Meta's format does, so the trigger offers them only for its providers.
	 */
	readonly reportsAccountEvents: boolean;
}

export interface DecodeContext {
	/** The raw body's SHA-256, for events that carry no id of their own to be told apart by. */
	bodyDigest: string;
}
