import type { INodeProperties } from 'n8n-workflow';

import { FIELD_LABELS as L } from '../message/fieldLabels';
import { bodyTextProperty, forOperation } from './shared';

export const locationProperties: INodeProperties[] = forOperation('sendLocation', [
	{
		displayName: L.latitude,
		name: 'latitude',
		type: 'number',
		typeOptions: { minValue: -90, maxValue: 90, numberPrecision: 7 },
		default: 0,
		required: true,
		description: 'From -90 to 90, for example 12.9716',
	},
	{
		displayName: L.longitude,
		name: 'longitude',
		type: 'number',
		typeOptions: { minValue: -180, maxValue: 180, numberPrecision: 7 },
		default: 0,
		required: true,
		description: 'From -180 to 180, for example 77.5946',
	},
	{
		displayName: L.locationName,
		name: 'locationName',
		type: 'string',
		default: '',
		description: 'Optional name of the place',
	},
	{
		displayName: L.address,
		name: 'address',
		type: 'string',
		default: '',
		description: 'Optional street address shown under the name',
	},
]);

export const locationRequestProperties: INodeProperties[] = forOperation('sendLocationRequest', [
	{ ...bodyTextProperty, description: 'Why you ask for the location; WhatsApp adds a "Send location" button' },
]);

export const reactionProperties: INodeProperties[] = forOperation('sendReaction', [
	{
		displayName: L.reactionMessageId,
		name: 'reactionMessageId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'wamid.HBgM…',
		description: 'The ID of the customer\'s message to react to',
	},
	{
		displayName: L.emoji,
		name: 'emoji',
		type: 'string',
		default: '',
		placeholder: '👍',
		description: 'One emoji. Leave empty to remove an earlier reaction.',
	},
]);
