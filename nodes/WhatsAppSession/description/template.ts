import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';

import { FIELD_LABELS as L } from '../message/fieldLabels';
import { SESSION_OPERATIONS } from '../message/operations';
import { providersWhere } from './byProvider';
import { forOperation, inputModeProperty, mediaSourceOptions } from './shared';

/** The providers whose adapter declares templates; the others never show a template field. */
const templateProviders = providersWhere((adapter) => adapter.carries.contentTypes.includes('template'));

/** Of those, the ones that can list the account's templates get a picker; the others a text field. */
const withCatalog = (listed: boolean) =>
	providersWhere((adapter) => templateProviders.includes(adapter.id) && (adapter.templates !== undefined) === listed);

const TEMPLATE_NAME_DESCRIPTION = 'The name of an approved template, as WhatsApp Manager shows it';

const HEADER_MEDIA_KINDS = ['image', 'video', 'document'] as const;

const HEADER_MEDIA_URL_EXAMPLES: Record<(typeof HEADER_MEDIA_KINDS)[number], string> = {
	image: 'https://example.com/photo.jpg',
	video: 'https://example.com/clip.mp4',
	document: 'https://example.com/invoice.pdf',
};

/**
 * A template's fields. Send Template shows them, and so does every session operation whose
 * "If the 24-Hour Window Is Closed" is "Send a Template Instead": same names, so one reader reads
 * both and values carry over when the user switches between them.
 */
