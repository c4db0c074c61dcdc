// The Idempotency Key option through the node's real execute(), against the mock provider over
// HTTP, with a stand-in of n8n's deduplication store that keeps real state between runs and, like
// n8n's, reads and writes each scope's list whole (test/support/processedStore.ts).
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { runNode, type RunOptions } from '../support/executeNode';
import { cloudApiAccepted, cloudApiError, useMockProvider } from '../support/mockProvider';
import { ProcessedStore } from '../support/processedStore';
import { isPlainObject } from '../../nodes/WhatsAppSession/util/values';
import { MAX_CLAIM_ROUNDS } from '../../nodes/WhatsAppSession/actions/claimRace';
import { claimKey, type ClaimStore, type IdempotencySetting } from '../../nodes/WhatsAppSession/actions/idempotency';
import { n8nClock } from '../../nodes/WhatsAppSession/transport/n8nClock';

const { provider, url: mockUrl } = useMockProvider();

const credentials = () => ({ whatsAppSessionApi: { domain: mockUrl(), phoneNumberId: '1', apiKey: 'k', accessToken: 't' } });

const sendText = (itemIndex: number, options: IDataObject, extra: IDataObject = {}): IDataObject => ({
	resource: 'message',
	operation: 'sendText',
	recipient: '+91 98801 32082',
	textBody: `Order ${itemIndex} shipped`,
	options,
	...extra,
});

/** One run of the node over `count` items, each keyed by `keyOf(item)`, against a store shared across runs. */
async function run(store: ProcessedStore, count: number, keyOf: (itemIndex: number) => string, more: Partial<RunOptions> = {}) {
	const items: INodeExecutionData[] = Array.from({ length: count }, (_, index) => ({ json: { index } }));
	return await runNode({
		parameters: (itemIndex) => sendText(itemIndex, { idempotencyKey: keyOf(itemIndex) }),
		items,
		credentials: credentials(),
		continueOnFail: true,
		processedStore: store,
		...more,
	});
}

/** The text a Cloud API body carries, read without trusting its shape. */
const textOf = (body: unknown): unknown => (isPlainObject(body) && isPlainObject(body.text) ? body.text.body : undefined);
const sentBodies = () => provider.requests.map((request) => textOf(request.body));

beforeEach(() => provider.respondWith(cloudApiAccepted));

