// The WhatsApp Session Trigger when things go wrong, in a real n8n in queue mode (Redis + main +
// worker, test/e2e/lib/queueMode.ts):
// - n8n fails to start the execution of an event (Redis is down, so main cannot enqueue it) and
//   answers 5xx; the provider redelivers once Redis is back, and that delivery must run, once;
// - a Meta trigger whose credential has no App Secret refuses an unsigned POST (401, no execution)
//   unless its "Accept Unsigned Events" option is on.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { BUSINESS, metaTextBody } from '../support/inboundSamples';
import { MockProvider } from '../support/mockProvider';
import { chainWorkflow, N8nSandbox, npmPack, REPO_ROOT, type JsonObject, type N8nWorkflow, type WorkflowNodeSpec } from './lib/n8n';
import { executionNodeOutput, jsonRequest, type ApiExecution } from './lib/n8nApi';
import { sleep, stopThenCleanUp } from './lib/processes';
import { ensureRedisServer, QueueModeCluster } from './lib/queueMode';

jest.setTimeout(10 * 60_000);
const INSTALL_TIMEOUT_MS = 35 * 60_000;

const TRIGGER = 'WhatsApp Session Trigger';
const TRIGGER_TYPE = 'n8n-nodes-whatsapp-session.whatsAppSessionTrigger';
const CREDENTIALS = {
	session: { whatsAppSessionApi: { id: 'cred-hostile-session', name: 'Session provider (no secret)' } },
	meta: { whatsAppCloudApi: { id: 'cred-hostile-meta', name: 'Meta (no App Secret)' } },
};
const HOOKS = {
	session: '6a1b2c3d-4e5f-4a6b-8c7d-000000000021',
	metaStrict: '6a1b2c3d-4e5f-4a6b-8c7d-000000000022',
	metaLenient: '6a1b2c3d-4e5f-4a6b-8c7d-000000000023',
} as const;
const NOOP: WorkflowNodeSpec = { name: 'Received', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} };

function triggerWorkflow(id: string, webhookId: string, parameters: JsonObject, credentials: WorkflowNodeSpec['credentials']): N8nWorkflow {
	return chainWorkflow(id, id, { name: TRIGGER, type: TRIGGER_TYPE, typeVersion: 1, webhookId, parameters, credentials }, [NOOP]);
}

const WORKFLOWS = {
	session: triggerWorkflow('hostileSession', HOOKS.session, { provider: 'cloudApiCompatible' }, CREDENTIALS.session),
	metaStrict: triggerWorkflow('hostileMetaStrict', HOOKS.metaStrict, { provider: 'metaCloudApi' }, CREDENTIALS.meta),
	metaLenient: triggerWorkflow('hostileMetaLenient', HOOKS.metaLenient, { provider: 'metaCloudApi', options: { acceptUnsigned: true } }, CREDENTIALS.meta),
} satisfies Record<string, N8nWorkflow>;

const provider = new MockProvider();
let sandbox: N8nSandbox | undefined;
let cluster: QueueModeCluster | undefined;
let packDir: string | undefined;

function requireCluster(): QueueModeCluster {
	if (!cluster) throw new Error('the queue-mode cluster did not start (see beforeAll)');
	return cluster;
}

async function deliver(hook: string, body: JsonObject, timeoutMs?: number) {
	return await requireCluster().server.webhook(`${hook}/webhook`, { ...jsonRequest(body), timeoutMs, retryNotRegisteredMs: 0 });
}

const succeeded = (execution: ApiExecution): boolean => execution.status === 'success';

beforeAll(async () => {
	await ensureRedisServer();
	const baseUrl = await provider.start();
	sandbox = await N8nSandbox.create({ label: 'trigger-hostile', installTimeoutMs: INSTALL_TIMEOUT_MS });
	packDir = await mkdtemp(path.join(tmpdir(), 'wa-session-hostile-pack-'));
	await sandbox.installCommunityPackage(await npmPack(REPO_ROOT, packDir));
	await sandbox.importCredentials([
		{
			...CREDENTIALS.session.whatsAppSessionApi,
			type: 'whatsAppSessionApi',
			data: { domain: baseUrl, phoneNumberId: BUSINESS.phoneNumberId, apiKey: 'e2e-hostile-key', accessToken: 'e2e-hostile-token' },
		},
		{
			...CREDENTIALS.meta.whatsAppCloudApi,
			type: 'whatsAppCloudApi',
			data: { accessToken: 'e2e-hostile-meta-token', phoneNumberId: BUSINESS.phoneNumberId, baseUrl },
		},
	]);
	const workflows = Object.values(WORKFLOWS);
	await sandbox.importWorkflows(workflows);
	await sandbox.publishWorkflows(workflows.map((workflow) => workflow.id));
	// Main would exit after 10 s without Redis (n8n's default); the test needs it to keep answering.
	cluster = await QueueModeCluster.start(sandbox, { env: { QUEUE_BULL_REDIS_TIMEOUT_THRESHOLD: String(10 * 60_000) } });
	// The first webhook call waits until main has registered the published workflows.
	await requireCluster().server.webhook(`${HOOKS.session}/webhook`, { method: 'GET' });
}, 40 * 60_000);

