import { RateLimiter, type Clock, type LimiterOptions } from './limiter';

const sharedLimiters = new Map<string, RateLimiter>();

/**
 * One limiter per key for the whole n8n process, so concurrent executions sending through the
 * same credential and sender pace together instead of stampeding the provider. The key must
 * name credential type, credential and sender; different keys never share state. The newest
 * caller's options apply (see configure).
 */
export function getSharedLimiter(key: string, options: LimiterOptions, clock: Clock): RateLimiter {
	const existing = sharedLimiters.get(key);
	if (existing !== undefined) {
		existing.configure(options);
		return existing;
	}
	const limiter = new RateLimiter(clock, options);
	sharedLimiters.set(key, limiter);
	return limiter;
}

/** For tests: a fresh registry, as in a newly started process. */
export function forgetSharedLimiters(): void {
	sharedLimiters.clear();
}