describe('never twice across executions', () => {
	it('the same workflow run twice with the same keys: the second run sends nothing and outputs skipped', async () => {
		const store = new ProcessedStore();
		const first = await run(store, 3, (index) => `order-${index}`);
		expect(first.output.map((item) => item.json.status)).toEqual(['accepted', 'accepted', 'accepted']);
		expect(provider.requests).toHaveLength(3);
		const second = await run(store, 3, (index) => `order-${index}`);
		expect(provider.requests).toHaveLength(3);
		expect(second.output.map((item) => item.json)).toEqual([0, 1, 2].map((index) => ({ status: 'skipped', reason: 'already sent', idempotencyKey: `order-${index}` })));
		expect(second.output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('a retried run after one refused item sends exactly that item', async () => {
		const store = new ProcessedStore();
		provider.respondWith((request, index) => (index === 37 ? cloudApiError(400, 131026, 'Message undeliverable') : cloudApiAccepted(request, index)));
		const first = await run(store, 100, (index) => `order-${index}`, { parameters: (itemIndex) => sendText(itemIndex, { idempotencyKey: `order-${itemIndex}` }, { delivery: { concurrency: 1 } }) });
		expect(first.output.filter((item) => item.json.error !== undefined).map((item) => item.pairedItem)).toEqual([{ item: 37 }]);
		provider.respondWith(cloudApiAccepted);
		const before = provider.requests.length;
		const retry = await run(store, 100, (index) => `order-${index}`);
		expect(provider.requests.slice(before).map((request) => textOf(request.body))).toEqual(['Order 37 shipped']);
		expect(retry.output.filter((item) => item.json.status === 'accepted').map((item) => item.pairedItem)).toEqual([{ item: 37 }]);
		// One item at a time, each claim waits at least SETTLE.minMs before its check: 100 claims take over 10 s.
	}, 60_000);

	it('a timeout keeps the key: the retry sends nothing, and the first run said delivery was unknown', async () => {
		const store = new ProcessedStore();
		provider.respondWith(() => ({ status: 200, body: {}, delayMs: 3000 }));
		const first = await runNode({ parameters: sendText(0, { idempotencyKey: 'slow', timeoutSeconds: 1 }), credentials: credentials(), continueOnFail: true, processedStore: store });
		expect(String(first.output[0]?.json.error)).toMatch(/may (or may not )?have been delivered|did not answer/i);
		expect(provider.requests).toHaveLength(1);
		provider.respondWith(cloudApiAccepted);
		const retry = await runNode({ parameters: sendText(0, { idempotencyKey: 'slow' }), credentials: credentials(), processedStore: store });
		expect(provider.requests).toHaveLength(1);
		expect(retry.output[0]?.json).toEqual({ status: 'skipped', reason: 'delivery unknown', idempotencyKey: 'slow' });
	});

	it('a refused message gives its key back: the next run sends it', async () => {
		const store = new ProcessedStore();
		provider.respondWith(() => cloudApiError(400, 131026, 'Message undeliverable'));
		const first = await run(store, 1, () => 'k');
		expect(first.output[0]?.json.error).toBeDefined();
		provider.respondWith(cloudApiAccepted);
		const second = await run(store, 1, () => 'k');
		expect(second.output[0]?.json.status).toBe('accepted');
		expect(provider.requests).toHaveLength(2);
	});

	it('a rate limit that ran out gives the key back', async () => {
		const store = new ProcessedStore();
		provider.respondWith(() => ({ status: 429, headers: { 'retry-after': '3600' }, body: { error: { code: 130429, message: 'Rate limit hit' } } }));
		const first = await runNode({ parameters: sendText(0, { idempotencyKey: 'busy' }, { delivery: { maxWaitSeconds: 1 } }), credentials: credentials(), continueOnFail: true, processedStore: store });
		expect(first.output[0]?.json.error).toBeDefined();
		expect(provider.requests).toHaveLength(1);
		provider.respondWith(cloudApiAccepted);
		// The hour's pause stays with that sender's limiter in this process; another number of the
		// same node shares the key, so it shows the key was given back.
		const otherSender = { whatsAppSessionApi: { ...credentials().whatsAppSessionApi, phoneNumberId: '2' } };
		const second = await runNode({ parameters: sendText(0, { idempotencyKey: 'busy' }), credentials: otherSender, processedStore: store });
		expect(second.output[0]?.json.status).toBe('accepted');
	});

	it('an invalid item claims nothing: the same key then sends once it is fixed', async () => {
		const store = new ProcessedStore();
		const bad = await runNode({ parameters: sendText(0, { idempotencyKey: 'fix-me' }, { textBody: '' }), credentials: credentials(), continueOnFail: true, processedStore: store });
		expect(String(bad.output[0]?.json.error)).toContain('"Text" is required');
		expect(provider.requests).toHaveLength(0);
		const fixed = await run(store, 1, () => 'fix-me');
		expect(fixed.output[0]?.json.status).toBe('accepted');
		expect(provider.requests).toHaveLength(1);
	});

	it('eight items with one key at Concurrency 8: exactly one request, the others skipped', async () => {
		const store = new ProcessedStore();
		provider.respondWith((request, index) => ({ ...cloudApiAccepted(request, index), delayMs: 100 }));
		const result = await runNode({
			parameters: (itemIndex) => sendText(itemIndex, { idempotencyKey: 'same' }, { delivery: { concurrency: 8 } }),
			items: Array.from({ length: 8 }, () => ({ json: {} })),
			credentials: credentials(),
			processedStore: store,
		});
		expect(provider.requests).toHaveLength(1);
		const statuses = result.output.map((item) => item.json.status);
		expect(statuses.filter((status) => status === 'accepted')).toHaveLength(1);
		expect(statuses.filter((status) => status === 'skipped')).toHaveLength(7);
		expect(new Set(result.output.filter((item) => item.json.status === 'skipped').map((item) => item.json.reason))).toEqual(new Set(['in flight']));
	});

	it('distinct keys at Concurrency 8 are all remembered, none lost to another claim', async () => {
		const store = new ProcessedStore();
		const parameters = (itemIndex: number) => sendText(itemIndex, { idempotencyKey: `k-${itemIndex}` }, { delivery: { concurrency: 8 } });
		const items = Array.from({ length: 24 }, () => ({ json: {} }));
		await runNode({ parameters, items, credentials: credentials(), processedStore: store });
		expect(provider.requests).toHaveLength(24);
		// Claims and marks made while a store call runs go out together in the next one: fewer calls than the 3 per message made one by one.
		expect(store.calls.length).toBeLessThan(2 * 24);
		const again = await runNode({ parameters, items, credentials: credentials(), processedStore: store });
		expect(provider.requests).toHaveLength(24);
		expect(again.output.every((item) => item.json.reason === 'already sent')).toBe(true);
	});

	it('keys are scoped per node unless Whole Workflow is chosen', async () => {
		const store = new ProcessedStore();
		await runNode({ parameters: sendText(0, { idempotencyKey: 'shared' }), credentials: credentials(), processedStore: store, nodeId: 'node-a' });
		await runNode({ parameters: sendText(0, { idempotencyKey: 'shared' }), credentials: credentials(), processedStore: store, nodeId: 'node-b' });
		expect(provider.requests).toHaveLength(2);
		const workflowScope = { idempotencyKey: 'shared', idempotencyScope: 'workflow' };
		await runNode({ parameters: sendText(0, workflowScope), credentials: credentials(), processedStore: store, nodeId: 'node-a' });
		const fromB = await runNode({ parameters: sendText(0, workflowScope), credentials: credentials(), processedStore: store, nodeId: 'node-b' });
		expect(provider.requests).toHaveLength(3);
		expect(fromB.output[0]?.json.status).toBe('skipped');
		const otherWorkflow = await runNode({ parameters: sendText(0, workflowScope), credentials: credentials(), processedStore: store, workflowId: 'other' });
		expect(otherWorkflow.output[0]?.json.status).toBe('accepted');
	});

	it('Forget Idempotency Key First sends again on purpose', async () => {
		const store = new ProcessedStore();
		await run(store, 1, () => 'again');
		const forced = await runNode({ parameters: sendText(0, { idempotencyKey: 'again', forgetIdempotencyKey: true }), credentials: credentials(), processedStore: store });
		expect(forced.output[0]?.json.status).toBe('accepted');
		expect(provider.requests).toHaveLength(2);
		const after = await run(store, 1, () => 'again');
		expect(after.output[0]?.json.reason).toBe('already sent');
	});

	it('an empty key keeps today\'s behaviour and never touches the store', async () => {
		const store = new ProcessedStore();
		await run(store, 2, () => '');
		await run(store, 2, () => '');
		expect(sentBodies()).toHaveLength(4);
		expect(store.calls).toEqual([]);
	});

	it('the closed-window fallback is covered by the same key', async () => {
		const store = new ProcessedStore();
		provider.respondWith((request, index) => (index === 0 ? cloudApiError(400, 131047, 'Re-engagement message') : cloudApiAccepted(request, index)));
		const parameters = sendText(0, { idempotencyKey: 'follow-up' }, {
			windowClosedAction: 'sendTemplate',
			templateName: 'order_update',
			templateLanguage: 'en',
		});
		const first = await runNode({ parameters, credentials: credentials(), processedStore: store });
		expect(first.error).toBeUndefined();
		expect(first.output[0]?.json.sentAs).toBe('template');
		const second = await runNode({ parameters, credentials: credentials(), processedStore: store });
		expect(second.output[0]?.json).toEqual({ status: 'skipped', reason: 'already sent', idempotencyKey: 'follow-up' });
		expect(provider.requests).toHaveLength(2);
	});
});

// Two queue-mode workers are two processes: each makes its own store calls one at a time, but
// nothing orders one worker's calls against the other's. Each worker here is a ClaimStore with a
// queue of its own over the same store; `interleaveNext` lets their reads and writes cross as
// n8n's store allows (test/support/processedStore.ts).
describe('two workers racing on n8n\'s store', () => {
	const WORKFLOW = 'race-workflow';
	const NODE = 'race-node';
	const ROW = `n:${NODE}`;
	let tokens = 0;
	const worker = (store: ProcessedStore, name: string): ClaimStore => ({
		queue: (scope) => `${name}|${scope}`,
		store: store.helpersFor(WORKFLOW, NODE),
		clock: n8nClock,
		newToken: () => `${name}-${++tokens}`,
	});
	const setting = (key: string): IdempotencySetting => ({ key, scope: 'node', forgetFirst: false });
	/** A store whose row for the node exists already, so no claim below is its first insert. */
	const storeWithRow = async () => {
		const store = new ProcessedStore();
		const claimed = await claimKey(worker(store, 'earlier'), setting('an-earlier-order'));
		if (claimed.claimed) await claimed.claim.end('accepted');
		return store;
	};

	it('the same new key claimed by two workers whose reads and writes cross: exactly one owns it, the other skips it as in flight', async () => {
		const store = await storeWithRow();
		store.interleaveNext(2);
		const results = await Promise.all([claimKey(worker(store, 'a'), setting('order-1')), claimKey(worker(store, 'b'), setting('order-1'))]);
		expect(results.filter((result) => result.claimed)).toHaveLength(1);
		expect(results.flatMap((result) => (result.claimed ? [] : [result.reason]))).toEqual(['in flight']);
	});

	it('a claim of another key erasing this claim is noticed: the claim is made again, so a later run of either key skips', async () => {
		const store = await storeWithRow();
		store.interleaveNext(2);
		const [first, second] = await Promise.all([claimKey(worker(store, 'a'), setting('order-x')), claimKey(worker(store, 'b'), setting('order-y'))]);
		expect([first?.claimed, second?.claimed]).toEqual([true, true]);
		expect(store.has(WORKFLOW, ROW, 'claim:order-x')).toBe(true);
		expect(store.has(WORKFLOW, ROW, 'claim:order-y')).toBe(true);
		const later = await Promise.all([claimKey(worker(store, 'c'), setting('order-x')), claimKey(worker(store, 'c'), setting('order-y'))]);
		expect(later).toEqual([
			{ claimed: false, reason: 'in flight' },
			{ claimed: false, reason: 'in flight' },
		]);
	});

	it('the first claims of a node race on n8n\'s insert of its row: the insert that throws is tried again, and exactly one claimer owns the key', async () => {
		const store = new ProcessedStore();
		store.interleaveNext(2);
		const results = await Promise.all([claimKey(worker(store, 'a'), setting('order-1')), claimKey(worker(store, 'b'), setting('order-1'))]);
		expect(store.insertConflicts).toBe(1);
		expect(results.filter((result) => result.claimed)).toHaveLength(1);
	});

	it('a claim erased every time it is checked: the item gives up with an error after a bounded number of rounds and leaves no claim behind', async () => {
		const store = new ProcessedStore();
		const helpers = store.helpersFor(WORKFLOW, NODE);
		// Every write of this worker is undone at once, as if another worker's stale write always landed next.
		const erased: ClaimStore = {
			...worker(store, 'unlucky'),
			store: {
				checkProcessedAndRecord: async (items, scope, options) => {
					const seen = await helpers.checkProcessedAndRecord(items, scope, options);
					await helpers.removeProcessed(seen.new, scope);
					return seen;
				},
				removeProcessed: helpers.removeProcessed,
			},
		};
		await expect(claimKey(erased, setting('order-1'))).rejects.toThrow(/could not be claimed.*Nothing was sent/);
		const recorded = store.calls.filter((call) => call.method === 'checkProcessedAndRecord');
		expect(recorded).toHaveLength(MAX_CLAIM_ROUNDS + 1);
		expect(store.entries(WORKFLOW, ROW)).toEqual([]);
	});
});
