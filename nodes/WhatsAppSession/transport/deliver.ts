import { assertNever } from '../util/values';
import type { ProviderRequest } from '../providers/contract/sending';
import type { OutgoingRequest } from '../providers/contract/media';
import type { HttpCall } from './http';
import type { Clock, RateLimiter } from './limiter';
import { providerWaitMs } from './providerWait';
import { decideRetry, type RetryDecision, type RetryOptions } from './retryPolicy';
import { sendOnce, type ResponseVerdicts, type SendOutcome } from './send';

interface DeliveryContext<Request> {
	call: HttpCall<Request>;
	/** The adapter's reading of its answers: what counts as accepted and as rate-limited. */
	verdicts: ResponseVerdicts;
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
interface HeldBack {
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
 * attempt goes through the shared limiter, so pacing holds across items and executions; every
 * wait the provider imposes is applied here, once, to that limiter. A read (Get Media's) goes the
 * same way with its own request and call, so it counts against the same quota.
 */
export async function deliverMessage<Request extends Pick<ProviderRequest, 'url' | 'clientMessageId'> = OutgoingRequest>(
	request: Request,
	context: DeliveryContext<Request>,
): Promise<DeliveryResult> {
	const { limiter, clock } = context;
	const random = context.random ?? Math.random;
	// An upload or a read has no client id: it is resent under the same rules as a message without one.
	const hasClientMessageId = request.clientMessageId !== undefined;
	const retryOptions = { ...context.retryOptions, hasClientMessageId };
	for (let attempt = 0; ; attempt++) {
		const run = await limiter.run(
			async (slot) => {
				const outcome = await sendOnce(context.call, request, context.verdicts);
				const answeredAt = clock.now();
				const providerWait = providerWaitMs(outcome, answeredAt);
				// A wait the provider named is about its quota, not this message: every caller holds
				// back, whether or not this message is sent again. Set before the slot frees, so no
				// waiter starts in between.
				if (providerWait !== undefined) limiter.pauseUntil(answeredAt + providerWait);
				if (teachesQuotas(outcome)) slot.learnQuotas(outcome.response.headers);
				// A 429 that names no wait is the only sign of a limit the provider keeps to itself; other
				// workers of a queue-mode n8n may be spending the same quota (adaptivePace.ts).
				if (outcome.kind === 'accepted') slot.learnPace('accepted');
				else if (outcome.kind === 'rateLimited' && providerWait === undefined) slot.learnPace('bareRateLimited');
				return { outcome, providerWait };
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
		const { outcome, providerWait } = run.value;
		const decision = decideRetry(outcome, attempt, retryOptions, providerWait, random);
		if (!decision.retry) return { outcome, decision, attempts: attempt + 1 };
		if (decision.waitSource === 'backoff') await holdBackByGuess(context, decision, clock.now());
	}
}

/**
 * A guessed wait. After a bare 429 every caller holds back, but the guess must not stretch a
 * pause already in force: concurrent requests of one burst all get 429s, and the longest of their
 * random waits would leave the next window idle. Any other guess delays this message alone.
 */
async function holdBackByGuess(
	{ limiter, clock, signal }: Pick<DeliveryContext<unknown>, 'limiter' | 'clock' | 'signal'>,
	decision: Extract<RetryDecision, { retry: true }>,
	now: number,
): Promise<void> {
	if (decision.reason !== 'rateLimited') {
		await clock.sleep(decision.delayMs, signal);
		return;
	}
	// Spacing (Max Requests per Second, the learned pace) is no pause: a 429 still holds everyone back.
	if (!limiter.isHeldByProvider(now)) limiter.pauseUntil(now + decision.delayMs);
}

/**
 * Quota counts are learned from answers that say nothing about being over the limit: a refusal
 * for too many requests can contradict its own numbers (the Messangi seed's 429 says
 * `remaining: 1`), and an overloaded server's (503) are no count either.
 */
function teachesQuotas(outcome: SendOutcome): outcome is Extract<SendOutcome, { kind: 'accepted' | 'rejected' }> {
	switch (outcome.kind) {
		case 'accepted':
			return true;
		case 'rejected':
			return outcome.response.statusCode !== 503 && outcome.response.statusCode !== 429;
		case 'rateLimited':
		case 'networkFailure':
			return false;
		default:
			return assertNever(outcome, 'send outcome');
	}
}
