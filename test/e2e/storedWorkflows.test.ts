// Stored workflows keep working after the source tree moved (issue 20): the node types come from
// `description.name`, not from where the files live. One real n8n (`n8n start`, the current packed
// package installed as users get it) imports every example in examples/ and two workflows that n8n
// exported from the package as it was before the move (fixtures/README.md); n8n must know every
// node type in them, publish the triggered ones, and run them against the mock provider.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

import { DEMO_SECRETS, demoCredentials } from '../../scripts/demo/credentials';
import { DEMO_N8N_ENV, knownNodeTypes, loadExamples, TRIGGER_NODE_TYPE, triggerExamples } from '../../scripts/demo/instance';
import { DEMO_MODEL_KEY, demoModelCredential, DEMO_REPLY_TOOL, startDemoModel } from '../../scripts/demo/model';
import type { ScriptedModel } from './lib/scriptedModel';
import { jsonObjectOf } from '../support/json';
import { isUpload, uploadsAnd } from '../support/mediaUploads';
import { CUSTOMER, metaSignatureHeaders, metaTextBody } from '../support/inboundSamples';
import { cloudApiAccepted, cloudApiError, type MockResponder, type RecordedRequest } from '../support/mockProvider';
import { readWorkflowFile, type JsonObject, type N8nCredential, type N8nWorkflow } from './lib/n8n';
import { executionNodeOutput, type ApiExecution } from './lib/n8nApi';
import type { N8nServerOptions } from './lib/n8nServer';
import { useServerWithPackage } from './lib/serverSuite';

jest.setTimeout(5 * 60_000);

const FIXTURES = path.join(__dirname, 'fixtures');
const STORED_MANUAL = readWorkflowFile(path.join(FIXTURES, 'stored-premove-manual.json'));
const STORED_TRIGGER = readWorkflowFile(path.join(FIXTURES, 'stored-premove-trigger.json'));
const EXAMPLES = loadExamples();
const MANUAL_TRIGGER_TYPE = 'n8n-nodes-base.manualTrigger';

const STORED_SECRETS = { sessionKey: 'e2e-STORED-key-3c9', sessionToken: 'e2e_STORED_token_71d', metaToken: 'e2e_STORED_meta_token_a0f', metaAppSecret: 'e2e_STORED_app_secret_5e2' };
const SECRETS = [...Object.values(STORED_SECRETS), ...Object.values(DEMO_SECRETS), DEMO_MODEL_KEY];
const PHONE_NUMBER_ID = '100000000000001';

/** The credentials the fixtures name (by id and name), pointing at the mock. */
function storedCredentials(providerUrl: string): N8nCredential[] {
	return [
		{
			id: 'stored-session',
			name: 'Cloud-API-format provider (stored workflow)',
			type: 'whatsAppSessionApi',
			data: { domain: providerUrl, phoneNumberId: PHONE_NUMBER_ID, apiKey: STORED_SECRETS.sessionKey, accessToken: STORED_SECRETS.sessionToken },
		},
		{
			id: 'stored-meta',
			name: 'Meta (stored workflow)',
			type: 'whatsAppCloudApi',
			data: { accessToken: STORED_SECRETS.metaToken, phoneNumberId: PHONE_NUMBER_ID, baseUrl: providerUrl, appSecret: STORED_SECRETS.metaAppSecret },
		},
	];
}

const ALL: ReadonlyArray<{ source: string; workflow: N8nWorkflow }> = [
	...EXAMPLES.map(({ file, workflow }) => ({ source: `examples/${file}`, workflow })),
	{ source: 'fixtures/stored-premove-manual.json', workflow: STORED_MANUAL },
	{ source: 'fixtures/stored-premove-trigger.json', workflow: STORED_TRIGGER },
];

// The agent example's chat model, as `npm run demo` starts it; before the server's beforeAll
// (hooks run in the order they are declared), whose credentials need its URL.
let model: ScriptedModel | undefined;
let modelUrl = '';
beforeAll(async () => {
	({ model, baseUrl: modelUrl } = await startDemoModel());
});
afterAll(async () => await model?.stop());

const { provider, server: running } = useServerWithPackage('stored-workflows', (providerUrl): N8nServerOptions => ({
	credentials: [...demoCredentials(providerUrl), demoModelCredential(modelUrl), ...storedCredentials(providerUrl)],
	workflows: ALL.map(({ workflow }) => workflow),
	env: DEMO_N8N_ENV,
}));

function manualTriggerName(workflow: N8nWorkflow): string {
	const trigger = workflow.nodes.find((node) => node.type === MANUAL_TRIGGER_TYPE);
	if (!trigger) throw new Error(`${workflow.name} has no Manual Trigger`);
	return trigger.name;
}

