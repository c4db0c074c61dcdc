import { type RateLimiter } from './limiter';
import { getSharedLimiter } from './sharedLimiters';
import { n8nClock } from './n8nClock';

/**
 * Requests are paced in classes, as octokit's throttling plugin keeps writes, searches and
 * notifications apart: messages, uploads and metadata reads against a provider's API share that
 * provider's limiter (limiterKey in actions/settings.ts); a file host gets one of its own per
 * origin. A file host's answers (a RateLimit header, a 429) then never teach the provider's
 * limiter or hold a send back, and a provider's pause never holds a download from a CDN.
 */
export function fileHostLimiter(origin: string, maxConcurrent: number): RateLimiter {
	// "fileHost|" cannot begin a provider's key, which begins with its credential type.
	return getSharedLimiter(`fileHost|${origin}`, { maxConcurrent }, n8nClock);
}
