/**
 * Two processes (queue-mode workers) race on n8n's store, which reads a scope's list, adds to it and
 * writes it back whole with no lock: the later write erases what the earlier one added. So a
 * claim is checked, not trusted: each claim records `claim:<key>` together with a token of its own
 * (`owner:<key>:<random>`) in one call, waits longer than a racer's read → write takes, then
 * records the same two again. Its token still there means no racer's write erased its claim: it
 * owns the key. Its token gone means a racer's write landed on top: if that racer's write holds
 * the key's claim, the racer owns it; if not (a racer claiming another key erased it), the second
 * call has just claimed the key afresh and is checked the same way, a bounded number of times.
 * What this cannot cover (a racer stalled longer than the wait) is in docs/idempotency.md.
 */

/** What the claim's two marks said when they were recorded. */
export interface ClaimMarksSeen {
	/** This claim's own token was already in the list. */
	ownTokenThere: boolean;
	/** `claim:<key>` was already in the list. */
	claimThere: boolean;
}

/**
 * What to do after recording the claim's two marks. `checking`: the call was made after the wait,
 * to see whether the claim recorded before it survived.
 */
export type ClaimStep = 'owned' | 'waitThenCheck' | 'takenByAnother';

export function nextClaimStep({ ownTokenThere, claimThere }: ClaimMarksSeen, checking: boolean): ClaimStep {
	// Only this claim's own write can have put its token there.
	if (ownTokenThere) return checking ? 'owned' : 'waitThenCheck';
	// The key's claim came from another claimer's write; the token just recorded is taken out again.
	if (claimThere) return 'takenByAnother';
	// Both were recorded by this very call: a new claim, to be checked after the wait.
	return 'waitThenCheck';
}

/** The wait between recording a claim and checking it, from how long recording it took here. */
export const SETTLE = {
	/** A racer's read → write lasts about as long as one call of ours; this many of ours cover it with room. */
	callsPerWait: 4,
	/**
	 * A racer's write can wait for a lock: on SQLite, node-sqlite3's busy handler sleeps 1, 2, 5, 10,
	 * 15, 20, 25, 25 ms between tries, 103 ms after eight. With 20 ms two workers of a real n8n
	 * still sent 2 of 10 racing keys twice (docs/idempotency.md).
	 */
	minMs: 100,
	/** A store so slow that one call takes half a second is waited out at most this long per check. */
	maxMs: 2_000,
} as const;

export function settleDelayMs(recordCallMs: number): number {
	const measured = Number.isFinite(recordCallMs) && recordCallMs > 0 ? recordCallMs : 0;
	return Math.min(SETTLE.maxMs, Math.max(SETTLE.minMs, Math.ceil(measured * SETTLE.callsPerWait)));
}

/** How many times a claim is recorded and checked before the item gives up with an error (nothing sent). */
export const MAX_CLAIM_ROUNDS = 4;

/** How many times one store call is tried: n8n's first insert of a scope's row throws for the second of two racing claimers. */
export const STORE_CALL_ATTEMPTS = 3;
