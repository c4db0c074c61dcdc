import type { INodeProperties } from 'n8n-workflow';

import { FIELD_LABELS as L } from '../message/fieldLabels';
import { forOperation, MEDIA_KIND_OPTIONS, mediaSourceOptions } from './shared';

export const mediaProperties: INodeProperties[] = forOperation('sendMedia', [
	{
		displayName: L.mediaType,
		name: 'mediaType',
		type: 'options',
		options: MEDIA_KIND_OPTIONS,
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
