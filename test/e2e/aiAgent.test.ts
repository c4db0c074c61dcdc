// WhatsApp Session as the tool of n8n's own AI Agent, in a real n8n 2.41.1: `n8n start` with the
// packed package, the OpenAI Chat Model pointed at a scripted model on 127.0.0.1
// (./lib/scriptedModel), and the mock provider. One boot for the whole file.
//
// What is checked, from both ends: what the model was offered (each tool's name, description and
// parameter schema, exactly) and what it got back as tool results; what reached the provider
// (each message once, validated, paced by the provider's answers); and that a bad tool call is
// answered to the model with a field-named error, sends nothing and does not fail the execution.
import type { JsonObject } from 'n8n-workflow';

import { jsonObjectOf } from '../support/json';
import { metaChoiceReplyBody, metaTextBody } from '../support/inboundSamples';
import { cloudApiAccepted, type MockReply, type RecordedRequest } from '../support/mockProvider';
import { agentNode, agentWorkflow, chatModelNode, memoryNode, OPENAI_CREDENTIAL, TOOL_USAGE_ENV, whatsAppToolNode } from './lib/agentWorkflow';
import { webhookNode } from './lib/n8n';
import { jsonRequest, type ApiExecution } from './lib/n8nApi';
import type { N8nServerOptions } from './lib/n8nServer';
import { SESSION_CREDENTIAL, whatsAppNode } from './lib/nodeFixture';
import { messageText, ScriptedModel, toolResultsSinceUser, type ModelRequest, type ScriptedTurn } from './lib/scriptedModel';
import { useServerWithPackage } from './lib/serverSuite';

jest.setTimeout(5 * 60_000);

const KEY = 'e2e-AGENT-key-secret-7d2';
const TOKEN = 'e2e_AGENT_token_secret_51c';
const OPENAI_KEY = 'sk-e2e-AGENT-model-key-0f9';
const SECRETS = [KEY, TOKEN, OPENAI_KEY];
const SESSION_PATH = `/api/v1.0/1555000111/${KEY}/simpleMessages`;
const TEMPLATE_PATH = `/api/v1.0/1555000111/${KEY}/messages`;
const CUSTOMER = '919880132082';

/** `$fromAI()` as n8n's editor writes it when a parameter is left to the model. */
const fromAI = (key: string, description: string, type: 'string' | 'json' = 'string') =>
	`={{ $fromAI('${key}', \`${description}\`, '${type}') }}`;

const RECIPIENT = fromAI('recipient', 'The customer\'s WhatsApp number with its country code, digits only');
const TEXT_LIMIT = 'The message text, at most 4096 characters';

const TOOLS = [
	whatsAppToolNode('Send text', {
		operation: 'sendText',
		recipient: RECIPIENT,
		// Tool Description left on "Set Automatically": the model reads the action, which states the limit.
		textBody: fromAI('text', TEXT_LIMIT),
	}),
	whatsAppToolNode('Send buttons', {
		operation: 'sendReplyButtons',
		recipient: RECIPIENT,
		bodyText: fromAI('text', TEXT_LIMIT),
		buttonsInputMode: 'json',
		buttonsJson: fromAI('buttons', 'A JSON array of 1 to 3 buttons, each {"id", "title"}; a title has at most 20 characters', 'json'),
	}),
	whatsAppToolNode('Send list', {
		operation: 'sendList',
		recipient: RECIPIENT,
		bodyText: fromAI('text', TEXT_LIMIT),
		listButtonText: fromAI('menu_button', 'The label of the button that opens the list, at most 20 characters'),
		sectionsInputMode: 'json',
		sectionsJson: fromAI(
			'sections',
			'A JSON array of sections, each {"title", "rows": [{"id", "title", "description"}]}; at most 10 rows in all; a row title has at most 24 characters',
			'json',
		),
	}),
	whatsAppToolNode('Send template', {
		operation: 'sendTemplate',
		recipient: RECIPIENT,
		templateName: 'order_update',
		templateLanguage: 'en',
		templateBodyParameters: { parameter: [{ text: fromAI('order_number', 'The order number the update is about') }] },
		descriptionType: 'manual',
		toolDescription: 'Send the approved template order_update. Use it only when the 24-hour window is closed.',
	}),
];

