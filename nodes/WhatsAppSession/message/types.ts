/**
 * The canonical, provider-neutral session message. Form fields are read into this shape, it is
 * validated once, and each provider encoder turns it into that provider's wire format.
 */

import type { CatalogContent, ProductContent, ProductListContent } from './commerceTypes';
import type { FlowContent, TemplateFlowButtonParameter } from './flowTypes';

export type { CatalogContent, ProductContent, ProductListContent, ProductSection } from './commerceTypes';
export type { FlowContent, FlowMode, FlowReference, FlowStart, TemplateFlowButtonParameter } from './flowTypes';

/** Every kind of file WhatsApp sends, in the order error messages list them. */
export const MEDIA_KINDS = ['image', 'video', 'audio', 'document', 'sticker'] as const;

export type MediaKind = (typeof MEDIA_KINDS)[number];

/** WhatsApp shows no caption under audio or a sticker; the form, the reader and validation ask this. */
export const CAPTIONED_MEDIA_KINDS: readonly MediaKind[] = ['image', 'video', 'document'];

export function takesCaption(kind: MediaKind): boolean {
	return CAPTIONED_MEDIA_KINDS.includes(kind);
}

/** A file is either fetched by the provider from a public URL or was uploaded before and has an id. */
export type MediaSource = { link: string } | { id: string };

export interface TextContent {
	type: 'text';
	body: string;
	previewUrl: boolean;
}

export interface MediaContent {
	type: 'media';
	mediaKind: MediaKind;
	source: MediaSource;
	caption?: string;
	filename?: string;
	/** Audio only: play it as a voice note (WhatsApp wants OGG with the Opus codec for that). */
	voice?: boolean;
}

/** One file: what it is and where the provider gets it. */
export interface MediaFile {
	mediaKind: MediaKind;
	source: MediaSource;
}

export interface LocationContent {
	type: 'location';
	latitude: number;
	longitude: number;
	name?: string;
	address?: string;
}

export interface ContactPhone {
	phone: string;
	type?: string;
	waId?: string;
}

export interface ContactEmail {
	email: string;
	type?: string;
}

export interface ContactUrl {
	url: string;
	type?: string;
}

export interface ContactAddress {
	street?: string;
	city?: string;
	state?: string;
	zip?: string;
	country?: string;
	countryCode?: string;
	type?: string;
}

export interface ContactOrganisation {
	company?: string;
	department?: string;
	title?: string;
}

export interface ContactCard {
	formattedName: string;
	firstName?: string;
	lastName?: string;
	phones: ContactPhone[];
	emails: ContactEmail[];
	urls: ContactUrl[];
	addresses: ContactAddress[];
	organisation?: ContactOrganisation;
	/** YYYY-MM-DD, as WhatsApp expects it. */
	birthday?: string;
}

export interface ContactsContent {
	type: 'contacts';
	contacts: ContactCard[];
}

/** Interactive messages may open with text or with a media file. */
export type InteractiveHeader =
	| { kind: 'text'; text: string }
	| { kind: 'image' | 'video' | 'document'; source: MediaSource };

export interface ReplyButton {
	id: string;
	title: string;
}

export interface ReplyButtonsContent {
	type: 'replyButtons';
	body: string;
	header?: InteractiveHeader;
	footer?: string;
	buttons: ReplyButton[];
}

export interface ListRow {
	id: string;
	title: string;
	description?: string;
}

export interface ListSection {
	title?: string;
	rows: ListRow[];
}

export interface ListContent {
	type: 'list';
	body: string;
	buttonText: string;
	/** WhatsApp list messages only take a text header. */
	header?: string;
	footer?: string;
	sections: ListSection[];
}

export interface CallToActionUrlContent {
	type: 'ctaUrl';
	body: string;
	buttonText: string;
	url: string;
	header?: InteractiveHeader;
	footer?: string;
}

export interface LocationRequestContent {
	type: 'locationRequest';
	body: string;
}

export interface ReactionContent {
	type: 'reaction';
	messageId: string;
	/** An empty emoji removes an earlier reaction. */
	emoji: string;
}

/**
 * Marks the customer's message read (blue ticks), and may show "typing…" until the next message
 * or for up to 25 seconds. It delivers nothing to the chat, but travels the same way as a message.
 */
export interface ReadReceiptContent {
	type: 'readReceipt';
	/** The customer's inbound message, as the trigger or webhook gave its id. */
	messageId: string;
	typingIndicator: boolean;
}

