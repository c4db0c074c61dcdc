import type { INodeProperties } from 'n8n-workflow';

import { FIELD_LABELS as L } from '../message/fieldLabels';
import { CAPTIONED_MEDIA_KINDS } from '../message/types';
import { allProviders } from '../providers';
import { groupProvidersBy, providersCarrying } from './byProvider';
import { forOperation, MEDIA_KIND_OPTIONS, mediaLocationFields, mediaSourceField, mediaSourceOptions } from './shared';

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

/** The file from an earlier node, uploaded first; only where the provider takes uploads. */
const BINARY_FILE_SOURCE = {
	// n8n's lint wants option names in title case, which would write "N8n Binary File".
	name: 'Binary File From Input',
	value: 'binary',
	description: 'An n8n binary file of the input item (from an earlier node), uploaded to the provider, then sent by its ID',
};

/** One Media Source field per group of providers: those that take uploads also offer the binary file. */
const mediaSourceProperties: INodeProperties[] = groupProvidersBy((adapter) =>
	adapter.media?.upload === undefined ? ['id', 'url'] : ['binary', 'id', 'url'],
).map(({ providers, values: sources }) => ({
	...mediaSourceField([BINARY_FILE_SOURCE, ...mediaSourceOptions].filter((option) => sources.some((source) => source === option.value))),
	displayOptions: { show: { provider: providers } },
}));

/** What a provider's credential needs before its uploads work (an upload path it starts without), where the binary source is chosen. */
const uploadSetupNotices: INodeProperties[] = allProviders().flatMap((adapter) => {
	const hint = adapter.media?.upload?.setupHint;
	return hint === undefined
		? []
		: [{ displayName: hint, name: 'mediaUploadSetupNotice', type: 'notice', default: '', displayOptions: { show: { provider: [adapter.id], mediaSource: ['binary'] } } }];
});

export const mediaProperties: INodeProperties[] = forOperation('sendMedia', [
	...mediaTypeProperties,
	...mediaSourceProperties,
	...uploadSetupNotices,
	...mediaLocationFields({
		required: true,
		urlPlaceholder: 'https://example.com/invoice.pdf',
		urlDescription: 'A public http(s) link the provider can download the file from',
		idDescription: 'The ID the provider returned when the file was uploaded',
	}),
	{
		displayName: L.binaryPropertyName,
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		displayOptions: { show: { mediaSource: ['binary'] } },
		hint: 'The name of the input binary field containing the file to be sent',
		description:
			'Checked against WhatsApp\'s limits for the Media Type before it is uploaded. The same file is uploaded once per run, however many items send it.',
	},
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
		hint: 'With its extension (.pdf, .xlsx, .docx…): WhatsApp shows the name and picks the icon by it',
		displayOptions: { show: { mediaType: ['document'] } },
		description: 'The file name the customer sees. With an n8n binary file, its own file name when left empty.',
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