const WORKFLOW = agentWorkflow(
	'agentTools',
	'Agent with WhatsApp tools',
	[
		webhookNode({ path: 'agent-tools', responseMode: 'lastNode' }),
		agentNode('={{ $json.body.text }}', 'You answer WhatsApp customers. Reply only through the tools.'),
	],
	{ model: chatModelNode(), tools: TOOLS },
);

// The whole conversation: the trigger, the read receipt with "typing…", the agent with one memory
// per customer, and the reply through the node as the agent's tool. The recipient of the reply is
// the customer who wrote, fixed by an expression: the model chooses the words, not whom they go to.
const TRIGGER = 'WhatsApp Session Trigger';
const HOOK = '7d3c1a52-9e4b-4f0a-8c2d-00000000a9e7';
const CUSTOMER_TWO = '447700900123';
const TRIGGERED = `$('${TRIGGER}').item.json`;
const WRITER = `{{ ${TRIGGERED}.from ?? ${TRIGGERED}.userId }}`;

const CONVERSATION = agentWorkflow(
	'agentConversation',
	'WhatsApp customer agent',
	[
		{ name: TRIGGER, type: 'n8n-nodes-whatsapp-session.whatsAppSessionTrigger', typeVersion: 1, webhookId: HOOK, parameters: { provider: 'cloudApiCompatible' }, credentials: SESSION_CREDENTIAL },
		whatsAppNode(
			{ operation: 'markAsRead', recipient: '={{ $json.from ?? $json.userId }}', readMessageId: '={{ $json.messageId }}', showTypingIndicator: true },
			{ name: 'Mark as Read' },
		),
		// A button tap has no text: its title is what the customer "said".
		agentNode(`={{ ${TRIGGERED}.text ?? ${TRIGGERED}.reply.title }}`, 'You answer WhatsApp customers. Reply only through the Reply tool.'),
	],
	{
		model: chatModelNode(),
		memory: memoryNode(`=${WRITER}`),
		tools: [whatsAppToolNode('Reply', { operation: 'sendText', recipient: `=${WRITER}`, textBody: fromAI('text', TEXT_LIMIT) })],
	},
);

const model = new ScriptedModel();
let modelUrl = '';
// Before the server's beforeAll (hooks run in the order they are declared): its credentials need the URL.
beforeAll(async () => {
	modelUrl = await model.start();
});
afterAll(async () => await model.stop());

const { provider, server } = useServerWithPackage('ai-agent', (providerUrl): N8nServerOptions => ({
	credentials: [
		{
			...SESSION_CREDENTIAL.whatsAppSessionApi,
			type: 'whatsAppSessionApi',
			data: { domain: providerUrl, phoneNumberId: '1555000111', apiKey: KEY, accessToken: TOKEN },
		},
		{ ...OPENAI_CREDENTIAL.openAiApi, type: 'openAiApi', data: { apiKey: OPENAI_KEY, url: modelUrl } },
	],
	workflows: [WORKFLOW, CONVERSATION],
	publish: [WORKFLOW.id, CONVERSATION.id],
	env: TOOL_USAGE_ENV,
}));

beforeEach(() => provider.reset());

let executionsSeen = 0;

/** The customer's message through the agent: the webhook answers with the agent's output when the run ends. */
async function ask(text: string, turns: readonly ScriptedTurn[]): Promise<{ answer: JsonObject; execution: ApiExecution; calls: ModelRequest[] }> {
	model.script(text, turns);
	const response = await server().webhook('agent-tools', jsonRequest({ text }));
	executionsSeen += 1;
	const executions = await server().waitForExecutions(WORKFLOW.id, executionsSeen);
	return { answer: jsonObjectOf(response.body), execution: executions[executionsSeen - 1], calls: model.conversation(text) };
}

/** What each tool call returned to the model, parsed. */
function toolResults(calls: readonly ModelRequest[]): unknown[] {
	const last = calls[calls.length - 1];
	return toolResultsSinceUser(last?.messages ?? []).map((text) => JSON.parse(text));
}

const posts = (path: string): RecordedRequest[] => provider.requests.filter((request) => request.method === 'POST' && request.path === path);

