import { assertNever } from '../util/values';
import { WHATSAPP_LIMITS } from './limits';
import { normalisePhoneNumber } from './phoneNumber';
import type { Recipient, RecipientKind } from './types';

/** A customer as WhatsApp knows them: by phone number, or by business-scoped user ID. */
export type WhatsAppUser = Extract<Recipient, { kind: 'phoneNumber' | 'bsuid' }>;

export type WhatsAppUserResult = { ok: true; recipient: WhatsAppUser } | { ok: false; problem: string };

type BsuidResult = { ok: true; bsuid: string } | { ok: false; problem: string };

export const BSUID_EXAMPLE = 'US.13491208655302741918';

// No way of writing a phone number starts with letters and a period, so such text can only be
// meant as a BSUID; checking it as one gives the error that helps ("us." is not "US.").
const BSUID_LIKE = /^[A-Za-z]+\./;
const COUNTRY_CODE = /^[A-Z]{2}$/;
const ID_CHARACTERS = /^[A-Za-z0-9]+$/;
const PARENT_MARK = 'ENT.';
const HAS_LETTER = /[A-Za-z]/;

/**
 * Meta's shape of a business-scoped user ID: an ISO 3166 alpha-2 country code in capitals, a
 * period, then up to 128 letters and digits; a parent BSUID has "ENT." after the country code.
 * It is checked, never rewritten: WhatsApp compares BSUIDs case-sensitively.
 */
export function parseBsuid(written: string): BsuidResult {
	const bsuid = written.trim();
	const period = bsuid.indexOf('.');
	const countryCode = period === -1 ? bsuid : bsuid.slice(0, period);
	if (!COUNTRY_CODE.test(countryCode)) {
		return {
			ok: false,
			problem: `must start with a two-letter country code in capitals and a period, like ${BSUID_EXAMPLE}`,
		};
	}
	const rest = bsuid.slice(period + 1);
	const isParent = rest.startsWith(PARENT_MARK);
	const prefix = `${countryCode}.${isParent ? PARENT_MARK : ''}`;
	const id = bsuid.slice(prefix.length);
	const { bsuidIdMax } = WHATSAPP_LIMITS;
	if (id === '') {
		return { ok: false, problem: `has nothing after "${prefix}": 1 to ${bsuidIdMax} letters and digits follow it, like ${BSUID_EXAMPLE}` };
	}
	if (!ID_CHARACTERS.test(id)) {
		return { ok: false, problem: `may only have letters and digits after "${prefix}"` };
	}
	if (id.length > bsuidIdMax) {
		return { ok: false, problem: `has ${id.length} characters after "${prefix}"; the limit is ${bsuidIdMax}` };
	}
	return { ok: true, bsuid };
}

/** The recipient field of a provider that sends to people: a phone number or a BSUID, told apart by shape. */
export function readWhatsAppUser(written: string): WhatsAppUserResult {
	if (BSUID_LIKE.test(written.trim())) {
		const result = parseBsuid(written);
		return result.ok ? { ok: true, recipient: { kind: 'bsuid', bsuid: result.bsuid } } : result;
	}
	const result = normalisePhoneNumber(written);
	if (result.ok) return { ok: true, recipient: { kind: 'phoneNumber', digits: result.digits } };
	// Letters are never part of a phone number: the user may have meant a BSUID written another way.
	return HAS_LETTER.test(written)
		? { ok: false, problem: `${result.problem}, or be a business-scoped user ID like ${BSUID_EXAMPLE}` }
		: result;
}

/** What a provider must be able to address to send to this recipient. */
export function addressedAs(recipient: Recipient): RecipientKind {
	switch (recipient.kind) {
		case 'phoneNumber':
		case 'bsuid':
			return 'whatsAppUser';
		case 'chatId':
			return 'chatId';
		default:
			return assertNever(recipient, 'recipient');
	}
}

/** The recipient as the output item shows it: the digits the number was sent to, or the ID as given. */
export function recipientText(recipient: Recipient): string {
	switch (recipient.kind) {
		case 'phoneNumber':
			return recipient.digits;
		case 'bsuid':
			return recipient.bsuid;
		case 'chatId':
			return recipient.chatId;
		default:
			return assertNever(recipient, 'recipient');
	}
}
