import type { ProviderResponse } from '../../../nodes/WhatsAppSession/providers/contract/sending';
import { providerWaitMs } from '../../../nodes/WhatsAppSession/transport/providerWait';
import type { ResponseHeaders } from '../../../nodes/WhatsAppSession/transport/rateLimitHeaders';
import {
	backoffDelayMs,
	decideRetry,
	DEFAULT_RETRY_OPTIONS,
	type RetryDecision,
	type RetryOptions,
} from '../../../nodes/WhatsAppSession/transport/retryPolicy';
import { judgeResponse, type ResponseVerdicts, type SendOutcome } from '../../../nodes/WhatsAppSession/transport/send';
import { STATUS_VERDICTS } from '../../support/statusVerdicts';

type AttemptOutcome = SendOutcome;

// Wednesday, 15 January 2025, 12:00:00 UTC.
const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);
const NOW_S = NOW / 1000;

const OPTIONS: RetryOptions = { ...DEFAULT_RETRY_OPTIONS, maxRetries: 5, baseDelayMs: 100, maxBackoffMs: 1_000 };
const HALF = (): number => 0.5;

/** A provider's answer, judged as the transport judges it (429 is rate-limited unless `verdicts` say otherwise). */
function answer(statusCode: number, headers: ResponseHeaders = {}, body: unknown = {}, verdicts = STATUS_VERDICTS): AttemptOutcome {
	return judgeResponse({ statusCode, headers, body }, verdicts);
}
/** The retry decision as deliverMessage makes it: on the wait the answer names at `nowMs`. */
function decide(outcome: AttemptOutcome, attempt: number, options: RetryOptions, nowMs: number, random: () => number): RetryDecision {
	return decideRetry(outcome, attempt, options, providerWaitMs(outcome, nowMs), random);
}
function networkFailure(code: string, requestMayHaveBeenSent: boolean): AttemptOutcome {
	return { kind: 'networkFailure', failure: { code, cause: requestMayHaveBeenSent ? "unknown" : 'notSent', requestMayHaveBeenSent } };
}
const retryAfterHeaders = (ms: number): RetryDecision => ({
	retry: true,
	delayMs: ms,
	reason: 'rateLimited',
	waitSource: 'headers',
});
// attempt 0, base 100, random 0.5: equal jitter gives 50 + 25.
const FIRST_BACKOFF = 75;
const rateLimitedBackoff: RetryDecision = {
	retry: true,
	delayMs: FIRST_BACKOFF,
	reason: 'rateLimited',
	waitSource: 'backoff',
};