/** Runs a workflow from its Manual Trigger with the mock answering through `responder`. */
async function runManually(workflow: N8nWorkflow, responder: MockResponder = cloudApiAccepted): Promise<ApiExecution> {
	provider.reset();
	provider.respondWith(responder);
	return await running().api.runManually(workflow.id, manualTriggerName(workflow));
}

function sentBodies(): JsonObject[] {
	return provider.requests.map((request) => jsonObjectOf(request.body));
}

describe('n8n loads the moved package', () => {
	it('installs the package whose nodes live in one folder', () => {
		const installed: unknown = JSON.parse(readFileSync(path.join(running().sandbox.nodesDir, 'node_modules', 'n8n-nodes-whatsapp-session', 'package.json'), 'utf8'));
		expect(installed).toMatchObject({
			n8n: { nodes: ['dist/nodes/WhatsAppSession/WhatsAppSession.node.js', 'dist/nodes/WhatsAppSession/WhatsAppSessionTrigger.node.js'] },
		});
	});

	it('knows the type and version of every node in every example and stored workflow', async () => {
		// The API key first: its POST right after this multi-MB answer met a closed socket in 3 of 5 runs.
		await running().api.publicApiKey();
		const known = await knownNodeTypes(running().baseUrl, await running().api.session());
		const unknown = ALL.flatMap(({ source, workflow }) =>
			workflow.nodes.filter((node) => !(known.get(node.type) ?? []).includes(node.typeVersion)).map((node) => `${source}: "${node.name}" ${node.type} v${node.typeVersion}`),
		);
		expect(unknown).toEqual([]);
		// The examples use both of this package's nodes; the count guards against an empty examples/.
		expect(EXAMPLES.length).toBe(24);
	});

	it('publishes every workflow a WhatsApp Session Trigger starts', async () => {
		const triggered = [...triggerExamples(EXAMPLES).map(({ workflow }) => workflow), STORED_TRIGGER];
		expect(triggered.map((workflow) => workflow.id)).toEqual(['wa-example-11-reply', 'wa-example-12-menu', 'wa-example-13-alert', 'wa-example-19-media', 'wa-example-20-agent', STORED_TRIGGER.id]);
		for (const workflow of triggered) await running().api.publishWorkflow(workflow.id);
		expect(triggered.every((workflow) => workflow.nodes.some((node) => node.type === TRIGGER_NODE_TYPE))).toBe(true);
	});
});

describe('the workflows exported before the move', () => {
	it('manual: sends exactly the text and the reply buttons it was built with', async () => {
		const execution = await runManually(STORED_MANUAL);
		expect(execution.status).toBe('success');
		const sessionPath = `/api/v1.0/${PHONE_NUMBER_ID}/${STORED_SECRETS.sessionKey}/simpleMessages`;
		expect(provider.requests.map((request) => [request.method, request.path])).toEqual([
			['POST', sessionPath],
			['POST', sessionPath],
		]);
		const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to: CUSTOMER.phone };
		expect(sentBodies()).toEqual([
			{ ...base, type: 'text', text: { preview_url: true, body: 'Your order 1042 has shipped: https://example.com/track/1042' } },
			{
				...base,
				type: 'interactive',
				interactive: {
					type: 'button',
					header: { type: 'text', text: 'Order 1042' },
					body: { text: 'How would you like to receive order 1042?' },
					footer: { text: 'Example Store' },
					action: {
						buttons: [
							{ type: 'reply', reply: { id: 'delivery-1042', title: 'Home delivery' } },
							{ type: 'reply', reply: { id: 'pickup-1042', title: 'Store pickup' } },
						],
					},
				},
			},
		]);
		expect(executionNodeOutput(execution, 'Send Reply Buttons')).toEqual([expect.objectContaining({ messageId: 'wamid.mock.2', status: 'accepted' })]);
	});

	it('trigger: a signed Meta webhook starts exactly one execution, whose reply reaches the mock', async () => {
		provider.reset();
		provider.respondWith(cloudApiAccepted);
		const hook = STORED_TRIGGER.nodes.find((node) => node.type === TRIGGER_NODE_TYPE)?.webhookId;
		const raw = Buffer.from(JSON.stringify(metaTextBody('wamid.STORED1', 'Is order 1042 on its way?')));
		const answer = await running().webhook(`${String(hook)}/webhook`, {
			method: 'POST',
			body: raw,
			headers: { 'content-type': 'application/json', ...metaSignatureHeaders(raw, STORED_SECRETS.metaAppSecret) },
		});
		expect(answer.status).toBe(200);
		const executions = await running().waitForExecutions(STORED_TRIGGER.id, 1);
		await running().expectNoNewExecutions(STORED_TRIGGER.id, executions, 1_500);
		expect(executions.map((execution) => execution.status)).toEqual(['success']);
		expect(provider.requests.map((request) => [request.method, request.path])).toEqual([['POST', `/v23.0/${PHONE_NUMBER_ID}/messages`]]);
		expect(sentBodies()).toEqual([
			expect.objectContaining({ to: CUSTOMER.phone, type: 'text', text: expect.objectContaining({ body: `Thanks ${CUSTOMER.name}, we got "Is order 1042 on its way?".` }) }),
		]);
	});
});

