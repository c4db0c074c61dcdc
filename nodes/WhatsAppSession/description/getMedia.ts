import type { INodeProperties } from 'n8n-workflow';

import { GET_MEDIA_LABELS as L, GET_MEDIA_OPERATION } from '../media/receivedFile';
import { allProviders } from '../providers';
import { providersWhere } from './byProvider';
import { timeoutOption } from './common';
import { forOperation, optionsCollection } from './shared';

/**
 * Get Media. Which input it asks for comes from each adapter's declaration: a media id, or the
 * file's URL where the provider's webhook gives that instead. The descriptions are what an AI
 * agent reads when it uses the node as a tool.
 */
export const getMediaProperties: INodeProperties[] = forOperation(GET_MEDIA_OPERATION, [
	// What a provider's credential needs first (a download path it starts without).
	...allProviders().flatMap((adapter): INodeProperties[] => {
		const download = adapter.media?.download;
		const hint = download?.takes === 'mediaId' ? download.setupHint : undefined;
		return hint === undefined
			? []
			: [{ displayName: hint, name: 'getMediaSetupNotice', type: 'notice', default: '', displayOptions: { show: { provider: [adapter.id] } } }];
	}),
	{
		displayName: L.mediaId,
		name: 'receivedMediaId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '1042381205592316',
		displayOptions: { show: { provider: providersWhere((adapter) => adapter.media?.download?.takes === 'mediaId') } },
		description:
			'The ID of the file the customer sent, from the media object of the WhatsApp Session Trigger\'s item (not the message\'s wamid). WhatsApp keeps the file for about 7 days.',
	},
	{
		displayName: L.mediaUrl,
		name: 'receivedMediaUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://example.com/attachments/photo.jpg',
		displayOptions: { show: { provider: providersWhere((adapter) => adapter.media?.download?.takes === 'url') } },
		description:
			'The URL of the file the customer sent, from the media object of the WhatsApp Session Trigger\'s item. It is fetched only from the provider\'s file host or the credential\'s own address (see Options › Allow Other Hosts).',
	},
	{
		displayName: L.binaryProperty,
		name: 'outputBinaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		description: 'The name of the output binary field to put the file in',
	},
	optionsCollection([
		{
			displayName: L.allowOtherHosts,
			name: 'allowOtherHosts',
			type: 'boolean',
			default: false,
			description:
				'Whether to fetch a file from a host other than the provider\'s file host and the credential\'s own address, without the credential. Risky: anyone who can post an event to the trigger can then make n8n fetch any address it reaches, including services on its own network, and hand the answer to the workflow.',
		},
		{
			displayName: L.fileName,
			name: 'fileName',
			type: 'string',
			default: '',
			placeholder: 'invoice-1042.pdf',
			description:
				'The file\'s name in n8n. Left empty, the media ID (or the URL\'s last part) with the extension of the file\'s MIME type, such as 1042.jpg. For a document, the trigger\'s media.filename is the name the customer\'s file had.',
		},
		{
			displayName: L.maxFileSize,
			name: 'maxFileSizeMb',
			type: 'number',
			typeOptions: { minValue: 0.01, maxValue: 100, numberPrecision: 2 },
			default: 100,
			description:
				'The largest file to fetch, in megabytes (at most 100, WhatsApp\'s largest file). A larger one fails the item; the download stops there even when the server does not say the size.',
		},
		timeoutOption,
	]),
]);
