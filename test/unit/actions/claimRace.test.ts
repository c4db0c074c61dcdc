import { nextClaimStep, SETTLE, settleDelayMs, type ClaimMarksSeen, type ClaimStep } from '../../../nodes/WhatsAppSession/actions/claimRace';

describe('what a claimer does after recording its claim and its own token', () => {
	const rows: Array<[string, ClaimMarksSeen, boolean, ClaimStep]> = [
		['its token was there at the check: no racer erased its claim', { ownTokenThere: true, claimThere: true }, true, 'owned'],
		['its token was there at the first call (an earlier try that threw had written it): still to be checked', { ownTokenThere: true, claimThere: true }, false, 'waitThenCheck'],
		['a fresh claim: both recorded by this call', { ownTokenThere: false, claimThere: false }, false, 'waitThenCheck'],
		['the key was claimed before: another claim owns it', { ownTokenThere: false, claimThere: true }, false, 'takenByAnother'],
		['at the check its token was gone but the key claimed: a racer\'s write landed on top and owns it', { ownTokenThere: false, claimThere: true }, true, 'takenByAnother'],
		['at the check both were gone (a racer claiming another key erased them): the check claimed afresh', { ownTokenThere: false, claimThere: false }, true, 'waitThenCheck'],
	];
	it.each(rows)('%s', (_case, seen, checking, step) => {
		expect(nextClaimStep(seen, checking)).toBe(step);
	});
});

describe('the wait before a claim is checked', () => {
	it.each([
		[0, SETTLE.minMs],
		[Number.NaN, SETTLE.minMs],
		[-3, SETTLE.minMs],
		[2, SETTLE.minMs],
		[SETTLE.minMs / SETTLE.callsPerWait - 1, SETTLE.minMs],
		[50, 50 * SETTLE.callsPerWait],
		[60.2, Math.ceil(60.2 * SETTLE.callsPerWait)],
		[10_000, SETTLE.maxMs],
	])('a record call of %p ms waits %p ms', (recordMs, waitMs) => {
		expect(settleDelayMs(recordMs)).toBe(waitMs);
	});

	it('waits longer than the call it measured, so a racer as slow as this process is covered', () => {
		for (const recordMs of [1, 5, 50, 400]) expect(settleDelayMs(recordMs)).toBeGreaterThan(recordMs);
	});
});
