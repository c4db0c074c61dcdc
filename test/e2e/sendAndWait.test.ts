// Send and Wait for Reply in a real n8n (issue 13): `n8n start` with two active workflows, the one
// that asks and waits, and the WhatsApp Session Trigger that receives the customer's tap. Taps go
// in as Meta posts them (signed bytes); the waiting execution's fate comes back through the API.
import { createHmac } from 'node:crypto';

import { encodeWireId, parseWireId, responderParam, resumeUrl } from '../../nodes/WhatsAppSession/waiting/reference';
import { valueAt } from '../support/json';
import { BUSINESS, CUSTOMER, metaBody, metaChoiceReplyBody, metaContact, metaFlowReplyMessage, metaValue } from '../support/inboundSamples';
import { chainWorkflow, webhookNode, type JsonObject, type N8nWorkflow, type WorkflowNodeSpec } from './lib/n8n';
import { executionNodeOutput, httpRequest, type ApiExecution } from './lib/n8nApi';
import type { N8nServerOptions } from './lib/n8nServer';
import { NODE, whatsAppNode } from './lib/nodeFixture';
import { useServerWithPackage } from './lib/serverSuite';

jest.setTimeout(5 * 60_000);

const TRIGGER = 'WhatsApp Session Trigger';
const APP_SECRET = 'e2e_WAIT_app_secret_91c2';
const ACCESS_TOKEN = 'e2e_WAIT_access_token_4d7e';
const VERIFY_TOKEN = 'e2e_WAIT_verify_token_0a3b';
const CREDENTIAL = { whatsAppCloudApi: { id: 'cred-wait-meta', name: 'Meta' } };
const TRIGGER_HOOK = '7a1e2c3d-4b5f-4a6e-9c8d-000000000013';
const OTHER_NUMBER = '15550001111';
/** Short enough to watch pass; n8n's wait tracker decides when it is noticed (measured below). */
const WAIT_LIMIT_SECONDS = 3;

function askingWorkflow(id: string, path: string, limit: JsonObject): N8nWorkflow {
	return chainWorkflow(id, `Ask (${path})`, webhookNode({ path }), [
		whatsAppNode(
			{
				provider: 'metaCloudApi',
				operation: 'sendAndWait',
				recipient: '={{ $json.body.to }}',
				bodyText: '=Confirm order {{ $json.body.order }}?',
				choicesInputMode: 'json',
				choicesJson: '={{ JSON.stringify($json.body.choices) }}',
				listButtonText: 'Choose',
				...limit,
			},
			{ credentials: CREDENTIAL },
		),
		{ name: 'Answered', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} },
	]);
}

const WORKFLOWS = {
	ask: askingWorkflow('waitAsk', 'ask', {}),
	askWithLimit: askingWorkflow('waitAskLimit', 'ask-limited', {
		limitWaitTime: true,
		limitType: 'afterTimeInterval',
		resumeAmount: WAIT_LIMIT_SECONDS,
		resumeUnit: 'seconds',
	}),
	askFlow: chainWorkflow('waitAskFlow', 'Ask with a Flow', webhookNode({ path: 'ask-flow' }), [
		whatsAppNode(
			{
				provider: 'metaCloudApi',
				operation: 'sendAndWait',
				responseType: 'flowForm',
				recipient: '={{ $json.body.to }}',
				bodyText: '=Where should order {{ $json.body.order }} go?',
				flowReference: 'name',
				flowName: 'delivery_details',
				flowButtonText: 'Delivery details',
				flowAction: 'navigate',
				flowScreen: 'DELIVERY',
				flowScreenData: '={{ JSON.stringify({ order_id: String($json.body.order) }) }}',
			},
			{ credentials: CREDENTIAL },
		),
		{ name: 'Answered', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} },
	]),
	trigger: chainWorkflow(
		'waitTrigger',
		'Replies',
		{
			name: TRIGGER,
			type: 'n8n-nodes-whatsapp-session.whatsAppSessionTrigger',
			typeVersion: 1,
			webhookId: TRIGGER_HOOK,
			parameters: { provider: 'metaCloudApi' },
			credentials: CREDENTIAL,
		} satisfies WorkflowNodeSpec,
		[{ name: 'Received', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} }],
	),
} satisfies Record<string, N8nWorkflow>;

