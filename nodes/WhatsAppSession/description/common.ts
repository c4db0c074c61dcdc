import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { OPERATION_CONTENT_TYPES, type Operation } from '../message/fromForm';
import { FIELD_LABELS as L } from '../message/fieldLabels';
import { DEFAULT_PROVIDER } from '../providers';
import { groupProvidersBy, providerChoices, providerOwnOptions, providersCarrying, providersWhere } from './byProvider';

export const providerProperty: INodeProperties = {
	displayName: 'Provider',
	name: 'provider',
	type: 'options',
	noDataExpression: true,
	options: providerChoices(),
	// Workflows saved without a provider value (n8n leaves defaults out) mean this one.
	default: DEFAULT_PROVIDER,
};

export const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [{ name: 'Message', value: 'message' }],
	default: 'message',
};

const OPERATION_OPTIONS: Array<INodePropertyOptions & { value: Operation }> = [
	{ name: 'Send Call-to-Action URL', value: 'sendCtaUrl', action: 'Send a call to action URL button', description: 'Send a message with one button that opens a URL' },
	{ name: 'Send Contacts', value: 'sendContacts', action: 'Send contact cards', description: 'Send one or more contact cards' },
	{ name: 'Send List', value: 'sendList', action: 'Send a list menu', description: 'Send a menu of up to 10 choices in sections' },
	{ name: 'Send Location', value: 'sendLocation', action: 'Send a location', description: 'Send a map pin' },
	{ name: 'Send Location Request', value: 'sendLocationRequest', action: 'Ask for the customer s location', description: 'Ask the customer to share their location' },
	{ name: 'Send Media', value: 'sendMedia', action: 'Send an image video audio document or sticker', description: 'Send an image, video, audio file, document or sticker' },
	{ name: 'Send Reaction', value: 'sendReaction', action: 'React to a message', description: 'React to a customer\'s message with an emoji, or remove a reaction' },
	{ name: 'Send Reply Buttons', value: 'sendReplyButtons', action: 'Send reply buttons', description: 'Send a message with up to 3 quick-reply buttons' },
	{ name: 'Send Text', value: 'sendText', action: 'Send a text message', description: 'Send a plain text message' },
];

/**
 * One Operation field per group of providers that carry the same message types, each listing only
 * those. Same-named fields let switching provider keep the operation when the new provider has
 * it. Encoders still refuse an operation their provider lacks (a workflow imported with one).
 */
export const operationProperties: INodeProperties[] = groupProvidersBy((adapter) => adapter.carries.contentTypes).map(
	({ providers, values: contentTypes }) => ({
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'], provider: providers } },
		options: OPERATION_OPTIONS.filter((option) => contentTypes.includes(OPERATION_CONTENT_TYPES[option.value])),
		default: 'sendText',
	}),
);

export const recipientProperty: INodeProperties = {
	displayName: L.recipient,
	name: 'recipient',
	type: 'string',
	default: '',
	required: true,
	placeholder: '+91 98801 32082',
	displayOptions: {
		show: { resource: ['message'], provider: providersWhere((adapter) => adapter.recipientKind === 'phoneNumber') },
	},
	description:
		'The customer\'s WhatsApp number with country code, written any common way (+, 00, spaces, dashes and parentheses are fine). The customer must have written to you in the last 24 hours.',
};

/** The same field for providers that send into an existing chat: same name, so values carry over. */
export const chatIdRecipientProperty: INodeProperties = {
	displayName: L.recipientChatId,
	name: 'recipient',
	type: 'string',
	default: '',
	required: true,
	displayOptions: {
		show: { resource: ['message'], provider: providersWhere((adapter) => adapter.recipientKind === 'chatId') },
	},
	description:
		'The ID of an existing Texter chat, not a phone number. Find it with Texter\'s Search Chats by the contact\'s phone number, or take it from a Texter webhook. The customer must have written in the last 24 hours.',
};

/** Options of the canonical message; those not every provider carries show only where they are carried. */
const NEUTRAL_OPTIONS: INodeProperties[] = [
	{
		displayName: L.clientMessageId,
		name: 'clientMessageId',
		type: 'string',
		default: '',
		displayOptions: { show: { '/provider': providersCarrying('clientMessageId') } },
		description:
			'Your own ID for this message, sent as Connectly\'s message ID or Texter\'s tmpSendId. Left empty, the node makes a random one for each message, so a resend cannot deliver it twice.',
	},
	{
		displayName: L.replyToMessageId,
		name: 'replyToMessageId',
		type: 'string',
		default: '',
		placeholder: 'wamid.HBgM…',
		displayOptions: { show: { '/provider': providersCarrying('replyToMessageId') } },
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
];

export const optionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	displayOptions: { show: { resource: ['message'] } },
	// n8n's lint asks for a collection's options sorted by name; built by code, they are sorted here.
	options: [...NEUTRAL_OPTIONS, ...providerOwnOptions()].sort((a, b) => a.displayName.localeCompare(b.displayName)),
};
