// The Idempotency Key in a real n8n 2.41.1 in queue mode: Redis, `n8n start` (main: the webhooks)
// and two `n8n worker`s (one job each at a time), sharing the SQLite database that holds n8n's
// deduplication store. A workflow run twice sends once; two executions with the same keys, started
// at once and run by the two workers side by side, send each key exactly once between them
// (actions/claimRace.ts: n8n's store loses one of two racing writes; the claim is checked).
import { isPlainObject } from '../../nodes/WhatsAppSession/util/values';
import { cloudApiAccepted, type RecordedRequest } from '../support/mockProvider';
import { chainWorkflow, webhookNode, type JsonObject, type N8nWorkflow } from './lib/n8n';
import { executionNodeOutput, jsonRequest } from './lib/n8nApi';
import { codeNode, NODE, SESSION_CREDENTIAL, whatsAppNode } from './lib/nodeFixture';
import type { QueueModeCluster } from './lib/queueMode';
import { useQueueModeWithPackage } from './lib/queueModeSuite';

jest.setTimeout(10 * 60_000);

const WORKERS = 2;

/**
 * Webhook {count, prefix, startAt?} → Code: waits until startAt (so two executions reach the send
 * at the same moment, whichever worker took each when), one item per order → WhatsApp Session,
 * keyed by order, one item at a time.
 */
function keyedSend(id: string, path: string): N8nWorkflow {
	return chainWorkflow(id, id, webhookNode({ path }), [
		codeNode(`
const { count, prefix, startAt } = $input.first().json.body;
while (Date.now() < (startAt ?? 0)) {}
return Array.from({ length: count }, (_, index) => ({ json: { to: '+91 98801-32082', text: prefix + ' ' + index, key: prefix + '-' + index } }));
`),
		whatsAppNode({
			operation: 'sendText',
			recipient: '={{ $json.to }}',
			textBody: '={{ $json.text }}',
			options: { idempotencyKey: '={{ $json.key }}' },
			delivery: { concurrency: 1 },
		}),
	]);
}

const TWICE = keyedSend('idemQueueTwice', 'idem-queue-twice');
const RACE = keyedSend('idemQueueRace', 'idem-queue-race');

const { provider, cluster: requireCluster } = useQueueModeWithPackage('idempotency-queue', (providerUrl) => ({
	credentials: [
		{
			id: SESSION_CREDENTIAL.whatsAppSessionApi.id,
			name: SESSION_CREDENTIAL.whatsAppSessionApi.name,
			type: 'whatsAppSessionApi',
			data: { domain: providerUrl, phoneNumberId: '1555000777', apiKey: 'idem-queue-key', accessToken: 'idem-queue-token' },
		},
	],
	workflows: [TWICE, RACE],
	// One job per worker at a time: two executions enqueued together go to the two workers.
	cluster: { workers: WORKERS, workerConcurrency: 1 },
}));

const textOf = (request: RecordedRequest): unknown => (isPlainObject(request.body) && isPlainObject(request.body.text) ? request.body.text.body : undefined);

async function post(path: string, body: JsonObject): Promise<void> {
	const answer = await requireCluster().server.webhook(path, jsonRequest(body));
	expect(answer.status).toBe(200);
}

/** Which worker ran each execution, from the workers' logs ("Worker finished execution N (job M)"). */
async function workerOf(cluster: QueueModeCluster, executionIds: readonly string[]): Promise<Map<string, string>> {
	const ranBy = new Map<string, string>();
	for (const id of executionIds) {
		const finished = new RegExp(`Worker finished execution ${id} \\(job \\d+\\)`);
		await Promise.any(cluster.workers.map(async (worker) => await worker.waitForLog(finished, 30_000)));
		for (const worker of cluster.workers) if (finished.test(await worker.log())) ranBy.set(id, worker.name);
	}
	return ranBy;
}

describe('Idempotency Key in queue mode (main + 2 workers)', () => {
	beforeEach(() => {
		provider.reset();
		provider.respondWith(cloudApiAccepted);
	});

	it('the same workflow run twice with the same keys: the second run sends nothing and outputs skipped', async () => {
		const cluster = requireCluster();
		await post('idem-queue-twice', { count: 3, prefix: 'twice' });
		await cluster.server.waitForExecutions(TWICE.id, 1);
		expect(provider.requests.map(textOf)).toEqual(['twice 0', 'twice 1', 'twice 2']);
		await post('idem-queue-twice', { count: 3, prefix: 'twice' });
		const [first, second] = await cluster.server.waitForExecutions(TWICE.id, 2);
		if (first === undefined || second === undefined) throw new Error('two executions expected');
		expect(provider.requests).toHaveLength(3);
		expect(executionNodeOutput(first, NODE).map((item) => item.status)).toEqual(['accepted', 'accepted', 'accepted']);
		expect(executionNodeOutput(second, NODE)).toEqual([0, 1, 2].map((index) => ({ status: 'skipped', reason: 'already sent', idempotencyKey: `twice-${index}` })));
		expect((await workerOf(cluster, [first.id, second.id])).size).toBe(2);
	});

	it('two executions with the same 10 keys, started at once on the two workers: each key is sent exactly once', async () => {
		const cluster = requireCluster();
		const count = 10;
		// Far enough ahead for both jobs to be taken; the Code node of each waits for it.
		const startAt = Date.now() + 5_000;
		await Promise.all([post('idem-queue-race', { count, prefix: 'race', startAt }), post('idem-queue-race', { count, prefix: 'race', startAt })]);
		const executions = await cluster.server.waitForExecutions(RACE.id, 2);
		const ranBy = await workerOf(cluster, executions.map((execution) => execution.id));
		// Both workers ran one: the claims really came from two processes.
		expect(new Set(ranBy.values()).size).toBe(WORKERS);
		const expected = Array.from({ length: count }, (_, index) => `race ${index}`);
		expect([...provider.requests.map(textOf)].sort()).toEqual([...expected].sort());
		const outputs = executions.map((execution) => executionNodeOutput(execution, NODE));
		for (let index = 0; index < count; index++) {
			const statuses = outputs.map((output) => output[index]?.status).sort();
			expect(statuses).toEqual(['accepted', 'skipped']);
		}
		// The two sends overlapped in time: their claims really raced.
		const sends = executions.map((execution) => execution.data?.resultData.runData[NODE]?.[0]);
		const spans = sends.map((send) => ({ from: send?.startTime ?? 0, to: (send?.startTime ?? 0) + (send?.executionTime ?? 0) }));
		const [one, other] = spans;
		if (one === undefined || other === undefined) throw new Error('two sends expected');
		expect(one.from < other.to && other.from < one.to).toBe(true);
		// For the record: which worker ran which, when, and how the keys were split.
		console.log(
			executions
				.map((execution, at) => `execution ${execution.id} on ${ranBy.get(execution.id) ?? '?'}: send from ${spans[at]?.from ?? '?'} for ${sends[at]?.executionTime ?? '?'} ms, accepted ${outputs[at]?.filter((item) => item.status === 'accepted').length ?? 0}`)
				.join('\n'),
		);
	});
});
