import { longestResetMs, parseRateLimitHeaders } from '../../../nodes/WhatsAppSession/transport/rateLimitHeaders';
import { parseDurationToMs } from '../../../nodes/WhatsAppSession/transport/headerValues';
import { pauseBeforeNextRequestMs } from '../../support/pauseBeforeNextRequest';
import { MockProvider, type MockReply, type RecordedRequest } from '../../support/mockProvider';
import {
	fixedWindowResponder,
	goDuration,
	tokenBucketResponder,
	type HeaderGeneration,
	type RateLimitedOptions,
	type RateLimitedResponder,
} from '../../support/rateLimitedResponder';

// A whole second, so epoch resets come out exact.
const T0 = Date.UTC(2025, 0, 15, 12, 0, 0);

function textRequest(marker: string): RecordedRequest {
	const body = { messaging_product: 'whatsapp', to: '15550001111', type: 'text', text: { body: marker } };
	return { method: 'POST', path: '/messages', headers: {}, body, rawBody: JSON.stringify(body), bodyBytes: Buffer.from(JSON.stringify(body)), receivedAt: 0 };
}

/** A responder on a hand-moved clock. */
function onClock(
	make: (options: RateLimitedOptions) => RateLimitedResponder,
	options: Omit<RateLimitedOptions, 'now'>,
): { limited: RateLimitedResponder; send: (marker: string) => MockReply; advance: (ms: number) => void } {
	let nowMs = T0;
	const limited = make({ ...options, now: () => nowMs });
	let index = 0;
	return {
		limited,
		send: (marker) => limited.respond(textRequest(marker), index++),
		advance: (ms) => {
			nowMs += ms;
		},
	};
}

const headersOf = (reply: MockReply): Record<string, string | string[]> => reply.headers ?? {};

describe('goDuration writes what Go writes, and the header parser reads it back', () => {
	test.each<[number, string]>([
		[300_000, '5m0s'],
		[90_000, '1m30s'],
		[300, '300ms'],
		[3_723_500, '1h2m3.5s'],
		[3_600_000, '1h0m0s'],
		[1_500, '1.5s'],
		[299_990, '4m59.99s'],
		[0, '0s'],
	])('%d ms is %s', (ms, text) => {
		expect(goDuration(ms)).toBe(text);
		expect(parseDurationToMs(text)).toBe(ms);
	});
});

describe('seed001: exactly the Messangi seed', () => {
	// The seed's own example, which its 429 repeats word for word (remaining 1 included).
	const SEED_HEADERS = {
		'ratelimit-limit': '2',
		'ratelimit-policy': '2;w= 300',
		'ratelimit-remaining': '1',
		'ratelimit-reset': '5m0s',
	};

	test('2 requests per 300 s, then the seed\'s own 429', () => {
		const { send, advance } = onClock(fixedWindowResponder, { limit: 2, windowMs: 300_000, announce: 'seed001' });
		const first = send('m1');
		expect(first.status).toBe(200);
		expect(headersOf(first)).toEqual(SEED_HEADERS);
		expect(headersOf(send('m2'))).toEqual({ ...SEED_HEADERS, 'ratelimit-remaining': '0' });
		const third = send('m3');
		expect(third.status).toBe(429);
		expect(headersOf(third)).toEqual(SEED_HEADERS);
		expect(third.body).toEqual({ errors: { reason: 'Too Many Requests' } });
		advance(10);
		expect(headersOf(send('m3'))).toMatchObject({ 'ratelimit-reset': '4m59.99s' });
		advance(299_990);
		expect(send('m3').status).toBe(200);
	});
});

