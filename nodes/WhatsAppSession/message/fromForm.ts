import { assertNever, toText, type PlainObject } from '../util/values';
import { collectIssues, InvalidMessageError, type ValidationIssue } from './errors';
import { FIELD_LABELS as L, listPosition, nestedFieldLabel } from './fieldLabels';
import {
	entriesOfFixedCollection,
	entryOptionalText,
	entryText,
	readBoolean,
	readCollection,
	readListEntries,
	readNumber,
	readOptionalText,
	readText,
	shownChoice,
	type FormValues,
} from './formValues';
import { contactFromCloudApiJson, contactFromFormEntry } from './contactsFromForm';
import { readMediaKind, readMediaSource } from './mediaSource';
import type { Operation } from './operations';
import { readWhatsAppUser } from './recipient';
import { isWrittenAsPhoneNumber, normalisePhoneNumber } from './phoneNumber';
import { readTemplateContent } from './template/fromForm';
import { readCatalogContent, readProductContent, readProductListContent } from './commerceFromForm';
import { readFlowContent } from './flowFromForm';
import {
	takesCaption,
	type InteractiveHeader,
	type ListSection,
	type Recipient,
	type RecipientKind,
	type SessionContent,
	type SessionMessage,
} from './types';

/** What the chosen provider needs to know to read a form. */
export interface ReadSettings<Extras> {
	/** What the recipient field holds for this provider; a WhatsApp user (phone number or BSUID) when absent. */
	recipientKind?: RecipientKind;
	/** Reads the provider's own options, which only its encoder understands. */
	readExtras?: (form: FormValues) => Extras | undefined;
}

/** Reads one item's form into a canonical message. Throws InvalidMessageError for malformed input. */
export function readSessionMessage<Extras = never>(
	operation: Operation,
	form: FormValues,
	settings: ReadSettings<Extras> = {},
): SessionMessage<Extras> {
	// A reaction and a read receipt already name their message; neither can quote another.
	return readMessageWith(CONTENT_READERS[operation], form, settings, operation !== 'sendReaction' && operation !== 'markAsRead');
}

/**
 * The same reading around content that another operation reads itself (Send and Wait for Reply):
 * recipient, options and the provider's own fields, with every mistake reported in one run.
 */
export function readMessageWith<Extras = never>(
	readContent: (form: FormValues) => SessionContent,
	form: FormValues,
	settings: ReadSettings<Extras>,
	canQuote: boolean,
): SessionMessage<Extras> {
	// Read the recipient, the content and the options separately so that one run reports every kind of mistake.
	const issues: ValidationIssue[] = [];
	const recipient = collectIssues(issues, () => readRecipient(form, settings.recipientKind ?? 'whatsAppUser'));
	const content = collectIssues(issues, () => readContent(form));
	const readExtras = settings.readExtras;
	const extras = readExtras === undefined ? undefined : collectIssues(issues, () => readExtras(form));
	if (recipient === undefined || content === undefined || issues.length > 0) throw new InvalidMessageError(issues);
	const options = readCollection(form, 'options');
	const replyToMessageId = canQuote ? (toText(options.replyToMessageId) ?? '').trim() || undefined : undefined;
	const clientMessageId = entryOptionalText(options, 'clientMessageId')?.trim() || undefined;
	return {
		recipient,
		...(replyToMessageId !== undefined && { replyToMessageId }),
		...(clientMessageId !== undefined && { clientMessageId }),
		content,
		...(extras !== undefined && { extras }),
	};
}

function readRecipient(form: FormValues, kind: RecipientKind): Recipient {
	switch (kind) {
		case 'whatsAppUser':
			return readWhatsAppUserField(form);
		case 'chatId':
			return readChatIdOrPhoneNumber(form);
		default:
			return assertNever(kind, 'recipient kind');
	}
}

function readWhatsAppUserField(form: FormValues): Recipient {
	const written = readText(form, 'recipient', L.recipient);
	if (written.trim() === '') {
		throw new InvalidMessageError([{ field: L.recipient, problem: 'is required' }]);
	}
	const result = readWhatsAppUser(written);
	if (!result.ok) {
		throw new InvalidMessageError([{ field: L.recipient, problem: `"${written}" ${result.problem}` }]);
	}
	return result.recipient;
}

/**
 * A provider that sends into its own chats also takes the customer's phone number, recognised by
 * its shape and normalised like every other provider's; its adapter looks the chat up before sending.
 */
function readChatIdOrPhoneNumber(form: FormValues): Recipient {
	const chatId = readChatId(form);
	if (!isWrittenAsPhoneNumber(chatId)) return { kind: 'chatId', chatId };
	const phone = normalisePhoneNumber(chatId);
	if (!phone.ok) throw new InvalidMessageError([{ field: L.recipientChatId, problem: `"${chatId}" ${phone.problem}` }]);
	return { kind: 'phoneNumber', digits: phone.digits };
}

/**
 * A chat ID is the provider's own identifier, so it is taken as written. It goes into the URL
 * path, where "." and ".." would name a different endpoint.
 */
function readChatId(form: FormValues): string {
	const chatId = readText(form, 'recipient', L.recipientChatId).trim();
	if (chatId === '') {
		throw new InvalidMessageError([{ field: L.recipientChatId, problem: 'is required' }]);
	}
	if (chatId === '.' || chatId === '..') {
		throw new InvalidMessageError([{ field: L.recipientChatId, problem: `cannot be "${chatId}"` }]);
	}
	return chatId;
}

