import type { ProviderRequest } from '../../../nodes/WhatsAppSession/providers/contract/sending';
import { deliverMessage } from '../../../nodes/WhatsAppSession/transport/deliver';
import type { HttpResponse } from '../../../nodes/WhatsAppSession/transport/http';
import { RateLimiter, type LimiterOptions } from '../../../nodes/WhatsAppSession/transport/limiter';
import type { ResponseHeaders } from '../../../nodes/WhatsAppSession/transport/rateLimitHeaders';
import { DEFAULT_RETRY_OPTIONS } from '../../../nodes/WhatsAppSession/transport/retryPolicy';
import { STATUS_VERDICTS } from '../../support/statusVerdicts';
import { VirtualClock } from '../../support/virtualClock';

const request = (marker: string): ProviderRequest => ({ method: 'POST', url: 'http://127.0.0.1/x', body: { marker } });
const tooManyRequests: HttpResponse = { statusCode: 429, headers: {}, body: {} };
const accepted: HttpResponse = { statusCode: 200, headers: {}, body: { messages: [{ id: 'm' }] } };

/** A provider that answers 429 to the first `rejections` requests and 200 after; it logs start times. */
function provider(clock: VirtualClock, rejections: number) {
	const startedAt: number[] = [];
	const call = async (): Promise<HttpResponse> => {
		startedAt.push(clock.now());
		return startedAt.length <= rejections ? tooManyRequests : accepted;
	};
	return { call, startedAt };
}

describe('deliverMessage', () => {
	it('one burst of bare 429s sets one pause: a later, longer guess does not stretch it', async () => {
		const clock = new VirtualClock(0);
		const limiter = new RateLimiter(clock, { maxConcurrent: 2 });
		const { call, startedAt } = provider(clock, 2);
		// The first 429 draws the shortest backoff (random 0 → 125 ms), the second the longest (250 ms).
		const draws = [0, 0.999];
		const random = () => draws.shift() ?? 0;
		const context = { call, verdicts: STATUS_VERDICTS, limiter, clock, retryOptions: DEFAULT_RETRY_OPTIONS, random };

		const results = await Promise.all([deliverMessage(request('a'), context), deliverMessage(request('b'), context)]);

		expect(results.map((result) => result.decision.reason)).toEqual(['accepted', 'accepted']);
		// Both retries go out when the first pause ends, not after the longer guess.
		expect(startedAt).toEqual([0, 0, 125, 125]);
	});

	it('a wait the provider named always applies, even while a guessed pause is in force', async () => {
		const clock = new VirtualClock(0);
		const limiter = new RateLimiter(clock, { maxConcurrent: 2 });
		const startedAt: number[] = [];
		const answers: HttpResponse[] = [tooManyRequests, { statusCode: 429, headers: { 'retry-after': '2' }, body: {} }, accepted, accepted];
		const call = async (): Promise<HttpResponse> => {
			startedAt.push(clock.now());
			return answers.shift() ?? accepted;
		};
		const context = { call, verdicts: STATUS_VERDICTS, limiter, clock, retryOptions: DEFAULT_RETRY_OPTIONS, random: () => 0 };

		await Promise.all([deliverMessage(request('a'), context), deliverMessage(request('b'), context)]);

		expect(startedAt).toEqual([0, 0, 2_000, 2_000]);
	});

	it('a bare 429 holds everyone back by the backoff even while starts are spaced (Max Requests per Second, a learned pace)', async () => {
		const clock = new VirtualClock(0);
		const limiter = new RateLimiter(clock, { maxConcurrent: 1, maxRequestsPerSecond: 100 });
		const { call, startedAt } = provider(clock, 1);
		const context = { call, verdicts: STATUS_VERDICTS, limiter, clock, retryOptions: DEFAULT_RETRY_OPTIONS, random: () => 0 };

		await Promise.all([deliverMessage(request('a'), context), deliverMessage(request('b'), context)]);

		// random 0: the shortest first backoff, 125 ms, not the 10 ms the spacing alone would allow.
		expect(startedAt).toEqual([0, 125, 135]);
	});

	it('gives up after Max Retries of bare 429s and reports the attempts', async () => {
		const clock = new VirtualClock(0);
		const limiter = new RateLimiter(clock, { maxConcurrent: 1 });
		const { call } = provider(clock, 100);
		const result = await deliverMessage(request('a'), {
			call,
			verdicts: STATUS_VERDICTS,
			limiter,
			clock,
			retryOptions: { ...DEFAULT_RETRY_OPTIONS, maxRetries: 3 },
			random: () => 0.5,
		});
		expect(result.decision.reason).toBe('maxRetries');
		expect(result.attempts).toBe(4);
	});
});

