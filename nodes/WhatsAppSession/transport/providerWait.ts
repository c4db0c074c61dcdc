import { assertNever } from '../util/values';
import { longestResetMs, parseRateLimitHeaders } from './rateLimitHeaders';
import type { SendOutcome } from './send';

/**
 * How long the provider's answer tells every sender to hold back, or undefined when it names no
 * wait. Pure: the clock comes in as `nowMs` (for HTTP-date and epoch resets).
 *
 * Retry-After wins. A rate-limited answer without it waits for the longest reset among all
 * quotas, not only exhausted ones: the Messangi seed answers its 429 with `ratelimit-remaining: 1`,
 * so the refusal is itself the proof that some quota is used up, and the longest reset is the only
 * wait sure to be enough. A server error names a wait only through Retry-After (a 503's "come back
 * later"); its quota numbers are no count.
 */
export function providerWaitMs(outcome: SendOutcome, nowMs: number): number | undefined {
	switch (outcome.kind) {
		case 'accepted':
		case 'networkFailure':
			return undefined;
		case 'rateLimited': {
			const signal = parseRateLimitHeaders(outcome.response.headers, nowMs);
			return signal.retryAfterMs ?? longestResetMs(signal.quotas);
		}
		case 'rejected':
			return outcome.response.statusCode >= 500
				? parseRateLimitHeaders(outcome.response.headers, nowMs).retryAfterMs
				: undefined;
		default:
			return assertNever(outcome, 'send outcome');
	}
}