const CONTENT_READERS: Record<Operation, (form: FormValues) => SessionContent> = {
	sendText: (form) => ({
		type: 'text',
		body: readText(form, 'textBody', L.textBody),
		previewUrl: readBoolean(form, 'previewUrl', false),
	}),
	sendMedia: (form) => {
		const mediaKind = readMediaKind(form.get('mediaType'));
		// A caption left in the form from an earlier media type is hidden there, so it is not sent.
		const caption = takesCaption(mediaKind) ? readOptionalText(form, 'caption', L.caption) : undefined;
		const filename = mediaKind === 'document' ? readOptionalText(form, 'filename', L.filename) : undefined;
		const voice = mediaKind === 'audio' && readBoolean(form, 'voiceNote', false);
		return {
			type: 'media',
			mediaKind,
			source: readMediaSource(form, 'mediaSource', 'mediaUrl', 'mediaId', L.mediaUrl, L.mediaId),
			...(caption !== undefined && { caption }),
			...(filename !== undefined && { filename }),
			...(voice && { voice }),
		};
	},
	sendLocation: (form) => {
		const name = readOptionalText(form, 'locationName', L.locationName);
		const address = readOptionalText(form, 'address', L.address);
		return {
			type: 'location',
			latitude: readNumber(form, 'latitude', L.latitude),
			longitude: readNumber(form, 'longitude', L.longitude),
			...(name !== undefined && { name }),
			...(address !== undefined && { address }),
		};
	},
	sendContacts: (form) => {
		const mode = form.get('contactsInputMode');
		const entries = readListEntries(form, {
			modeName: 'contactsInputMode',
			collectionName: 'contacts',
			entryKey: 'contact',
			jsonName: 'contactsJson',
			label: L.contacts,
		});
		return {
			type: 'contacts',
			contacts: entries.map(mode === 'json' ? contactFromCloudApiJson : contactFromFormEntry),
		};
	},
	sendReplyButtons: (form) => {
		const header = readInteractiveHeader(form);
		const footer = readOptionalText(form, 'footerText', L.footer);
		const buttons = readListEntries(form, {
			modeName: 'buttonsInputMode',
			collectionName: 'buttons',
			entryKey: 'button',
			jsonName: 'buttonsJson',
			label: L.buttons,
		}).map((entry) => ({ id: entryText(entry, 'id'), title: entryText(entry, 'title') }));
		return {
			type: 'replyButtons',
			body: readText(form, 'bodyText', L.body),
			...(header !== undefined && { header }),
			...(footer !== undefined && { footer }),
			buttons,
		};
	},
	sendList: (form) => {
		const header = readOptionalText(form, 'headerText', L.headerText);
		const footer = readOptionalText(form, 'footerText', L.footer);
		const sections = readListEntries(form, {
			modeName: 'sectionsInputMode',
			collectionName: 'sections',
			entryKey: 'section',
			jsonName: 'sectionsJson',
			label: L.sections,
		}).map(sectionFromEntry);
		return {
			type: 'list',
			body: readText(form, 'bodyText', L.body),
			buttonText: readText(form, 'listButtonText', L.listButtonText),
			...(header !== undefined && { header }),
			...(footer !== undefined && { footer }),
			sections,
		};
	},
	sendCtaUrl: (form) => {
		const header = readInteractiveHeader(form);
		const footer = readOptionalText(form, 'footerText', L.footer);
		return {
			type: 'ctaUrl',
			body: readText(form, 'bodyText', L.body),
			buttonText: readText(form, 'ctaButtonText', L.ctaButtonText),
			url: readText(form, 'ctaUrl', L.ctaUrl).trim(),
			...(header !== undefined && { header }),
			...(footer !== undefined && { footer }),
		};
	},
	sendLocationRequest: (form) => ({
		type: 'locationRequest',
		body: readText(form, 'bodyText', L.body),
	}),
	sendProduct: readProductContent,
	sendProductList: readProductListContent,
	sendCatalog: readCatalogContent,
	sendFlow: readFlowContent,
	sendReaction: (form) => ({
		type: 'reaction',
		messageId: readText(form, 'reactionMessageId', L.reactionMessageId).trim(),
		emoji: readText(form, 'emoji', L.emoji).trim(),
	}),
	markAsRead: (form) => ({
		type: 'readReceipt',
		messageId: readText(form, 'readMessageId', L.readMessageId).trim(),
		typingIndicator: readBoolean(form, 'showTypingIndicator', false),
	}),
	sendTemplate: readTemplateContent,
};

function readInteractiveHeader(form: FormValues): InteractiveHeader | undefined {
	const headerType = form.get('headerType');
	switch (headerType) {
		case undefined:
		case 'none':
			return undefined;
		case 'text':
			return { kind: 'text', text: readText(form, 'headerText', L.headerText) };
		case 'image':
		case 'video':
		case 'document':
			return {
				kind: headerType,
				source: readMediaSource(form, 'headerMediaSource', 'headerMediaUrl', 'headerMediaId', L.headerMediaUrl, L.headerMediaId),
			};
		default:
			throw new InvalidMessageError([
				{ field: L.header, problem: `must be none, text, image, video or document (got ${shownChoice(headerType)})` },
			]);
	}
}

function sectionFromEntry(entry: PlainObject, index: number): ListSection {
	const title = entryOptionalText(entry, 'title');
	const rows = entriesOfFixedCollection(entry.rows, 'row', nestedFieldLabel(L.sections, listPosition('Section', index), L.rows)).map(
		(row) => {
			const description = entryOptionalText(row, 'description');
			return {
				id: entryText(row, 'id'),
				title: entryText(row, 'title'),
				...(description !== undefined && { description }),
			};
		},
	);
	return title === undefined ? { rows } : { title, rows };
}
