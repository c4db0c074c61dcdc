import type { INodeProperties } from 'n8n-workflow';

import { FIELD_LABELS as L } from '../message/fieldLabels';
import { forOperation, mediaSourceOptions } from './shared';

export const mediaProperties: INodeProperties[] = forOperation('sendMedia', [
	{
		displayName: L.mediaType,
		name: 'mediaType',
		type: 'options',
		options: [
			{ name: 'Audio', value: 'audio', description: 'AAC, AMR, MP3, MP4 or OGG (Opus), up to 16 MB' },
			{ name: 'Document', value: 'document', description: 'Any file, up to 100 MB' },
			{ name: 'Image', value: 'image', description: 'JPEG or PNG, up to 5 MB' },
			{ name: 'Sticker', value: 'sticker', description: 'WebP, up to 100 KB (500 KB animated)' },
			{ name: 'Video', value: 'video', description: 'MP4 or 3GP, up to 16 MB' },
		],
		default: 'image',
	},
	{
		displayName: L.mediaSource,
		name: 'mediaSource',
		type: 'options',
		options: mediaSourceOptions,
		default: 'url',
	},
	{
		displayName: L.mediaUrl,
		name: 'mediaUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://example.com/invoice.pdf',
		displayOptions: { show: { mediaSource: ['url'] } },
		description: 'A public http(s) link the provider can download the file from',
	},
	{
		displayName: L.mediaId,
		name: 'mediaId',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { mediaSource: ['id'] } },
		description: 'The ID the provider returned when the file was uploaded',
	},
	{
		displayName: L.caption,
		name: 'caption',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		displayOptions: { show: { mediaType: ['image', 'video', 'document'] } },
		description: 'Optional text under the file, up to 1024 characters',
	},
	{
		displayName: L.filename,
		name: 'filename',
		type: 'string',
		default: '',
		placeholder: 'invoice-1042.pdf',
		displayOptions: { show: { mediaType: ['document'] } },
		description: 'The file name the customer sees',
	},
]);
