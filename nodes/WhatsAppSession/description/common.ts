import type { INodeProperties } from 'n8n-workflow';

import { FIELD_LABELS as L } from '../message/fieldLabels';

export const providerProperty: INodeProperties = {
	displayName: 'Provider',
	name: 'provider',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Cloud-API-Format Provider',
			value: 'cloudApiCompatible',
			description: 'A WhatsApp Business API provider on its own domain (domain, phone number ID, key, token)',
		},
		{
			name: 'Meta WhatsApp Cloud API',
			value: 'metaCloudApi',
			description: 'Meta\'s own Cloud API at graph.facebook.com',
		},
	],
	default: 'cloudApiCompatible',
};

export const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [{ name: 'Message', value: 'message' }],
	default: 'message',
};

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['message'] } },
	options: [
		{ name: 'Send Call-to-Action URL', value: 'sendCtaUrl', action: 'Send a call to action URL button', description: 'Send a message with one button that opens a URL' },
		{ name: 'Send Contacts', value: 'sendContacts', action: 'Send contact cards', description: 'Send one or more contact cards' },
		{ name: 'Send List', value: 'sendList', action: 'Send a list menu', description: 'Send a menu of up to 10 choices in sections' },
		{ name: 'Send Location', value: 'sendLocation', action: 'Send a location', description: 'Send a map pin' },
		{ name: 'Send Location Request', value: 'sendLocationRequest', action: 'Ask for the customer s location', description: 'Ask the customer to share their location' },
		{ name: 'Send Media', value: 'sendMedia', action: 'Send an image video audio document or sticker', description: 'Send an image, video, audio file, document or sticker' },
		{ name: 'Send Reaction', value: 'sendReaction', action: 'React to a message', description: 'React to a customer\'s message with an emoji, or remove a reaction' },
		{ name: 'Send Reply Buttons', value: 'sendReplyButtons', action: 'Send reply buttons', description: 'Send a message with up to 3 quick-reply buttons' },
		{ name: 'Send Text', value: 'sendText', action: 'Send a text message', description: 'Send a plain text message' },
	],
	default: 'sendText',
};

export const recipientProperty: INodeProperties = {
	displayName: L.recipient,
	name: 'recipient',
	type: 'string',
	default: '',
	required: true,
	placeholder: '+91 98801 32082',
	displayOptions: { show: { resource: ['message'] } },
	description:
		'The customer\'s WhatsApp number with country code, written any common way (+, 00, spaces, dashes and parentheses are fine). The customer must have written to you in the last 24 hours.',
};

export const optionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	displayOptions: { show: { resource: ['message'] } },
	options: [
		{
			displayName: L.replyToMessageId,
			name: 'replyToMessageId',
			type: 'string',
			default: '',
			placeholder: 'wamid.HBgM…',
			description:
				'Quote an earlier message in the chat: the ID of the message being answered (not used for reactions)',
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeoutSeconds',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 30,
			description: 'How long to wait for the provider to answer one request',
		},
	],
};
