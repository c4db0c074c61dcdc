import type { IDataObject } from 'n8n-workflow';

import { valueAt } from '../support/json';
import { runNode, type RunResult } from '../support/executeNode';
import { cloudApiAccepted, useMockProvider, type MockReply, type RecordedRequest } from '../support/mockProvider';
import { connectlyAccepted } from '../support/providerReplies';
import { fixedWindowResponder, tokenBucketResponder } from '../support/rateLimitedResponder';

const { provider, url: mockUrl } = useMockProvider();

// These tests wait out real provider windows of 1–2 s; jest's 5 s default leaves no room on a busy machine.
jest.setTimeout(30_000);

const credentials = () => ({
	whatsAppSessionApi: { domain: mockUrl(), phoneNumberId: '555', apiKey: 'rate-key', accessToken: 'rate-token' },
});

/** n items whose text is their marker, so the provider's ledger can prove exactly-once delivery. */
function textItems(count: number, prefix = 'msg') {
	const items = Array.from({ length: count }, (_unused, index) => ({ json: { text: `${prefix}-${index}` } }));
	const parameters = (delivery: IDataObject) => (itemIndex: number) => ({
		operation: 'sendText',
		recipient: '+91 98801 32082',
		textBody: items[itemIndex]?.json.text ?? '',
		delivery,
	});
	return { items, markers: items.map((item) => item.json.text), parameters };
}

function expectAllAccepted(result: RunResult, count: number): void {
	expect(result.error).toBeUndefined();
	expect(result.output).toHaveLength(count);
	expect(result.output.every((item) => item.json.status === 'accepted')).toBe(true);
	expect(result.output.map((item) => item.pairedItem)).toEqual(Array.from({ length: count }, (_u, item) => ({ item })));
}

