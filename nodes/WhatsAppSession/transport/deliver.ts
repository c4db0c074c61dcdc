import type { ProviderRequest } from '../providers/types';
import type { HttpCall } from './http';
import type { Clock, RateLimiter } from './limiter';
import { decideRetry, type RetryDecision, type RetryOptions } from './retryPolicy';
import { sendOnce, type SendOutcome } from './send';

export interface DeliveryContext {
	call: HttpCall;
	limiter: RateLimiter;
	clock: Clock;
	retryOptions: RetryOptions;
	signal?: AbortSignal;
	random?: () => number;
}

/**
 * The provider held every start for longer than Max Wait (a pause or a quota learned from an
 * earlier answer, possibly a successful one), so this attempt was never made.
 */
export interface HeldBack {
	kind: 'heldBack';
}

/** How one message's delivery ended after every retry the policy allowed. */
export interface DeliveryResult {
	/** The last attempt's outcome, or heldBack when the last attempt was never made. */
	outcome: SendOutcome | HeldBack;
	/** Why the loop stopped: accepted, or the reason a resend was not allowed. */
	decision: Extract<RetryDecision, { retry: false }>;
	/** Requests actually sent for this message. */
	attempts: number;
}

/**
 * Sends one message, resending only what the retry policy says cannot be a duplicate. Every
 * attempt goes through the shared limiter, so pacing holds across items and executions.
 */
export async function deliverMessage(request: ProviderRequest, context: DeliveryContext): Promise<DeliveryResult> {
	const random = context.random ?? Math.random;
	const retryOptions = { ...context.retryOptions, hasClientMessageId: request.clientMessageId !== undefined };
	for (let attempt = 0; ; attempt++) {
		const run = await context.limiter.run(
			async (slot) => {
				const result = await sendOnce(context.call, request);
				if (result.kind !== 'networkFailure') slot.observe(result.response);
				return result;
			},
			{
				...(context.signal !== undefined && { signal: context.signal }),
				retry: attempt > 0,
				// Max Wait bounds every wait the provider imposes, not only the one a 429 names.
				maxProviderHoldMs: retryOptions.maxWaitMs,
			},
		);
		if (!run.started) {
			return {
				outcome: { kind: 'heldBack' },
				decision: { retry: false, reason: 'waitTooLong', requestedWaitMs: run.providerHoldMs },
				attempts: attempt,
			};
		}
		const outcome = run.value;
		const decision = decideRetry(outcome, attempt, retryOptions, context.clock.now(), random);
		if (!decision.retry) return { outcome, decision, attempts: attempt + 1 };
		if (decision.reason === 'rateLimited') {
			// A 429 is about the provider's quota, not this message: every caller holds back. A guessed
			// backoff must not stretch a pause already in force: concurrent requests of one burst all
			// get 429s, and the longest of their random waits would leave the next window idle.
			const now = context.clock.now();
			const alreadyHeldBack = context.limiter.nextStartAllowedAtMs(now) > now;
			if (decision.waitSource === 'headers' || !alreadyHeldBack) {
				context.limiter.pauseUntil(now + decision.delayMs);
			}
		} else {
			await context.clock.sleep(decision.delayMs, context.signal);
		}
	}
}
