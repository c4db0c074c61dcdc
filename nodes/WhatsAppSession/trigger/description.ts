import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { allProviders } from '../providers';
import type { InboundDeclaration } from '../providers/contract/inbound';
import { STATUS_NAMES } from '../providers/contract/inbound';
import { ACCOUNT_EVENT_FIELDS, type AccountEventField } from '../providers/contract/accountEvents';
import type { ProviderAdapter } from '../providers/contract/adapter';
import { asksAndWaits } from '../waiting/support';
import type { EventChoice } from './selection';

/** A provider the trigger can listen to: one that declares its webhooks. */
export type ListeningProvider = ProviderAdapter & { inbound: InboundDeclaration };

function hasWebhooks(adapter: ProviderAdapter): adapter is ListeningProvider {
	return adapter.inbound !== undefined;
}

/** The providers whose webhooks the trigger understands, in the registry's order (Texter publishes none). */
export function listeningProviders(): ListeningProvider[] {
	return allProviders().filter(hasWebhooks);
}

export function findListeningProvider(id: unknown): ListeningProvider | undefined {
	return listeningProviders().find((adapter) => adapter.id === id);
}

/** The same default as the sending node's, so a trigger and its reply start on one credential type. */
export const DEFAULT_TRIGGER_PROVIDER = 'cloudApiCompatible';

const providerProperty: INodeProperties = {
	displayName: 'Provider',
	name: 'provider',
	type: 'options',
	noDataExpression: true,
	options: listeningProviders().map(
		(adapter): INodePropertyOptions => ({ ...adapter.choice, value: adapter.id }),
	),
	default: DEFAULT_TRIGGER_PROVIDER,
};

/** Where to paste the URL, in each provider's own terms. */
const setupNotices: INodeProperties[] = listeningProviders().map((adapter) => ({
	displayName: `${adapter.inbound.setupHelp}. Use the Production URL above once the workflow is active; the Test URL only listens while you wait for a test event in the editor.`,
	name: `setupNotice_${adapter.id}`,
	type: 'notice',
	default: '',
	displayOptions: { show: { provider: [adapter.id] } },
}));

/** What protects the URL, in each provider's terms: a provider that signs is refused unsigned events by default. */
export function securityNoticeText(inbound: InboundDeclaration): string {
	const secret = inbound.signingSecret.label;
	// A provider that signs nothing (Texter) is given the secret itself in a header the user adds.
	const proof = 'encoding' in inbound.signature ? `must be signed with the credential's ${secret}` : `must carry the credential's ${secret} in their ${inbound.signature.header} header`;
	return inbound.signatureOptional !== true
		? `Events ${proof}. If the credential has none, every event is refused (401) unless "Accept Unsigned Events" is on.`
		: `Events are checked against the credential's ${secret} when it has one. If it has none, anyone who knows this URL can post events to it: its unguessable path is then the only protection.`;
}

/**
 * How events are checked, naming the credential's own field. A calm callout, not a warning: the
 * form cannot see whether the credential has the secret, and most do.
 */
const securityNotices: INodeProperties[] = listeningProviders().map((adapter) => ({
	displayName: securityNoticeText(adapter.inbound),
	name: `securityNotice_${adapter.id}`,
	type: 'callout',
	default: '',
	displayOptions: { show: { provider: [adapter.id] } },
}));

/** The providers with Send and Wait for Reply: only their triggers have waiting executions to resume. */
const resumingProviders = listeningProviders()
	.filter(asksAndWaits)
	.map((adapter) => adapter.id);

const EVENT_OPTIONS: Array<INodePropertyOptions & { value: EventChoice }> = [
	{ name: 'Messages', value: 'messages', description: 'Messages the customer sends, including taps on buttons and list rows' },
	{ name: 'Statuses', value: 'statuses', description: 'Sent, delivered, read, failed and played reports on the messages you send' },
	{ name: 'Messages and Statuses', value: 'messagesAndStatuses' },
];

const ACCOUNT_EVENTS_CHOICE: INodePropertyOptions & { value: EventChoice } = {
	name: 'Account Events',
	value: 'accountEvents',
	description: 'Only the account events chosen under Account Events (template reviews, quality, account changes), no messages or statuses',
};

/** The providers whose webhooks carry account-level changes (Meta's format). */
const accountEventProviders = listeningProviders()
	.filter((adapter) => adapter.inbound.reportsAccountEvents)
	.map((adapter) => adapter.id);

/**
 * Trigger On, twice under one name: an option list cannot hide one option per provider, so the
 * providers whose webhooks never carry account events get the list without "Account Events"
 * (choosing it there would start nothing, ever).
 */