describe('429s and pacing through execute()', () => {
	it("seed 001's dialect (Go-duration reset, 'w= 300' policy), scaled to 2 s windows: every item exactly once", async () => {
		const { respond, ledger } = fixedWindowResponder({ limit: 2, windowMs: 2_000, announce: 'seed001' });
		provider.respondWith(respond);
		const { items, markers, parameters } = textItems(6);

		const started = Date.now();
		const result = await runNode({ items, parameters: parameters({}), credentials: credentials() });

		expectAllAccepted(result, 6);
		expect(ledger.duplicates()).toEqual([]);
		expect(ledger.missing(markers)).toEqual([]);
		expect(ledger.accepted).toBe(6);
		// Three windows are needed for six messages at two per window.
		expect(Date.now() - started).toBeGreaterThanOrEqual(3_500);
		// The seed's 429 claims remaining=1, so only its reset says when to come back: one 429 per window at most.
		expect(ledger.rateLimited).toBeLessThanOrEqual(3);
	});

	it('paces to announced limits: remaining=0 holds the next request until the reset, so almost no 429s', async () => {
		const { respond, ledger } = fixedWindowResponder({ limit: 3, windowMs: 1_000, announce: 'draft06', wholeSeconds: false });
		provider.respondWith(respond);
		const { items, markers, parameters } = textItems(9);

		const result = await runNode({ items, parameters: parameters({}), credentials: credentials() });

		expectAllAccepted(result, 9);
		expect(ledger.missing(markers)).toEqual([]);
		expect(ledger.duplicates()).toEqual([]);
		expect(ledger.rateLimited).toBe(0);
	});

	it('waits out a Retry-After given as an HTTP-date, then sends the same item once', async () => {
		let calls = 0;
		provider.respondWith((request, index) => {
			calls++;
			if (calls === 1) {
				return { status: 429, headers: { 'retry-after': new Date(Date.now() + 1_500).toUTCString() }, body: {} };
			}
			return cloudApiAccepted(request, index);
		});
		const { items, parameters } = textItems(1);
		const started = Date.now();
		const result = await runNode({ items, parameters: parameters({}), credentials: credentials() });

		expectAllAccepted(result, 1);
		expect(provider.requests).toHaveLength(2);
		expect(provider.requests[1]?.body).toEqual(provider.requests[0]?.body);
		// HTTP-dates have whole seconds, so the wait is between 0.5 and 1.5 s.
		expect(Date.now() - started).toBeGreaterThanOrEqual(400);
	});

	it('falls back to backoff when the rate-limit headers are malformed', async () => {
		const { respond, ledger } = fixedWindowResponder({ limit: 1, windowMs: 1_500, announce: 'malformed' });
		provider.respondWith(respond);
		const { items, markers, parameters } = textItems(3);
		const result = await runNode({ items, parameters: parameters({ maxRetries: 10 }), credentials: credentials() });

		expectAllAccepted(result, 3);
		expect(ledger.missing(markers)).toEqual([]);
		expect(ledger.duplicates()).toEqual([]);
		expect(ledger.rateLimited).toBeGreaterThan(0);
	});

	it('fails cleanly, with the wait the provider asked for, when it is longer than Max Wait', async () => {
		provider.respondWith(() => ({ status: 429, headers: { 'retry-after': '120' }, body: {} }));
		const { items, parameters } = textItems(1);
		const started = Date.now();
		const result = await runNode({ items, parameters: parameters({ maxWaitSeconds: 60 }), credentials: credentials() });

		expect(Date.now() - started).toBeLessThan(2_000);
		expect(result.error?.message).toBe(
			"The provider's rate limit was reached and the next attempt would have to wait 2 min, more than Max Wait (60 s); the message was not sent",
		);
		expect(provider.requests).toHaveLength(1);
	});

	it('does not resend after a 500: exactly one request, and the error says delivery is uncertain', async () => {
		provider.respondWith(() => ({ status: 500, body: { error: { message: 'internal', code: 1 } } }));
		const { items, parameters } = textItems(1);
		const result = await runNode({ items, parameters: parameters({}), credentials: credentials() });

		expect(result.error?.message).toMatch(/may or may not have been delivered/);
		expect(provider.requests).toHaveLength(1);
	});

	it('with Retry Server Errors on, resends after a 500 only where a client message ID makes it safe (Connectly)', async () => {
		let calls = 0;
		provider.respondWith((request: RecordedRequest, index: number): MockReply => {
			calls++;
			return calls === 1 ? { status: 503, body: { message: 'unavailable' } } : connectlyAccepted(request, index);
		});
		const result = await runNode({
			parameters: {
				provider: 'connectly',
				operation: 'sendText',
				recipient: '+91 98801 32082',
				textBody: 'once only',
				delivery: { retryServerErrors: true },
			},
			credentials: { connectlyApi: { apiKey: 'cx-key', businessId: 'biz-1', baseUrl: mockUrl() } },
		});

		expectAllAccepted(result, 1);
		expect(provider.requests).toHaveLength(2);
		const clientIds = provider.requests.map((request) => valueAt(request.body, 'message', 'id'));
		expect(clientIds[0]).toEqual(clientIds[1]);
	});

	it('retries a refused connection (nothing was sent) and then reports it as not sent', async () => {
		const { items, parameters } = textItems(1);
		const result = await runNode({
			items,
			parameters: parameters({ maxRetries: 1 }),
			credentials: { whatsAppSessionApi: { ...credentials().whatsAppSessionApi, domain: 'http://127.0.0.1:9' } },
		});
		expect(result.error?.message).toBe('Could not connect to the provider; the message was not sent after 2 attempts');
	});

	it('concurrent executions that share a credential share one limiter and stay within the limit', async () => {
		const { respond, ledger } = tokenBucketResponder({ limit: 4, windowMs: 1_000, announce: 'draft08', wholeSeconds: false });
		provider.respondWith(respond);
		const runs = ['a', 'b', 'c'].map((prefix) => textItems(4, prefix));

		const results = await Promise.all(
			runs.map(({ items, parameters }) => runNode({ items, parameters: parameters({ concurrency: 2 }), credentials: credentials() })),
		);

		results.forEach((result) => expectAllAccepted(result, 4));
		expect(ledger.missing(runs.flatMap((run) => run.markers))).toEqual([]);
		expect(ledger.duplicates()).toEqual([]);
		// Twelve messages against a bucket of four per second: without a shared limiter the three
		// runs would stampede and collect several 429s each.
		expect(ledger.rateLimited).toBeLessThanOrEqual(2);
	});

	it('keeps output order and pairing with concurrency above 1 when answers arrive out of order', async () => {
		provider.respondWith((request, index) => ({ ...cloudApiAccepted(request, index), delayMs: (5 - index) * 15 }));
		const { items, parameters } = textItems(5);
		const result = await runNode({ items, parameters: parameters({ concurrency: 5 }), credentials: credentials() });

		expectAllAccepted(result, 5);
		const sentOrder = provider.requests.map((request) => valueAt(request.body, 'text', 'body'));
		const messageIdsInOutputOrder = result.output.map((item) => item.json.messageId);
		// Each output carries the id the provider gave to that item's own request.
		result.output.forEach((item, outputIndex) => {
			const requestIndex = sentOrder.indexOf(`msg-${outputIndex}`);
			expect(item.json.messageId).toBe(`wamid.mock.${requestIndex + 1}`);
		});
		expect(new Set(messageIdsInOutputOrder).size).toBe(5);
	});

	it('ends promptly when the execution is cancelled during a wait, and sends nothing more', async () => {
		provider.respondWith(() => ({ status: 429, headers: { 'retry-after': '30' }, body: {} }));
		const controller = new AbortController();
		const { items, parameters } = textItems(2);
		setTimeout(() => controller.abort(), 300);
		const started = Date.now();
		const result = await runNode({ items, parameters: parameters({}), credentials: credentials(), abortSignal: controller.signal });

		expect(Date.now() - started).toBeLessThan(2_000);
		expect(result.error?.message).toBe('The execution was cancelled before this message was sent');
		expect(provider.requests).toHaveLength(1);
	});
});
