import { SEND_AND_WAIT_OPERATION, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';

import { OPERATION_CONTENT_TYPES, OPERATIONS, type Operation } from '../message/operations';
import { FIELD_LABELS as L } from '../message/fieldLabels';
import { allProviders, DEFAULT_PROVIDER } from '../providers';
import type { ProviderAdapter } from '../providers/contract/adapter';
import { DELIVERY_DEFAULTS } from '../transport/defaults';
import { asksAndWaits } from '../waiting/support';
import { GET_MEDIA_OPERATION } from '../media/receivedFile';
import { optionsCollection } from './shared';
import { groupProvidersBy, providerChoices, providerOwnOptions, providersCarrying, providersWhere } from './byProvider';

// A plain name, because n8n's lint reads a field's default only as a literal, a name or a call.
const timeoutSeconds = DELIVERY_DEFAULTS.timeoutMs / 1000;

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

/** The node's operations: one per message type, Send and Wait for Reply (buttons or a list), and Get Media. */
type NodeOperation = Operation | typeof SEND_AND_WAIT_OPERATION | typeof GET_MEDIA_OPERATION;

/**
 * Sorted by name, as n8n's lint asks; each action starts with its operation's own words, so the node
 * panel's list (which keeps this order) reads sorted too. An action is also what an AI Agent's model
 * reads as the tool's description when the node is its tool (n8n's "Set Automatically", the
 * default): where WhatsApp sets a limit the model must respect, the action states it.
 */
export const OPERATION_OPTIONS: Array<INodePropertyOptions & { value: NodeOperation }> = [
	{ name: 'Get Media', value: GET_MEDIA_OPERATION, action: 'Get media a customer sent', description: 'Download the image, video, audio file, document or sticker a customer sent, as n8n binary data' },
	{ name: 'Mark as Read', value: 'markAsRead', action: 'Mark as read', description: 'Mark the customer\'s message as read, and optionally show "typing…" while you prepare the answer' },
	{ name: 'Send and Wait for Reply', value: SEND_AND_WAIT_OPERATION, action: 'Send and wait for a reply', description: 'Send buttons or a list and wait until the customer taps one' },
	{ name: 'Send Call-to-Action URL', value: 'sendCtaUrl', action: 'Send call-to-action URL button', description: 'Send a message with one button that opens a URL' },
	{ name: 'Send Catalog', value: 'sendCatalog', action: 'Send catalog message', description: 'Send a button that opens your whole product catalog, with one product\'s picture as thumbnail' },
	{ name: 'Send Contacts', value: 'sendContacts', action: 'Send contact cards', description: 'Send one or more contact cards' },
	{ name: 'Send Flow', value: 'sendFlow', action: 'Send flow form (WhatsApp Flow; button label up to 30 characters)', description: 'Send a message whose button opens a WhatsApp Flow (a form built in WhatsApp Manager)' },
	{ name: 'Send List', value: 'sendList', action: 'Send list menu (up to 10 rows, titles up to 24 characters)', description: 'Send a menu of up to 10 choices in sections' },
	{ name: 'Send Location', value: 'sendLocation', action: 'Send location pin', description: 'Send a map pin' },
	{ name: 'Send Location Request', value: 'sendLocationRequest', action: 'Send location request', description: 'Ask the customer to share their location' },
	{ name: 'Send Media', value: 'sendMedia', action: 'Send media file', description: 'Send an image, video, audio file, document or sticker' },
	{ name: 'Send Product', value: 'sendProduct', action: 'Send product from catalog', description: 'Send one product of your catalog by its retailer ID' },
	{ name: 'Send Product List', value: 'sendProductList', action: 'Send product list (up to 30 products in up to 10 sections)', description: 'Send up to 30 products of your catalog in sections, under a required text header' },
	{ name: 'Send Reaction', value: 'sendReaction', action: 'Send reaction', description: 'React to a customer\'s message with an emoji, or remove a reaction' },
	{ name: 'Send Reply Buttons', value: 'sendReplyButtons', action: 'Send reply buttons (1 to 3, titles up to 20 characters)', description: 'Send a message with up to 3 quick-reply buttons' },
	{ name: 'Send Template', value: 'sendTemplate', action: 'Send template message', description: 'Send an approved template, which reaches the customer also outside the 24-hour window' },
	{ name: 'Send Text', value: 'sendText', action: 'Send text message (up to 4,096 characters)', description: 'Send a plain text message' },
];

/** What the form offers for a provider: the operations of the message types it carries, and waiting where it can. */
function operationsOf(adapter: ProviderAdapter): NodeOperation[] {
	const operations: NodeOperation[] = OPERATIONS.filter((operation) =>
		adapter.carries.contentTypes.includes(OPERATION_CONTENT_TYPES[operation]),
	);
	if (asksAndWaits(adapter)) operations.push(SEND_AND_WAIT_OPERATION);
	if (adapter.media?.download !== undefined) operations.push(GET_MEDIA_OPERATION);
	return operations;
}

/**
 * One Operation field per group of providers that carry the same message types, each listing only
 * those. Same-named fields let switching provider keep the operation when the new provider has
 * it. Encoders still refuse an operation their provider lacks (a workflow imported with one).
 */
export const operationProperties: INodeProperties[] = groupProvidersBy(operationsOf).map(
	({ providers, values: operations }) => ({
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'], provider: providers } },
		options: OPERATION_OPTIONS.filter((option) => operations.includes(option.value)),
		default: 'sendText',
	}),
);

/**
 * n8n's node panel offers every operation of every provider; picking one with a credential whose
 * provider lacks it leaves the Operation field red. One notice per such operation says which
 * providers offer it and what to do.
 */
export const operationNotOfferedNotices: INodeProperties[] = OPERATION_OPTIONS.flatMap((option) => {
	const offering = allProviders().filter((adapter) => operationsOf(adapter).includes(option.value));
	const lacking = providersWhere((adapter) => !offering.includes(adapter));
	if (lacking.length === 0) return [];
	const names = offering.map((adapter) => adapter.choice.name).join(', ');
	return [
		{
			displayName: `The chosen credential's provider has no "${option.name}". ${offering.length === 0 ? 'No provider offers it.' : `It is offered by: ${names}.`} Pick a credential of one of these under Credential to connect with, or choose another operation.`,
			name: 'operationNotOffered',
			type: 'notice',
			default: '',
			displayOptions: { show: { resource: ['message'], provider: lacking, operation: [option.value] } },
		},
	];
});

/** The canvas subtitle: the operation's own name, as the Operation field shows it. */
export const OPERATION_SUBTITLE = `={{ ${JSON.stringify(Object.fromEntries(OPERATION_OPTIONS.map((option) => [option.value, option.name])))}[$parameter["operation"]] ?? $parameter["operation"] }}`;

/**
 * "Custom API Call": n8n 2.41 adds it to the Resource and Operation lists only of nodes whose
 * credential signs with a declarative template, which these credentials no longer do (they sign
 * with a function). Workflows saved while it was offered still carry it; n8n hides the node's
 * other fields for it, and a required field that stayed visible to n8n's own checks would fail the
 * run before the node could say what to do.
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
		show: { resource: ['message'], provider: providersWhere((adapter) => adapter.recipientKind === 'whatsAppUser') },
		// Get Media reads a file by its id or URL; it writes to nobody. Mark as Read has its own below.
		hide: { operation: [CUSTOM_API_CALL_OPERATION, GET_MEDIA_OPERATION, 'markAsRead'] },
	},
	hint: 'With the country code. Spaces, dots, dashes, brackets and a leading + or 00 are fine. Or a business-scoped user ID (BSUID) exactly as WhatsApp gave it, like US.13491208655302741918.',
	description:
		'The customer\'s WhatsApp number, or their business-scoped user ID (BSUID) when you have no number for them: customers who adopt a WhatsApp username may hide their number. For a session message, the customer must have written to you in the last 24 hours.',
};

/**
 * Mark as Read's recipient: WhatsApp finds the chat by the message ID, so the number goes nowhere;
 * the output names it, as every message's output names its recipient. Said here, not left to guess.
 */
export const readReceiptRecipientProperty: INodeProperties = {
	...recipientProperty,
	displayOptions: { show: { resource: ['message'], operation: ['markAsRead'], provider: providersWhere((adapter) => adapter.recipientKind === 'whatsAppUser') } },
	hint: 'Not sent: WhatsApp finds the chat by the message ID below. The output names this customer, so the next node knows whose message was read.',
};

/**
 * The same field for providers that send into an existing chat: same name, so values carry over.
 * One per such provider, because each says what its own chat IDs look like.
 */
export const chatIdRecipientProperties: INodeProperties[] = allProviders().flatMap((adapter) =>
	adapter.recipientKind === 'chatId'
		? [
				{
					displayName: L.recipientChatId,
					name: 'recipient',
					type: 'string',
					default: '',
					required: true,
					...(adapter.chatIdHelp !== undefined && {
						placeholder: adapter.chatIdHelp.placeholder,
						hint: adapter.chatIdHelp.hint,
					}),
					displayOptions: {
						show: { resource: ['message'], provider: [adapter.id] },
						hide: { operation: [CUSTOM_API_CALL_OPERATION] },
					},
					description: 'The customer must have written in the last 24 hours',
				},
			]
		: [],
);

export const timeoutOption: INodeProperties = {
	displayName: 'Timeout (Seconds)',
	name: 'timeoutSeconds',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: timeoutSeconds,
	description: 'How long to wait for the provider to answer one request',
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
			'Your own ID for this message, sent as the provider\'s client message ID. Left empty, the node makes a random one for each message, so a resend cannot deliver it twice.',
	},
	{
		displayName: L.replyToMessageId,
		name: 'replyToMessageId',
		type: 'string',
		default: '',
		placeholder: 'wamid.HBgM…',
		// A read receipt and a reaction quote nothing.
		displayOptions: { show: { '/provider': providersCarrying('replyToMessageId') }, hide: { '/operation': ['markAsRead', 'sendReaction'] } },
		description: 'Quote an earlier message in the chat: the ID of the message being answered',
	},
	timeoutOption,
	...idempotencyOptions(),
];

