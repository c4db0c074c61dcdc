// Properties of the recipient field of providers that send to people (message/recipient.ts), on
// random input: it never throws; a BSUID it accepts is exactly the text written, trimmed, and has
// Meta's shape (checked here by a pattern written apart from the node's code); a phone number
// is never taken for a BSUID, nor a BSUID for a phone number. The seed is fixed
// (test/support/propertyRuns.ts).
import fc from 'fast-check';

import { readWhatsAppUser } from '../../../nodes/WhatsAppSession/message/recipient';
import { bsuid, writtenPhoneNumber } from '../../support/formArbitraries';
import { propertyParameters, reportCounts } from '../../support/propertyRuns';

const RUNS = 3_000;

// Meta's BSUID reference: ISO 3166 alpha-2 in capitals, ".", an optional "ENT.", 1 to 128 letters and digits.
const META_BSUID = /^[A-Z]{2}\.(ENT\.)?[A-Za-z0-9]{1,128}$/;

const BSUID_CHARACTERS = [...'USINBRus0123456789aZ', '.', 'E', 'N', 'T', ' ', '-', '+', 'é', '\u00A0'];

/** Text that is shaped like a BSUID often, and like anything else sometimes. */
const bsuidLike = fc.oneof(
	{ weight: 4, arbitrary: fc.string({ unit: fc.constantFrom(...BSUID_CHARACTERS), maxLength: 30 }) },
	{ weight: 2, arbitrary: bsuid },
	{ weight: 1, arbitrary: fc.tuple(bsuid, fc.constantFrom('x', '.', '-', ' ', 'é', '9')).map(([id, extra]) => `${id}${extra}`) },
	{ weight: 1, arbitrary: bsuid.map((id) => `${id.slice(0, 2).toLowerCase()}${id.slice(2)}`) },
	{ weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
);

describe('readWhatsAppUser on random input', () => {
	it(`never throws; a BSUID it accepts has Meta's shape and is the text as written, trimmed: ${RUNS} strings`, () => {
		let bsuids = 0;
		let phoneNumbers = 0;
		let refused = 0;
		fc.assert(
			fc.property(bsuidLike, (written) => {
				const result = readWhatsAppUser(written);
				if (!result.ok) {
					refused += 1;
					expect(result.problem.trim()).not.toBe('');
					expect(META_BSUID.test(written.trim())).toBe(false);
					return;
				}
				if (result.recipient.kind === 'phoneNumber') {
					phoneNumbers += 1;
					expect(result.recipient.digits).toMatch(/^[1-9]\d{7,14}$/);
					return;
				}
				bsuids += 1;
				expect(result.recipient.bsuid).toBe(written.trim());
				expect(result.recipient.bsuid).toMatch(META_BSUID);
			}),
			propertyParameters(RUNS),
		);
		reportCounts('recipients, BSUID-like text', { runs: bsuids + phoneNumbers + refused, bsuids, phoneNumbers, refused });
		expect(bsuids).toBeGreaterThan(RUNS / 10);
		expect(refused).toBeGreaterThan(RUNS / 10);
	});

	it(`takes every BSUID as a BSUID, whitespace around it trimmed: ${RUNS} ids`, () => {
		fc.assert(
			fc.property(bsuid, fc.constantFrom('', ' ', '\t', '\n', '\u00A0 '), (id, space) => {
				expect(readWhatsAppUser(`${space}${id}${space}`)).toEqual({ ok: true, recipient: { kind: 'bsuid', bsuid: id } });
			}),
			propertyParameters(RUNS),
		);
	});

	it(`takes every written phone number as a phone number: ${RUNS} numbers`, () => {
		fc.assert(
			fc.property(writtenPhoneNumber, ({ digits, written }) => {
				expect(readWhatsAppUser(written)).toEqual({ ok: true, recipient: { kind: 'phoneNumber', digits } });
			}),
			propertyParameters(RUNS),
		);
	});
});
