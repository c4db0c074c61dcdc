// A pace learned from bare 429s, for providers that refuse without saying how fast one may send
// (no RateLimit fields, no Retry-After). n8n's queue mode runs several workers, each with its own
// limiter and no way to talk to the others from a community node, while the provider counts all of
// them together. So each worker infers its share from the refusals it sees, the way TCP shares a
// link: additive increase, multiplicative decrease (AIMD). Workers that cut by the same factor keep
// their sum just under the limit, without anyone dividing it by hand. Their shares need not be
// equal: each worker's growth step comes from its own first measurement, so one that measured more
// keeps more for a while (the README's queue-mode figures show it).
//
// Pure: the clock comes in as `nowMs`, so every rule is table-tested and property-tested.

/** What the limiter knows of the provider's unannounced limit. */
export interface AdaptivePace {
	/** Starts per second this process allows itself; undefined until two episodes of 429s have measured one. */
	readonly ratePerSecond: number | undefined;
	/** Additive step, starts per second gained per second of accepted sending; fixed by the first measurement. */
	readonly growthPerSecond: number;
	/** When the last episode of bare 429s began; undefined before the first. */
	readonly episodeStartedAtMs: number | undefined;
	/** Accepted answers since the last episode began: 0 means that episode is still going on. */
	readonly acceptedSinceEpisode: number;
	/** When the rate last grew, so growth follows time spent sending, not idle time. */
	readonly grewAtMs: number | undefined;
	/**
	 * From the measurement to the next episode the rate grows by a factor, not a step: the
	 * measurement can only err low (a backoff that outlasts the provider's window counts as time
	 * refused), and a step would take many windows to find the share. TCP calls this slow start.
	 */
	readonly probing: boolean;
}

export const UNKNOWN_PACE: AdaptivePace = Object.freeze({
	ratePerSecond: undefined,
	growthPerSecond: 0,
	episodeStartedAtMs: undefined,
	acceptedSinceEpisode: 0,
	grewAtMs: undefined,
	probing: false,
});

/**
 * The multiplicative decrease: the rate a 429 episode leaves. 0.9 keeps the sawtooth between 90 %
 * and 100 % of the share (about 0.95 on average); a deeper cut wastes more, a shallower one makes
 * episodes, and with them 429s, more frequent.
 */
export const PACE_CUT_FACTOR = 0.9;

/** The additive increase, as a share of the first measured rate per second: back from a cut in about 2 s. */
export const PACE_GROWTH_SHARE = 0.05;

/** While probing, the rate grows by this factor per second of accepted sending. */
export const PACE_PROBE_FACTOR_PER_SECOND = 1.5;

/**
 * A worker that has seen no 429 for this long probes again. Its share may have grown (another
 * worker finished), and one that was cut far below its share (the other took the windows it spent
 * paused) would otherwise climb back by small steps for many seconds. Chosen in a simulation of two
 * workers against a 100/s fixed window (bench/n8n/queueRows.ts measures the real thing).
 */
export const PACE_QUIET_PROBE_AFTER_MS = 1_500;

/**
 * The longest stretch one accepted answer may count as sending time. A worker that sat idle (no
 * items) has learned nothing about the provider in between and must not come back faster.
 */
const MAX_GROWTH_STEP_MS = 1_000;

/**
 * A bare 429. The first of an episode (no acceptance since the previous episode began) is the
 * congestion signal; the rest of the episode are the same signal, seen by requests already on the
 * way or sent into a window that is still closed, and change nothing.
 *
 * The first episode only marks the time. At the second, the accepted answers between the two
 * measure this process's share: episode to episode spans a whole provider window (which the client
 * never learns), whatever part of it was spent refused or paused. The pace starts at that share
 * cut once; from then on every episode cuts the current rate.
 */
export function paceAfterBareRateLimit(pace: AdaptivePace, nowMs: number): AdaptivePace {
	const { episodeStartedAtMs } = pace;
	if (isInEpisode(pace)) return pace;
	const newEpisode = { ...pace, episodeStartedAtMs: nowMs, acceptedSinceEpisode: 0, grewAtMs: nowMs };
	if (pace.ratePerSecond !== undefined) return { ...newEpisode, ratePerSecond: pace.ratePerSecond * PACE_CUT_FACTOR, probing: false };
	if (episodeStartedAtMs === undefined || nowMs <= episodeStartedAtMs) return newEpisode;
	const measured = pace.acceptedSinceEpisode / ((nowMs - episodeStartedAtMs) / 1000);
	return { ...newEpisode, ratePerSecond: measured * PACE_CUT_FACTOR, growthPerSecond: measured * PACE_GROWTH_SHARE, probing: true };
}

/** Whether a 429 episode is going on: a bare 429 came and nothing has been accepted since. */
export function isInEpisode(pace: AdaptivePace): boolean {
	return pace.episodeStartedAtMs !== undefined && pace.acceptedSinceEpisode === 0;
}

/**
 * The limiter had nothing to send for a while. An episode begun before the gap cannot measure a
 * share (the idle time would count as refused time), so measuring starts over; a rate already
 * learned stays, as the provider's limit has not changed.
 */
export function paceAfterIdle(pace: AdaptivePace): AdaptivePace {
	return { ...pace, episodeStartedAtMs: undefined, acceptedSinceEpisode: 0, grewAtMs: undefined };
}

/** An accepted answer: it ends a 429 episode and grows the rate by the time spent sending since the last growth. */
export function paceAfterAccepted(pace: AdaptivePace, nowMs: number): AdaptivePace {
	const counted = { ...pace, acceptedSinceEpisode: pace.acceptedSinceEpisode + 1 };
	if (pace.ratePerSecond === undefined) return counted;
	const stepMs = Math.min(MAX_GROWTH_STEP_MS, Math.max(0, nowMs - (pace.grewAtMs ?? nowMs)));
	const quiet = pace.episodeStartedAtMs !== undefined && nowMs - pace.episodeStartedAtMs >= PACE_QUIET_PROBE_AFTER_MS;
	const ratePerSecond = pace.probing || quiet
		? pace.ratePerSecond * PACE_PROBE_FACTOR_PER_SECOND ** (stepMs / 1000)
		: pace.ratePerSecond + (pace.growthPerSecond * stepMs) / 1000;
	return { ...counted, ratePerSecond, grewAtMs: nowMs };
}
