import type { SeenKeys } from './dedupe';

/**
 * The keys of events each trigger passed on, in this n8n process's memory, for a day.
 *
 * Why a day and a large cap, not the last few thousand: a campaign of 10,000 messages comes back
 * as about 30,000 statuses within minutes, and Meta redelivers what it thinks was not answered in
 * time, seconds to hours later. A memory counted in events forgets a message from a few seconds
 * earlier during such a storm; one bounded by time forgets nothing Meta still redelivers. The cap
 * only keeps a runaway sender from growing the process without bound: it holds about seven such
 * storms a day with every status selected, at about 70 bytes a key (measured by
 * `npm run bench:inbound`), 13 MB for a full memory. Only events the trigger passes on are
 * remembered: an unselected status starts nothing, so its redelivery starts nothing either.
 *
 * Why memory and not only the workflow's static data: n8n 2.41 saves a webhook's static data
 * only when no execution starts. When one does, n8n builds the execution's workflow over the same
 * static data object first, which marks it unchanged, so the keys written for a new event are not
 * saved (the first write of a workflow whose static data was empty is the exception). n8n also
 * reads the workflow, static data included, from its database for every webhook request, so what
 * the trigger saves there is only the newest PERSISTED_EVENTS: what survives a restart, as far as
 * n8n saved it, without making every request of a storm read a large list.
 *
 * One process (n8n's main, in normal and in queue mode) receives all webhooks, so this holds
 * there. With several webhook processes behind a load balancer, a redelivery that reaches another
 * process than the first delivery is not recognised.
 */
export const SEEN_EVENTS_WINDOW_MS = 24 * 60 * 60_000;
export const SEEN_EVENTS_CAP = 200_000;
export const PERSISTED_EVENTS = 2_000;

const MS_PER_SECOND = 1000;

/**
 * One trigger's seen events, oldest first (a Map keeps insertion order, and a key seen again moves
 * to the end), so forgetting is always at the front: each check and each insert costs O(1)
 * however many keys are held. Times are seconds since the memory was made, which V8 keeps as
 * small integers inside the Map (a full millisecond clock would add a heap number per key).
 */
export class SeenEvents implements SeenKeys {
	private readonly secondsByKey = new Map<string, number>();

	constructor(
		private readonly createdAt: number,
		private readonly windowMs: number = SEEN_EVENTS_WINDOW_MS,
		private readonly cap: number = SEEN_EVENTS_CAP,
	) {}

	get size(): number {
		return this.secondsByKey.size;
	}

	/** Whether the key was seen within the window, as of the last `forgetExpired`. */
	has(key: string): boolean {
		return this.secondsByKey.has(key);
	}

	remember(keys: readonly string[], now: number): void {
		const seconds = this.secondsAt(now);
		for (const key of keys) {
			this.secondsByKey.delete(key);
			this.secondsByKey.set(key, seconds);
		}
		this.forgetExpired(now);
	}

	/** Drops keys older than the window, then the oldest beyond the cap. */
	forgetExpired(now: number): void {
		const oldestKept = this.secondsAt(now - this.windowMs);
		for (const [key, seconds] of this.secondsByKey) {
			if (seconds > oldestKept && this.secondsByKey.size <= this.cap) return;
			this.secondsByKey.delete(key);
		}
	}

	/** The newest `count` keys with when they were seen, oldest first, for the workflow's static data. */
	newest(count: number): string[] {
		const skip = Math.max(0, this.secondsByKey.size - count);
		const entries: string[] = [];
		let index = 0;
		for (const [key, seconds] of this.secondsByKey) {
			if (index++ < skip) continue;
			entries.push(encodeSeen(key, this.createdAt + seconds * MS_PER_SECOND));
		}
		return entries;
	}

	private secondsAt(time: number): number {
		return Math.floor((time - this.createdAt) / MS_PER_SECOND);
	}
}

/** A saved entry: the key, a space, and when it was seen in Unix seconds (keys are base64, with no space). */
export function encodeSeen(key: string, seenAt: number): string {
	return `${key} ${Math.floor(seenAt / MS_PER_SECOND)}`;
}

/**
 * Pure: the saved entries back as keys with their times. An entry saved before times were kept
 * (a bare key) counts as seen at `loadedAt`, so it is kept for a full window rather than dropped.
 */
export function decodeSeen(entries: readonly string[], loadedAt: number): Array<{ key: string; seenAt: number }> {
	return entries.map((entry) => {
		const [key = '', seconds] = entry.split(' ');
		const seenAt = seconds === undefined ? Number.NaN : Number(seconds) * MS_PER_SECOND;
		return { key, seenAt: Number.isFinite(seenAt) ? seenAt : loadedAt };
	});
}

const SEEN_BY_TRIGGER = new Map<string, SeenEvents>();

/**
 * The trigger's memory, made on its first request in this process from what n8n saved (so a
 * restart keeps what was saved); later requests use the memory alone, which holds all of that.
 */
export function seenEventsOf(trigger: string, saved: () => readonly string[], now: number): SeenEvents {
	const known = SEEN_BY_TRIGGER.get(trigger);
	if (known !== undefined) {
		known.forgetExpired(now);
		return known;
	}
	const made = new SeenEvents(now);
	const loaded = decodeSeen(saved(), now).sort((a, b) => a.seenAt - b.seenAt);
	for (const { key, seenAt } of loaded) made.remember([key], Math.min(seenAt, now));
	made.forgetExpired(now);
	SEEN_BY_TRIGGER.set(trigger, made);
	return made;
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
export function settleClaim(claim: Claim, taken: boolean, seen: SeenEvents, now: number): void {
	const claims = CLAIMS_BY_TRIGGER.get(claim.trigger);
	for (const key of claim.keys) if (claims?.get(key) === claim) claims.delete(key);
	if (taken) seen.remember(claim.keys, now);
}
