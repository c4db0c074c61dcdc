// The Idempotency Key in a real n8n 2.41.1 (`n8n start`), with n8n's own deduplication store in
// its SQLite database: a workflow run twice, a failed execution retried the way the editor's Retry
// button does, and a timeout followed by a retry. One server for the file.
import { isPlainObject } from '../../nodes/WhatsAppSession/util/values';
import { cloudApiAccepted, cloudApiError, type RecordedRequest } from '../support/mockProvider';
import { chainWorkflow, webhookNode, type JsonObject, type N8nWorkflow } from './lib/n8n';
import { executionNodeOutput } from './lib/n8nApi';
import type { N8nServerOptions } from './lib/n8nServer';
import { codeNode, NODE, SESSION_CREDENTIAL, whatsAppNode } from './lib/nodeFixture';
import { useServerWithPackage } from './lib/serverSuite';

jest.setTimeout(5 * 60_000);

/** Webhook {count, prefix, timeoutSeconds?} → Code: one item per order → WhatsApp Session, keyed by order. */
function keyedSend(id: string, path: string, options: JsonObject = {}): N8nWorkflow {
	return chainWorkflow(id, id, webhookNode({ path }), [
		codeNode(`
const { count, prefix } = $input.first().json.body;
return Array.from({ length: count }, (_, index) => ({ json: { to: '+91 98801-32082', text: prefix + ' ' + index, key: prefix + '-' + index } }));
`),
		whatsAppNode({
			operation: 'sendText',
			recipient: '={{ $json.to }}',
			textBody: '={{ $json.text }}',
			options: { idempotencyKey: '={{ $json.key }}', ...options },
			delivery: { concurrency: 1 },
		}),
	]);
}

const TWICE = keyedSend('idemTwice', 'idem-twice');
const RETRY = keyedSend('idemRetry', 'idem-retry');
const SLOW = keyedSend('idemSlow', 'idem-slow', { timeoutSeconds: 1 });

const { provider, server: requireServer } = useServerWithPackage('idempotency', (providerUrl): N8nServerOptions => ({
	credentials: [
		{
			id: SESSION_CREDENTIAL.whatsAppSessionApi.id,
			name: SESSION_CREDENTIAL.whatsAppSessionApi.name,
			type: 'whatsAppSessionApi',
			data: { domain: providerUrl, phoneNumberId: '1555000777', apiKey: 'idem-key', accessToken: 'idem-token' },
		},
	],
	workflows: [TWICE, RETRY, SLOW],
	publish: [TWICE.id, RETRY.id, SLOW.id],
}));

const textOf = (request: RecordedRequest): unknown => (isPlainObject(request.body) && isPlainObject(request.body.text) ? request.body.text.body : undefined);

async function post(path: string, body: JsonObject): Promise<void> {
	const answer = await requireServer().webhook(path, { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
	expect(answer.status).toBe(200);
}

describe('Idempotency Key in a real n8n', () => {
	beforeEach(() => {
		provider.reset();
		provider.respondWith(cloudApiAccepted);
	});

	it('the same workflow run twice with the same keys: the second run sends nothing and outputs skipped', async () => {
		const running = requireServer();
		await post('idem-twice', { count: 3, prefix: 'twice' });
		await running.waitForExecutions(TWICE.id, 1);
		expect(provider.requests.map(textOf)).toEqual(['twice 0', 'twice 1', 'twice 2']);
		await post('idem-twice', { count: 3, prefix: 'twice' });
		const [first, second] = await running.waitForExecutions(TWICE.id, 2);
		if (first === undefined || second === undefined) throw new Error('two executions expected');
		expect(provider.requests).toHaveLength(3);
		expect(executionNodeOutput(first, NODE).map((item) => item.status)).toEqual(['accepted', 'accepted', 'accepted']);
		expect(executionNodeOutput(second, NODE)).toEqual([0, 1, 2].map((index) => ({ status: 'skipped', reason: 'already sent', idempotencyKey: `twice-${index}` })));
	});

	it('100 items, item 37 refused once; Retry on the failed execution sends item 37 and what never went out, nothing twice', async () => {
		const running = requireServer();
		provider.respondWith((request, index) => (textOf(request) === 'retry 37' ? cloudApiError(400, 131026, 'Message undeliverable') : cloudApiAccepted(request, index)));
		await post('idem-retry', { count: 100, prefix: 'retry' });
		const [failed] = await running.waitForExecutions(RETRY.id, 1);
		if (failed === undefined) throw new Error('no execution');
		expect(failed.status).toBe('error');
		// Stop on failure at Concurrency 1: items 0–36 went out, 37 was refused, 38–99 never started.
		expect(provider.requests.map(textOf)).toEqual(Array.from({ length: 38 }, (_, index) => `retry ${index}`));
		provider.respondWith(cloudApiAccepted);
		const retriedId = await running.api.retryExecution(failed.id);
		const retried = await running.api.latestExecution(RETRY.id);
		expect(retried.id).toBe(retriedId);
		expect(retried.status).toBe('success');
		const resent = provider.requests.slice(38).map(textOf);
		expect(resent).toEqual(Array.from({ length: 63 }, (_, index) => `retry ${index + 37}`));
		const output = executionNodeOutput(retried, NODE);
		expect(output.slice(0, 37).every((item) => item.status === 'skipped' && item.reason === 'already sent')).toBe(true);
		expect(output.slice(37).every((item) => item.status === 'accepted')).toBe(true);
		// Every customer message was accepted exactly once.
		const acceptedTexts = provider.requests.filter((_, index) => index !== 37).map(textOf);
		expect(acceptedTexts).toEqual(Array.from({ length: 100 }, (_, index) => `retry ${index}`));
	});

	it('a timeout on the first run, then a retry: no second request, and the first run said so', async () => {
		const running = requireServer();
		provider.respondWith(() => ({ status: 200, body: {}, delayMs: 2_500 }));
		await post('idem-slow', { count: 1, prefix: 'slow' });
		const [failed] = await running.waitForExecutions(SLOW.id, 1);
		if (failed === undefined) throw new Error('no execution');
		expect(failed.status).toBe('error');
		expect(JSON.stringify(failed.data?.resultData.error ?? {})).toMatch(/may or may not have been delivered/);
		expect(provider.requests).toHaveLength(1);
		provider.respondWith(cloudApiAccepted);
		await running.api.retryExecution(failed.id);
		const retried = await running.api.latestExecution(SLOW.id);
		expect(retried.status).toBe('success');
		expect(executionNodeOutput(retried, NODE)).toEqual([{ status: 'skipped', reason: 'delivery unknown', idempotencyKey: 'slow-0' }]);
		expect(provider.requests).toHaveLength(1);
	});
});