const eventsProperties: INodeProperties[] = [
	{
		displayName: 'Trigger On',
		name: 'events',
		type: 'options',
		noDataExpression: true,
		options: [...EVENT_OPTIONS, ACCOUNT_EVENTS_CHOICE],
		default: 'messages',
		displayOptions: { show: { provider: accountEventProviders } },
	},
	{
		displayName: 'Trigger On',
		name: 'events',
		type: 'options',
		noDataExpression: true,
		options: EVENT_OPTIONS,
		default: 'messages',
		displayOptions: { hide: { provider: accountEventProviders } },
	},
];

const statusOptions: INodePropertyOptions[] = STATUS_NAMES.map((status) => ({
	name: status.charAt(0).toUpperCase() + status.slice(1),
	value: status,
}));

const statusesProperty: INodeProperties = {
	displayName: 'Statuses',
	name: 'statuses',
	type: 'multiOptions',
	options: statusOptions,
	default: [...STATUS_NAMES],
	description:
		'Which statuses start the workflow. "Failed" carries the reason: a 131047 error means the 24-hour window had closed, so a template is needed.',
	displayOptions: { show: { events: ['statuses', 'messagesAndStatuses'] } },
};

/** What each account event is, in the words of Meta's webhook field it arrives as. */
const ACCOUNT_EVENT_OPTIONS: Record<AccountEventField, Omit<INodePropertyOptions, 'value'>> = {
	message_template_status_update: { name: 'Template Status Update', description: 'A template was approved, rejected, paused, disabled or reinstated' },
	message_template_quality_update: { name: 'Template Quality Update', description: 'A template\'s quality rating changed (green, yellow, red)' },
	template_category_update: { name: 'Template Category Update', description: 'WhatsApp changed, or is about to change, a template\'s category' },
	account_update: { name: 'Account Update', description: 'The WhatsApp Business Account changed: verification, a ban, a restriction, a policy violation' },
	account_review_update: { name: 'Account Review Update', description: 'The account\'s review was decided' },
	business_capability_update: { name: 'Business Capability Update', description: 'The account\'s messaging limits changed' },
	phone_number_name_update: { name: 'Phone Number Name Update', description: 'A display name request for a business number was decided' },
	phone_number_quality_update: { name: 'Phone Number Quality Update', description: 'A business number\'s quality or messaging limit changed' },
	security: { name: 'Security', description: 'A business number\'s security settings changed, such as its two-step verification PIN' },
};

const accountEventsProperty: INodeProperties = {
	displayName: 'Account Events',
	name: 'accountEvents',
	type: 'multiOptions',
	options: ACCOUNT_EVENT_FIELDS.map((field): INodePropertyOptions => ({ ...ACCOUNT_EVENT_OPTIONS[field], value: field })),
	default: [],
	description:
		'Account-level changes that also start the workflow, each as one item with event "account". Subscribe to the same webhook fields where the webhook URL is set up. Unchosen ones start nothing.',
	displayOptions: { show: { provider: accountEventProviders } },
};

const optionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: [
		{
			displayName: 'Accept Unsigned Events',
			name: 'acceptUnsigned',
			type: 'boolean',
			default: false,
			description:
				'Whether to accept events without a signature while the credential has no signing secret. On, anyone who knows this URL can post events that start the workflow and resume waiting executions. Prefer setting the secret.',
		},
		{
			displayName: 'Include Own Messages',
			name: 'includeEchoes',
			type: 'boolean',
			default: false,
			description:
				'Whether messages the business sent itself (from the WhatsApp Business app or another tool) also start the workflow. Off, an auto-reply never answers itself.',
		},
		{
			displayName: 'Output Resuming Replies',
			name: 'outputResumingReplies',
			type: 'boolean',
			default: false,
			displayOptions: { show: { '/provider': resumingProviders } },
			description:
				'Whether a tap that resumed a waiting "Send and Wait for Reply" also starts this workflow, with waiting.resumed: true. Off, the waiting workflow alone handles it.',
		},
		{
			displayName: 'Resume Waiting Executions',
			name: 'resumeWaiting',
			type: 'boolean',
			default: true,
			displayOptions: { show: { '/provider': resumingProviders } },
			description:
				'Whether a tap on a button or list row sent by "Send and Wait for Reply" resumes the execution waiting for it. Replies that resume nothing (another person, already answered, forged) start this workflow with waiting.resumed: false and the reason.',
		},
	],
};

export const triggerProperties: INodeProperties[] = [
	providerProperty,
	...setupNotices,
	...securityNotices,
	...eventsProperties,
	statusesProperty,
	accountEventsProperty,
	optionsProperty,
];
