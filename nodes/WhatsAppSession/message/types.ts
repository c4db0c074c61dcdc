/**
 * The canonical, provider-neutral session message. Form fields are read into this shape, it is
 * validated once, and each provider encoder turns it into that provider's wire format.
 */

export type MediaKind = 'image' | 'video' | 'audio' | 'document' | 'sticker';

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
	/**
	 * Further files sent in the same message, after the first. Only providers that take several
	 * files per message (Texter, up to 10 in all) accept them; the others refuse before sending.
	 */
	additionalFiles?: MediaFile[];
}

/** One more file of a media message: what it is and where the provider gets it. */
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

export type SessionContent =
	| TextContent
	| MediaContent
	| LocationContent
	| ContactsContent
	| ReplyButtonsContent
	| ListContent
	| CallToActionUrlContent
	| LocationRequestContent
	| ReactionContent;

export type SessionContentType = SessionContent['type'];

/**
 * What the recipient field holds. Most providers address a customer by phone number; Texter sends
 * into an existing chat, named by its chat ID.
 */
export type RecipientKind = 'phoneNumber' | 'chatId';

/** Any JSON value, as a provider echoes it back (Connectly's callbackData). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * How a message is delivered rather than what it says. Each field is used only by the providers
 * that have it; encoders of other providers ignore the ones they cannot carry.
 */
export interface DeliveryOptions {
	/**
	 * The client-side message id (Connectly `message.id`, Texter `tmpSendId`). With it a provider
	 * recognises a resent message, so a retry after a lost answer cannot deliver it twice.
	 */
	clientMessageId?: string;
	/** Connectly: any JSON value (≤ 1024 bytes serialised) echoed back in webhook events. */
	callbackData?: JsonValue;
	/** Connectly: a campaign tag for analytics. */
	campaignName?: string;
	/** Connectly: which of the business's numbers sends, as E.164 digits without "+". */
	senderPhoneNumber?: string;
	/** Connectly: the customer's display name. */
	recipientName?: string;
}

export interface SessionMessage {
	/**
	 * E.164 digits without "+", already normalised; or, when `recipientKind` is "chatId", the
	 * provider's chat ID as written (trimmed).
	 */
	recipient: string;
	/** Absent means a phone number, as before chat IDs existed. */
	recipientKind?: RecipientKind;
	/** Quoted reply: the id of the message being answered. Not allowed on reactions. */
	replyToMessageId?: string;
	content: SessionContent;
	delivery?: DeliveryOptions;
}
