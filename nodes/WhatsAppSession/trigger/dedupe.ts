import { createHash } from 'crypto';

/**
 * Providers deliver webhooks at least once: Meta resends when the answer is slow, and a resent
 * message must not start a second execution that answers the customer twice. The trigger keeps
 * the keys of the last events it passed on and drops an event whose key it holds.
 *
 * Where the keys are kept (the process's memory, and the workflow's static data as far as n8n
 * saves it) is recentEvents.ts's business; this is the pure part. Keys are shortened to 16
 * characters of their SHA-256 (96 bits: no collision in any realistic window), which keeps the
 * saved list around 40 KB.
 */
export const REMEMBERED_EVENTS = 2000;

export function shortKey(dedupeKey: string): string {
	return createHash('sha256').update(dedupeKey).digest('base64').slice(0, 16);
}

export interface DedupeResult<Event> {
	fresh: Event[];
	repeated: number;
	/** The keys of `fresh`, in its order. */
	added: string[];
	/** The remembered keys after this request, oldest first, at most `capacity`. */
	remembered: string[];
}

/** Pure: which events are new, and what to remember afterwards. Repeats within one body count too. */
export function dropRepeated<Event extends { dedupeKey: string }>(
	events: readonly Event[],
	remembered: readonly string[],
	capacity: number = REMEMBERED_EVENTS,
): DedupeResult<Event> {
	const known = new Set(remembered);
	const fresh: Event[] = [];
	const added: string[] = [];
	for (const event of events) {
		const key = shortKey(event.dedupeKey);
		if (known.has(key)) continue;
		known.add(key);
		added.push(key);
		fresh.push(event);
	}
	const all = [...remembered, ...added];
	return { fresh, added, repeated: events.length - fresh.length, remembered: all.slice(Math.max(0, all.length - capacity)) };
}
