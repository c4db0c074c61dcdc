// Decides, per delivery attempt, whether one message may be sent again and after how long.
// Pure: time and randomness come in as arguments, so every rule is table-tested without
// sleeping. "Should we retry" (which outcomes are safe to resend) is kept apart from "how long"
// (the provider's headers, else capped exponential backoff), as in octokit's plugin-retry and
// stripe-node's RequestSender.

import { assertNever } from '../util/values';
import { DELIVERY_DEFAULTS } from './defaults';
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
}

export const DEFAULT_RETRY_OPTIONS: Readonly<RetryOptions> = Object.freeze({
	maxRetries: DELIVERY_DEFAULTS.maxRetries,
	maxWaitMs: DELIVERY_DEFAULTS.maxWaitMs,
	baseDelayMs: DELIVERY_DEFAULTS.baseDelayMs,
	maxBackoffMs: DELIVERY_DEFAULTS.maxBackoffMs,
	retryServerErrors: DELIVERY_DEFAULTS.retryServerErrors,
	hasClientMessageId: false,
});

type RetryReason = 'rateLimited' | 'connectionRefused' | 'serverError';

type StopReason = 'accepted' | 'notRetryable' | 'maxRetries' | 'waitTooLong' | 'mayHaveBeenDelivered';

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
 * @param providerWait what the answer told every sender to wait (providerWaitMs), if anything
 * @param random a source in [0, 1), Math.random in production
 */
export function decideRetry(
	outcome: SendOutcome,
	attempt: number,
	options: RetryOptions,
	providerWait: number | undefined,
	random: () => number,
): RetryDecision {
	const backoff = (): number => backoffDelayMs(attempt, options.baseDelayMs, options.maxBackoffMs, random);
	// The provider's own wait beats our guess.
	const wait = (reason: RetryReason): RetryDecision =>
		providerWait === undefined
			? scheduleRetry(reason, backoff(), 'backoff', attempt, options)
			: scheduleRetry(reason, providerWait, 'headers', attempt, options);

	switch (outcome.kind) {
		case 'accepted':
			return { retry: false, reason: 'accepted' };
		case 'networkFailure':
			// Nothing reached the provider, so a resend cannot duplicate.
			if (!outcome.failure.requestMayHaveBeenSent) {
				return scheduleRetry('connectionRefused', backoff(), 'backoff', attempt, options);
			}
			return mayResendAfterPossibleDelivery(options)
				? scheduleRetry('serverError', backoff(), 'backoff', attempt, options)
				: { retry: false, reason: 'mayHaveBeenDelivered' };
		case 'rateLimited':
			// The provider did not accept the message, so resending is always safe; only the wait is in question.
			return wait('rateLimited');
		case 'rejected':
			if (outcome.response.statusCode >= 500) {
				return mayResendAfterPossibleDelivery(options) ? wait('serverError') : { retry: false, reason: 'mayHaveBeenDelivered' };
			}
			// Any other refusal is a verdict on the message or the credential: sending it again changes nothing.
			return { retry: false, reason: 'notRetryable' };
		default:
			return assertNever(outcome, 'send outcome');
	}
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
