import { REMEMBERED_EVENTS } from './dedupe';

/**
 * The keys of events each trigger passed on recently, in this n8n process's memory.
 *
 * Why memory and not only the workflow's static data: n8n 2.41 saves a webhook's static data
 * only when no execution starts. When one does, n8n builds the execution's workflow over the same
 * static data object first, which marks it unchanged, so the keys written for a new event are not
 * saved (the first write of a workflow whose static data was empty is the exception). The
 * trigger still writes them there, and reads them back, so what n8n does save survives a restart.
 *
 * One process (n8n's main, in normal and in queue mode) receives all webhooks, so this holds
 * there. With several webhook processes behind a load balancer, a redelivery that reaches another
 * process than the first delivery is not recognised.
 */
const RECENT_BY_TRIGGER = new Map<string, string[]>();

export function recentKeysOf(trigger: string): readonly string[] {
	return RECENT_BY_TRIGGER.get(trigger) ?? [];
}

export function rememberRecentKeys(trigger: string, keys: readonly string[]): void {
	RECENT_BY_TRIGGER.set(trigger, [...keys]);
}

/** Pure: both sources in one list, oldest first, each key once, at most `capacity` of the newest. */
export function mergeRemembered(
	inMemory: readonly string[],
	stored: readonly string[],
	capacity: number = REMEMBERED_EVENTS,
): string[] {
	const merged = [...new Set([...stored, ...inMemory])];
	return merged.slice(Math.max(0, merged.length - capacity));
}

/**
 * Events passed on to n8n whose start it has not confirmed yet. n8n starts the execution after
 * webhook() has returned, and answers the provider 200 once it has (5xx when it could not: Redis
 * or the database down). Only that answer says whether the event was taken, so a key is
 * remembered only then; a failed start lets it go, and the provider's redelivery runs.
 *
 * A redelivery that arrives while its claim is open is refused with a 5xx (see receive.ts), so
 * nothing runs twice and nothing is dropped. A claim whose answer never comes (a request n8n
 * abandoned) lapses after IN_FLIGHT_LIMIT_MS, and a later delivery takes the event over.
 */
export const IN_FLIGHT_LIMIT_MS = 2 * 60_000;

export interface Claim {
	readonly trigger: string;
	readonly keys: readonly string[];
	readonly at: number;
}

const CLAIMS_BY_TRIGGER = new Map<string, Map<string, Claim>>();

/** The keys claimed and neither settled nor lapsed at `now`. */
export function inFlightKeysOf(trigger: string, now: number): string[] {
	const claims = CLAIMS_BY_TRIGGER.get(trigger);
	if (claims === undefined) return [];
	for (const [key, claim] of claims) if (now - claim.at >= IN_FLIGHT_LIMIT_MS) claims.delete(key);
	return [...claims.keys()];
}

export function claimEvents(trigger: string, keys: readonly string[], now: number): Claim {
	const claim: Claim = { trigger, keys: [...keys], at: now };
	const claims = CLAIMS_BY_TRIGGER.get(trigger) ?? new Map<string, Claim>();
	for (const key of keys) claims.set(key, claim);
	CLAIMS_BY_TRIGGER.set(trigger, claims);
	return claim;
}

/**
 * Ends a claim: its keys are remembered when n8n took the events, and let go either way. A key
 * that lapsed and was claimed again by a later delivery belongs to that delivery's claim now.
 */
export function settleClaim(claim: Claim, taken: boolean): void {
	const claims = CLAIMS_BY_TRIGGER.get(claim.trigger);
	for (const key of claim.keys) if (claims?.get(key) === claim) claims.delete(key);
	if (taken) rememberRecentKeys(claim.trigger, mergeRemembered(claim.keys, recentKeysOf(claim.trigger)));
}
