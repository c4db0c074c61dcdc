import { isJsonValue, isPlainObject, toText, type JsonValue, type PlainObject } from '../../util/values';
import { parseBsuid } from '../../message/recipient';
import { WHATSAPP_ERROR_KINDS } from './errorKinds';
import { plainWordsForErrorKind } from './errorWording';
import type { ProviderErrorKind } from '../contract/sending';
import type { InboundError } from '../contract/inbound';

/** Readers shared by the webhook decoders: provider JSON is untrusted, so every field is checked. */

export function objectAt(record: PlainObject, key: string): PlainObject | undefined {
	const value = record[key];
	return isPlainObject(value) ? value : undefined;
}

export function objectsAt(record: PlainObject | undefined, key: string): PlainObject[] {
	const value = record?.[key];
	return Array.isArray(value) ? value.filter(isPlainObject) : [];
}

/** Text, or null for a missing or empty field: the output keeps one shape, with null for "not sent". */
export function textAt(record: PlainObject | undefined, key: string): string | null {
	const text = record === undefined ? undefined : toText(record[key]);
	return text === undefined || text === '' ? null : text;
}

export function numberAt(record: PlainObject | undefined, key: string): number | null {
	const value = record?.[key];
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
	return null;
}

export function jsonOf(value: unknown): JsonValue {
	return isJsonValue(value) ? value : null;
}

const PHONE_NUMBER = /^\+?\d{5,20}$/;

/** "+16315555500" and "16315555500" are one number; anything else (a BSUID) is not a phone number. */
export function phoneDigits(value: string | null): string | null {
	if (value === null) return null;
	const trimmed = value.trim();
	return PHONE_NUMBER.test(trimmed) ? trimmed.replace(/^\+/, '') : null;
}

/** A business-scoped user id (`US.1349…`, `US.ENT.1181…`), by the same rule the sending node applies. */
export function isBsuid(value: string | null): value is string {
	return value !== null && parseBsuid(value).ok;
}

/** WhatsApp stamps events in Unix seconds, sent as text; the output gives an ISO date. */
export function isoFromUnixSeconds(value: string | null): string | null {
	if (value === null || !/^\d{1,12}$/.test(value)) return null;
	return new Date(Number(value) * 1000).toISOString();
}

/** `errors[]` of a Meta status or message: `{code, title, message, error_data: {details}}`. */
export function whatsAppErrors(record: PlainObject): InboundError[] {
	return objectsAt(record, 'errors').map((error) => {
		const code = textAt(error, 'code');
		return {
			code,
			title: textAt(error, 'title'),
			message: textAt(error, 'message'),
			details: textAt(objectAt(error, 'error_data'), 'details'),
			meaning: meaningOf(code === null ? undefined : WHATSAPP_ERROR_KINDS[code]),
		};
	});
}

export function meaningOf(kind: ProviderErrorKind | undefined): string | null {
	return kind === undefined ? null : plainWordsForErrorKind(kind);
}
