import { createHash } from 'crypto';

/**
 * Providers deliver webhooks at least once: Meta resends when the answer is slow, and a resent
 * message must not start a second execution that answers the customer twice. The trigger keeps
 * the keys of the events it passed on and drops an event whose key it holds.
 *
 * How long and where the keys are kept is recentEvents.ts's business; this is the pure part. Keys
 * are shortened to 16 characters of their SHA-256 (96 bits: no collision in any realistic window).
 */
export function shortKey(dedupeKey: string): string {
	// The first 12 bytes give exactly those 16 characters. Slicing the full base64 text instead
	// would keep all 44 characters alive behind each key (V8 slices share their parent), about
	// twice the memory per remembered event.
	return createHash('sha256').update(dedupeKey).digest().subarray(0, 12).toString('base64');
}

/** The keys of events n8n took; only membership is asked, so any memory can stand behind it. */
export interface SeenKeys {
	has(key: string): boolean;
}

export interface DedupeResult<Event> {
	fresh: Event[];
	repeated: number;
	/** The keys of `fresh`, in its order. */
	added: string[];
}

/** Pure: which events are new. Repeats within one body count too. */
export function dropRepeated<Event extends { dedupeKey: string }>(events: readonly Event[], seen: SeenKeys): DedupeResult<Event> {
	const inThisBody = new Set<string>();
	const fresh: Event[] = [];
	const added: string[] = [];
	for (const event of events) {
		const key = shortKey(event.dedupeKey);
		if (seen.has(key) || inThisBody.has(key)) continue;
		inThisBody.add(key);
		added.push(key);
		fresh.push(event);
	}
	return { fresh, added, repeated: events.length - fresh.length };
}