describe('every header generation announces what the parser understands', () => {
	const generations: HeaderGeneration[] = ['draft03', 'draft06', 'draft07', 'draft08', 'xratelimit', 'seed001'];

	test.each(generations)('%s: remaining and reset on a success, the wait on a 429', (announce) => {
		const { send, advance } = onClock(fixedWindowResponder, { limit: 3, windowMs: 10_000, announce });
		send('a');
		send('b');
		advance(2_000);
		const last = send('c');
		const lastSignal = parseRateLimitHeaders(headersOf(last), T0 + 2_000);
		expect(pauseBeforeNextRequestMs(lastSignal)).toBe(8_000);
		const limited = send('d');
		expect(limited.status).toBe(429);
		expect(longestResetMs(parseRateLimitHeaders(headersOf(limited), T0 + 2_000).quotas)).toBe(8_000);
	});

	test('draft-08 names its policy', () => {
		const { send } = onClock(fixedWindowResponder, { limit: 3, windowMs: 10_000, announce: 'draft08' });
		expect(parseRateLimitHeaders(headersOf(send('a')), T0).quotas).toEqual([
			{ policyName: 'default', limit: 3, windowMs: 10_000, remaining: 2, resetAfterMs: 10_000 },
		]);
	});

	test('X-RateLimit-Reset may be delay-seconds instead of an epoch', () => {
		const { send } = onClock(fixedWindowResponder, { limit: 3, windowMs: 10_000, announce: 'xratelimit', xResetAs: 'seconds' });
		expect(headersOf(send('a'))).toMatchObject({ 'X-RateLimit-Reset': '10' });
	});

	test('none: a bare 429 with nothing to read', () => {
		const { send } = onClock(fixedWindowResponder, { limit: 1, windowMs: 10_000, announce: 'none' });
		expect(headersOf(send('a'))).toEqual({});
		const limited = send('b');
		expect(limited.status).toBe(429);
		expect(headersOf(limited)).toEqual({});
		expect(parseRateLimitHeaders(headersOf(limited), T0)).toEqual({ quotas: [] });
	});

	test('malformed: every field present, none readable', () => {
		const { send } = onClock(fixedWindowResponder, { limit: 1, windowMs: 10_000, announce: 'malformed' });
		send('a');
		const limited = send('b');
		expect(Object.keys(headersOf(limited)).length).toBeGreaterThan(3);
		expect(parseRateLimitHeaders(headersOf(limited), T0)).toEqual({ quotas: [] });
	});

	test('resets round up to whole seconds unless fractions are asked for', () => {
		const whole = onClock(fixedWindowResponder, { limit: 5, windowMs: 1_000, announce: 'draft06' });
		whole.send('a');
		whole.advance(750);
		// 250 ms left: announced as 1 s, never as 0.
		expect(headersOf(whole.send('b'))).toMatchObject({ 'RateLimit-Reset': '1', 'RateLimit-Policy': '5;w=1' });
		const fractional = onClock(fixedWindowResponder, { limit: 5, windowMs: 500, announce: 'draft06', wholeSeconds: false });
		fractional.send('a');
		fractional.advance(250);
		expect(headersOf(fractional.send('b'))).toMatchObject({ 'RateLimit-Reset': '0.25', 'RateLimit-Policy': '5;w=0.5' });
	});
});

describe('Retry-After on 429s', () => {
	test('as delay-seconds', () => {
		const { send, advance } = onClock(fixedWindowResponder, { limit: 1, windowMs: 60_000, announce: 'none', retryAfter: 'seconds' });
		send('a');
		advance(20_500);
		expect(headersOf(send('b'))).toEqual({ 'Retry-After': '40' });
	});

	test('as an HTTP-date, rounded up to the second', () => {
		const { send, advance } = onClock(fixedWindowResponder, { limit: 1, windowMs: 60_000, announce: 'draft06', retryAfter: 'httpDate' });
		send('a');
		advance(20_500);
		const limited = send('b');
		expect(headersOf(limited)['Retry-After']).toBe(new Date(T0 + 60_000).toUTCString());
		expect(parseRateLimitHeaders(headersOf(limited), T0 + 20_500).retryAfterMs).toBe(39_500);
	});

	test('not on successes', () => {
		const { send } = onClock(fixedWindowResponder, { limit: 1, windowMs: 60_000, announce: 'none', retryAfter: 'seconds' });
		expect(headersOf(send('a'))).toEqual({});
	});
});

