// The WhatsApp Session node in a real n8n in queue mode: Redis + `n8n start` (main, takes the
// webhook and enqueues) + `n8n worker` (runs the job), the packed package installed in their shared
// user folder. Workflows start at a production webhook (`n8n execute` does not do queue mode);
// the webhook answers with the last node's output, and the public API gives the run data.
// Redis is the redis-server on PATH, or Debian's, fetched into .cache/ by scripts/e2e/install-redis.sh.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { cloudApiAccepted, cloudApiError, MockProvider, type MockResponder } from '../support/mockProvider';
import { chainWorkflow, N8nSandbox, npmPack, REPO_ROOT, secretLeaks, webhookNode, type JsonObject, type N8nRun, type N8nWorkflow, type WorkflowNodeSpec } from './lib/n8n';
import { codeNode, NODE, whatsAppNode } from './lib/nodeFixture';
import { executionNodeOutput, jsonRequest, type ApiExecution, type WebhookResponse } from './lib/n8nApi';
import { stopThenCleanUp } from './lib/processes';
import { ensureRedisServer, QueueModeCluster } from './lib/queueMode';

jest.setTimeout(10 * 60_000);
const INSTALL_TIMEOUT_MS = 35 * 60_000;

const TOKEN = 'e2e_QUEUE_token_secret_b71d';
const KEY = 'e2e/QUEUE-key?secret#77';
const SECRETS = [TOKEN, KEY, encodeURIComponent(KEY)];
const SESSION_PATH = `/api/v1.0/1555000333/${encodeURIComponent(KEY)}/simpleMessages`;
const credentials = { whatsAppSessionApi: { id: 'cred-queue-session', name: 'Session provider (queue)' } };

const WINDOW_CLOSED = 'The 24-hour session window is closed for this contact; send a template message instead';

/** Webhook (answers with the last node's output) → …nodes, chained on main output 0. */
function webhookWorkflow(id: string, webhookPath: string, responseData: 'firstEntryJson' | 'allEntries', rest: WorkflowNodeSpec[]): N8nWorkflow {
	return chainWorkflow(id, id, webhookNode({ path: webhookPath, responseMode: 'lastNode', responseData }), rest);
}

function whatsApp(parameters: JsonObject, extra: Partial<WorkflowNodeSpec> = {}): WorkflowNodeSpec {
	return whatsAppNode({ operation: 'sendText', ...parameters }, { credentials, ...extra });
}

const WORKFLOWS = {
	text: webhookWorkflow('qmText', 'qm-text', 'firstEntryJson', [whatsApp({ recipient: '={{ $json.body.to }}', textBody: '={{ $json.body.text }}' })]),
	items: webhookWorkflow('qmItems', 'qm-items', 'allEntries', [
		codeNode('return $input.first().json.body.people.map((person) => ({ json: person }));'),
		whatsApp({ recipient: '={{ $json.phone }}', textBody: '=Hi {{ $json.name }}, your order {{ $json.order }} has shipped' }),
	]),
	window: webhookWorkflow('qmWindow', 'qm-window', 'firstEntryJson', [whatsApp({ recipient: '={{ $json.body.to }}', textBody: '={{ $json.body.text }}' })]),
	windowContinue: webhookWorkflow('qmWindowContinue', 'qm-window-continue', 'firstEntryJson', [
		whatsApp({ recipient: '={{ $json.body.to }}', textBody: '={{ $json.body.text }}' }, { onError: 'continueRegularOutput' }),
	]),
};

const provider = new MockProvider();
let sandbox: N8nSandbox | undefined;
let cluster: QueueModeCluster | undefined;
let packDir: string | undefined;
const transcripts: string[] = [];

function accepted(to: string, index: number): JsonObject {
	const messageId = `wamid.mock.${index + 1}`;
	return {
		messageId,
		recipient: to,
		waId: to,
		provider: 'cloudApiCompatible',
		status: 'accepted',
		response: { messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: to }], messages: [{ id: messageId }] },
	};
}

