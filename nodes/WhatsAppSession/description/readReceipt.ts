import type { INodeProperties } from 'n8n-workflow';

import { FIELD_LABELS as L } from '../message/fieldLabels';
import { forOperation } from './shared';

/** Mark as Read. Its descriptions are what an AI agent reads when it uses the node as a tool. */
export const readReceiptProperties: INodeProperties[] = forOperation('markAsRead', [
	{
		displayName: L.readMessageId,
		name: 'readMessageId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'wamid.HBgMOTE5ODgwMTMyMDgyFQIAEhgg…',
		description:
			'The ID of the message the customer sent (it starts with "wamid."), as the WhatsApp trigger or the provider\'s webhook gives it. That message and every earlier one in the chat show as read.',
	},
	{
		displayName: L.showTypingIndicator,
		name: 'showTypingIndicator',
		type: 'boolean',
		default: false,
		description:
			'Whether to also show the customer "typing…" until your next message or for up to 25 seconds, while a slow answer is prepared',
	},
]);