export const optionsProperty: INodeProperties = optionsCollection(
	// n8n's lint asks for a collection's options sorted by name; built by code, they are sorted here.
	[...NEUTRAL_OPTIONS, ...providerOwnOptions()].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	// Get Media has options of its own (description/getMedia.ts), under the same name.
	{ displayOptions: { show: { resource: ['message'] }, hide: { operation: [GET_MEDIA_OPERATION] } } },
);


/**
 * Never twice across executions (actions/idempotency.ts). Send and Wait is left out: its question
 * belongs to one waiting execution, which a retry starts afresh.
 */
function idempotencyOptions(): INodeProperties[] {
	const onlyWhenSending = { hide: { '/operation': [SEND_AND_WAIT_OPERATION] } };
	return [
		{
			displayName: L.idempotencyKey,
			name: 'idempotencyKey',
			type: 'string',
			default: '',
			placeholder: 'order-1042-shipped',
			displayOptions: onlyWhenSending,
			description:
				'A key that names this message: for an auto-reply, the ID of the customer\'s message; for a notification, the order number plus what happened. Kept in n8n\'s own deduplication store: an item whose key was sent before (by this or any earlier execution, such as a retried one) is skipped and output as "skipped". Empty sends every time.',
		},
		{
			displayName: 'Idempotency Key Scope',
			name: 'idempotencyScope',
			type: 'options',
			default: 'node',
			options: [
				{ name: 'This Node', value: 'node', description: 'Keys of this node only: another node may send with the same key' },
				{ name: 'Whole Workflow', value: 'workflow', description: 'One set of keys for every node of this workflow that uses this scope' },
			],
			displayOptions: onlyWhenSending,
			description: 'Which senders share the remembered keys',
		},
		{
			displayName: 'Forget Idempotency Key First',
			name: 'forgetIdempotencyKey',
			type: 'boolean',
			default: false,
			displayOptions: onlyWhenSending,
			description:
				'Whether to drop what n8n remembers of this key before sending, so the message goes out again even if it was sent before. Use it only to resend on purpose.',
		},
	];
}