export type SessionContent =
	| TextContent
	| MediaContent
	| LocationContent
	| ContactsContent
	| ReplyButtonsContent
	| ListContent
	| CallToActionUrlContent
	| LocationRequestContent
	| ProductContent
	| ProductListContent
	| CatalogContent
	| FlowContent
	| ReactionContent
	| TemplateContent
	| ReadReceiptContent;

export type SessionContentType = SessionContent['type'];

/**
 * How a provider addresses the customer, which decides what its form's recipient field asks for:
 * a WhatsApp user (by phone number or business-scoped user ID), or a chat that exists at the
 * provider (for providers that send into chats rather than to people).
 */
export type RecipientKind = 'whatsAppUser' | 'chatId';

/**
 * Whom one message goes to. Read once from the recipient field; each encoder switches on `kind`,
 * so no adapter has to guess again from the text what it holds.
 */
export type Recipient =
	/** E.164 digits without "+", normalised from however the number was written. */
	| { kind: 'phoneNumber'; digits: string }
	/**
	 * A business-scoped user ID ("US.13491208655302741918", or a parent one "US.ENT.…"), exactly
	 * as received apart from surrounding whitespace: WhatsApp compares it case-sensitively.
	 */
	| { kind: 'bsuid'; bsuid: string }
	/** The provider's chat ID as written (trimmed). */
	| { kind: 'chatId'; chatId: string };

/**
 * Parts of the canonical message that not every provider carries. Each adapter declares the ones
 * it does, and the form shows a field only where it is carried.
 */
export type OptionalMessageField = 'previewUrl' | 'replyToMessageId' | 'clientMessageId' | 'voiceNote';

/**
 * One message, the same for every provider. `Extras` is the bag of options that only the chosen
 * provider has: its adapter reads the bag from the form and its encoder is the only reader.
 */
export interface SessionMessage<Extras = never> {
	recipient: Recipient;
	/** Quoted reply: the id of the message being answered. Not allowed on reactions. */
	replyToMessageId?: string;
	/**
	 * The sender's own id for the message. With it a provider recognises a resent message, so a
	 * retry after a lost answer cannot deliver it twice.
	 */
	clientMessageId?: string;
	content: SessionContent;
	/** Absent when the provider has no options of its own, or none was set. */
	extras?: Extras;
}

/**
 * A template message: a message WhatsApp approved in advance, the only kind a business may send
 * once the customer's 24-hour window is closed. The canonical form carries what the sender fills
 * in (the template's parameters); the template's own text lives at WhatsApp.
 */

/**
 * One text parameter. Positional parameters fill {{1}}, {{2}}… in order; named ones fill
 * {{order_id}} by `name`. WhatsApp refuses one component that mixes the two.
 */
export interface TemplateTextParameter {
	name?: string;
	text: string;
}

export const TEMPLATE_HEADER_KINDS = ['text', 'image', 'video', 'document', 'location'] as const;

export type TemplateHeaderKind = (typeof TEMPLATE_HEADER_KINDS)[number];

export type TemplateHeader =
	| { kind: 'text'; parameter: TemplateTextParameter }
	| { kind: 'image' | 'video'; source: MediaSource }
	| { kind: 'document'; source: MediaSource; filename?: string }
	| { kind: 'location'; latitude: number; longitude: number; name?: string; address?: string };

/** The buttons whose value is filled in when sending; other buttons need no parameter. */
export const TEMPLATE_BUTTON_KINDS = ['quickReply', 'url', 'copyCode'] as const;

export type TemplateButtonKind = (typeof TEMPLATE_BUTTON_KINDS)[number];

/**
 * A button's parameter: a quick reply's payload (returned when tapped), a URL button's suffix
 * (appended to the URL the template defines), or a copy-code button's code. `index` is the
 * button's position in the template, 0 to 9. A Flow button's parameter has a shape of its own.
 */
export interface TemplateValueButtonParameter {
	kind: TemplateButtonKind;
	index: number;
	value: string;
}

export type TemplateButtonParameter = TemplateValueButtonParameter | TemplateFlowButtonParameter;

export interface TemplateContent {
	type: 'template';
	name: string;
	languageCode: string;
	header?: TemplateHeader;
	body: TemplateTextParameter[];
	buttons: TemplateButtonParameter[];
}
