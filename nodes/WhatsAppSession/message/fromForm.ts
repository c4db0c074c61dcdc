import { InvalidMessageError, isInvalidMessageError, type ValidationIssue } from './errors';
import { FIELD_LABELS as L, nestedFieldLabel } from './fieldLabels';
import {
	describeType,
	entriesOfFixedCollection,
	entryOptionalText,
	entryText,
	isPlainObject,
	parseJson,
	readBoolean,
	readCollection,
	readListEntries,
	readNumber,
	readOptionalText,
	readText,
	toText,
	type FormValues,
	type PlainObject,
} from './formValues';
import { normalisePhoneNumber } from './phoneNumber';
import type {
	ContactCard,
	DeliveryOptions,
	InteractiveHeader,
	JsonValue,
	ListSection,
	MediaFile,
	MediaKind,
	MediaSource,
	RecipientKind,
	SessionContent,
	SessionMessage,
} from './types';

/** The node's operations, one per WhatsApp session message type. */
export const OPERATIONS = [
	'sendText',
	'sendMedia',
	'sendLocation',
	'sendContacts',
	'sendReplyButtons',
	'sendList',
	'sendCtaUrl',
	'sendLocationRequest',
	'sendReaction',
] as const;

export type Operation = (typeof OPERATIONS)[number];

export function isOperation(value: unknown): value is Operation {
	return OPERATIONS.some((operation) => operation === value);
}

/** What the chosen provider needs to know to read a form. */
export interface ReadSettings {
	/** What the recipient field holds for this provider; a phone number when absent. */
	recipientKind?: RecipientKind;
}

/** Reads one item's form into a canonical message. Throws InvalidMessageError for malformed input. */
export function readSessionMessage(operation: Operation, form: FormValues, settings: ReadSettings = {}): SessionMessage {
	// Read the recipient, the content and the options separately so that one run reports every kind of mistake.
	const issues: ValidationIssue[] = [];
	const recipientKind = settings.recipientKind ?? 'phoneNumber';
	const recipient = collectIssues(issues, () => (recipientKind === 'chatId' ? readChatId(form) : readRecipient(form)));
	const content = collectIssues(issues, () => CONTENT_READERS[operation](form));
	const options = readCollection(form, 'options');
	const delivery = collectIssues(issues, () => readDeliveryOptions(options));
	if (recipient === undefined || content === undefined || delivery === undefined) throw new InvalidMessageError(issues);
	const replyToMessageId =
		operation === 'sendReaction' ? undefined : (toText(options.replyToMessageId) ?? '').trim() || undefined;
	return {
		recipient,
		...(recipientKind === 'chatId' && { recipientKind }),
		...(replyToMessageId !== undefined && { replyToMessageId }),
		content,
		...(Object.keys(delivery).length > 0 && { delivery }),
	};
}

function collectIssues<T>(issues: ValidationIssue[], read: () => T): T | undefined {
	let caught: unknown;
	try {
		return read();
	} catch (error) {
		caught = error;
	}
	// Only bad input is collected; anything else is a bug and must surface as it is.
	if (!isInvalidMessageError(caught)) throw caught;
	issues.push(...caught.issues);
	return undefined;
}

export function readRecipient(form: FormValues): string {
	const written = readText(form, 'recipient', L.recipient);
	if (written.trim() === '') {
		throw new InvalidMessageError([{ field: L.recipient, problem: 'is required' }]);
	}
	const result = normalisePhoneNumber(written);
	if (!result.ok) {
		throw new InvalidMessageError([{ field: L.recipient, problem: `"${written}" ${result.problem}` }]);
	}
	return result.digits;
}

/**
 * A chat ID is the provider's own identifier, so it is taken as written. It goes into the URL
 * path, where "." and ".." would name a different endpoint.
 */
export function readChatId(form: FormValues): string {
	const chatId = readText(form, 'recipient', L.recipientChatId).trim();
	if (chatId === '') {
		throw new InvalidMessageError([{ field: L.recipientChatId, problem: 'is required' }]);
	}
	if (chatId === '.' || chatId === '..') {
		throw new InvalidMessageError([{ field: L.recipientChatId, problem: `cannot be "${chatId}"` }]);
	}
	return chatId;
}