describe('a text reply', () => {
	it('reaches the provider once, after the provider\'s 429 is waited out; the model gets the message id', async () => {
		// The first attempt is refused with a 1 s Retry-After: the tool must wait and send it again, once.
		provider.respondWith((request, index): MockReply =>
			index === 0 ? { status: 429, headers: { 'retry-after': '1' }, body: { errors: { reason: 'Too Many Requests' } } } : cloudApiAccepted(request, index),
		);
		const { answer, execution, calls } = await ask('Where is my order 1042?', [
			{ toolCalls: [{ name: 'Send_text', arguments: { recipient: CUSTOMER, text: 'Your order 1042 ships today.' } }] },
			{ text: 'Told the customer their order ships today.' },
		]);
		expect(execution.status).toBe('success');
		expect(answer.output).toBe('Told the customer their order ships today.');
		const sent = posts(SESSION_PATH);
		expect(sent.map((request) => request.body)).toEqual([
			expect.objectContaining({ to: CUSTOMER, type: 'text', text: expect.objectContaining({ body: 'Your order 1042 ships today.' }) }),
			expect.objectContaining({ to: CUSTOMER, type: 'text', text: expect.objectContaining({ body: 'Your order 1042 ships today.' }) }),
		]);
		expect(sent[1].receivedAt - sent[0].receivedAt).toBeGreaterThanOrEqual(950);
		expect(toolResults(calls)).toEqual([[expect.objectContaining({ messageId: 'wamid.mock.2', status: 'accepted', recipient: CUSTOMER })]]);
	});
});

describe('reply buttons', () => {
	it('a 25-character title goes back to the model as a field-named error, nothing is sent; the corrected call goes out once', async () => {
		const buttons = (title: string) => [{ id: 'pickup', title: 'Pick up' }, { id: 'deliver', title }];
		const { answer, execution, calls } = await ask('How do I get my order?', [
			{ toolCalls: [{ name: 'Send_buttons', arguments: { recipient: CUSTOMER, text: 'How would you like it?', buttons: buttons('Deliver it to my address.') } }] },
			{ toolCalls: [{ name: 'Send_buttons', arguments: { recipient: CUSTOMER, text: 'How would you like it?', buttons: buttons('Deliver') } }] },
			{ text: 'Asked how they want the order.' },
		]);
		expect(execution.status).toBe('success');
		expect(answer.output).toBe('Asked how they want the order.');
		const [refused, accepted] = toolResults(calls);
		// Entries count from 0, as in the JSON array the model sent: "Button 1" is the second.
		expect(refused).toEqual([{ error: 'Item 0: "Buttons › Button 1 › Title" is 25 characters long; the limit is 20' }]);
		expect(accepted).toEqual([expect.objectContaining({ messageId: 'wamid.mock.1', status: 'accepted' })]);
		expect(posts(SESSION_PATH).map((request) => request.body)).toEqual([
			expect.objectContaining({
				to: CUSTOMER,
				type: 'interactive',
				interactive: expect.objectContaining({
					type: 'button',
					body: { text: 'How would you like it?' },
					action: { buttons: [{ type: 'reply', reply: { id: 'pickup', title: 'Pick up' } }, { type: 'reply', reply: { id: 'deliver', title: 'Deliver' } }] },
				}),
			}),
		]);
	});
});

describe('a missing recipient', () => {
	it('goes back to the model as an error naming the recipient, nothing is sent; the call with one goes out once', async () => {
		const { execution, calls } = await ask('Say hello to me', [
			{ toolCalls: [{ name: 'Send_text', arguments: { text: 'Hello!' } }] },
			{ toolCalls: [{ name: 'Send_text', arguments: { recipient: CUSTOMER, text: 'Hello!' } }] },
			{ text: 'Said hello.' },
		]);
		expect(execution.status).toBe('success');
		const [refused, accepted] = toolResults(calls);
		expect(refused).toEqual([{ error: 'Item 0: "Recipient Phone Number" is required' }]);
		expect(accepted).toEqual([expect.objectContaining({ messageId: 'wamid.mock.1' })]);
		expect(posts(SESSION_PATH).map((request) => request.body)).toEqual([expect.objectContaining({ to: CUSTOMER, text: expect.objectContaining({ body: 'Hello!' }) })]);
	});
});

