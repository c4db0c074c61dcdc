import { updateDisplayOptions, type INodeProperties, type INodePropertyOptions, type SEND_AND_WAIT_OPERATION } from 'n8n-workflow';

import type { Operation } from '../message/operations';
import { FIELD_LABELS as L } from '../message/fieldLabels';
import { MEDIA_KINDS, type MediaKind } from '../message/types';
import type { GET_MEDIA_OPERATION } from '../media/receivedFile';

/** Shows a group of fields only for one operation, applied once instead of on every field. */
export function forOperation(
	operation: Operation | typeof SEND_AND_WAIT_OPERATION | typeof GET_MEDIA_OPERATION,
	properties: INodeProperties[],
): INodeProperties[] {
	return updateDisplayOptions({ show: { resource: ['message'], operation: [operation] } }, properties);
}

/** An "Options" collection ("Add option"), the place n8n's nodes keep optional settings. */
export function optionsCollection(options: INodeProperties[], more: Partial<INodeProperties> = {}): INodeProperties {
	return { displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add option', default: {}, options, ...more };
}

/** The "Using Fields Below / Using JSON" switch that every list field (buttons, rows, contacts) has. */
export function inputModeProperty(name: string, subject: string): INodeProperties {
	return {
		displayName: `Define ${subject}`,
		name,
		type: 'options',
		options: [
			{ name: 'Using Fields Below', value: 'fields' },
			{ name: 'Using JSON', value: 'json', description: `Map an array of ${subject.toLowerCase()} from a previous node` },
		],
		default: 'fields',
		description: `How to give the ${subject.toLowerCase()}: field by field, or as one JSON array`,
	};
}

export const bodyTextProperty: INodeProperties = {
	displayName: L.body,
	name: 'bodyText',
	type: 'string',
	typeOptions: { rows: 3 },
	default: '',
	required: true,
	description: 'The main text of the message (up to 1024 characters)',
};

export const footerTextProperty: INodeProperties = {
	displayName: L.footer,
	name: 'footerText',
	type: 'string',
	default: '',
	description: 'Optional small grey text under the message (up to 60 characters)',
};

/** The text-only header of lists, product lists and Flows; a product list makes it required. */
export const optionalHeaderTextProperty: INodeProperties = {
	displayName: L.headerText,
	name: 'headerText',
	type: 'string',
	default: '',
	description: 'Optional header above the body (up to 60 characters)',
};

const mediaSourceOptions = [
	{ name: 'Public URL', value: 'url', description: 'The provider downloads the file from this link' },
	{ name: 'Uploaded Media ID', value: 'id', description: 'The ID of a file uploaded to the provider before' },
];

/** Header choice for reply buttons and call-to-action messages: none, text or a media file. */
export function interactiveHeaderProperties(): INodeProperties[] {
	return [
		{
			displayName: L.header,
			name: 'headerType',
			type: 'options',
			options: [
				{ name: 'Document', value: 'document' },
				{ name: 'Image', value: 'image' },
				{ name: 'None', value: 'none' },
				{ name: 'Text', value: 'text' },
				{ name: 'Video', value: 'video' },
			],
			default: 'none',
			description: 'Optional header above the body text',
		},
		{
			displayName: L.headerText,
			name: 'headerText',
			type: 'string',
			default: '',
			displayOptions: { show: { headerType: ['text'] } },
			description: 'Up to 60 characters',
		},
		{
			displayName: 'Header Media Source',
			name: 'headerMediaSource',
			type: 'options',
			options: mediaSourceOptions,
			default: 'url',
			displayOptions: { show: { headerType: ['image', 'video', 'document'] } },
		},
		{
			displayName: L.headerMediaUrl,
			name: 'headerMediaUrl',
			type: 'string',
			default: '',
			placeholder: 'https://example.com/picture.jpg',
			displayOptions: { show: { headerType: ['image', 'video', 'document'], headerMediaSource: ['url'] } },
		},
		{
			displayName: L.headerMediaId,
			name: 'headerMediaId',
			type: 'string',
			default: '',
			displayOptions: { show: { headerType: ['image', 'video', 'document'], headerMediaSource: ['id'] } },
		},
	];
}

export { mediaSourceOptions };

/**
 * Where a file comes from: the source switch and its URL and ID fields. The form's first file and
 * a provider's further files ask the same, in their own words.
 */
export function mediaSourceProperties(words: {
	required: boolean;
	urlPlaceholder: string;
	urlDescription: string;
	idDescription: string;
}): INodeProperties[] {
	return [mediaSourceField(mediaSourceOptions), ...mediaLocationFields(words)];
}

/** The Media Source switch, with the sources offered where it is shown. */
export function mediaSourceField(options: INodePropertyOptions[]): INodeProperties {
	return { displayName: L.mediaSource, name: 'mediaSource', type: 'options', options, default: 'url' };
}

/** The URL and ID fields that the Media Source switch shows. */
export function mediaLocationFields(words: Parameters<typeof mediaSourceProperties>[0]): INodeProperties[] {
	return [
		{
			displayName: L.mediaUrl,
			name: 'mediaUrl',
			type: 'string',
			default: '',
			...(words.required && { required: true }),
			placeholder: words.urlPlaceholder,
			displayOptions: { show: { mediaSource: ['url'] } },
			description: words.urlDescription,
		},
		{
			displayName: L.mediaId,
			name: 'mediaId',
			type: 'string',
			default: '',
			...(words.required && { required: true }),
			displayOptions: { show: { mediaSource: ['id'] } },
			description: words.idDescription,
		},
	];
}

/** The media kinds WhatsApp takes, with the formats and sizes it accepts for each. */
const MEDIA_KIND_CHOICES: Record<MediaKind, { name: string; description: string }> = {
	audio: { name: 'Audio', description: 'AAC, AMR, MP3, MP4 or OGG (Opus), up to 16 MB' },
	document: { name: 'Document', description: 'Any file, up to 100 MB' },
	image: { name: 'Image', description: 'JPEG or PNG, up to 5 MB' },
	sticker: { name: 'Sticker', description: 'WebP, up to 100 KB (500 KB animated)' },
	video: { name: 'Video', description: 'MP4 or 3GP, up to 16 MB' },
};

/** Sorted by name, as n8n's lint asks of options. */
export const MEDIA_KIND_OPTIONS: Array<INodePropertyOptions & { value: MediaKind }> = MEDIA_KINDS.map((kind) => ({
	...MEDIA_KIND_CHOICES[kind],
	value: kind,
})).sort((a, b) => a.name.localeCompare(b.name));
