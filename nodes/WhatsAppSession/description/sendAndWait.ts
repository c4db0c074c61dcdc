import { SEND_AND_WAIT_OPERATION, updateDisplayOptions, type INodeProperties, type IWebhookDescription } from 'n8n-workflow';

import { FIELD_LABELS as L } from '../message/fieldLabels';
import { QUESTION_LABELS as Q } from '../waiting/question';
import { QUESTION_FIELDS as F } from '../waiting/questionForm';
import { RESPONSE_TYPE_FIELD, RESPONSE_TYPE_LABEL } from '../waiting/flowQuestion';
import { flowFields } from './flow';
import { bodyTextProperty, footerTextProperty, forOperation, inputModeProperty } from './shared';

/**
 * Where Send and Wait for Reply resumes. n8n serves it at /webhook-waiting/<execution>/<node id>,
 * checks the URL's signature for a node whose operation is sendAndWait, then calls webhook().
 * It is n8n's own waiting URL (restartWebhook): n8n never registers it anywhere, so the node has
 * no webhookMethods to create or delete it. A named list, as n8n's own send-and-wait nodes
 * declare theirs (nodes-base utils/sendAndWait `sendAndWaitWebhooks`): the community rule
 * webhook-lifecycle-complete asks a literal webhooks list for webhookMethods, because a literal
 * there is how a trigger that registers at a third party looks.
 */
export const sendAndWaitWebhooks: IWebhookDescription[] = [
	{
		name: 'default',
		httpMethod: 'POST',
		responseMode: 'onReceived',
		path: '={{ $nodeId }}',
		restartWebhook: true,
		isFullPath: true,
	},
];

export const sendAndWaitProperties: INodeProperties[] = forOperation(SEND_AND_WAIT_OPERATION, [
	{
		displayName:
			'The customer\'s answer (a tap, or a Flow\'s form) comes back through the WhatsApp Session Trigger: keep a workflow with it active, with its URL set as the webhook at your provider. Only the person asked can answer.',
		name: 'sendAndWaitNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: RESPONSE_TYPE_LABEL,
		name: RESPONSE_TYPE_FIELD,
		type: 'options',
		options: [
			{ name: 'Choice', value: 'choice', description: 'Buttons (1 to 3 choices) or a list (4 to 10); the answer is the choice tapped' },
			{
				name: 'Flow Form',
				value: 'flowForm',
				description: 'A WhatsApp Flow (a form in the chat) built in WhatsApp Manager; the answer is what the customer filled in. Only with a provider that offers Send Flow.',
			},
		],
		default: 'choice',
		description: 'How the customer answers',
	},
	bodyTextProperty,
	...choiceFields([
		inputModeProperty(F.choicesInputMode, 'Choices'),
		{
			displayName: Q.choices,
			name: F.choices,
			type: 'fixedCollection',
			typeOptions: { multipleValues: true, maxAllowedFields: 10 },
			placeholder: 'Add choice',
			default: {},
			displayOptions: { show: { [F.choicesInputMode]: ['fields'] } },
			description: '1 to 3 choices are sent as reply buttons, 4 to 10 as a list',
			options: [
				{
					displayName: Q.choice,
					name: F.choice,
					values: [
						{
							displayName: Q.choiceId,
							name: 'id',
							type: 'string',
							default: '',
							description:
								'What the node outputs as answer.ID when this choice is tapped. Unique; up to about 160 characters for buttons and 100 for a list, since the reference to this execution travels with it.',
						},
						{
							displayName: Q.choiceTitle,
							name: 'title',
							type: 'string',
							default: '',
							hint: 'Up to 20 characters for buttons (1–3 choices), 24 in a list',
							description: 'What the customer sees and taps',
						},
						{
							displayName: Q.choiceDescription,
							name: 'description',
							type: 'string',
							default: '',
							// n8n cannot hide a field by how many entries a collection has, so the field says it.
							hint: 'Lists only (4 or more choices): buttons show no description',
							description: 'Optional, shown under the title in a list (4 or more choices), up to 72 characters',
						},
					],
				},
			],
		},
		{
			displayName: 'Choices (JSON)',
			name: F.choicesJson,
			type: 'json',
			default: '[\n  { "id": "confirm", "title": "Confirm" },\n  { "id": "cancel", "title": "Cancel" }\n]',
			displayOptions: { show: { [F.choicesInputMode]: ['json'] } },
			hint: 'Keys in lower case, as in the example: <code>id</code>, <code>title</code>, and <code>description</code> for lists',
			description: 'An array of 1 to 10 choices, or an expression that returns one',
		},
		{
			displayName: Q.listButtonText,
			name: F.listButtonText,
			type: 'string',
			default: 'Choose',
			hint: 'Used only with 4 or more choices, which go as a list',
			description: 'The label of the button that opens the list, when there are 4 or more choices (up to 20 characters)',
		},
	]),
	...flowFormFields(flowFields),
	{
		displayName: L.headerText,
		name: 'headerText',
		type: 'string',
		default: '',
		description: 'Optional text above the body (up to 60 characters)',
	},
	footerTextProperty,
	{
		displayName: Q.limitWaitTime,
		name: F.limitWaitTime,
		type: 'boolean',
		default: false,
		description:
			'Whether the execution goes on without an answer after a while. n8n then passes this node\'s input item on unchanged, with no "answer": branch on whether "answer" exists. Off, it waits until the customer answers.',
	},
	{
		displayName: 'Limit Type',
		name: F.limitType,
		type: 'options',
		default: 'afterTimeInterval',
		displayOptions: { show: { [F.limitWaitTime]: [true] } },
		options: [
			{ name: 'After Time Interval', value: 'afterTimeInterval', description: 'Waits for a certain amount of time' },
			{ name: 'At Specified Time', value: 'atSpecifiedTime', description: 'Waits until a date and time' },
		],
	},
	{
		displayName: 'Amount',
		name: F.resumeAmount,
		type: 'number',
		default: 1,
		typeOptions: { minValue: 0, numberPrecision: 2 },
		displayOptions: { show: { [F.limitWaitTime]: [true], [F.limitType]: ['afterTimeInterval'] } },
		description: 'How long to wait for the answer',
	},
	{
		displayName: 'Unit',
		name: F.resumeUnit,
		type: 'options',
		default: 'hours',
		displayOptions: { show: { [F.limitWaitTime]: [true], [F.limitType]: ['afterTimeInterval'] } },
		options: [
			{ name: 'Seconds', value: 'seconds' },
			{ name: 'Minutes', value: 'minutes' },
			{ name: 'Hours', value: 'hours' },
			{ name: 'Days', value: 'days' },
		],
	},
	{
		displayName: 'Max Date and Time',
		name: F.maxDateAndTime,
		type: 'dateTime',
		default: '',
		displayOptions: { show: { [F.limitWaitTime]: [true], [F.limitType]: ['atSpecifiedTime'] } },
		description: 'Go on without an answer at this date and time',
	},
]);

/** Shown when the answer is a tap on one of the builder's choices (the default, as before Flow forms). */
function choiceFields(properties: INodeProperties[]): INodeProperties[] {
	return updateDisplayOptions({ show: { [RESPONSE_TYPE_FIELD]: ['choice'] } }, properties);
}

/** Shown when the answer is a WhatsApp Flow's form: Send Flow's own fields, but the flow token is the node's. */
function flowFormFields(properties: INodeProperties[]): INodeProperties[] {
	return updateDisplayOptions({ show: { [RESPONSE_TYPE_FIELD]: ['flowForm'] } }, properties);
}