/** The options that say how a message is delivered; each provider uses the ones it has. */
export function readDeliveryOptions(options: PlainObject): DeliveryOptions {
	const issues: ValidationIssue[] = [];
	const clientMessageId = entryOptionalText(options, 'clientMessageId')?.trim() || undefined;
	const campaignName = entryOptionalText(options, 'campaignName')?.trim() || undefined;
	const recipientName = entryOptionalText(options, 'recipientName')?.trim() || undefined;
	const callbackData = collectIssues(issues, () => readCallbackData(options.callbackData));
	const senderPhoneNumber = collectIssues(issues, () => readSenderPhoneNumber(options.senderPhoneNumber));
	if (issues.length > 0) throw new InvalidMessageError(issues);
	return {
		...(clientMessageId !== undefined && { clientMessageId }),
		...(callbackData !== undefined && { callbackData }),
		...(campaignName !== undefined && { campaignName }),
		...(senderPhoneNumber !== undefined && { senderPhoneNumber }),
		...(recipientName !== undefined && { recipientName }),
	};
}

/**
 * Callback data is any JSON value. Typed into the form it arrives as JSON text; an expression may
 * hand over the value itself. Text that is not JSON is refused rather than guessed at, because a
 * bare word and a JSON string would otherwise reach webhooks differently.
 */
function readCallbackData(value: unknown): JsonValue | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'string') {
		if (value.trim() === '') return undefined;
		const parsed = parseJson(value);
		if (!parsed.ok) {
			throw new InvalidMessageError([
				{
					field: L.callbackData,
					problem: `is not valid JSON: ${parsed.reason}. Write text in double quotes, for example "order-1042"`,
				},
			]);
		}
		return toJsonValue(parsed.value);
	}
	return toJsonValue(value);
}

function toJsonValue(value: unknown): JsonValue {
	if (isJsonValue(value)) return value;
	throw new InvalidMessageError([
		{ field: L.callbackData, problem: `must be a JSON value (got ${describeType(value)})` },
	]);
}

function isJsonValue(value: unknown): value is JsonValue {
	if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
	if (typeof value === 'number') return Number.isFinite(value);
	if (Array.isArray(value)) return value.every(isJsonValue);
	return isPlainObject(value) && Object.values(value).every(isJsonValue);
}

function readSenderPhoneNumber(value: unknown): string | undefined {
	const written = toText(value)?.trim() ?? '';
	if (written === '') return undefined;
	const result = normalisePhoneNumber(written);
	if (!result.ok) {
		throw new InvalidMessageError([{ field: L.senderPhoneNumber, problem: `"${written}" ${result.problem}` }]);
	}
	return result.digits;
}