describe('decideRetry: outcome classes with default options', () => {
	test.each<[string, AttemptOutcome, RetryDecision]>([
		['accepted', { kind: 'accepted', response: { statusCode: 200, headers: {}, body: {} } }, { retry: false, reason: 'accepted' }],
		['429, Retry-After delay-seconds', answer(429, { 'Retry-After': '7' }), retryAfterHeaders(7_000)],
		['429, Retry-After 0', answer(429, { 'retry-after': '0' }), retryAfterHeaders(0)],
		[
			'429, Retry-After HTTP-date 30 s ahead',
			answer(429, { 'retry-after': new Date(NOW + 30_000).toUTCString() }),
			retryAfterHeaders(30_000),
		],
		[
			'429, Retry-After HTTP-date in the past',
			answer(429, { 'retry-after': new Date(NOW - 30_000).toUTCString() }),
			retryAfterHeaders(0),
		],
		[
			'429, the seed: remaining 1 yet a 5m0s reset (Go duration)',
			answer(
				429,
				{
					'ratelimit-limit': '2',
					'ratelimit-policy': '2;w= 300',
					'ratelimit-remaining': '1',
					'ratelimit-reset': '5m0s',
				},
				{ errors: { reason: 'Too Many Requests' } },
			),
			retryAfterHeaders(300_000),
		],
		['429, seed reset 1m30s', answer(429, { 'ratelimit-remaining': '0', 'ratelimit-reset': '1m30s' }), retryAfterHeaders(90_000)],
		['429, reset 300ms', answer(429, { 'ratelimit-reset': '300ms' }), retryAfterHeaders(300)],
		['429, draft-03 seconds', answer(429, { 'RateLimit-Limit': '10, 10;w=60', 'RateLimit-Remaining': '0', 'RateLimit-Reset': '12' }), retryAfterHeaders(12_000)],
		['429, draft-07 dictionary', answer(429, { RateLimit: 'limit=10, remaining=0, reset=9' }), retryAfterHeaders(9_000)],
		[
			'429, draft-08: the longest reset among policies',
			answer(429, {
				'RateLimit-Policy': '"permin";q=50;w=60, "perhr";q=1000;w=3600',
				RateLimit: ['"permin";r=0;t=30', '"perhr";r=900;t=200'],
			}),
			retryAfterHeaders(200_000),
		],
		['429, policy window only', answer(429, { 'ratelimit-policy': '2;w=20' }), retryAfterHeaders(20_000)],
		['429, X-RateLimit-Reset as epoch seconds', answer(429, { 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(NOW_S + 42) }), retryAfterHeaders(42_000)],
		[
			'429, Retry-After wins over a longer reset',
			answer(429, { 'Retry-After': '3', 'RateLimit-Remaining': '0', 'RateLimit-Reset': '60' }),
			retryAfterHeaders(3_000),
		],
		['429, bare: backoff', answer(429), rateLimitedBackoff],
		[
			'429, only malformed headers: backoff',
			answer(429, { 'Retry-After': 'tomorrow', 'RateLimit-Reset': 'soon', 'RateLimit-Remaining': '-1', RateLimit: 'limit=?' }),
			rateLimitedBackoff,
		],
		['429, remaining 0 but no reset or window: backoff', answer(429, { 'RateLimit-Remaining': '0' }), rateLimitedBackoff],
		['400', answer(400, { 'Retry-After': '1' }), { retry: false, reason: 'notRetryable' }],
		['401', answer(401), { retry: false, reason: 'notRetryable' }],
		['403', answer(403), { retry: false, reason: 'notRetryable' }],
		['404', answer(404), { retry: false, reason: 'notRetryable' }],
		['408', answer(408), { retry: false, reason: 'notRetryable' }],
		['422', answer(422), { retry: false, reason: 'notRetryable' }],
		['302', answer(302), { retry: false, reason: 'notRetryable' }],
		['400 with Meta code 130429 under the default test', answer(400, {}, { error: { code: 130429 } }), { retry: false, reason: 'notRetryable' }],
		['500', answer(500), { retry: false, reason: 'mayHaveBeenDelivered' }],
		['502', answer(502), { retry: false, reason: 'mayHaveBeenDelivered' }],
		['503 even with Retry-After', answer(503, { 'Retry-After': '1' }), { retry: false, reason: 'mayHaveBeenDelivered' }],
		['504', answer(504), { retry: false, reason: 'mayHaveBeenDelivered' }],
		['connection refused', networkFailure('ECONNREFUSED', false), { retry: true, delayMs: FIRST_BACKOFF, reason: 'connectionRefused', waitSource: 'backoff' }],
		['DNS failure', networkFailure('ENOTFOUND', false), { retry: true, delayMs: FIRST_BACKOFF, reason: 'connectionRefused', waitSource: 'backoff' }],
		['connection reset after sending', networkFailure('ECONNRESET', true), { retry: false, reason: 'mayHaveBeenDelivered' }],
		['timeout after sending', networkFailure('ETIMEDOUT', true), { retry: false, reason: 'mayHaveBeenDelivered' }],
	])('%s', (_name, outcome, expected) => {
		expect(decide(outcome, 0, OPTIONS, NOW, HALF)).toEqual(expected);
	});
});

