// Properties of phone normalisation (message/phoneNumber.ts), on random input: it never throws,
// what it accepts is E.164 (8 to 15 digits, no leading 0) made only of the digits that were
// written, and the ways people write one number all give the same digits. The seed is fixed
// (test/support/propertyRuns.ts).
import fc from 'fast-check';

import { normalisePhoneNumber } from '../../../nodes/WhatsAppSession/message/phoneNumber';
import { e164Digits, writtenPhoneNumber } from '../../support/formArbitraries';
import { propertyParameters, reportCounts } from '../../support/propertyRuns';

const RUNS = 3_000;

const PHONE_CHARACTERS = [...'0123456789', ' ', '+', '-', '.', '(', ')', '\t', 'x', 'O', '٣', '٫', '\u00A0', '/', '#', '*'];

/** Text that looks like a phone number often, and like anything else sometimes. */
const phoneLike = fc.oneof(
	{ weight: 4, arbitrary: fc.string({ unit: fc.constantFrom(...PHONE_CHARACTERS), maxLength: 24 }) },
	{ weight: 2, arbitrary: writtenPhoneNumber.map(({ written }) => written) },
	{ weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
	{ weight: 1, arbitrary: fc.constantFrom('', ' ', '+', '00', '+0091 98801 32082', '0091 98801 32082', '(+91) 98801 32082', '91.98801.32082') },
);

const E164 = /^[1-9]\d{7,14}$/;

describe('normalisePhoneNumber on random input', () => {
	it(`never throws; accepts only E.164 digits taken from what was written: ${RUNS} strings`, () => {
		let accepted = 0;
		let refused = 0;
		fc.assert(
			fc.property(phoneLike, (written) => {
				const result = normalisePhoneNumber(written);
				if (!result.ok) {
					refused += 1;
					expect(result.problem.trim()).not.toBe('');
					return;
				}
				accepted += 1;
				expect(result.digits).toMatch(E164);
				// Only an international prefix may be dropped: "00", and only when no "+" was written.
				const allDigits = written.replace(/[^0-9]/g, '');
				const droppedPrefix = allDigits.slice(0, allDigits.length - result.digits.length);
				expect(allDigits.endsWith(result.digits)).toBe(true);
				expect(droppedPrefix === '' || (droppedPrefix === '00' && !written.includes('+'))).toBe(true);
			}),
			propertyParameters(RUNS),
		);
		reportCounts('phone numbers, random text', { runs: accepted + refused, accepted, refused });
		expect(accepted).toBeGreaterThan(RUNS / 10);
		expect(refused).toBeGreaterThan(RUNS / 10);
	});

	it(`gives the same digits however the number is written: ${RUNS} numbers`, () => {
		fc.assert(
			fc.property(writtenPhoneNumber, ({ digits, written }) => {
				expect(normalisePhoneNumber(written)).toEqual({ ok: true, digits });
			}),
			propertyParameters(RUNS),
		);
	});

	it(`refuses a number with a letter, a second "+" or a "+" before 00: ${RUNS} numbers`, () => {
		const spoiled = fc
			.tuple(writtenPhoneNumber, fc.constantFrom('x', 'O', 'ext', '+', '٣'), fc.nat())
			.map(([{ written }, extra, at]) => {
				const position = at % (written.length + 1);
				return `${written.slice(0, position)}${extra}${written.slice(position)}`;
			})
			.filter((written) => /[^0-9\s().+-]/.test(written) || (written.match(/\+/g) ?? []).length > 1);
		const plusDoubleZero = e164Digits.map((digits) => `+00 ${digits}`);
		fc.assert(
			fc.property(fc.oneof(spoiled, plusDoubleZero), (written) => {
				expect(normalisePhoneNumber(written).ok).toBe(false);
			}),
			propertyParameters(RUNS),
		);
	});
});
