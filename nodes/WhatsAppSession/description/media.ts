import type { INodeProperties } from 'n8n-workflow';

import { FIELD_LABELS as L } from '../message/fieldLabels';
import { CAPTIONED_MEDIA_KINDS } from '../message/types';
import { groupProvidersBy, providersCarrying } from './byProvider';
import { forOperation, MEDIA_KIND_OPTIONS, mediaSourceProperties } from './shared';

/** One Media Type field per group of providers that carry the same kinds of file, offering only those. */
const mediaTypeProperties: INodeProperties[] = groupProvidersBy((adapter) => adapter.carries.mediaKinds).map(
	({ providers, values: mediaKinds }) => ({
		displayName: L.mediaType,
		name: 'mediaType',
		type: 'options',
		options: MEDIA_KIND_OPTIONS.filter((option) => mediaKinds.some((kind) => kind === option.value)),
		default: 'image',
		displayOptions: { show: { provider: providers } },
	}),
);

export const mediaProperties: INodeProperties[] = forOperation('sendMedia', [
	...mediaTypeProperties,
	...mediaSourceProperties({
		required: true,
		urlPlaceholder: 'https://example.com/invoice.pdf',
		urlDescription: 'A public http(s) link the provider can download the file from',
		idDescription: 'The ID the provider returned when the file was uploaded',
	}),
	{
		displayName: L.caption,
		name: 'caption',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		displayOptions: { show: { mediaType: [...CAPTIONED_MEDIA_KINDS] } },
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
	{
		displayName: L.voiceNote,
		name: 'voiceNote',
		type: 'boolean',
		default: false,
		displayOptions: { show: { mediaType: ['audio'], provider: providersCarrying('voiceNote') } },
		description: 'Whether to play the audio as a voice note. WhatsApp needs an OGG file with the Opus codec for that.',
	},
]);