describe('example 20: an AI agent answers WhatsApp, with the demo\'s scripted model', () => {
	const agentExample = EXAMPLES.find(({ file }) => file === '20-ai-agent-answers-whatsapp.json')?.workflow;
	let runs = 0;

	/** The customer writes to example 20's Production URL, signed as the demo provider signs. */
	async function customerWrites(messageId: string, text: string): Promise<ApiExecution> {
		if (!agentExample) throw new Error('examples/20-ai-agent-answers-whatsapp.json is missing');
		const hook = agentExample.nodes.find((node) => node.type === TRIGGER_NODE_TYPE)?.webhookId;
		const raw = Buffer.from(JSON.stringify(metaTextBody(messageId, text)));
		const answer = await running().webhook(`${String(hook)}/webhook`, {
			method: 'POST',
			body: raw,
			headers: { 'content-type': 'application/json', ...metaSignatureHeaders(raw, DEMO_SECRETS.sessionWebhookSecret) },
		});
		expect(answer.status).toBe(200);
		runs += 1;
		const executions = await running().waitForExecutions(agentExample.id, runs);
		return executions[runs - 1];
	}

	it('marks the message read with "typing…", then the agent replies once through WhatsApp Session as its tool', async () => {
		provider.reset();
		provider.respondWith(cloudApiAccepted);
		const execution = await customerWrites('wamid.AGENT1', 'Hi, I am Asha');
		expect(execution.status).toBe('success');
		expect(provider.requests.map(sentKind)).toEqual(['status:read', 'text']);
		expect(sentBodies()).toEqual([
			expect.objectContaining({ status: 'read', message_id: 'wamid.AGENT1', typing_indicator: { type: 'text' } }),
			expect.objectContaining({
				to: CUSTOMER.phone,
				text: expect.objectContaining({ body: expect.stringMatching(/^You said: "Hi, I am Asha"\. This is your first message in this chat\./) }),
			}),
		]);
		// The model was offered the node as its tool, with the limit the action states.
		const offered = model?.requests.find((request) => request.tools.length > 0)?.tools.map((tool) => [tool.name, tool.description]);
		expect(offered).toEqual([[DEMO_REPLY_TOOL, 'Send text message (up to 4,096 characters) in WhatsApp Session']]);
	});

	it('a second message from the same customer: the agent\'s memory holds the first', async () => {
		provider.reset();
		provider.respondWith(cloudApiAccepted);
		expect((await customerWrites('wamid.AGENT2', 'What did I say?')).status).toBe('success');
		expect(sentBodies()[1]).toEqual(
			expect.objectContaining({ text: expect.objectContaining({ body: expect.stringContaining('You wrote 1 message before this one; the first was "Hi, I am Asha".') }) }),
		);
	});
});

/** What each example started by its Manual Trigger does against the mock, by its sticky note. */
interface ManualExample {
	file: string;
	/** Which run of the file, when it runs more than once. */
	variant?: string;
	responder?: MockResponder;
	status: 'success' | 'waiting';
	/** What the provider receives, in order (see sentKind). */
	sent: string[];
	/** Items out of the WhatsApp Session nodes that ran: node name → how many. */
	outputs: Record<string, number>;
}

/** What a request the provider received is: 'upload', the message's `type`, or 'status:read' (Mark as Read). */
function sentKind(request: RecordedRequest): string {
	if (isUpload(request)) return 'upload';
	const body = jsonObjectOf(request.body);
	return typeof body.type === 'string' ? body.type : `status:${String(body.status)}`;
}

/** The 24-hour window is closed: the first message is refused with 131047, the rest accepted. */
const windowClosed: MockResponder = (request, index) =>
	index === 0 ? cloudApiError(400, 131047, 'Re-engagement message', 'More than 24 hours have passed since the recipient last replied.') : cloudApiAccepted(request, index);