describe('a list', () => {
	it('reaches the provider once, as the model built it', async () => {
		const sections = [{ title: 'Sizes', rows: [{ id: 'size-s', title: 'Small', description: 'Fits 1' }, { id: 'size-l', title: 'Large', description: 'Fits 4' }] }];
		const { execution, calls } = await ask('What sizes do you have?', [
			{ toolCalls: [{ name: 'Send_list', arguments: { recipient: CUSTOMER, text: 'Pick a size', menu_button: 'Sizes', sections } }] },
			{ text: 'Sent the sizes.' },
		]);
		expect(execution.status).toBe('success');
		expect(toolResults(calls)).toEqual([[expect.objectContaining({ messageId: 'wamid.mock.1', status: 'accepted' })]]);
		expect(posts(SESSION_PATH).map((request) => request.body)).toEqual([
			expect.objectContaining({
				type: 'interactive',
				interactive: expect.objectContaining({
					type: 'list',
					body: { text: 'Pick a size' },
					action: {
						button: 'Sizes',
						sections: [{ title: 'Sizes', rows: [{ id: 'size-s', title: 'Small', description: 'Fits 1' }, { id: 'size-l', title: 'Large', description: 'Fits 4' }] }],
					},
				}),
			}),
		]);
	});
});

describe('a template', () => {
	it('reaches the template endpoint once, with the parameter the model filled in', async () => {
		const { execution, calls } = await ask('Any news on order 77?', [
			{ toolCalls: [{ name: 'Send_template', arguments: { recipient: CUSTOMER, order_number: '77' } }] },
			{ text: 'Sent the order update.' },
		]);
		expect(execution.status).toBe('success');
		expect(toolResults(calls)).toEqual([[expect.objectContaining({ messageId: 'wamid.mock.1', status: 'accepted' })]]);
		expect(posts(SESSION_PATH)).toEqual([]);
		expect(posts(TEMPLATE_PATH).map((request) => request.body)).toEqual([
			expect.objectContaining({
				to: CUSTOMER,
				type: 'template',
				template: { name: 'order_update', language: { code: 'en' }, components: [{ type: 'body', parameters: [{ type: 'text', text: '77' }] }] },
			}),
		]);
	});
});

