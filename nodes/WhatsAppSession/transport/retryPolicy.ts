// Decides, per delivery attempt, whether one message may be sent again and after how long.
// Pure: time and randomness come in as arguments, so every rule is table-tested without
// sleeping. "Should we retry" (which outcomes are safe to resend) is kept apart from "how long"
// (the provider's headers, else capped exponential backoff), as in octokit's plugin-retry and
// stripe-node's RequestSender.

import type { HttpResponse } from './http';
import { longestResetMs, parseRateLimitHeaders } from './rateLimitHeaders';
import type { SendOutcome } from './send';

export interface RetryOptions {
	/** Resends allowed per message after its first attempt. */
	maxRetries: number;
	/** The longest single wait we accept; a provider asking for more fails the item instead. */
	maxWaitMs: number;
	/** First backoff step when the provider gives no wait; doubles per retry. A parameter so tests stay fast. */
	baseDelayMs: number;
	/** Ceiling of one backoff step, so a long run of bare 429s never sleeps for hours. */
	maxBackoffMs: number;
	/** Opt-in: resend after a 5xx or a failure once the request may have gone out. */
	retryServerErrors: boolean;
	/** The request carries the provider's client message id, which lets the provider drop a duplicate. */
	hasClientMessageId: boolean;
	/**
	 * Which rejections mean "too many requests". HTTP 429 when absent; a provider that answers
	 * throttling with another status (Meta's code 130429) is recognised by its own decoder, which is
	 * where knowledge of its error body belongs.
	 */
	isRateLimited?: (response: HttpResponse) => boolean;
}

export const DEFAULT_RETRY_OPTIONS: Readonly<RetryOptions> = Object.freeze({
	// A 429 means the message was not accepted, so resending is safe; enough retries that bare 429s
	// (base 250 ms, doubling to 30 s) are waited out for about two minutes before an item fails.
	maxRetries: 10,
	// A 5-minute window (the Messangi seed: 2 requests per 300 s) plus slack for a reset that the
	// provider rounds up or that the clock sees a little late.
	maxWaitMs: 310_000,
	// Short enough that a provider announcing nothing is not left idle for most of its next window
	// (measured: 1 s cost about 15 % of a 100/s limit in bench/throughput.ts).
	baseDelayMs: 250,
	maxBackoffMs: 30_000,
	// A resend after a 5xx may deliver the message twice: only the user may accept that risk.
	retryServerErrors: false,
	hasClientMessageId: false,
});

/** The outcome of one attempt, exactly as sendOnce reports it. */
export type AttemptOutcome = SendOutcome;

export type RetryReason = 'rateLimited' | 'connectionRefused' | 'serverError';

export type StopReason = 'accepted' | 'notRetryable' | 'maxRetries' | 'waitTooLong' | 'mayHaveBeenDelivered';

export type RetryDecision =
	| {
			retry: true;
			delayMs: number;
			reason: RetryReason;
			/** 'headers' when the provider named the wait (pace everyone by it); 'backoff' when we guessed. */
			waitSource: 'headers' | 'backoff';
	  }
	| {
			retry: false;
			reason: StopReason;
			/** The wait a retry would have needed, so the error can say how long the provider asked for. */
			requestedWaitMs?: number;
	  };

/**
 * @param attempt retries already made for this message (0 after the first attempt failed)
 * @param nowMs the time the response arrived, for HTTP-date and epoch resets
 * @param random a source in [0, 1), Math.random in production
 */
