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
