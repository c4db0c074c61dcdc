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

export interface SessionMessage {
	/** E.164 digits without "+", already normalised. */
	recipient: string;
	/** Quoted reply: the id of the message being answered. Not allowed on reactions. */
	replyToMessageId?: string;
	content: SessionContent;
}
