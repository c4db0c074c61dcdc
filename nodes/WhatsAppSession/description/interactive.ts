import type { INodeProperties } from 'n8n-workflow';

import { FIELD_LABELS as L } from '../message/fieldLabels';
import {
	optionalHeaderTextProperty,
	bodyTextProperty,
	footerTextProperty,
	forOperation,
	inputModeProperty,
	interactiveHeaderProperties,
} from './shared';

export const replyButtonsProperties: INodeProperties[] = forOperation('sendReplyButtons', [
	bodyTextProperty,
	inputModeProperty('buttonsInputMode', 'Buttons'),
	{
		displayName: L.buttons,
		name: 'buttons',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, maxAllowedFields: 3 },
		placeholder: 'Add button',
		default: {},
		displayOptions: { show: { buttonsInputMode: ['fields'] } },
		description: '1 to 3 quick-reply buttons; the customer\'s reply carries the button\'s ID',
		options: [
			{
				displayName: 'Button',
				name: 'button',
				values: [
					{
						displayName: L.buttonId,
						name: 'id',
						type: 'string',
						default: '',
						description: 'Returned to you when the customer taps the button (up to 256 characters, unique)',
					},
					{
						displayName: L.buttonTitle,
						name: 'title',
						type: 'string',
						default: '',
						hint: 'Up to 20 characters; each button needs its own title',
						description: 'The button label the customer taps',
					},
				],
			},
		],
	},
	{
		displayName: 'Buttons (JSON)',
		name: 'buttonsJson',
		type: 'json',
		default: '[\n  { "id": "yes", "title": "Yes" },\n  { "id": "no", "title": "No" }\n]',
		displayOptions: { show: { buttonsInputMode: ['json'] } },
		hint: 'Keys in lower case, as in the example: <code>id</code> and <code>title</code>',
		description: 'An array of 1 to 3 buttons, or an expression that returns one',
	},
	...interactiveHeaderProperties(),
	footerTextProperty,
]);

export const listProperties: INodeProperties[] = forOperation('sendList', [
	bodyTextProperty,
	{
		displayName: L.listButtonText,
		name: 'listButtonText',
		type: 'string',
		default: 'Options',
		required: true,
		description: 'The label of the button that opens the list (up to 20 characters)',
	},
	inputModeProperty('sectionsInputMode', 'Sections'),
	{
		displayName: L.sections,
		name: 'sections',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, maxAllowedFields: 10 },
		placeholder: 'Add section',
		default: {},
		displayOptions: { show: { sectionsInputMode: ['fields'] } },
		description: '1 to 10 sections with at most 10 rows in total. A section title is required when there is more than one section.',
		options: [
			{
				displayName: 'Section',
				name: 'section',
				values: [
					{
						displayName: L.sectionTitle,
						name: 'title',
						type: 'string',
						default: '',
						description: 'Up to 24 characters',
					},
					{
						displayName: L.rows,
						name: 'rows',
						type: 'fixedCollection',
						typeOptions: { multipleValues: true },
						placeholder: 'Add row',
						default: {},
						options: [
							{
								displayName: 'Row',
								name: 'row',
								values: [
									{
										displayName: L.rowId,
										name: 'id',
										type: 'string',
										default: '',
										description: 'Returned to you when the customer picks this row (up to 200 characters, unique)',
									},
									{
										displayName: L.rowTitle,
										name: 'title',
										type: 'string',
										default: '',
										hint: 'Up to 24 characters. A list has at most 10 rows, counting every section.',
										description: 'What the customer sees in the list',
									},
									{
										displayName: L.rowDescription,
										name: 'description',
										type: 'string',
										default: '',
										description: 'Optional, up to 72 characters',
									},
								],
							},
						],
					},
				],
			},
		],
	},
	{
		displayName: 'Sections (JSON)',
		name: 'sectionsJson',
		type: 'json',
		default:
			'[\n  {\n    "title": "Plans",\n    "rows": [\n      { "id": "basic", "title": "Basic", "description": "For one user" }\n    ]\n  }\n]',
		displayOptions: { show: { sectionsInputMode: ['json'] } },
		hint: 'Keys in lower case, as in the example: <code>title</code>, <code>rows</code>, and each row\'s <code>id</code>, <code>title</code>, <code>description</code>',
		description: 'An array of sections, each with an optional title and its rows, or an expression that returns one',
	},
	optionalHeaderTextProperty,
	footerTextProperty,
]);

export const ctaUrlProperties: INodeProperties[] = forOperation('sendCtaUrl', [
	bodyTextProperty,
	{
		displayName: L.ctaButtonText,
		name: 'ctaButtonText',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'See order',
		description: 'The label of the button (up to 20 characters)',
	},
	{
		displayName: L.ctaUrl,
		name: 'ctaUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://example.com/orders/1042',
		description: 'The http(s) link the button opens',
	},
	...interactiveHeaderProperties(),
	footerTextProperty,
]);
