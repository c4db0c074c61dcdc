import {
	PACE_CUT_FACTOR,
	PACE_GROWTH_SHARE,
	PACE_PROBE_FACTOR_PER_SECOND,
	PACE_QUIET_PROBE_AFTER_MS,
	paceAfterAccepted,
	paceAfterBareRateLimit,
	paceAfterIdle,
	UNKNOWN_PACE,
	type AdaptivePace,
} from '../../../nodes/WhatsAppSession/transport/adaptivePace';

/** `count` acceptances, one every `everyMs`, starting `everyMs` after `fromMs`. */
function acceptMany(pace: AdaptivePace, count: number, fromMs: number, everyMs: number): AdaptivePace {
	let next = pace;
	for (let index = 1; index <= count; index++) next = paceAfterAccepted(next, fromMs + index * everyMs);
	return next;
}

/** An episode at 0 ms, 50 acceptances, a second episode at 1,000 ms: a measured share of 50/s. */
function measuredAt50(): AdaptivePace {
	const first = paceAfterBareRateLimit(UNKNOWN_PACE, 0);
	return paceAfterBareRateLimit(acceptMany(first, 50, 0, 19), 1_000);
}

describe('adaptive pace: episodes of bare 429s', () => {
	it('the first episode only marks its start: no rate is known yet', () => {
		const pace = paceAfterBareRateLimit(acceptMany(UNKNOWN_PACE, 40, 0, 5), 250);
		expect(pace).toMatchObject({ ratePerSecond: undefined, episodeStartedAtMs: 250, acceptedSinceEpisode: 0 });
	});

	it('429s before any acceptance belong to the episode under way and change nothing', () => {
		const first = paceAfterBareRateLimit(UNKNOWN_PACE, 250);
		expect(paceAfterBareRateLimit(first, 400)).toBe(first);
		const measured = measuredAt50();
		expect(paceAfterBareRateLimit(measured, 1_100)).toBe(measured);
	});

	it('the second episode measures the share between the two and starts just under it, probing', () => {
		const pace = measuredAt50();
		expect(pace.ratePerSecond).toBeCloseTo(50 * PACE_CUT_FACTOR, 9);
		expect(pace.growthPerSecond).toBeCloseTo(50 * PACE_GROWTH_SHARE, 9);
		expect(pace).toMatchObject({ episodeStartedAtMs: 1_000, acceptedSinceEpisode: 0, probing: true });
	});

	it('every later episode cuts the current rate by the factor and ends probing', () => {
		const growing = acceptMany(measuredAt50(), 10, 1_000, 20);
		const cut = paceAfterBareRateLimit(growing, 1_300);
		expect(cut.ratePerSecond).toBeCloseTo((growing.ratePerSecond ?? Number.NaN) * PACE_CUT_FACTOR, 9);
		expect(cut.probing).toBe(false);
		expect(cut.growthPerSecond).toBe(growing.growthPerSecond);
	});
});

describe('adaptive pace: growth on accepted answers', () => {
	it('an acceptance with no rate known only ends the episode', () => {
		const pace = paceAfterAccepted(paceAfterBareRateLimit(UNKNOWN_PACE, 0), 500);
		expect(pace).toMatchObject({ ratePerSecond: undefined, acceptedSinceEpisode: 1 });
	});

	it('while probing the rate grows by the probe factor per second of sending', () => {
		const measured = measuredAt50();
		const later = paceAfterAccepted(paceAfterAccepted(measured, 1_500), 2_000);
		expect(later.ratePerSecond).toBeCloseTo(45 * PACE_PROBE_FACTOR_PER_SECOND, 9);
	});

	it('after a cut the rate grows by the additive step per second of sending', () => {
		const cut = paceAfterBareRateLimit(paceAfterAccepted(measuredAt50(), 1_010), 1_020);
		const rate = cut.ratePerSecond ?? Number.NaN;
		const grown = paceAfterAccepted(paceAfterAccepted(cut, 1_520), 2_020);
		expect(grown.ratePerSecond).toBeCloseTo(rate + cut.growthPerSecond, 9);
	});

	it('a second of sending is the most one acceptance counts: idle time does not speed a worker up', () => {
		const cut = paceAfterBareRateLimit(paceAfterAccepted(measuredAt50(), 1_010), 1_020);
		const rate = cut.ratePerSecond ?? Number.NaN;
		// 1,000 ms of the 1,400 are still before the quiet probe, so the step is additive and capped.
		expect(paceAfterAccepted(cut, 1_020 + PACE_QUIET_PROBE_AFTER_MS - 100).ratePerSecond).toBeCloseTo(rate + cut.growthPerSecond, 9);
	});

	it(`with no 429 for ${PACE_QUIET_PROBE_AFTER_MS} ms after an episode the rate probes again`, () => {
		const cut = paceAfterBareRateLimit(paceAfterAccepted(measuredAt50(), 1_010), 1_020);
		const justBefore = paceAfterAccepted(cut, 1_020 + PACE_QUIET_PROBE_AFTER_MS - 1);
		const quiet = paceAfterAccepted(justBefore, 1_020 + PACE_QUIET_PROBE_AFTER_MS + 999);
		expect(quiet.ratePerSecond).toBeCloseTo((justBefore.ratePerSecond ?? Number.NaN) * PACE_PROBE_FACTOR_PER_SECOND, 9);
	});
});

describe('adaptive pace: idle time', () => {
	it('after an idle gap the episode is forgotten, so the gap never counts as a measured share', () => {
		const first = paceAfterBareRateLimit(UNKNOWN_PACE, 0);
		const idle = paceAfterIdle(first);
		// Without forgetting: 1 acceptance over an hour would measure 0.0003/s, one start per hour.
		const next = paceAfterBareRateLimit(paceAfterAccepted(idle, 3_600_000), 3_600_010);
		expect(next).toMatchObject({ ratePerSecond: undefined, episodeStartedAtMs: 3_600_010 });
	});

	it('a rate already learned stays through an idle gap', () => {
		const measured = measuredAt50();
		expect(paceAfterIdle(measured).ratePerSecond).toBe(measured.ratePerSecond);
	});
});