function textBody(to: string, body: string): JsonObject {
	return { messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'text', text: { preview_url: false, body } };
}

async function trigger(webhookPath: string, payload: JsonObject, responder: MockResponder = cloudApiAccepted): Promise<WebhookResponse> {
	provider.reset();
	provider.respondWith(responder);
	const response = await requireCluster().server.webhook(webhookPath, jsonRequest(payload));
	transcripts.push(response.text);
	return response;
}

function requireCluster(): QueueModeCluster {
	if (!cluster) throw new Error('the queue-mode cluster did not start (see beforeAll)');
	return cluster;
}

/** The newest run of a workflow, and proof that the worker, not main, ran it. */
async function executedByWorker(workflowId: string): Promise<ApiExecution & { data: N8nRun['data'] }> {
	const queue = requireCluster();
	const execution = await queue.server.api.latestExecution(workflowId);
	transcripts.push(JSON.stringify(execution));
	const id = execution.id;
	await queue.worker.waitForLog(new RegExp(`Worker finished execution ${id} \\(job \\d+\\)`), 30_000);
	const mainLog = await queue.main.log();
	const workerLog = await queue.worker.log();
	expect(mainLog).toMatch(new RegExp(`Enqueued execution ${id} \\(job \\d+\\)`));
	expect(workerLog).toMatch(new RegExp(`Worker started execution ${id} \\(job \\d+\\)`));
	expect(mainLog).not.toMatch(new RegExp(`Worker (started|finished) execution ${id}\\b`));
	expect(execution.mode).toBe('webhook');
	if (!execution.data) throw new Error(`execution ${id} came without data`);
	return { ...execution, data: execution.data };
}

beforeAll(async () => {
	// Fails fast, before the n8n install, when no Redis can be found or fetched.
	await ensureRedisServer();
	const baseUrl = await provider.start();
	sandbox = await N8nSandbox.create({ label: 'queue-mode', installTimeoutMs: INSTALL_TIMEOUT_MS });
	// `npm test` builds dist/ before jest runs; pack it as a publisher would.
	packDir = await mkdtemp(path.join(tmpdir(), 'wa-session-queue-pack-'));
	await sandbox.installCommunityPackage(await npmPack(REPO_ROOT, packDir));
	await sandbox.importCredentials([
		{
			id: credentials.whatsAppSessionApi.id,
			name: credentials.whatsAppSessionApi.name,
			type: 'whatsAppSessionApi',
			data: { domain: baseUrl, phoneNumberId: '1555000333', apiKey: KEY, accessToken: TOKEN, sessionPath: '/api/v1.0/{phoneNumberId}/{key}/simpleMessages' },
		},
	]);
	const workflows = Object.values(WORKFLOWS);
	await sandbox.importWorkflows(workflows);
	await sandbox.publishWorkflows(workflows.map((workflow) => workflow.id));
	cluster = await QueueModeCluster.start(sandbox);
}, 40 * 60_000);

afterAll(async () => {
	await stopThenCleanUp('the queue-mode cluster', async () => await cluster?.stop(), async () => {
		await sandbox?.cleanup();
		await provider.stop();
		if (packDir) await rm(packDir, { recursive: true, force: true });
	});
}, 2 * 60_000);