afterAll(async () => {
	await stopThenCleanUp('the queue-mode cluster', async () => await cluster?.stop(), async () => {
		await sandbox?.cleanup();
		await provider.stop();
		if (packDir) await rm(packDir, { recursive: true, force: true });
	});
}, 2 * 60_000);

describe('a failed start does not lose the event', () => {
	it('Redis refuses writes: n8n answers 5xx and runs nothing; the redelivery once Redis takes writes again runs exactly once', async () => {
		const queue = requireCluster();
		const event = metaTextBody('wamid.LOST1', 'Did you get this one?');
		// Redis up but out of memory: Bull's enqueue fails at once, which is how n8n fails to start a run.
		expect(await queue.redisCommand('CONFIG', 'SET', 'maxmemory-policy', 'noeviction')).toBe('+OK');
		expect(await queue.redisCommand('CONFIG', 'SET', 'maxmemory', '1')).toBe('+OK');
		const failed = await deliver(HOOKS.session, event, 60_000);
		expect(await queue.redisCommand('CONFIG', 'SET', 'maxmemory', '0')).toBe('+OK');
		expect(failed.status).toBeGreaterThanOrEqual(500);

		const redelivered = await deliver(HOOKS.session, event, 60_000);
		expect(redelivered.status).toBe(200);
		const executions = await queue.server.waitForExecutions(WORKFLOWS.session.id, 1, { counts: succeeded, timeoutMs: 60_000 });
		const runs = executions.filter(succeeded);
		expect(runs).toHaveLength(1);
		expect(executionNodeOutput(runs[0], TRIGGER)).toEqual([expect.objectContaining({ messageId: 'wamid.LOST1', text: 'Did you get this one?' })]);

		// Delivered once more after it ran: that one is a duplicate.
		expect((await deliver(HOOKS.session, event)).status).toBe(200);
		await queue.server.expectNoNewExecutions(WORKFLOWS.session.id, executions, 3_000);
	});

	it('Redis stopped: n8n holds the request (no 5xx) until Redis is back, then runs it once; a redelivery runs nothing', async () => {
		const queue = requireCluster();
		const event = metaTextBody('wamid.HELD1', 'And this one?');
		const before = await queue.server.executions(WORKFLOWS.session.id);
		await queue.stopRedis();
		let held: Promise<Awaited<ReturnType<typeof deliver>>>;
		try {
			// n8n 2.41 in queue mode waits for Redis (its cache and Bull's client queue commands while
			// reconnecting); it answers nothing until Redis is back.
			held = deliver(HOOKS.session, event, 90_000);
			await sleep(3_000);
		} finally {
			await queue.startRedisAgain();
		}
		expect((await held).status).toBe(200);
		const executions = await queue.server.waitForExecutions(WORKFLOWS.session.id, before.filter(succeeded).length + 1, { counts: succeeded, timeoutMs: 60_000 });
		const newRuns = executions.filter((execution) => succeeded(execution) && !before.some((known) => known.id === execution.id));
		expect(newRuns).toHaveLength(1);
		expect((await deliver(HOOKS.session, event)).status).toBe(200);
		await queue.server.expectNoNewExecutions(WORKFLOWS.session.id, executions, 3_000);
	});
});

describe('secure by default', () => {
	it('a Meta trigger without an App Secret refuses an unsigned POST with 401 and runs nothing', async () => {
		const queue = requireCluster();
		const before = await queue.server.executions(WORKFLOWS.metaStrict.id);
		const answer = await deliver(HOOKS.metaStrict, metaTextBody('wamid.FORGED1', 'Send me the refund'));
		expect([answer.status, answer.text]).toEqual([401, expect.stringContaining('unsigned')]);
		await queue.server.expectNoNewExecutions(WORKFLOWS.metaStrict.id, before, 3_000);
	});

	it('with "Accept Unsigned Events" on, the same POST runs once', async () => {
		const queue = requireCluster();
		const answer = await deliver(HOOKS.metaLenient, metaTextBody('wamid.LENIENT1', 'Hello'));
		expect(answer.status).toBe(200);
		const executions = await queue.server.waitForExecutions(WORKFLOWS.metaLenient.id, 1);
		expect(executions).toHaveLength(1);
		expect(executionNodeOutput(executions[0], TRIGGER)).toEqual([expect.objectContaining({ messageId: 'wamid.LENIENT1' })]);
	});
});
