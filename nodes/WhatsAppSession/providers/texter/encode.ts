import type { IDataObject } from 'n8n-workflow';

import type { ValidationIssue } from '../../message/errors';
import { FIELD_LABELS as L } from '../../message/fieldLabels';
import type {
	ListContent,
	LocationContent,
	MediaContent,
	MediaFile,
	MediaKind,
	ReplyButtonsContent,
	SessionContent,
	SessionContentType,
} from '../../message/types';
import { assertNever } from '../../util/values';
import { isCarried, mediaKindIssues, notAvailableWith, operationNotAvailable } from '../shared/providerSupport';
import type { TexterFieldNames } from './fieldNames';
import { ADDITIONAL_FILES_LABEL } from './files';

/** How a canonical message's content becomes Texter's Message object; the field names inside it are our reading of Texter's documents (fieldNames.ts). */

/**
 * Texter's "Send a Message to Chat" (seed 003, PROVIDERS.md §4):
 * `POST https://{projectId}.texterchat.com/server/api/v2/messages/send/{chatId}` with a Bearer
 * token that has the "Send session message" scope. The target is an existing chat, not a number.
 */
export const TEXTER = 'Texter';

export const TEXTER_LIMITS = {
	/** `media` takes 1 to 10 items. */
	mediaFiles: 10,
} as const;

/** The message types the seed lists for Texter; the others are refused before sending. */
export const TEXTER_CONTENT_TYPES = ['text', 'media', 'location', 'contacts', 'replyButtons', 'list'] as const satisfies readonly SessionContentType[];

/** Why each message type the seed does not list for Texter cannot be sent. */
const TEXTER_LACKS: Record<Exclude<SessionContentType, (typeof TEXTER_CONTENT_TYPES)[number]>, string> = {
	ctaUrl: 'its session messages have no URL buttons',
	locationRequest: 'its session messages cannot ask for a location',
	product: 'its session messages cannot show catalog products',
	productList: 'its session messages cannot show catalog products',
	catalog: 'its session messages cannot show a catalog',
	flow: 'its session messages cannot open a WhatsApp Flow',
	reaction: 'its session messages cannot react to a message',
	template: 'Texter sends templates through an endpoint of its own, which this node does not know',
	readReceipt: 'its API has no read receipts that we know of',
};

export const TEXTER_MEDIA_KINDS: readonly MediaKind[] = ['image', 'video', 'audio', 'document'];

export function encodeContent(
	content: SessionContent,
	additionalFiles: MediaFile[],
	names: TexterFieldNames,
	issues: ValidationIssue[],
): IDataObject {
	if (!isCarried(content, TEXTER_CONTENT_TYPES)) {
		issues.push(operationNotAvailable(TEXTER, content.type, TEXTER_LACKS[content.type]));
		return {};
	}
	switch (content.type) {
		case 'text':
			// Texter has no link-preview switch; WhatsApp decides.
			return { type: 'text', text: content.body };
		case 'media':
			return encodeMedia(content, additionalFiles, names, issues);
		case 'location':
			return encodeLocation(content, names);
		case 'contacts':
			return { type: 'contacts', contacts: content.contacts.map(names.encodeContact) };
		case 'replyButtons':
			return encodeReplyButtons(content, names, issues);
		case 'list':
			return encodeList(content, names, issues);
		default:
			return assertNever(content, 'message type');
	}
}

function encodeLocation(content: LocationContent, names: TexterFieldNames): IDataObject {
	const fields = names.location;
	return {
		type: 'location',
		location: {
			[fields.latitude]: content.latitude,
			[fields.longitude]: content.longitude,
			...(content.name !== undefined && { [fields.name]: content.name }),
			...(content.address !== undefined && { [fields.address]: content.address }),
		},
	};
}

function encodeReplyButtons(content: ReplyButtonsContent, names: TexterFieldNames, issues: ValidationIssue[]): IDataObject {
	const header = content.header;
	if (header !== undefined && header.kind !== 'text') {
		issues.push(notAvailableWith(TEXTER, L.header, 'its reply buttons take no image, video or document header'));
	}
	return {
		type: 'buttons',
		text: content.body,
		...(header?.kind === 'text' && optionalField(names.buttonsHeader, header.text, L.headerText, issues)),
		...optionalField(names.buttonsFooter, content.footer, L.footer, issues),
		buttons: content.buttons.map((button) => ({
			[names.button.id]: button.id,
			[names.button.title]: button.title,
		})),
	};
}

function encodeList(content: ListContent, names: TexterFieldNames, issues: ValidationIssue[]): IDataObject {
	const fields = names.list;
	return {
		type: 'list',
		text: content.body,
		list: {
			...optionalField(fields.header, content.header, L.headerText, issues),
			...optionalField(fields.footer, content.footer, L.footer, issues),
			[fields.buttonText]: content.buttonText,
			[fields.sections]: content.sections.map((section) => ({
				...(section.title !== undefined && { [fields.sectionTitle]: section.title }),
				[fields.rows]: section.rows.map((row) => ({
					[fields.rowId]: row.id,
					[fields.rowTitle]: row.title,
					...(row.description !== undefined && { [fields.rowDescription]: row.description }),
				})),
			})),
		},
	};
}


function encodeMedia(
	media: MediaContent,
	additionalFiles: MediaFile[],
	names: TexterFieldNames,
	issues: ValidationIssue[],
): IDataObject {
	const files: MediaFile[] = [{ mediaKind: media.mediaKind, source: media.source }, ...additionalFiles];
	if (files.length > TEXTER_LIMITS.mediaFiles) {
		issues.push({
			field: ADDITIONAL_FILES_LABEL,
			problem: `make ${files.length} files in one message; ${TEXTER} takes at most ${TEXTER_LIMITS.mediaFiles}`,
		});
	}
	issues.push(
		...mediaKindIssues(
			TEXTER,
			files.map((file) => file.mediaKind),
			TEXTER_MEDIA_KINDS,
			'its media are images, videos, audio files or documents, not stickers',
		),
	);
	const [first, ...rest] = files.map((file) => encodeMediaItem(file, names));
	return {
		type: 'media',
		...optionalField(names.mediaCaption, media.caption, L.caption, issues),
		media: [{ ...first, ...optionalField(names.media.fileName, media.filename, L.filename, issues) }, ...rest],
	};
}

function encodeMediaItem(file: MediaFile, names: TexterFieldNames): IDataObject {
	const fields = names.media;
	return {
		[fields.mediaType]: file.mediaKind,
		...('link' in file.source ? { [fields.url]: file.source.link } : { [fields.fileId]: file.source.id }),
	};
}

/** A field Texter may not have (its name is null): set only when it has a value and a name. */
function optionalField(
	name: string | null,
	value: string | undefined,
	label: string,
	issues: ValidationIssue[],
): IDataObject {
	if (value === undefined) return {};
	if (name === null) {
		issues.push(notAvailableWith(TEXTER, label, 'its API documents no such field. Leave it empty'));
		return {};
	}
	return { [name]: value };
}