describe('decideRetry: server errors only with opt-in and a client message id', () => {
	const serverErrors: Array<[string, AttemptOutcome]> = [
		['500', answer(500)],
		['503', answer(503)],
		['connection reset after sending', networkFailure('ECONNRESET', true)],
		['timeout after sending', networkFailure('ETIMEDOUT', true)],
		['failure without a code', { kind: 'networkFailure', failure: { code: undefined, cause: 'unknown', requestMayHaveBeenSent: true } }],
	];

	test.each<[boolean, boolean]>([
		[false, false],
		[true, false],
		[false, true],
	])('retryServerErrors=%s, hasClientMessageId=%s: never retried', (retryServerErrors, hasClientMessageId) => {
		for (const [, outcome] of serverErrors) {
			expect(decide(outcome, 0, { ...OPTIONS, retryServerErrors, hasClientMessageId }, NOW, HALF)).toEqual({
				retry: false,
				reason: 'mayHaveBeenDelivered',
			});
		}
	});

	test.each(serverErrors)('both set: %s is retried after backoff', (_name, outcome) => {
		const options = { ...OPTIONS, retryServerErrors: true, hasClientMessageId: true };
		expect(decide(outcome, 0, options, NOW, HALF)).toEqual({
			retry: true,
			delayMs: FIRST_BACKOFF,
			reason: 'serverError',
			waitSource: 'backoff',
		});
	});

	test('both set: a 503 with Retry-After waits as asked', () => {
		const options = { ...OPTIONS, retryServerErrors: true, hasClientMessageId: true };
		expect(decide(answer(503, { 'Retry-After': '4' }), 0, options, NOW, HALF)).toEqual({
			retry: true,
			delayMs: 4_000,
			reason: 'serverError',
			waitSource: 'headers',
		});
	});

	test('both set: a 4xx other than 429 is still final', () => {
		const options = { ...OPTIONS, retryServerErrors: true, hasClientMessageId: true };
		expect(decide(answer(400), 0, options, NOW, HALF)).toEqual({ retry: false, reason: 'notRetryable' });
	});
});

describe('decideRetry: limits', () => {
	const seed429 = answer(429, { 'ratelimit-remaining': '1', 'ratelimit-reset': '5m0s' });

	test('the default Max Wait lets the seed\'s 5-minute window be waited out', () => {
		expect(DEFAULT_RETRY_OPTIONS.maxWaitMs).toBeGreaterThanOrEqual(300_000);
		expect(decide(seed429, 0, DEFAULT_RETRY_OPTIONS, NOW, HALF)).toMatchObject({ retry: true, delayMs: 300_000 });
	});

	test.each<[string, AttemptOutcome, number]>([
		['Retry-After an hour', answer(429, { 'Retry-After': '3600' }), 3_600_000],
		['seed reset 5m0s', seed429, 300_000],
		['X-RateLimit-Reset a day ahead (epoch)', answer(429, { 'X-RateLimit-Reset': String(NOW_S + 86_400) }), 86_400_000],
	])('a wait beyond Max Wait stops and says how long was asked: %s', (_name, outcome, requestedWaitMs) => {
		expect(decide(outcome, 0, { ...OPTIONS, maxWaitMs: 60_000 }, NOW, HALF)).toEqual({
			retry: false,
			reason: 'waitTooLong',
			requestedWaitMs,
		});
	});

	test('a wait exactly at Max Wait is still waited', () => {
		expect(decide(answer(429, { 'Retry-After': '60' }), 0, { ...OPTIONS, maxWaitMs: 60_000 }, NOW, HALF)).toEqual(
			retryAfterHeaders(60_000),
		);
	});

	test('a backoff beyond Max Wait stops too', () => {
		const options = { ...OPTIONS, baseDelayMs: 10_000, maxBackoffMs: 10_000, maxWaitMs: 1_000 };
		expect(decide(answer(429), 0, options, NOW, () => 0)).toEqual({
			retry: false,
			reason: 'waitTooLong',
			requestedWaitMs: 5_000,
		});
	});

	test.each<[string, AttemptOutcome]>([
		['429 with headers', answer(429, { 'Retry-After': '1' })],
		['bare 429', answer(429)],
		['connection refused', networkFailure('ECONNREFUSED', false)],
	])('retries stop after maxRetries: %s', (_name, outcome) => {
		const options = { ...OPTIONS, maxRetries: 3 };
		for (const attempt of [0, 1, 2]) expect(decide(outcome, attempt, options, NOW, HALF).retry).toBe(true);
		for (const attempt of [3, 4]) {
			expect(decide(outcome, attempt, options, NOW, HALF)).toMatchObject({ retry: false, reason: 'maxRetries' });
		}
	});

	test('maxRetries 0 never retries, and still reports the wait asked for', () => {
		expect(decide(answer(429, { 'Retry-After': '2' }), 0, { ...OPTIONS, maxRetries: 0 }, NOW, HALF)).toEqual({
			retry: false,
			reason: 'maxRetries',
			requestedWaitMs: 2_000,
		});
	});

	test('the backoff grows with the attempt number', () => {
		const delays = [0, 1, 2, 3, 4, 5].map((attempt) => decide(answer(429), attempt, OPTIONS, NOW, () => 1));
		expect(delays.map((decision) => (decision.retry ? decision.delayMs : -1))).toEqual([100, 200, 400, 800, 1_000, -1]);
	});
});