describe('fixed window and token bucket admit differently', () => {
	test('fixed window: a full window again right at the boundary', () => {
		const { send, advance } = onClock(fixedWindowResponder, { limit: 2, windowMs: 1_000, announce: 'none' });
		expect([send('a'), send('b'), send('c')].map((reply) => reply.status)).toEqual([200, 200, 429]);
		advance(999);
		expect(send('c').status).toBe(429);
		advance(1);
		expect([send('c'), send('d'), send('e')].map((reply) => reply.status)).toEqual([200, 200, 429]);
	});

	test('token bucket: starts full, then one token per 1/rate', () => {
		const { send, advance, limited } = onClock(tokenBucketResponder, { limit: 4, windowMs: 1_000, announce: 'draft06' });
		const burst = [send('a'), send('b'), send('c'), send('d'), send('e')];
		expect(burst.map((reply) => reply.status)).toEqual([200, 200, 200, 200, 429]);
		// Empty: remaining 0, and the reset is when the bucket is full again.
		expect(headersOf(burst[3])).toMatchObject({ 'RateLimit-Remaining': '0', 'RateLimit-Reset': '1' });
		advance(249);
		expect(send('e').status).toBe(429);
		advance(1);
		expect([send('e'), send('f')].map((reply) => reply.status)).toEqual([200, 429]);
		advance(10_000);
		expect([send('f'), send('g'), send('h'), send('i'), send('j')].map((reply) => reply.status)).toEqual([
			200, 200, 200, 200, 429,
		]);
		expect(limited.ledger.rateLimited).toBe(4);
	});
});

describe('the delivery ledger', () => {
	test('counts accepted markers only, and finds duplicates and losses', () => {
		const { send, limited } = onClock(fixedWindowResponder, { limit: 3, windowMs: 60_000, announce: 'draft06' });
		send('item-1');
		send('item-2');
		send('item-1'); // a resend of a message that went out: a duplicate
		send('item-3'); // refused with 429: not delivered
		const { ledger } = limited;
		expect(ledger.requests).toBe(4);
		expect(ledger.accepted).toBe(3);
		expect(ledger.rateLimited).toBe(1);
		expect(ledger.duplicates()).toEqual(['item-1']);
		expect(ledger.missing(['item-1', 'item-2', 'item-3'])).toEqual(['item-3']);
		expect(ledger.acceptedAt).toEqual([T0, T0, T0]);
	});

	test('successes are Cloud API answers with distinct message ids, carrying the announcement', () => {
		const { send } = onClock(fixedWindowResponder, { limit: 5, windowMs: 60_000, announce: 'draft07' });
		const ids = ['a', 'b'].map((marker) => {
			const reply = send(marker);
			expect(headersOf(reply)).toMatchObject({ RateLimit: expect.stringContaining('limit=5') });
			return JSON.stringify(reply.body);
		});
		expect(ids[0]).toContain('wamid.mock.1');
		expect(ids[1]).toContain('wamid.mock.2');
	});

	test('a custom marker and success answer', () => {
		const { send, limited } = onClock(fixedWindowResponder, {
			limit: 5,
			windowMs: 60_000,
			announce: 'none',
			markerOf: (request) => request.path,
			accept: (_request, acceptedBefore) => ({ status: 201, body: { id: `msg-${acceptedBefore}` } }),
		});
		expect(send('ignored')).toEqual({ status: 201, headers: {}, body: { id: 'msg-0' } });
		expect([...limited.ledger.acceptedByMarker.keys()]).toEqual(['/messages']);
	});
});

describe('over real HTTP with real time', () => {
	const provider = new MockProvider();
	let baseUrl = '';
	beforeAll(async () => {
		baseUrl = await provider.start();
	});
	afterAll(async () => await provider.stop());

	const post = (text: string): Promise<Response> =>
		fetch(`${baseUrl}/messages`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ messaging_product: 'whatsapp', to: '1', type: 'text', text: { body: text } }),
		});

	test('answers after the latency, with the seed\'s headers, and a new window lets requests through again', async () => {
		const limited = fixedWindowResponder({ limit: 2, windowMs: 1_500, announce: 'seed001', latencyMs: 40 });
		provider.respondWith(limited.respond);
		const startedAt = Date.now();
		const first = await post('one');
		expect(Date.now() - startedAt).toBeGreaterThanOrEqual(35);
		expect(first.status).toBe(200);
		expect(first.headers.get('ratelimit-policy')).toBe('2;w= 1.5');
		await post('two');
		const third = await post('three');
		expect(third.status).toBe(429);
		expect(await third.json()).toEqual({ errors: { reason: 'Too Many Requests' } });
		const waitMs = parseDurationToMs(third.headers.get('ratelimit-reset') ?? '');
		expect(waitMs).toBeGreaterThan(0);
		expect(waitMs).toBeLessThanOrEqual(1_500);
		await new Promise((resolve) => setTimeout(resolve, (waitMs ?? 0) + 20));
		expect((await post('three')).status).toBe(200);
		expect(limited.ledger.duplicates()).toEqual([]);
		expect(limited.ledger.missing(['one', 'two', 'three'])).toEqual([]);
	});
});
