import { longestResetMs, type RateLimitSignal } from '../../nodes/WhatsAppSession/transport/rateLimitHeaders';

/**
 * What a client that reads the headers alone would hold back before its next request: Retry-After
 * if present; else the longest reset among quotas whose remaining is 0; else 0. undefined when the
 * headers said nothing usable. The mock responders' tests use it to check what they announce.
 */
export function pauseBeforeNextRequestMs(signal: RateLimitSignal): number | undefined {
	if (signal.retryAfterMs !== undefined) return signal.retryAfterMs;
	const exhausted = signal.quotas.filter((quota) => quota.remaining === 0);
	// An exhausted quota that does not say when it resets is no licence to send at once.
	if (exhausted.length > 0) return longestResetMs(exhausted);
	return signal.quotas.length > 0 ? 0 : undefined;
}
