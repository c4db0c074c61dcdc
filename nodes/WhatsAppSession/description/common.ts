import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { Operation } from '../message/fromForm';
import { FIELD_LABELS as L } from '../message/fieldLabels';
import { MEDIA_KIND_OPTIONS, mediaSourceOptions } from './shared';

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
			name: 'Connectly',
			value: 'connectly',
			description: 'Connectly\'s session-message API (API key and business ID)',
		},
		{
			name: 'Meta WhatsApp Cloud API',
			value: 'metaCloudApi',
			description: 'Meta\'s own Cloud API at graph.facebook.com',
		},
		{
			name: 'Texter',
			value: 'texter',
			description: 'Texter (texterchat.com): sends into an existing chat, by chat ID',
		},
	],
	default: 'cloudApiCompatible',
};

/** Providers that speak the Cloud API message format and can send every operation. */
const CLOUD_API_FORMAT_PROVIDERS = ['cloudApiCompatible', 'metaCloudApi'];

export const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [{ name: 'Message', value: 'message' }],
	default: 'message',
};

const OPERATION_OPTIONS: Array<INodePropertyOptions & { value: Operation }> = [
	{ name: 'Send Call-to-Action URL', value: 'sendCtaUrl', action: 'Send a call-to-action URL', description: 'Send a message with one button that opens a URL' },
	{ name: 'Send Contacts', value: 'sendContacts', action: 'Send contact cards', description: 'Send one or more contact cards' },
	{ name: 'Send List', value: 'sendList', action: 'Send a list menu', description: 'Send a menu of up to 10 choices in sections' },
	{ name: 'Send Location', value: 'sendLocation', action: 'Send a location', description: 'Send a map pin' },
	{ name: 'Send Location Request', value: 'sendLocationRequest', action: 'Ask for the customer\'s location', description: 'Ask the customer to share their location' },
	{ name: 'Send Media', value: 'sendMedia', action: 'Send an image, video, audio file, document or sticker', description: 'Send an image, video, audio file, document or sticker' },
	{ name: 'Send Reaction', value: 'sendReaction', action: 'React to a message', description: 'React to a customer\'s message with an emoji, or remove a reaction' },
	{ name: 'Send Reply Buttons', value: 'sendReplyButtons', action: 'Send reply buttons', description: 'Send a message with up to 3 quick-reply buttons' },
	{ name: 'Send Text', value: 'sendText', action: 'Send a text message', description: 'Send a plain text message' },
];

/**
 * One Operation field per group of providers, each listing only what those providers can send.
 * n8n cannot hide single options of a field by another field's value, but it can show one of
 * several same-named fields, so switching provider keeps the operation when the new provider has
 * it. Encoders still refuse an operation their provider lacks (a workflow imported with one).
 */
function operationPropertyFor(providers: string[], operations: readonly Operation[]): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'], provider: providers } },
		options: OPERATION_OPTIONS.filter((option) => operations.includes(option.value)),
		default: 'sendText',
	};
}

export const operationProperty = operationPropertyFor(
	CLOUD_API_FORMAT_PROVIDERS,
	OPERATION_OPTIONS.map((option) => option.value),
);

/** Connectly has no contact cards, URL buttons, location requests or reactions. */
export const connectlyOperationProperty = operationPropertyFor(['connectly'], [
	'sendList',
	'sendLocation',
	'sendMedia',
	'sendReplyButtons',
	'sendText',
]);

/** Texter has no URL buttons, location requests or reactions. */
export const texterOperationProperty = operationPropertyFor(['texter'], [
	'sendContacts',
	'sendList',
	'sendLocation',
	'sendMedia',
	'sendReplyButtons',
	'sendText',
]);

/**
 * n8n adds "Custom API Call" to the Resource and Operation lists of every node whose credential
 * can sign requests, and hides the node's other fields when it is picked. A required field that
 * stayed visible to n8n's own checks would fail the run before the node could say what to do.
 */
export const CUSTOM_API_CALL_OPERATION = '__CUSTOM_API_CALL__';

