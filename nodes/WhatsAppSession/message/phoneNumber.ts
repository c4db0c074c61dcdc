import { WHATSAPP_LIMITS } from './limits';

export type PhoneNumberResult = { ok: true; digits: string } | { ok: false; problem: string };

// People paste numbers as they are written on cards and in CRMs: "+91 98801-32082",
// "(0091) 98801 32082", "91.98801.32082", "(+91) 98801 32082". Anything else (letters, extensions, two "+") is a typo.
const WRITTEN_PHONE_NUMBER = /^\s*\(?\s*\+?[\d\s().-]+$/;
const LEADING_PLUS = /^\s*\(?\s*\+/;

/**
 * Turns a phone number as people type it into the E.164 digits WhatsApp expects (no "+").
 * A leading "00" is the international call prefix, so it is dropped like a "+". A number that
 * still starts with 0 is written in national format and cannot be routed without its country code.
 */
export function normalisePhoneNumber(written: string): PhoneNumberResult {
	if (!WRITTEN_PHONE_NUMBER.test(written)) {
		return {
			ok: false,
			problem:
				'may only contain digits, spaces, dashes, dots, parentheses and a leading "+" (for example +91 98801-32082)',
		};
	}
	let digits = written.replace(/\D/g, '');
	if (!LEADING_PLUS.test(written) && digits.startsWith('00')) {
		digits = digits.slice(2);
	}
	if (digits.startsWith('0')) {
		return {
			ok: false,
			problem: 'must start with the country code (for example +91 98801 32082, not 098801 32082)',
		};
	}
	const { phoneDigitsMin, phoneDigitsMax } = WHATSAPP_LIMITS;
	if (digits.length < phoneDigitsMin || digits.length > phoneDigitsMax) {
		return {
			ok: false,
			problem: `must have ${phoneDigitsMin} to ${phoneDigitsMax} digits including the country code (got ${digits.length})`,
		};
	}
	return { ok: true, digits };
}

/**
 * Whether a recipient field that also takes a provider's chat ID holds a phone number instead: only
 * digits and the marks people write numbers with, and either a "+" or as many digits as a phone
 * number has. Chat IDs have letters (Texter's are 24 hexadecimal characters), or other lengths.
 */
export function isWrittenAsPhoneNumber(written: string): boolean {
	if (!WRITTEN_PHONE_NUMBER.test(written)) return false;
	const digits = written.replace(/\D/g, '').length;
	return LEADING_PLUS.test(written) || (digits >= WHATSAPP_LIMITS.phoneDigitsMin && digits <= WHATSAPP_LIMITS.phoneDigitsMax);
}
