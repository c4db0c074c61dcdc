import type { INodeProperties } from 'n8n-workflow';

import { DELIVERY_DEFAULTS } from '../transport/defaults';

// Plain names, because n8n's lint reads a field's default only as a literal, a name or a call.
const { concurrency, maxRequestsPerSecond, maxRetries } = DELIVERY_DEFAULTS;
const maxWaitSeconds = DELIVERY_DEFAULTS.maxWaitMs / 1000;

/**
 * How the whole run is paced and retried. These apply to every item of the run (they are read
 * once), because pacing is about the provider's quota, not about one message.
 */
export const deliveryProperty: INodeProperties = {
	displayName: 'Rate Limits and Retries',
	name: 'delivery',
	type: 'collection',
	placeholder: 'Add setting',
	default: {},
	displayOptions: { show: { resource: ['message'] } },
	options: [
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 50 },
			default: concurrency,
			description:
				'How many requests may be waiting for the provider at once. 1 sends items strictly in order; more is faster when the provider answers slowly.',
		},
		{
			displayName: 'Max Requests per Second',
			name: 'maxRequestsPerSecond',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 2 },
			default: maxRequestsPerSecond,
			description:
				'A client-side cap for providers that announce no limit. 0 means no cap: the node follows the limits the provider announces in its answers.',
		},
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 100 },
			default: maxRetries,
			description: 'How often one message is sent again after the provider said "too many requests" (HTTP 429)',
		},
		{
			displayName: 'Max Wait (Seconds)',
			name: 'maxWaitSeconds',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: maxWaitSeconds,
			description:
				'The longest single wait the node accepts when the provider asks it to slow down. A provider asking for longer fails the item with the wait it asked for.',
		},
		{
			displayName: 'Retry Server Errors',
			name: 'retryServerErrors',
			type: 'boolean',
			// n8n's lint wants a boolean's default written out; DELIVERY_DEFAULTS.retryServerErrors is the same false.
			default: false,
			description:
				'Whether to resend after a server error (5xx), a timeout or a lost connection. Off by default: the message may already have been delivered. When on, it only applies to providers that take a client message ID, which lets them drop a duplicate.',
		},
	],
};