describe('Max Wait bounds a pause learned from successful answers (seed 001 on every answer)', () => {
	// The Messangi seed's dialect on every answer, 2 requests per 300 s: after two 200s the quota
	// is used up, so the third message must wait out the rest of the 5-minute window.
	const seedAnswer = (remaining: number, resetSeconds: number): HttpResponse => ({
		statusCode: 200,
		headers: {
			'ratelimit-limit': '2',
			'ratelimit-policy': '2;w= 300',
			'ratelimit-remaining': String(remaining),
			'ratelimit-reset': `${Math.floor(resetSeconds / 60)}m${resetSeconds % 60}s`,
		},
		body: { messages: [{ id: 'm' }] },
	});

	function seedProvider(clock: VirtualClock) {
		const startedAt: number[] = [];
		const call = async (): Promise<HttpResponse> => {
			startedAt.push(clock.now());
			const windowStart = Math.floor(clock.now() / 300_000) * 300_000;
			const usedInWindow = startedAt.filter((at) => at >= windowStart).length;
			return seedAnswer(Math.max(0, 2 - usedInWindow), (windowStart + 300_000 - clock.now()) / 1000);
		};
		return { call, startedAt };
	}

	async function sendThree(maxWaitMs: number) {
		const clock = new VirtualClock(0);
		const limiter = new RateLimiter(clock, { maxConcurrent: 1 });
		const { call, startedAt } = seedProvider(clock);
		const context = { call, verdicts: STATUS_VERDICTS, limiter, clock, retryOptions: { ...DEFAULT_RETRY_OPTIONS, maxWaitMs }, random: () => 0.5 };
		const results = await Promise.all(['a', 'b', 'c'].map((marker) => deliverMessage(request(marker), context)));
		return { results, startedAt, clock };
	}

	it('with the default Max Wait (310 s) the third message waits out the 5-minute window, then goes', async () => {
		const { results, startedAt } = await sendThree(DEFAULT_RETRY_OPTIONS.maxWaitMs);
		expect(results.map((result) => result.decision.reason)).toEqual(['accepted', 'accepted', 'accepted']);
		expect(startedAt).toEqual([0, 0, 300_000]);
	});

	it('with Max Wait 10 s the third message is held back at once, never sent, with the wait the provider asked for', async () => {
		const { results, startedAt, clock } = await sendThree(10_000);
		expect(results.map((result) => result.decision.reason)).toEqual(['accepted', 'accepted', 'waitTooLong']);
		expect(results[2]).toEqual({
			outcome: { kind: 'heldBack' },
			decision: { retry: false, reason: 'waitTooLong', requestedWaitMs: 300_000 },
			attempts: 0,
		});
		expect(startedAt).toEqual([0, 0]);
		expect(clock.now()).toBe(0);
	});

	it('a hold exactly as long as Max Wait is still waited out', async () => {
		const { results, startedAt } = await sendThree(300_000);
		expect(results.map((result) => result.decision.reason)).toEqual(['accepted', 'accepted', 'accepted']);
		expect(startedAt).toEqual([0, 0, 300_000]);
	});
});

/**
 * Messages delivered through one shared limiter, each sent once (Max Retries 0, so only the pause
 * an answer sets shows in the start times): records when each request started, takes `latencyMs`
 * of virtual time, then answers `answer`.
 */
function deliveringWith(options: LimiterOptions): [RateLimiter, { starts: number[]; send(answer?: HttpResponse, latencyMs?: number): Promise<unknown> }] {
	const limiter = new RateLimiter(clock, options);
	const starts: number[] = [];
	const send = (answer: HttpResponse = OK, latencyMs = 10) =>
		deliverMessage(request('x'), {
			call: async () => {
				starts.push(clock.now());
				await clock.sleep(latencyMs);
				return answer;
			},
			verdicts: STATUS_VERDICTS,
			limiter,
			clock,
			retryOptions: { ...DEFAULT_RETRY_OPTIONS, maxRetries: 0 },
			random: () => 0.5,
		});
	return [limiter, { starts, send }];
}

let clock: VirtualClock;
const reply = (statusCode: number, headers: ResponseHeaders = {}): HttpResponse => ({ statusCode, headers, body: {} });
const OK = reply(200);

// The provider's waits are applied once, by deliverMessage, to the shared limiter.
describe('pauses after 429 and 503', () => {
	beforeEach(() => {
		clock = new VirtualClock(0);
	});
	afterEach(() => expect(clock.pendingSleeps).toBe(0));

	test('a 429 with Retry-After pauses every caller, not only the one that got it', async () => {
		const [, p] = deliveringWith({ maxConcurrent: 3 });
		const sends = [
			p.send(reply(429, { 'Retry-After': '10' }), 5),
			p.send(OK, 20),
			p.send(OK, 20),
			p.send(),
			p.send(),
			p.send(),
		];
		await Promise.all(sends);
		expect(p.starts).toEqual([0, 0, 0, 10_005, 10_005, 10_005]);
	});

	test('the seed\'s 429 (remaining 1, reset 5m0s) pauses for the full reset', async () => {
		const [, p] = deliveringWith({ maxConcurrent: 1 });
		await p.send(
			reply(429, {
				'ratelimit-limit': '2',
				'ratelimit-policy': '2;w= 300',
				'ratelimit-remaining': '1',
				'ratelimit-reset': '5m0s',
			}),
		);
		await p.send();
		expect(p.starts).toEqual([0, 300_010]);
	});

	test('Retry-After wins over a 429\'s reset', async () => {
		const [, p] = deliveringWith({ maxConcurrent: 1 });
		await p.send(reply(429, { 'Retry-After': '2', 'RateLimit-Remaining': '0', 'RateLimit-Reset': '60' }));
		await p.send();
		expect(p.starts).toEqual([0, 2_010]);
	});

	test('a 503 with Retry-After pauses; a 503 without does not', async () => {
		const [, p] = deliveringWith({ maxConcurrent: 1 });
		await p.send(reply(503, { 'Retry-After': '3' }));
		await p.send(reply(503));
		await p.send();
		expect(p.starts).toEqual([0, 3_010, 3_020]);
	});

	test('a bare 429 leaves the pause to the caller\'s backoff, through pauseUntil', async () => {
		const [limiter, p] = deliveringWith({ maxConcurrent: 1 });
		await p.send(reply(429));
		await p.send();
		limiter.pauseUntil(clock.now() + 750);
		limiter.pauseUntil(clock.now() + 100); // a shorter pause never cuts a longer one short
		await p.send();
		expect(p.starts).toEqual([0, 10, 770]);
	});

});