describe('the whole conversation', () => {
	let conversations = 0;

	/** The customer's webhook through the trigger; resolves when its execution has settled. */
	async function customerWrites(body: JsonObject): Promise<ApiExecution> {
		const answer = await server().webhook(`${HOOK}/webhook`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
		expect(answer.status).toBe(200);
		conversations += 1;
		return (await server().waitForExecutions(CONVERSATION.id, conversations))[conversations - 1];
	}

	const reply = (text: string): ScriptedTurn[] => [{ toolCalls: [{ name: 'Reply', arguments: { text } }] }, { text: `Replied: ${text}` }];
	/** The chat the model saw when it was last asked about this user text (before any tool result). */
	const chatSeen = (userText: string): Array<{ role: string; text: string }> =>
		(model.conversation(userText).filter((request) => toolResultsSinceUser(request.messages).length === 0).pop()?.messages ?? [])
			.filter((message) => message.role !== 'system')
			.map((message) => ({ role: message.role, text: messageText(message) }));

	it('marks the message read with "typing…" before the model is asked, then the reply goes to the writer once', async () => {
		model.script('Hi, I am Asha', reply('Hello Asha!'));
		const execution = await customerWrites(metaTextBody('wamid.CONV1', 'Hi, I am Asha'));
		expect(execution.status).toBe('success');
		const [receipt, ...rest] = provider.requests;
		expect(receipt.body).toEqual({ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.CONV1', typing_indicator: { type: 'text' } });
		expect(receipt.receivedAt).toBeLessThanOrEqual(model.conversation('Hi, I am Asha')[0].receivedAt);
		expect(rest.map((request) => request.body)).toEqual([expect.objectContaining({ to: CUSTOMER, type: 'text', text: expect.objectContaining({ body: 'Hello Asha!' }) })]);
		expect(toolResults(model.conversation('Hi, I am Asha'))).toEqual([[expect.objectContaining({ messageId: 'wamid.mock.2', status: 'accepted' })]]);
	});

	it('a second message from the same customer: the model sees the first exchange', async () => {
		model.script('What is my name?', reply('You are Asha.'));
		expect((await customerWrites(metaTextBody('wamid.CONV2', 'What is my name?'))).status).toBe('success');
		// n8n 2.41's memory keeps the tool call and its result too, not only the texts.
		expect(chatSeen('What is my name?')).toEqual([
			{ role: 'user', text: 'Hi, I am Asha' },
			{ role: 'assistant', text: '' },
			{ role: 'tool', text: expect.stringContaining('"status":"accepted"') },
			{ role: 'assistant', text: 'Replied: Hello Asha!' },
			{ role: 'user', text: 'What is my name?' },
		]);
	});

	it('another customer: the model sees none of the first one\'s history, and the reply goes to them', async () => {
		expect((await customerWrites(metaTextBody('wamid.CONV3', 'What is my name?', CUSTOMER_TWO))).status).toBe('success');
		expect(chatSeen('What is my name?')).toEqual([{ role: 'user', text: 'What is my name?' }]);
		expect(provider.requests.filter((request) => jsonObjectOf(request.body).type === 'text').map((request) => jsonObjectOf(request.body).to)).toEqual([CUSTOMER_TWO]);
	});

	it('a button tap reaches the agent as its title, in the customer\'s history', async () => {
		model.script('Deliver', reply('We will deliver it tomorrow.'));
		const tap = metaChoiceReplyBody('wamid.CONV4', { id: 'deliver', title: 'Deliver', kind: 'button', answers: 'wamid.mock.1' });
		expect((await customerWrites(tap)).status).toBe('success');
		const said = chatSeen('Deliver').filter((message) => message.role === 'user' || (message.role === 'assistant' && message.text !== ''));
		expect(said.map((message) => message.text)).toEqual(['Hi, I am Asha', 'Replied: Hello Asha!', 'What is my name?', 'Replied: You are Asha.', 'Deliver']);
		expect(provider.requests.filter((request) => jsonObjectOf(request.body).type === 'text').map((request) => jsonObjectOf(request.body).to)).toEqual([CUSTOMER]);
	});
});

/** A parameter as n8n 2.41 describes a `$fromAI()` key to the model. */
const stringParameter = (description: string) => ({ type: 'string', description });
// A 'json' key loses its type on the way (n8n's zod custom schema keeps only the description).
const jsonParameter = (description: string) => ({ description });

function parameters(properties: Record<string, object>): JsonObject {
	return {
		type: 'object',
		properties: jsonObjectOf(JSON.parse(JSON.stringify(properties))),
		required: Object.keys(properties),
		additionalProperties: false,
		$schema: 'http://json-schema.org/draft-07/schema#',
	};
}

const recipientParameter = stringParameter("The customer's WhatsApp number with its country code, digits only");
const textParameter = stringParameter(TEXT_LIMIT);

describe('the tools the model is offered', () => {
	it('are the four nodes: their names, descriptions and parameter schemas, exactly', () => {
		const offered = model.requests.find((request) => request.tools.length > 0);
		const byName = [...(offered?.tools ?? [])].sort((a, b) => a.name.localeCompare(b.name));
		expect(byName).toEqual([
			{
				name: 'Send_buttons',
				// Tool Description left on "Set Automatically": the operation's action, which states the limits.
				description: 'Send reply buttons (1 to 3, titles up to 20 characters) in WhatsApp Session',
				parameters: parameters({
					recipient: recipientParameter,
					text: textParameter,
					buttons: jsonParameter('A JSON array of 1 to 3 buttons, each {"id", "title"}; a title has at most 20 characters'),
				}),
			},
			{
				name: 'Send_list',
				description: 'Send list menu (up to 10 rows, titles up to 24 characters) in WhatsApp Session',
				parameters: parameters({
					recipient: recipientParameter,
					text: textParameter,
					menu_button: stringParameter('The label of the button that opens the list, at most 20 characters'),
					sections: jsonParameter(
						'A JSON array of sections, each {"title", "rows": [{"id", "title", "description"}]}; at most 10 rows in all; a row title has at most 24 characters',
					),
				}),
			},
			{
				name: 'Send_template',
				description: 'Send the approved template order_update. Use it only when the 24-hour window is closed.',
				parameters: parameters({ recipient: recipientParameter, order_number: stringParameter('The order number the update is about') }),
			},
			{
				name: 'Send_text',
				description: 'Send text message (up to 4,096 characters) in WhatsApp Session',
				parameters: parameters({ recipient: recipientParameter, text: textParameter }),
			},
		]);
	});
});

describe('after the conversations', () => {
	it('no secret reached a log, a webhook answer or the model', async () => {
		expect(await server().secretLeaks(SECRETS)).toEqual([]);
		const toModel = JSON.stringify(model.requests.map((request) => request.body));
		for (const secret of [KEY, TOKEN]) expect(toModel).not.toContain(secret);
	});
});
