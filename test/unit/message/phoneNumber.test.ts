import { WHATSAPP_LIMITS } from '../../../nodes/WhatsAppSession/message/limits';
import { normalisePhoneNumber } from '../../../nodes/WhatsAppSession/message/phoneNumber';

describe('normalisePhoneNumber', () => {
	it.each([
		['+91 98801-32082', '919880132082'],
		['0091 98801 32082', '919880132082'],
		['(+91) 98801.32082', '919880132082'],
		['(0091) 98801 32082', '919880132082'],
		['919880132082', '919880132082'],
		['+919880132082', '919880132082'],
		['91.98801.32082', '919880132082'],
		['+91 (98801) 32-082', '919880132082'],
		['  +91 98801 32082  ', '919880132082'],
		['+1 (415) 555-0132', '14155550132'],
		['+44 20 7946 0958', '442079460958'],
		['0044 20 7946 0958', '442079460958'],
		['+91\t98801\u00a032082', '919880132082'],
	])('accepts %j as %s', (written, digits) => {
		expect(normalisePhoneNumber(written)).toEqual({ ok: true, digits });
	});

	it.each([
		['letters', '+91 98801 3208a', /may only contain digits/],
		['a word', 'call me', /may only contain digits/],
		['an extension', '+91 98801 32082 ext 12', /may only contain digits/],
		['two "+"', '++91 98801 32082', /may only contain digits/],
		['a "+" in the middle', '91+98801 32082', /may only contain digits/],
		['a slash', '+91/98801/32082', /may only contain digits/],
		['national format', '098801 32082', /country code/],
		['national format after "+"', '+098801 32082', /country code/],
		['"00" followed by 0', '00098801 32082', /country code/],
		['7 digits', '+1234567', /8 to 15 digits.*got 7/],
		['16 digits', '+1234567890123456', /8 to 15 digits.*got 16/],
		['empty', '', /may only contain digits/],
		['only spaces', '   ', /8 to 15 digits.*got 0/],
		['only a "+"', '+', /may only contain digits/],
		['only punctuation', '(-.-)', /8 to 15 digits.*got 0/],
	])('rejects %s (%j)', (_case, written, problem) => {
		const result = normalisePhoneNumber(written);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.problem).toMatch(problem);
	});

	describe('length boundaries (digits after the country code prefix is stripped)', () => {
		const digits = (count: number): string => '1234567890123456789'.slice(0, count);
		const { phoneDigitsMin, phoneDigitsMax } = WHATSAPP_LIMITS;

		it('uses 8 and 15 as the limits', () => {
			expect([phoneDigitsMin, phoneDigitsMax]).toEqual([8, 15]);
		});

		it.each([
			[phoneDigitsMin - 1, false],
			[phoneDigitsMin, true],
			[phoneDigitsMax, true],
			[phoneDigitsMax + 1, false],
		])('%i digits → accepted: %s', (count, accepted) => {
			expect(normalisePhoneNumber(`+${digits(count)}`).ok).toBe(accepted);
			expect(normalisePhoneNumber(digits(count)).ok).toBe(accepted);
			// "00" is the international prefix, so it does not count towards the length.
			expect(normalisePhoneNumber(`00${digits(count)}`).ok).toBe(accepted);
		});

		it.each([phoneDigitsMin, phoneDigitsMax])('returns all %i digits unchanged', (count) => {
			expect(normalisePhoneNumber(`+${digits(count)}`)).toEqual({ ok: true, digits: digits(count) });
		});
	});
});