const TWO_CHOICES = [
	{ id: 'confirm', title: 'Confirm' },
	{ id: 'cancel', title: 'Cancel' },
];
const FIVE_SLOTS = ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({ id: `slot-${day}`, title: `Deliver ${day}` }));

const { provider, server: running } = useServerWithPackage('send-and-wait', (providerUrl): N8nServerOptions => ({
	credentials: [
		{
			...CREDENTIAL.whatsAppCloudApi,
			type: 'whatsAppCloudApi',
			data: { accessToken: ACCESS_TOKEN, phoneNumberId: BUSINESS.phoneNumberId, baseUrl: providerUrl, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN },
		},
	],
	workflows: Object.values(WORKFLOWS),
	publish: Object.values(WORKFLOWS).map((workflow) => workflow.id),
}));
let tapCount = 0;

/** Starts the asking workflow and resolves once its execution waits, with the question as sent. */
async function ask(workflow: N8nWorkflow, choices: JsonObject[]): Promise<{ execution: ApiExecution; wireIds: string[]; questionId: string }> {
	const before = await running().executions(workflow.id);
	const sentBefore = provider.requests.length;
	const answer = await running().webhook(workflow === WORKFLOWS.ask ? 'ask' : workflow === WORKFLOWS.askFlow ? 'ask-flow' : 'ask-limited', {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ to: CUSTOMER.phone, order: 1042, choices }),
	});
	expect(answer.status).toBe(200);
	const [execution] = (await running().waitForExecutions(workflow.id, before.length + 1)).slice(before.length);
	if (!execution) throw new Error('the asking workflow did not run');
	expect(execution.status).toBe('waiting');
	expect(provider.requests).toHaveLength(sentBefore + 1);
	const sent = provider.requests[sentBefore].body;
	const buttons = valueAt(sent, 'interactive', 'action', 'buttons');
	const sections = valueAt(sent, 'interactive', 'action', 'sections');
	const rows: unknown = Array.isArray(sections) ? valueAt(sections[0], 'rows') : undefined;
	const wireIds = Array.isArray(buttons)
		? buttons.map((button) => String(valueAt(button, 'reply', 'id')))
		: Array.isArray(rows)
			? rows.map((row) => String(valueAt(row, 'id')))
			: [];
	return { execution, wireIds, questionId: `wamid.mock.${sentBefore + 1}` };
}

/** The customer taps: Meta posts the reply, signed, to the trigger's production URL. */
async function tap(wireId: string, title: string, kind: 'button' | 'listRow', answers: string, from: string = CUSTOMER.phone, messageId?: string) {
	tapCount += 1;
	const body = metaChoiceReplyBody(messageId ?? `wamid.TAP.${tapCount}`, { id: wireId, title, kind, answers }, { from });
	const raw = Buffer.from(JSON.stringify(body));
	const signature = `sha256=${createHmac('sha256', APP_SECRET).update(raw).digest('hex')}`;
	const answer = await running().webhook(`${TRIGGER_HOOK}/webhook`, {
		method: 'POST',
		body: raw,
		headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
	});
	expect(answer.status).toBe(200);
	return body;
}

async function executionNow(workflow: N8nWorkflow, id: string): Promise<ApiExecution> {
	const execution = (await running().executions(workflow.id)).find((candidate) => candidate.id === id);
	if (!execution) throw new Error(`execution ${id} is gone`);
	return execution;
}