function templateFields(): INodeProperties[] {
	return [
		{
			displayName: L.templateName,
			name: 'templateName',
			type: 'resourceLocator',
			default: { mode: 'list', value: '' },
			required: true,
			// '/provider', not 'provider': the fallback's copy adds its own provider list, and the two must not merge.
			displayOptions: { show: { '/provider': withCatalog(true) } },
			description: `${TEMPLATE_NAME_DESCRIPTION}. The list shows each approved template with its language and the parameters it takes.`,
			modes: [
				{
					displayName: 'From List',
					name: 'list',
					type: 'list',
					typeOptions: { searchListMethod: 'searchTemplates', searchable: true },
				},
				{ displayName: 'By Name', name: 'name', type: 'string', placeholder: 'order_shipped' },
			],
		},
		{
			displayName: L.templateName,
			name: 'templateName',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'order_shipped',
			displayOptions: { show: { '/provider': withCatalog(false) } },
			description: TEMPLATE_NAME_DESCRIPTION,
		},
		{
			displayName: L.templateLanguage,
			name: 'templateLanguage',
			type: 'string',
			default: 'en',
			required: true,
			placeholder: 'en_US',
			description: 'The language of the approved translation to send, such as en, en_US or pt_BR',
		},
		{
			displayName: L.templateHeader,
			name: 'templateHeaderType',
			type: 'options',
			options: [
				{ name: 'Document', value: 'document' },
				{ name: 'Image', value: 'image' },
				{ name: 'Location', value: 'location' },
				{ name: 'None', value: 'none', description: 'The template has no header, or a text header without a parameter' },
				{ name: 'Text', value: 'text', description: 'A text header with one parameter' },
				{ name: 'Video', value: 'video' },
			],
			default: 'none',
			description: 'What fills the template\'s header: its parameter text, its file or its location',
		},
		{
			displayName: L.templateHeaderText,
			name: 'templateHeaderText',
			type: 'string',
			default: '',
			displayOptions: { show: { templateHeaderType: ['text'] } },
			description: 'The text of the header\'s parameter (up to 60 characters)',
		},
		{
			displayName: L.templateHeaderParameterName,
			name: 'templateHeaderParameterName',
			type: 'string',
			default: '',
			displayOptions: { show: { templateHeaderType: ['text'] } },
			description: 'For a named parameter such as {{order_id}}: its name. Leave empty for {{1}}.',
		},
		{
			displayName: 'Header Media Source',
			name: 'templateHeaderMediaSource',
			type: 'options',
			options: mediaSourceOptions,
			default: 'url',
			displayOptions: { show: { templateHeaderType: [...HEADER_MEDIA_KINDS] } },
		},
		// One per kind, so the example link is of the kind chosen; same name, so the value carries over.
		...HEADER_MEDIA_KINDS.map(
			(kind): INodeProperties => ({
				displayName: L.templateHeaderMediaUrl,
				name: 'templateHeaderMediaUrl',
				type: 'string',
				default: '',
				placeholder: HEADER_MEDIA_URL_EXAMPLES[kind],
				displayOptions: { show: { templateHeaderType: [kind], templateHeaderMediaSource: ['url'] } },
			}),
		),
		{
			displayName: L.templateHeaderMediaId,
			name: 'templateHeaderMediaId',
			type: 'string',
			default: '',
			displayOptions: { show: { templateHeaderType: [...HEADER_MEDIA_KINDS], templateHeaderMediaSource: ['id'] } },
		},
		{
			displayName: L.templateHeaderFilename,
			name: 'templateHeaderFilename',
			type: 'string',
			default: '',
			placeholder: 'invoice-1042.pdf',
			displayOptions: { show: { templateHeaderType: ['document'] } },
			description: 'The file name the customer sees (optional)',
		},
		{
			displayName: L.templateHeaderLatitude,
			name: 'templateHeaderLatitude',
			type: 'number',
			typeOptions: { numberPrecision: 6 },
			default: 0,
			displayOptions: { show: { templateHeaderType: ['location'] } },
		},
		{
			displayName: L.templateHeaderLongitude,
			name: 'templateHeaderLongitude',
			type: 'number',
			typeOptions: { numberPrecision: 6 },
			default: 0,
			displayOptions: { show: { templateHeaderType: ['location'] } },
		},
		{
			displayName: L.templateHeaderLocationName,
			name: 'templateHeaderLocationName',
			type: 'string',
			default: '',
			displayOptions: { show: { templateHeaderType: ['location'] } },
		},
		{
			displayName: L.templateHeaderAddress,
			name: 'templateHeaderAddress',
			type: 'string',
			default: '',
			displayOptions: { show: { templateHeaderType: ['location'] } },
		},
		inputModeProperty('templateBodyInputMode', L.templateBodyParameters),
		{
			displayName: L.templateBodyParameters,
			name: 'templateBodyParameters',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add parameter',
			default: {},
			displayOptions: { show: { templateBodyInputMode: ['fields'] } },
			description:
				'The values of the body\'s parameters: in order for {{1}}, {{2}}…, or each with its name for named parameters. Not both kinds in one template.',
			options: [
				{
					displayName: 'Parameter',
					name: 'parameter',
					values: [
						{
							displayName: L.templateParameterText,
							name: 'text',
							type: 'string',
							default: '',
							description: 'The value (up to 1024 characters; 32768 when the template has only a body)',
						},
						{
							displayName: L.templateParameterName,
							name: 'name',
							type: 'string',
							default: '',
							placeholder: 'Empty for {{1}}, {{2}}…',
							hint: 'Only for a named parameter such as {{order_id}}; leave empty for {{1}}, {{2}}…',
							description: 'For a named parameter such as {{order_id}}: its name. Leave empty for positional ones.',
						},
					],
				},
			],
		},
		{
			displayName: 'Body Parameters (JSON)',
			name: 'templateBodyParametersJson',
			type: 'json',
			default: '[\n  { "text": "Asha" },\n  { "text": "1042" }\n]',
			displayOptions: { show: { templateBodyInputMode: ['json'] } },
			description: 'An array of { "text" } in order, or of { "name", "text" } for named parameters, or an expression that returns one',
		},
		inputModeProperty('templateButtonsInputMode', L.templateButtons),
		{
			displayName: L.templateButtons,
			name: 'templateButtons',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true, maxAllowedFields: 10 },
			placeholder: 'Add button parameter',
			default: {},
			displayOptions: { show: { templateButtonsInputMode: ['fields'] } },
			description: 'Values for the template\'s buttons that take one: a quick reply\'s payload, a URL\'s suffix, a code to copy',
			options: [
				{
					displayName: 'Button',
					name: 'button',
					values: [
						{
							displayName: L.templateButtonKind,
							name: 'type',
							type: 'options',
							options: [
								{ name: 'Copy Code', value: 'copyCode', description: 'The code the button copies (up to 15 characters)' },
								{ name: 'Flow', value: 'flow', description: 'A button that opens a WhatsApp Flow: its flow token in Value, and its first screen\'s data below' },
								{ name: 'Quick Reply', value: 'quickReply', description: 'The payload returned when the customer taps it' },
								{ name: 'URL', value: 'url', description: 'The text appended to the template\'s URL' },
							],
							default: 'quickReply',
						},
						{
							displayName: L.templateButtonIndex,
							name: 'index',
							type: 'number',
							typeOptions: { minValue: 0, maxValue: 9 },
							default: 0,
							hint: 'Counts from 0: the template\'s first button is 0, the second 1',
							description: 'The button\'s position in the template, from 0 (the first) to 9',
						},
						{
							displayName: L.templateButtonValue,
							name: 'value',
							type: 'string',
							default: '',
							description: 'The payload, the URL\'s suffix or the code; for a Flow button, its flow token (optional), returned with the customer\'s answer',
						},
						{
							displayName: L.templateButtonFlowActionData,
							name: 'flowActionData',
							type: 'json',
							default: '',
							description: 'Flow buttons only: a JSON object of input data for the Flow\'s first screen, such as { "order_id": "1042" }. Empty sends none.',
						},
					],
				},
			],
		},
		{
			displayName: 'Button Parameters (JSON)',
			name: 'templateButtonsJson',
			type: 'json',
			default: '[\n  { "type": "url", "index": 0, "value": "1042" }\n]',
			displayOptions: { show: { templateButtonsInputMode: ['json'] } },
			description:
				'An array of objects with "type" (quickReply, copyCode, flow, or the link button\'s type as in the example), "index" and "value" (a Flow button\'s token), plus "flowActionData" for a Flow button; or an expression that returns one',
		},
	];
}