const MANUAL_EXAMPLES: ManualExample[] = [
	{ file: '01-text-reply.json', status: 'success', sent: ['text'], outputs: { 'Send text reply': 1 } },
	{ file: '02-document-with-caption.json', status: 'success', sent: ['document'], outputs: { 'Send invoice PDF': 1 } },
	{ file: '03-reply-buttons.json', status: 'success', sent: ['interactive'], outputs: { 'Ask how to deliver': 1 } },
	{ file: '04-list-menu.json', status: 'success', sent: ['interactive'], outputs: { 'Send plan menu': 1 } },
	{ file: '05-contacts.json', status: 'success', sent: ['contacts'], outputs: { 'Send support contact': 1 } },
	{ file: '06-cta-url.json', status: 'success', sent: ['interactive'], outputs: { 'Send tracking link': 1 } },
	{ file: '07-location-and-location-request.json', status: 'success', sent: ['location', 'interactive'], outputs: { 'Send store location': 1, 'Ask for delivery location': 1 } },
	{ file: '08-reaction-and-quoted-reply.json', status: 'success', sent: ['reaction', 'text'], outputs: { 'React with thumbs up': 1, 'Quoted reply': 1 } },
	{ file: '09-map-items-with-expressions.json', status: 'success', sent: ['interactive', 'interactive', 'interactive'], outputs: { 'Send shipping update': 3 } },
	// The second item fails on purpose (no country code); On Error → Continue keeps the run going.
	{ file: '10-on-error-continue.json', status: 'success', sent: ['text', 'text'], outputs: { 'Send text, continue on error': 3 } },
	{ file: '14-template-with-document-header.json', status: 'success', sent: ['template'], outputs: { 'Send invoice template': 1 } },
	{ file: '15-reply-with-template-fallback.json', status: 'success', sent: ['text'], outputs: { 'Reply, or send a template': 1 } },
	{ file: '15-reply-with-template-fallback.json', variant: 'window closed', responder: windowClosed, status: 'success', sent: ['text', 'template'], outputs: { 'Reply, or send a template': 1 } },
	{ file: '16-mark-as-read-with-typing.json', status: 'success', sent: ['status:read'], outputs: { 'Mark as read, show typing': 1 } },
	// Sends the question, then waits for the customer's tap (which only a provider's webhook brings).
	{ file: '17-send-and-wait-confirm-order.json', status: 'waiting', sent: ['interactive'], outputs: {} },
	// One upload, then the file by its id to each of the three customers.
	{ file: '18-send-file-from-earlier-node.json', responder: uploadsAnd(), status: 'success', sent: ['upload', 'document', 'document', 'document'], outputs: { 'Send the file to each customer': 3 } },
	{ file: '21-product-and-product-list.json', status: 'success', sent: ['interactive', 'interactive'], outputs: { 'Send one product': 1, 'Send product list': 1 } },
	{ file: '22-catalog.json', status: 'success', sent: ['interactive'], outputs: { 'Send catalog': 1 } },
	{ file: '23-flow.json', status: 'success', sent: ['interactive'], outputs: { 'Send booking flow': 1 } },
	// Sends the Flow, then waits for the customer to submit it (which only a provider's webhook brings).
	{ file: '24-send-and-wait-flow-form.json', status: 'waiting', sent: ['interactive'], outputs: {} },
];

describe('the examples a Manual Trigger starts', () => {
	it('are all in the table below; the others are started by the trigger', () => {
		const manual = EXAMPLES.filter(({ workflow }) => workflow.nodes.some((node) => node.type === MANUAL_TRIGGER_TYPE)).map(({ file }) => file);
		expect(manual).toEqual([...new Set(MANUAL_EXAMPLES.map(({ file }) => file))]);
		expect(EXAMPLES.length - manual.length).toBe(triggerExamples(EXAMPLES).length);
	});

	it.each(MANUAL_EXAMPLES.map((example) => ({ ...example, label: example.variant ? `${example.file} (${example.variant})` : example.file })))('$label runs as its note says', async (example) => {
		const found = EXAMPLES.find(({ file }) => file === example.file);
		if (!found) throw new Error(`no examples/${example.file}`);
		const execution = await runManually(found.workflow, example.responder);
		expect(execution.status).toBe(example.status);
		expect(provider.requests.map(sentKind)).toEqual(example.sent);
		for (const [node, count] of Object.entries(example.outputs)) {
			const items = executionNodeOutput(execution, node);
			expect(items).toHaveLength(count);
			const failed = items.filter((item) => item.error !== undefined);
			// Only example 10 makes an item fail, and it says which one and why.
			expect(failed).toEqual(example.file === '10-on-error-continue.json' ? [expect.objectContaining({ error: expect.stringContaining('Recipient Phone Number') })] : []);
		}
		if (example.responder === windowClosed) {
			expect(executionNodeOutput(execution, 'Reply, or send a template')).toEqual([expect.objectContaining({ sentAs: 'template', windowClosedCode: '131047' })]);
		}
	});
});

describe('secrets', () => {
	it('appear in none of n8n\'s logs or the webhook answers', async () => {
		expect(await running().secretLeaks(SECRETS)).toEqual([]);
	});
});
