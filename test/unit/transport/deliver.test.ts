import type { ProviderRequest } from '../../../nodes/WhatsAppSession/providers/types';
import { deliverMessage } from '../../../nodes/WhatsAppSession/transport/deliver';
import type { HttpResponse } from '../../../nodes/WhatsAppSession/transport/http';
import { RateLimiter } from '../../../nodes/WhatsAppSession/transport/limiter';
import { DEFAULT_RETRY_OPTIONS } from '../../../nodes/WhatsAppSession/transport/retryPolicy';
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
		const context = { call, limiter, clock, retryOptions: DEFAULT_RETRY_OPTIONS, random };

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
		const context = { call, limiter, clock, retryOptions: DEFAULT_RETRY_OPTIONS, random: () => 0 };

		await Promise.all([deliverMessage(request('a'), context), deliverMessage(request('b'), context)]);

		expect(startedAt).toEqual([0, 0, 2_000, 2_000]);
	});

	it('gives up after Max Retries of bare 429s and reports the attempts', async () => {
		const clock = new VirtualClock(0);
		const limiter = new RateLimiter(clock, { maxConcurrent: 1 });
		const { call } = provider(clock, 100);
		const result = await deliverMessage(request('a'), {
			call,
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
		const context = { call, limiter, clock, retryOptions: { ...DEFAULT_RETRY_OPTIONS, maxWaitMs }, random: () => 0.5 };
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