describe('decideRetry: a custom rate-limit test', () => {
	const metaVerdicts: ResponseVerdicts = {
		...STATUS_VERDICTS,
		isRateLimited: (response: ProviderResponse): boolean =>
			response.statusCode === 429 || JSON.stringify(response.body).includes('130429'),
	};

	test('a 400 carrying Meta code 130429 is retried after backoff', () => {
		expect(decide(answer(400, {}, { error: { code: 130429 } }, metaVerdicts), 0, OPTIONS, NOW, HALF)).toEqual(
			rateLimitedBackoff,
		);
	});

	test('a plain 400 stays final', () => {
		expect(decide(answer(400, {}, { error: { code: 100 } }, metaVerdicts), 0, OPTIONS, NOW, HALF)).toEqual({
			retry: false,
			reason: 'notRetryable',
		});
	});

	test('a test that ignores 429 turns it into a final rejection', () => {
		expect(decide(answer(429, {}, {}, { ...STATUS_VERDICTS, isRateLimited: () => false }), 0, OPTIONS, NOW, HALF)).toEqual({
			retry: false,
			reason: 'notRetryable',
		});
	});
});

describe('backoffDelayMs: capped exponential with equal jitter', () => {
	test.each<[number, number, number, number, number]>([
		// attempt, base, cap, with random 0, with random 1
		[0, 1_000, 30_000, 500, 1_000],
		[1, 1_000, 30_000, 1_000, 2_000],
		[2, 1_000, 30_000, 2_000, 4_000],
		[4, 1_000, 30_000, 8_000, 16_000],
		[5, 1_000, 30_000, 15_000, 30_000],
		[10, 1_000, 30_000, 15_000, 30_000],
		[1_000, 1_000, 30_000, 15_000, 30_000],
		[Number.POSITIVE_INFINITY, 1_000, 30_000, 15_000, 30_000],
		[0, 0, 30_000, 0, 0],
		[1_000, 0, 30_000, 0, 0],
		[3, 1_000, 0, 0, 0],
		[-2, 1_000, 30_000, 500, 1_000],
		[Number.NaN, 1_000, 30_000, 500, 1_000],
	])('attempt %p, base %p, cap %p: between %p and %p', (attempt, base, cap, low, high) => {
		expect(backoffDelayMs(attempt, base, cap, () => 0)).toBe(low);
		expect(backoffDelayMs(attempt, base, cap, () => 1)).toBe(high);
		const middle = backoffDelayMs(attempt, base, cap, () => 0.3);
		expect(middle).toBeGreaterThanOrEqual(low);
		expect(middle).toBeLessThanOrEqual(high);
	});

	test.each([-1, 2, Number.NaN, Number.POSITIVE_INFINITY])('a random source out of range (%p) stays within bounds', (draw) => {
		const delay = backoffDelayMs(1, 1_000, 30_000, () => draw);
		expect(delay).toBeGreaterThanOrEqual(1_000);
		expect(delay).toBeLessThanOrEqual(2_000);
	});

	test('never waits less than half a step, so no retry fires straight back into a throttle', () => {
		for (let attempt = 0; attempt < 8; attempt++) {
			expect(backoffDelayMs(attempt, 100, 10_000, () => 0)).toBeGreaterThan(0);
		}
	});
});