export function decideRetry(
	outcome: AttemptOutcome,
	attempt: number,
	options: RetryOptions,
	nowMs: number,
	random: () => number,
): RetryDecision {
	if (outcome.kind === 'accepted') return { retry: false, reason: 'accepted' };
	const backoff = (): number => backoffDelayMs(attempt, options.baseDelayMs, options.maxBackoffMs, random);

	if (outcome.kind === 'networkFailure') {
		// Nothing reached the provider, so a resend cannot duplicate.
		if (!outcome.failure.requestMayHaveBeenSent) {
			return scheduleRetry('connectionRefused', backoff(), 'backoff', attempt, options);
		}
		return mayResendAfterPossibleDelivery(options)
			? scheduleRetry('serverError', backoff(), 'backoff', attempt, options)
			: { retry: false, reason: 'mayHaveBeenDelivered' };
	}

	const { response } = outcome;
	const isRateLimited = options.isRateLimited ?? isTooManyRequests;
	if (isRateLimited(response)) {
		// The provider did not accept the message, so resending is always safe; only the wait is in question.
		const headerWaitMs = rateLimitedWaitMs(response, nowMs);
		return headerWaitMs === undefined
			? scheduleRetry('rateLimited', backoff(), 'backoff', attempt, options)
			: scheduleRetry('rateLimited', headerWaitMs, 'headers', attempt, options);
	}

	if (response.statusCode >= 500) {
		if (!mayResendAfterPossibleDelivery(options)) return { retry: false, reason: 'mayHaveBeenDelivered' };
		// A 503 may say when to come back; that beats our guess.
		const retryAfterMs = parseRateLimitHeaders(response.headers, nowMs).retryAfterMs;
		return retryAfterMs === undefined
			? scheduleRetry('serverError', backoff(), 'backoff', attempt, options)
			: scheduleRetry('serverError', retryAfterMs, 'headers', attempt, options);
	}

	// Any other 4xx is a verdict on the message or the credential: sending it again changes nothing.
	return { retry: false, reason: 'notRetryable' };
}

/**
 * Capped exponential backoff with "equal jitter": half the step is fixed, half random. Full
 * jitter could draw 0 and resend at once into the same throttle; equal jitter never waits less
 * than half a step yet still spreads concurrent retries apart.
 */
export function backoffDelayMs(
	attempt: number,
	baseDelayMs: number,
	maxBackoffMs: number,
	random: () => number,
): number {
	// Beyond 2^30 every realistic base already exceeds any cap; the bound keeps 0 * Infinity (NaN) out.
	const exponent = Number.isNaN(attempt) ? 0 : Math.min(Math.max(0, Math.floor(attempt)), 30);
	const step = Math.min(Math.max(0, finiteOr(maxBackoffMs, 0)), Math.max(0, finiteOr(baseDelayMs, 0)) * 2 ** exponent);
	const draw = Math.min(1, Math.max(0, finiteOr(random(), 0)));
	return Math.round(step / 2 + (step / 2) * draw);
}

/** The default rate-limit test: the status that means "too many requests" (RFC 6585). */
export function isTooManyRequests(response: HttpResponse): boolean {
	return response.statusCode === 429;
}

/**
 * Retry-After wins; otherwise the longest reset among all quotas. Not only exhausted ones: the
 * Messangi seed answers its 429 with `ratelimit-remaining: 1`, so a 429 is itself the proof that
 * some quota is used up, and waiting for the longest reset is the only wait sure to be enough.
 */
function rateLimitedWaitMs(response: HttpResponse, nowMs: number): number | undefined {
	const signal = parseRateLimitHeaders(response.headers, nowMs);
	return signal.retryAfterMs ?? longestResetMs(signal.quotas);
}

function mayResendAfterPossibleDelivery(options: RetryOptions): boolean {
	// Without the provider's client id a resend of a delivered message is a second message.
	return options.retryServerErrors && options.hasClientMessageId;
}

function scheduleRetry(
	reason: RetryReason,
	delayMs: number,
	waitSource: 'headers' | 'backoff',
	attempt: number,
	options: RetryOptions,
): RetryDecision {
	if (attempt >= options.maxRetries) return { retry: false, reason: 'maxRetries', requestedWaitMs: delayMs };
	if (delayMs > options.maxWaitMs) return { retry: false, reason: 'waitTooLong', requestedWaitMs: delayMs };
	return { retry: true, delayMs, reason, waitSource };
}

function finiteOr(value: number, fallback: number): number {
	return Number.isFinite(value) ? value : fallback;
}