describe('queue mode: main enqueues, the worker sends', () => {
	it('one text message: the body comes from the webhook payload; the webhook answers with our output', async () => {
		const response = await trigger('qm-text', { to: '+91 98801-32082', text: 'Hello from the queue' });
		expect(response.status).toBe(200);
		expect(response.body).toEqual(accepted('919880132082', 0));

		expect(provider.requests).toHaveLength(1);
		const [request] = provider.requests;
		expect(request.method).toBe('POST');
		expect(request.path).toBe(SESSION_PATH);
		expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(request.body).toEqual(textBody('919880132082', 'Hello from the queue'));

		const execution = await executedByWorker(WORKFLOWS.text.id);
		expect(execution.status).toBe('success');
		expect(executionNodeOutput(execution, NODE)).toEqual([accepted('919880132082', 0)]);
	});

	it('three items from a Code node: three requests, three outputs in order', async () => {
		const people = [
			{ phone: '+91 98801 00001', name: 'Asha', order: 'A-1' },
			{ phone: '0091 98801 00002', name: 'Ravi', order: 'B-2' },
			{ phone: '(+91) 98801-00003', name: 'Meera', order: 'C-3' },
		];
		const response = await trigger('qm-items', { people });
		expect(response.status).toBe(200);
		const expectedOutput = ['919880100001', '919880100002', '919880100003'].map((to, index) => accepted(to, index));
		expect(response.body).toEqual(expectedOutput);

		expect(provider.requests.map((request) => request.path)).toEqual([SESSION_PATH, SESSION_PATH, SESSION_PATH]);
		expect(provider.requests.map((request) => request.headers.authorization)).toEqual(Array(3).fill(`Bearer ${TOKEN}`));
		expect(provider.requests.map((request) => request.body)).toEqual([
			textBody('919880100001', 'Hi Asha, your order A-1 has shipped'),
			textBody('919880100002', 'Hi Ravi, your order B-2 has shipped'),
			textBody('919880100003', 'Hi Meera, your order C-3 has shipped'),
		]);

		const execution = await executedByWorker(WORKFLOWS.items.id);
		expect(execution.status).toBe('success');
		expect(executionNodeOutput(execution, NODE)).toEqual(expectedOutput);
	});

	it('provider error 131047: the run fails with the plain-words closed-window error', async () => {
		const response = await trigger('qm-window', { to: '+91 98801-32082', text: 'Late reply' }, () =>
			cloudApiError(400, 131047, 'Re-engagement message', 'More than 24 hours have passed'),
		);
		expect(provider.requests).toHaveLength(1);
		expect(provider.requests[0]?.body).toEqual(textBody('919880132082', 'Late reply'));
		// n8n's own answer when the last node fails; our words are in the run data below.
		expect(response.status).toBe(500);
		expect(response.body).toEqual({ message: 'Error in workflow' });

		const execution = await executedByWorker(WORKFLOWS.window.id);
		expect(execution.status).toBe('error');
		const nodeError = execution.data.resultData.runData[NODE]?.[0]?.error;
		const error = nodeError ?? execution.data.resultData.error;
		expect(error?.message).toBe(WINDOW_CLOSED);
		expect(JSON.stringify(execution.data)).toContain('provider code 131047');
	});

	it('provider error 131047 with On Error → Continue: the webhook answers with the plain-words error item', async () => {
		const response = await trigger('qm-window-continue', { to: '+91 98801-32082', text: 'Late reply' }, () =>
			cloudApiError(400, 131047, 'Re-engagement message', 'More than 24 hours have passed'),
		);
		expect(provider.requests).toHaveLength(1);
		expect(response.status).toBe(200);
		expect(response.body).toMatchObject({ error: WINDOW_CLOSED });

		const execution = await executedByWorker(WORKFLOWS.windowContinue.id);
		expect(execution.status).toBe('success');
		expect(executionNodeOutput(execution, NODE)).toEqual([response.body]);
	});
});

describe('secrets', () => {
	it("no token or key in main's, worker's or Redis's log, the CLI logs, the webhook answers or the run data", async () => {
		const queue = requireCluster();
		const logs = await Promise.all(queue.processes.map(async (child) => await child.log()));
		expect(logs[1]).toMatch(/Enqueued execution/);
		expect(logs[2]).toMatch(/Worker finished execution/);
		expect(transcripts.length).toBeGreaterThanOrEqual(8);
		// The sandbox's logs folder holds main's, worker's and Redis's logs beside the CLI calls'.
		const texts = [...(await queue.sandbox.logs()), ...transcripts.map((text, index) => ({ source: `transcript ${index + 1}`, text }))];
		expect(texts.map((entry) => entry.source)).toEqual(expect.arrayContaining(['logs/main.log', 'logs/worker.log', 'logs/redis.log']));
		expect(secretLeaks(texts, SECRETS)).toEqual([]);
	});
});
