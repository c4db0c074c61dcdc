import type { INodeProperties } from 'n8n-workflow';

import { FIELD_LABELS as L } from '../message/fieldLabels';
import { providersCarrying } from './byProvider';
import { forOperation } from './shared';

export const textProperties: INodeProperties[] = forOperation('sendText', [
	{
		displayName: L.textBody,
		name: 'textBody',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		description: 'The message text, up to 4096 characters. WhatsApp formatting such as *bold* and _italic_ works.',
	},
	{
		displayName: L.previewUrl,
		name: 'previewUrl',
		type: 'boolean',
		default: false,
		displayOptions: { show: { provider: providersCarrying('previewUrl') } },
		description: 'Whether to show a preview of the first link in the text',
	},
]);
