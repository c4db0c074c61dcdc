// Send and Wait for Reply in queue mode (issue 13): Redis + `n8n start` (main: the webhooks, the
// trigger, the waiting URL) + `n8n worker` (runs the executions). The question is sent by the
// worker; the tap reaches the trigger in main, which resumes the execution through main's waiting
// URL, and a worker finishes it. The signature holds because every process shares the instance's secret.
import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { valueAt } from '../support/json';
import { MockProvider, cloudApiAccepted } from '../support/mockProvider';
import { BUSINESS, CUSTOMER, metaChoiceReplyBody } from '../support/inboundSamples';
import { chainWorkflow, N8nSandbox, npmPack, REPO_ROOT, webhookNode, type N8nWorkflow } from './lib/n8n';
import { executionNodeOutput, jsonRequest, type ApiExecution } from './lib/n8nApi';
import { NODE, whatsAppNode } from './lib/nodeFixture';
import { stopThenCleanUp } from './lib/processes';
import { ensureRedisServer, QueueModeCluster } from './lib/queueMode';

jest.setTimeout(10 * 60_000);

const APP_SECRET = 'e2e_QWAIT_app_secret_5e11';
const ACCESS_TOKEN = 'e2e_QWAIT_access_token_7c20';
const CREDENTIAL = { whatsAppCloudApi: { id: 'cred-qwait-meta', name: 'Meta (queue)' } };
const TRIGGER = 'WhatsApp Session Trigger';
const TRIGGER_HOOK = '7a1e2c3d-4b5f-4a6e-9c8d-000000000113';

const WORKFLOWS = {
	ask: chainWorkflow('qwAsk', 'Ask (queue)', webhookNode({ path: 'qw-ask' }), [
		whatsAppNode(
			{
				provider: 'metaCloudApi',
				operation: 'sendAndWait',
				recipient: '={{ $json.body.to }}',
				bodyText: 'Confirm order 1042?',
				choices: { choice: [{ id: 'confirm', title: 'Confirm' }, { id: 'cancel', title: 'Cancel' }] },
			},
			{ credentials: CREDENTIAL },
		),
	]),
	trigger: chainWorkflow(
		'qwTrigger',
		'Replies (queue)',
		{ name: TRIGGER, type: 'n8n-nodes-whatsapp-session.whatsAppSessionTrigger', typeVersion: 1, webhookId: TRIGGER_HOOK, parameters: { provider: 'metaCloudApi' }, credentials: CREDENTIAL },
		[{ name: 'Received', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} }],
	),
} satisfies Record<string, N8nWorkflow>;

const provider = new MockProvider();
let sandbox: N8nSandbox | undefined;
let cluster: QueueModeCluster | undefined;
let packDir: string | undefined;

function requireCluster(): QueueModeCluster {
	if (!cluster) throw new Error('the queue-mode cluster did not start (see beforeAll)');
	return cluster;
}

async function executionOf(workflowId: string, id: string): Promise<ApiExecution | undefined> {
	return (await requireCluster().server.executions(workflowId)).find((execution) => execution.id === id);
}

beforeAll(async () => {
	await ensureRedisServer();
	const providerUrl = await provider.start();
	provider.respondWith(cloudApiAccepted);
	sandbox = await N8nSandbox.create({ label: 'send-and-wait-queue', installTimeoutMs: 35 * 60_000 });
	packDir = await mkdtemp(path.join(tmpdir(), 'wa-session-qwait-pack-'));
	await sandbox.installCommunityPackage(await npmPack(REPO_ROOT, packDir));
	await sandbox.importCredentials([
		{
			...CREDENTIAL.whatsAppCloudApi,
			type: 'whatsAppCloudApi',
			data: { accessToken: ACCESS_TOKEN, phoneNumberId: BUSINESS.phoneNumberId, baseUrl: providerUrl, appSecret: APP_SECRET, verifyToken: 'v' },
		},
	]);
	const workflows = Object.values(WORKFLOWS);
	await sandbox.importWorkflows(workflows);
	await sandbox.publishWorkflows(workflows.map((workflow) => workflow.id));
	cluster = await QueueModeCluster.start(sandbox);
}, 40 * 60_000);

afterAll(async () => {
	await stopThenCleanUp('queue mode', async () => await cluster?.stop(), async () => {
		await sandbox?.cleanup();
		await provider.stop();
		if (packDir) await rm(packDir, { recursive: true, force: true });
	});
}, 2 * 60_000);

it('the worker asks, the trigger in main resumes through main\'s waiting URL, a worker finishes with the answer', async () => {
	const queue = requireCluster();
	const started = await queue.server.webhook('qw-ask', jsonRequest({ to: CUSTOMER.phone }));
	expect(started.status).toBe(200);
	const [waiting] = await queue.server.waitForExecutions(WORKFLOWS.ask.id, 1);
	if (!waiting) throw new Error('the asking workflow did not run');
	expect(waiting.status).toBe('waiting');
	await queue.worker.waitForLog(new RegExp(`Worker (finished|started) execution ${waiting.id} `), 30_000);

	const buttons = valueAt(provider.requests[0]?.body, 'interactive', 'action', 'buttons');
	const wireId = Array.isArray(buttons) ? String(valueAt(buttons[0], 'reply', 'id')) : '';
	const raw = Buffer.from(JSON.stringify(metaChoiceReplyBody('wamid.QTAP', { id: wireId, title: 'Confirm', kind: 'button', answers: 'wamid.mock.1' })));
	const tapped = await queue.server.webhook(`${TRIGGER_HOOK}/webhook`, {
		method: 'POST',
		body: raw,
		headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(raw).digest('hex')}` },
	});
	expect(tapped.status).toBe(200);

	const deadline = Date.now() + 60_000;
	let done = await executionOf(WORKFLOWS.ask.id, waiting.id);
	while (done?.status !== 'success' && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 500));
		done = await executionOf(WORKFLOWS.ask.id, waiting.id);
	}
	if (!done) throw new Error(`execution ${waiting.id} is gone`);
	expect(done.status).toBe('success');
	expect(executionNodeOutput(done, NODE)).toEqual([expect.objectContaining({ timedOut: false, answer: { id: 'confirm', title: 'Confirm' }, from: CUSTOMER.phone })]);
	// Asked in a worker, and resumed in a worker (a second job for the same execution), never in main.
	const mainLog = await queue.main.log();
	expect(mainLog).not.toMatch(new RegExp(`Worker (started|finished) execution ${waiting.id}\\b`));
	const workerLog = await queue.worker.log();
	expect(workerLog.match(new RegExp(`Worker started execution ${waiting.id} `, 'g'))).toHaveLength(2);
});