export const recipientProperty: INodeProperties = {
	displayName: L.recipient,
	name: 'recipient',
	type: 'string',
	default: '',
	required: true,
	placeholder: '+91 98801 32082',
	displayOptions: {
		show: { resource: ['message'] },
		hide: { provider: ['texter'], operation: [CUSTOM_API_CALL_OPERATION] },
	},
	hint: 'With the country code. Spaces, dots, dashes, brackets and a leading + or 00 are fine.',
	description: 'The customer\'s WhatsApp number. The customer must have written to you in the last 24 hours.',
};

/** The same field for Texter, which sends into an existing chat: same name, so values carry over. */
export const chatIdRecipientProperty: INodeProperties = {
	displayName: L.recipientChatId,
	name: 'recipient',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'Chat ID from Texter\'s Search Chats',
	displayOptions: {
		show: { resource: ['message'], provider: ['texter'] },
		hide: { operation: [CUSTOM_API_CALL_OPERATION] },
	},
	hint: 'Not a phone number: the ID of an existing Texter chat. Look it up with Texter\'s Search Chats by the contact\'s phone number, or take it from a Texter webhook.',
	description: 'The customer must have written in the last 24 hours',
};

/** Texter takes up to 10 files in one media message; the first is the one above. */
export const additionalFilesProperty: INodeProperties = {
	displayName: L.additionalFiles,
	name: 'additionalFiles',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true, maxAllowedFields: 9 },
	placeholder: 'Add file',
	default: {},
	displayOptions: { show: { resource: ['message'], operation: ['sendMedia'], provider: ['texter'] } },
	description: 'More files in the same message, up to 10 in all',
	options: [
		{
			displayName: 'File',
			name: 'file',
			values: [
				{
					displayName: L.mediaType,
					name: 'mediaType',
					type: 'options',
					// WhatsApp sends a sticker only on its own, never as one of several files.
					options: MEDIA_KIND_OPTIONS.filter((option) => option.value !== 'sticker'),
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
					placeholder: 'https://example.com/photo.jpg',
					displayOptions: { show: { mediaSource: ['url'] } },
					description: 'A public http(s) link Texter downloads the file from',
				},
				{
					displayName: L.mediaId,
					name: 'mediaId',
					type: 'string',
					default: '',
					displayOptions: { show: { mediaSource: ['id'] } },
					description: 'The ID of a file already stored in Texter',
				},
			],
		},
	],
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
			displayName: L.callbackData,
			name: 'callbackData',
			type: 'json',
			default: '',
			displayOptions: { show: { '/provider': ['connectly'] } },
			description:
				'Any JSON value, up to 1024 bytes, that Connectly echoes back in every webhook event for this message. Text goes in double quotes.',
		},
		{
			displayName: L.campaignName,
			name: 'campaignName',
			type: 'string',
			default: '',
			placeholder: 'spring_sale_2025',
			displayOptions: { show: { '/provider': ['connectly'] } },
			description: 'Tags the message with a campaign for Connectly\'s analytics',
		},
		{
			displayName: L.clientMessageId,
			name: 'clientMessageId',
			type: 'string',
			default: '',
			displayOptions: { show: { '/provider': ['connectly', 'texter'] } },
			description:
				'Your own ID for this message, sent as Connectly\'s message ID or Texter\'s tmpSendId. Left empty, the node makes a random one for each message, so a resend cannot deliver it twice.',
		},
		{
			displayName: L.recipientName,
			name: 'recipientName',
			type: 'string',
			default: '',
			displayOptions: { show: { '/provider': ['connectly'] } },
			description: 'The customer\'s display name, for Connectly\'s inbox',
		},
		{
			displayName: L.replyToMessageId,
			name: 'replyToMessageId',
			type: 'string',
			default: '',
			placeholder: 'wamid.HBgM…',
			// Connectly's session messages cannot quote.
			displayOptions: { hide: { '/provider': ['connectly'] } },
			description:
				'Quote an earlier message in the chat: the ID of the message being answered (not used for reactions)',
		},
		{
			displayName: L.senderPhoneNumber,
			name: 'senderPhoneNumber',
			type: 'string',
			default: '',
			placeholder: '+1 415 111 1234',
			displayOptions: { show: { '/provider': ['connectly'] } },
			description: 'Which of your business\'s WhatsApp numbers sends, when it has several. Leave empty for the only one.',
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
