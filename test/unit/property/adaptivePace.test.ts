// Property: whatever order and timing of accepted answers, bare 429s and idle gaps a worker sees,
// the learned pace stays a usable rate (undefined, or finite and above 0: the limiter divides by
// it), a 429 never speeds it up, an acceptance never slows it down, and one acceptance grows it by
// at most one second's worth. The seed is fixed (test/support/propertyRuns.ts).
import fc from 'fast-check';

import {
	PACE_PROBE_FACTOR_PER_SECOND,
	paceAfterAccepted,
	paceAfterBareRateLimit,
	paceAfterIdle,
	UNKNOWN_PACE,
	type AdaptivePace,
} from '../../../nodes/WhatsAppSession/transport/adaptivePace';
import { propertyParameters, reportCounts } from '../../support/propertyRuns';

type PaceEvent = { kind: 'accepted' | 'bareRateLimited'; afterMs: number } | { kind: 'idle' };

const event: fc.Arbitrary<PaceEvent> = fc.oneof(
	{ weight: 8, arbitrary: fc.record({ kind: fc.constant('accepted' as const), afterMs: fc.oneof(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 600_000 })) }) },
	{ weight: 3, arbitrary: fc.record({ kind: fc.constant('bareRateLimited' as const), afterMs: fc.oneof(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 600_000 })) }) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('idle' as const) }) },
);

const usable = (pace: AdaptivePace): boolean =>
	pace.ratePerSecond === undefined || (Number.isFinite(pace.ratePerSecond) && pace.ratePerSecond > 0);

describe('adaptive pace, property', () => {
	it('stays a usable rate; 429s never raise it, acceptances never lower it, one acceptance grows it by at most a second of growth', () => {
		const counts = { runs: 0, withRate: 0 };
		fc.assert(
			fc.property(fc.array(event, { maxLength: 200 }), (events) => {
				counts.runs++;
				let pace = UNKNOWN_PACE;
				let nowMs = 0;
				for (const next of events) {
					const before = pace;
					if (next.kind === 'idle') {
						pace = paceAfterIdle(pace);
						expect(pace.ratePerSecond).toBe(before.ratePerSecond);
						continue;
					}
					nowMs += next.afterMs;
					if (next.kind === 'bareRateLimited') {
						pace = paceAfterBareRateLimit(pace, nowMs);
						if (before.ratePerSecond !== undefined) expect(pace.ratePerSecond ?? Number.NaN).toBeLessThanOrEqual(before.ratePerSecond);
					} else {
						pace = paceAfterAccepted(pace, nowMs);
						expect(pace.acceptedSinceEpisode).toBe(before.acceptedSinceEpisode + 1);
						if (before.ratePerSecond !== undefined) {
							const rate = pace.ratePerSecond ?? Number.NaN;
							expect(rate).toBeGreaterThanOrEqual(before.ratePerSecond);
							expect(rate).toBeLessThanOrEqual(Math.max(before.ratePerSecond * PACE_PROBE_FACTOR_PER_SECOND, before.ratePerSecond + pace.growthPerSecond) * (1 + 1e-12));
						}
					}
					expect(usable(pace)).toBe(true);
				}
				if (pace.ratePerSecond !== undefined) counts.withRate++;
			}),
			propertyParameters(2_000),
		);
		reportCounts('adaptive pace', counts);
		// The sequences must reach the measured state often enough for the rate checks to mean something.
		expect(counts.withRate).toBeGreaterThan(counts.runs / 10);
	});
});