export const templateProperties: INodeProperties[] = forOperation('sendTemplate', templateFields());

export const WINDOW_CLOSED_ACTIONS = ['fail', 'sendTemplate'] as const;

/** Every session operation's choice for a closed window, where the provider carries templates. */
export const windowClosedProperties: INodeProperties[] = [
	{
		displayName: L.windowClosedAction,
		name: 'windowClosedAction',
		type: 'options',
		options: [
			{ name: 'Fail', value: 'fail', description: 'The item fails with the provider\'s refusal' },
			{
				name: 'Send a Template Instead',
				value: 'sendTemplate',
				description: 'Send the template set below when the provider refuses this message',
			},
		],
		default: 'fail',
		displayOptions: { show: { resource: ['message'], operation: [...SESSION_OPERATIONS], provider: templateProviders } },
		description:
			'What to do when the customer has not written in the last 24 hours, so only a template may be sent. With a template instead, nothing was delivered first, so the customer gets one message.',
	},
	...updateDisplayOptions(
		{
			show: {
				resource: ['message'],
				operation: [...SESSION_OPERATIONS],
				provider: templateProviders,
				windowClosedAction: ['sendTemplate'],
			},
		},
		[
			// A heading, so the template's fields (labelled as in Send Template) read as the fallback's, not the message's.
			{
				displayName: 'Template Sent Instead (Only When the Window Is Closed)',
				name: 'windowClosedTemplateHeading',
				type: 'notice',
				typeOptions: { sectionHeader: true },
				default: '',
			},
			...templateFields(),
		],
	),
];
