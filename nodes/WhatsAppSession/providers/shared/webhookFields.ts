import { isJsonValue, isPlainObject, toText, type JsonValue, type PlainObject } from '../../util/values';
import { parseBsuid } from '../../message/recipient';
import { WHATSAPP_ERROR_KINDS } from './errorKinds';
import { plainWordsForErrorKind } from './errorWording';
import type { ProviderErrorKind } from '../contract/sending';
import type { InboundError, InboundLocation, InboundReferral } from '../contract/inbound';

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

/** The referral's fields in the provider's own spelling: Meta's snake_case, Connectly's camelCase. */
type ReferralNames = Record<keyof InboundReferral, string>;

export const META_REFERRAL_NAMES: ReferralNames = {
	sourceUrl: 'source_url',
	sourceId: 'source_id',
	sourceType: 'source_type',
	headline: 'headline',
	body: 'body',
	mediaType: 'media_type',
	imageUrl: 'image_url',
	videoUrl: 'video_url',
	thumbnailUrl: 'thumbnail_url',
	ctwaClid: 'ctwa_clid',
};

/** A Click-to-WhatsApp referral in one shape; null when the message has none, or it is not an object. */
export function referralOf(referral: PlainObject | undefined, names: ReferralNames): InboundReferral | null {
	if (referral === undefined) return null;
	return {
		sourceUrl: textAt(referral, names.sourceUrl),
		sourceId: textAt(referral, names.sourceId),
		sourceType: textAt(referral, names.sourceType),
		headline: textAt(referral, names.headline),
		body: textAt(referral, names.body),
		mediaType: textAt(referral, names.mediaType),
		imageUrl: textAt(referral, names.imageUrl),
		videoUrl: textAt(referral, names.videoUrl),
		thumbnailUrl: textAt(referral, names.thumbnailUrl),
		ctwaClid: textAt(referral, names.ctwaClid),
	};
}

/** An echoed callback value as it came (any JSON); null when absent. */
export function callbackDataAt(record: PlainObject | undefined, key: string): JsonValue {
	const value = record?.[key];
	return value === undefined ? null : jsonOf(value);
}

/** `{latitude, longitude, name?, address?}`, as WhatsApp and the providers that forward it write a location. */
export function locationOf(location: PlainObject | undefined): InboundLocation {
	return {
		latitude: numberAt(location, 'latitude'),
		longitude: numberAt(location, 'longitude'),
		name: textAt(location, 'name'),
		address: textAt(location, 'address'),
	};
}