async function settledAnswer(workflow: N8nWorkflow, id: string, timeoutMs = 30_000): Promise<ApiExecution> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		// While it runs again, n8n's executions list may leave it out for a moment.
		const execution = (await running().executions(workflow.id)).find((candidate) => candidate.id === id);
		if (execution && execution.status !== 'waiting' && execution.status !== 'running' && execution.status !== 'new') return execution;
		if (Date.now() > deadline) throw new Error(`execution ${id} is still ${execution?.status ?? 'not listed'} after ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/** The trigger workflow's executions after `known`, once `count` more have come. */
async function newTriggerItems(known: number, count: number): Promise<JsonObject[]> {
	const executions = await running().waitForExecutions(WORKFLOWS.trigger.id, known + count);
	return executions.slice(known).flatMap((execution) => executionNodeOutput(execution, TRIGGER));
}

describe('Send and Wait for Reply, answered through the trigger', () => {
	let confirmed: { execution: ApiExecution; wireIds: string[]; questionId: string } | undefined;

	it('1–2: a button tap resumes the waiting execution with the builder\'s choice id', async () => {
		confirmed = await ask(WORKFLOWS.ask, TWO_CHOICES);
		expect(valueAt(provider.requests.at(-1)?.body, 'interactive', 'type')).toBe('button');
		const triggerRuns = (await running().executions(WORKFLOWS.trigger.id)).length;

		await tap(confirmed.wireIds[0], 'Confirm', 'button', confirmed.questionId);

		const done = await settledAnswer(WORKFLOWS.ask, confirmed.execution.id);
		expect(done.status).toBe('success');
		expect(executionNodeOutput(done, NODE)).toEqual([
			expect.objectContaining({
				timedOut: false,
				answer: { id: 'confirm', title: 'Confirm' },
				from: CUSTOMER.phone,
				answeredMessageId: confirmed.questionId,
				messageId: confirmed.questionId,
				recipient: CUSTOMER.phone,
			}),
		]);
		expect(executionNodeOutput(done, 'Answered')).toHaveLength(1);
		// "Output Replies That Resume an Execution" is off by default: the trigger started nothing.
		await running().expectNoNewExecutions(WORKFLOWS.trigger.id, (await running().executions(WORKFLOWS.trigger.id)).slice(0, triggerRuns), 2_000);
	});

	it('7: a second tap re-runs nothing, and the trigger reports it as an ordinary reply', async () => {
		if (!confirmed) throw new Error('needs the first test');
		const asks = await running().executions(WORKFLOWS.ask.id);
		const triggerRuns = (await running().executions(WORKFLOWS.trigger.id)).length;

		const again = await tap(confirmed.wireIds[1], 'Cancel', 'button', confirmed.questionId);
		const [item] = await newTriggerItems(triggerRuns, 1);
		expect(item).toEqual(
			expect.objectContaining({
				type: 'reply',
				waiting: {
					resumed: false,
					reason: 'the execution is no longer waiting: it was answered already, or it finished',
					executionId: confirmed.execution.id,
					choiceId: 'cancel',
				},
			}),
		);
		// The same tap delivered again by Meta is dropped before any resume.
		const raw = Buffer.from(JSON.stringify(again));
		await running().webhook(`${TRIGGER_HOOK}/webhook`, {
			method: 'POST',
			body: raw,
			headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(raw).digest('hex')}` },
		});
		await running().expectNoNewExecutions(WORKFLOWS.ask.id, asks, 2_000);
		const after = await executionNow(WORKFLOWS.ask, confirmed.execution.id);
		expect(executionNodeOutput(after, NODE)).toEqual([expect.objectContaining({ answer: { id: 'confirm', title: 'Confirm' } })]);
	});

	it('3: a list row resumes with that row\'s choice id', async () => {
		const asked = await ask(WORKFLOWS.ask, FIVE_SLOTS);
		expect(valueAt(provider.requests.at(-1)?.body, 'interactive', 'type')).toBe('list');
		await tap(asked.wireIds[3], 'Deliver thu', 'listRow', asked.questionId);
		const done = await settledAnswer(WORKFLOWS.ask, asked.execution.id);
		expect(done.status).toBe('success');
		expect(executionNodeOutput(done, NODE)).toEqual([expect.objectContaining({ timedOut: false, answer: { id: 'slot-thu', title: 'Deliver thu' } })]);
	});

	it('4: a tap from another number resumes nothing (trigger and resume URL alike); the person asked still can', async () => {
		const asked = await ask(WORKFLOWS.ask, TWO_CHOICES);
		const triggerRuns = (await running().executions(WORKFLOWS.trigger.id)).length;

		await tap(asked.wireIds[0], 'Confirm', 'button', asked.questionId, OTHER_NUMBER);
		const [item] = await newTriggerItems(triggerRuns, 1);
		// The trigger rebuilds the URL with the tapper's number, and n8n's own signature check refuses it.
		expect(item).toEqual(
			expect.objectContaining({ from: OTHER_NUMBER, waiting: expect.objectContaining({ resumed: false, reason: expect.stringContaining('not the person asked') }) }),
		);

		// The resume URL itself, genuinely signed, posted straight to n8n with another sender: refused by the node.
		const reference = parseWireId(asked.wireIds[0]);
		if (!reference) throw new Error('no reference in the sent button');
		const url = new URL(resumeUrl(`${running().baseUrl}/webhook-waiting`, reference, responderParam({ kind: 'phoneNumber', digits: CUSTOMER.phone })));
		const direct = await httpRequest(running().baseUrl, `${url.pathname}${url.search}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ from: OTHER_NUMBER, title: 'Confirm' }),
		});
		expect([direct.status, direct.text]).toEqual([403, JSON.stringify({ whatsAppSessionResumed: false, reason: 'not the person asked' })]);
		expect((await executionNow(WORKFLOWS.ask, asked.execution.id)).status).toBe('waiting');

		await tap(asked.wireIds[1], 'Cancel', 'button', asked.questionId);
		const done = await settledAnswer(WORKFLOWS.ask, asked.execution.id);
		expect(executionNodeOutput(done, NODE)).toEqual([expect.objectContaining({ answer: { id: 'cancel', title: 'Cancel' } })]);
	});

	it('5: a forged id (choice id changed, signature kept) resumes nothing: n8n refuses the signature', async () => {
		const asked = await ask(WORKFLOWS.ask, TWO_CHOICES);
		const reference = parseWireId(asked.wireIds[1]);
		if (!reference) throw new Error('no reference in the sent button');
		const forged = encodeWireId({ ...reference, choiceId: 'refund-everything' });
		const triggerRuns = (await running().executions(WORKFLOWS.trigger.id)).length;

		await tap(forged, 'Cancel', 'button', asked.questionId);
		const [item] = await newTriggerItems(triggerRuns, 1);
		expect(item).toEqual(
			expect.objectContaining({
				waiting: {
					resumed: false,
					reason: 'n8n refused the reference: its signature does not match (not the person asked, or forged, altered, or from another n8n)',
					executionId: asked.execution.id,
					choiceId: 'refund-everything',
				},
			}),
		);
		expect((await executionNow(WORKFLOWS.ask, asked.execution.id)).status).toBe('waiting');
	});

	it('6: when the wait limit passes, the execution goes on (with the node\'s input item: n8n passes it through)', async () => {
		const started = Date.now();
		const asked = await ask(WORKFLOWS.askWithLimit, TWO_CHOICES);
		const done = await settledAnswer(WORKFLOWS.askWithLimit, asked.execution.id, 150_000);
		const tookMs = Date.now() - started;
		// n8n's wait tracker looks for due executions once a minute, so the limit is honoured within about that.
		process.stdout.write(`send-and-wait: a ${WAIT_LIMIT_SECONDS} s wait limit ended the wait after ${(tookMs / 1000).toFixed(1)} s\n`);
		expect(tookMs).toBeGreaterThanOrEqual(WAIT_LIMIT_SECONDS * 1000);
		expect(done.status).toBe('success');
		// n8n resumes a timed-out waiting node disabled, and a disabled node passes its input on: the
		// webhook's item, without `timedOut: false` and without `answer` (what answered items have).
		const [item] = executionNodeOutput(done, NODE);
		expect(valueAt(item, 'body', 'order')).toBe(1042);
		expect(item).not.toHaveProperty('answer');
		expect(item).not.toHaveProperty('timedOut');
		expect(executionNodeOutput(done, 'Answered')).toHaveLength(1);
	});

	it('8: a Flow form: the submitted Flow resumes with answer.form; a second submit and another customer\'s submit resume nothing', async () => {
		const asked = await ask(WORKFLOWS.askFlow, []);
		const sent = provider.requests.at(-1)?.body;
		expect(valueAt(sent, 'interactive', 'type')).toBe('flow');
		expect(valueAt(sent, 'interactive', 'action', 'parameters', 'flow_action_payload')).toEqual({ screen: 'DELIVERY', data: { order_id: '1042' } });
		const token = String(valueAt(sent, 'interactive', 'action', 'parameters', 'flow_token'));
		expect(parseWireId(token)).toEqual(expect.objectContaining({ choiceId: 'form', executionId: asked.execution.id }));

		/** The customer submits the Flow: Meta posts its answers with the token, signed. */
		const submit = async (from: string, answers: JsonObject) => {
			tapCount += 1;
			const message = { ...metaFlowReplyMessage(`wamid.FLOW.${tapCount}`, JSON.stringify({ ...answers, flow_token: token }), asked.questionId), from };
			const raw = Buffer.from(JSON.stringify(metaBody(metaValue({ contacts: [metaContact(from)], messages: [message] }))));
			const answer = await running().webhook(`${TRIGGER_HOOK}/webhook`, {
				method: 'POST',
				body: raw,
				headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(raw).digest('hex')}` },
			});
			expect(answer.status).toBe(200);
		};

		let triggerRuns = (await running().executions(WORKFLOWS.trigger.id)).length;
		await submit(OTHER_NUMBER, { street: 'Elsewhere 1' });
		const [stranger] = await newTriggerItems(triggerRuns, 1);
		expect(stranger).toEqual(expect.objectContaining({ type: 'flowReply', waiting: expect.objectContaining({ resumed: false, reason: expect.stringContaining('not the person asked') }) }));
		expect((await executionNow(WORKFLOWS.askFlow, asked.execution.id)).status).toBe('waiting');

		await submit(CUSTOMER.phone, { street: 'MG Road 5', slot: 'evening' });
		const done = await settledAnswer(WORKFLOWS.askFlow, asked.execution.id);
		expect(done.status).toBe('success');
		expect(executionNodeOutput(done, NODE)).toEqual([
			expect.objectContaining({ timedOut: false, answer: { form: { street: 'MG Road 5', slot: 'evening' } }, from: CUSTOMER.phone, messageId: asked.questionId }),
		]);

		triggerRuns = (await running().executions(WORKFLOWS.trigger.id)).length;
		const asks = await running().executions(WORKFLOWS.askFlow.id);
		await submit(CUSTOMER.phone, { street: 'Changed my mind 9' });
		const [again] = await newTriggerItems(triggerRuns, 1);
		expect(again).toEqual(expect.objectContaining({ waiting: expect.objectContaining({ resumed: false, reason: expect.stringContaining('no longer waiting') }) }));
		await running().expectNoNewExecutions(WORKFLOWS.askFlow.id, asks, 2_000);
		expect(executionNodeOutput(await executionNow(WORKFLOWS.askFlow, asked.execution.id), NODE)).toEqual([
			expect.objectContaining({ answer: { form: { street: 'MG Road 5', slot: 'evening' } } }),
		]);
	});

	it('no secret reaches n8n\'s logs or the answers', async () => {
		expect(await running().secretLeaks([APP_SECRET, ACCESS_TOKEN, VERIFY_TOKEN])).toEqual([]);
	});
});