const CONTENT_READERS: Record<Operation, (form: FormValues) => SessionContent> = {
	sendText: (form) => ({
		type: 'text',
		body: readText(form, 'textBody', L.textBody),
		previewUrl: readBoolean(form, 'previewUrl', false),
	}),
	sendMedia: (form) => {
		const mediaKind = readMediaKind(form.get('mediaType'));
		const caption = mediaKind === 'audio' || mediaKind === 'sticker' ? undefined : readOptionalText(form, 'caption', L.caption);
		const filename = mediaKind === 'document' ? readOptionalText(form, 'filename', L.filename) : undefined;
		const additionalFiles = readAdditionalFiles(form);
		return {
			type: 'media',
			mediaKind,
			source: readMediaSource(form, 'mediaSource', 'mediaUrl', 'mediaId', L.mediaUrl, L.mediaId),
			...(caption !== undefined && { caption }),
			...(filename !== undefined && { filename }),
			...(additionalFiles.length > 0 && { additionalFiles }),
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
	sendReaction: (form) => ({
		type: 'reaction',
		messageId: readText(form, 'reactionMessageId', L.reactionMessageId).trim(),
		emoji: readText(form, 'emoji', L.emoji).trim(),
	}),
};

const MEDIA_KINDS: readonly MediaKind[] = ['image', 'video', 'audio', 'document', 'sticker'];

function readMediaKind(value: unknown, label: string = L.mediaType): MediaKind {
	const kind = MEDIA_KINDS.find((candidate) => candidate === value);
	if (kind === undefined) {
		throw new InvalidMessageError([
			{ field: label, problem: `must be one of ${MEDIA_KINDS.join(', ')} (got ${shownChoice(value)})` },
		]);
	}
	return kind;
}

/** A wrong choice as the user wrote it; an object is described, since String() throws for some. */
function shownChoice(value: unknown): string {
	return typeof value === 'object' && value !== null ? describeType(value) : String(value);
}

/** The files after the first one, each with its own type and source, as the form's list holds them. */
function readAdditionalFiles(form: FormValues): MediaFile[] {
	return entriesOfFixedCollection(form.get('additionalFiles'), 'file', L.additionalFiles).map((entry, index) => {
		const label = (field: string) => nestedFieldLabel(L.additionalFiles, `File ${index + 1}`, field);
		const entryForm: FormValues = { get: (name) => entry[name] };
		return {
			mediaKind: readMediaKind(entry.mediaType, label(L.mediaType)),
			source: readMediaSource(entryForm, 'mediaSource', 'mediaUrl', 'mediaId', label(L.mediaUrl), label(L.mediaId)),
		};
	});
}

function readMediaSource(
	form: FormValues,
	sourceName: string,
	urlName: string,
	idName: string,
	urlLabel: string,
	idLabel: string,
): MediaSource {
	return form.get(sourceName) === 'id'
		? { id: readText(form, idName, idLabel).trim() }
		: { link: readText(form, urlName, urlLabel).trim() };
}

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
	const rows = entriesOfFixedCollection(entry.rows, 'row', `${L.sections} › Section ${index + 1} › ${L.rows}`).map(
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

/** Keeps only the keys that hold text, so an empty optional field is not sent as "". */
function compactText<K extends string>(entry: PlainObject, keys: Record<K, string>): Partial<Record<K, string>> {
	const result: Partial<Record<K, string>> = {};
	for (const [target, source] of Object.entries<string>(keys)) {
		const text = entryOptionalText(entry, source);
		if (text !== undefined && isKeyOf(keys, target)) result[target] = text;
	}
	return result;
}

function isKeyOf<K extends string>(record: Record<K, string>, key: string): key is K {
	return Object.prototype.hasOwnProperty.call(record, key);
}

function subEntries(entry: PlainObject, key: string, entryKey: string, label: string): PlainObject[] {
	return entriesOfFixedCollection(entry[key], entryKey, label);
}

function contactFromFormEntry(entry: PlainObject, index: number): ContactCard {
	const label = `${L.contacts} › Contact ${index + 1}`;
	const organisation = compactText(entry, { company: 'company', department: 'department', title: 'jobTitle' });
	return {
		formattedName: entryText(entry, 'formattedName'),
		...compactText(entry, { firstName: 'firstName', lastName: 'lastName', birthday: 'birthday' }),
		phones: subEntries(entry, 'phones', 'phone', `${label} › ${L.phones}`).map((phone) => ({
			phone: entryText(phone, 'phone'),
			...compactText(phone, { type: 'type', waId: 'waId' }),
		})),
		emails: subEntries(entry, 'emails', 'email', `${label} › ${L.emails}`).map((email) => ({
			email: entryText(email, 'email'),
			...compactText(email, { type: 'type' }),
		})),
		urls: subEntries(entry, 'urls', 'url', `${label} › ${L.urls}`).map((url) => ({
			url: entryText(url, 'url'),
			...compactText(url, { type: 'type' }),
		})),
		addresses: subEntries(entry, 'addresses', 'address', `${label} › Addresses`).map((address) =>
			compactText(address, ADDRESS_KEYS),
		),
		...(Object.keys(organisation).length > 0 && { organisation }),
	};
}

const ADDRESS_KEYS = {
	street: 'street',
	city: 'city',
	state: 'state',
	zip: 'zip',
	country: 'country',
	countryCode: 'countryCode',
	type: 'type',
} as const;

/** JSON mode takes contacts in the Cloud API's own shape, the one provider docs and CRMs show. */
function contactFromCloudApiJson(entry: PlainObject, index: number): ContactCard {
	const label = `${L.contacts} › Contact ${index + 1}`;
	const name = isPlainObject(entry.name) ? entry.name : {};
	const org = isPlainObject(entry.org) ? entry.org : {};
	const organisation = compactText(org, { company: 'company', department: 'department', title: 'title' });
	const birthday = entryOptionalText(entry, 'birthday');
	return {
		formattedName: entryText(name, 'formatted_name'),
		...compactText(name, { firstName: 'first_name', lastName: 'last_name' }),
		...(birthday !== undefined && { birthday }),
		phones: entriesOfFixedCollection(entry.phones, '', `${label} › ${L.phones}`).map((phone) => ({
			phone: entryText(phone, 'phone'),
			...compactText(phone, { type: 'type', waId: 'wa_id' }),
		})),
		emails: entriesOfFixedCollection(entry.emails, '', `${label} › ${L.emails}`).map((email) => ({
			email: entryText(email, 'email'),
			...compactText(email, { type: 'type' }),
		})),
		urls: entriesOfFixedCollection(entry.urls, '', `${label} › ${L.urls}`).map((url) => ({
			url: entryText(url, 'url'),
			...compactText(url, { type: 'type' }),
		})),
		addresses: entriesOfFixedCollection(entry.addresses, '', `${label} › Addresses`).map((address) =>
			compactText(address, { ...ADDRESS_KEYS, countryCode: 'country_code' }),
		),
		...(Object.keys(organisation).length > 0 && { organisation }),
	};
}
