import { createHash, createHmac, timingSafeEqual } from 'crypto';

import type { HmacSignatureScheme, WebhookSignatureScheme } from '../providers/contract/inbound';

export type SignatureVerdict = 'valid' | 'missing' | 'invalid';

const DIGEST_TEXT: Record<HmacSignatureScheme['encoding'], RegExp> = {
	hex: /^[0-9a-fA-F]{64}$/,
	base64: /^[A-Za-z0-9+/]{43}=$/,
};

/**
 * Checks a webhook's HMAC-SHA256 over the bytes exactly as they arrived: a body parsed and
 * serialised again differs in spacing or escapes, and would not match. Compared in constant time,
 * so the answer's timing does not reveal how much of a forged signature was right.
 */
export function verifyWebhookSignature(
	rawBody: Uint8Array,
	headerValue: string | undefined,
	secret: string,
	scheme: WebhookSignatureScheme,
): SignatureVerdict {
	if (headerValue === undefined || headerValue.trim() === '') return 'missing';
	if ('sharedSecret' in scheme) return sameSecret(headerValue.trim(), secret) ? 'valid' : 'invalid';
	const sent = headerValue.trim();
	if (!sent.startsWith(scheme.prefix)) return 'invalid';
	const digestText = sent.slice(scheme.prefix.length);
	if (!DIGEST_TEXT[scheme.encoding].test(digestText)) return 'invalid';
	const expected = createHmac('sha256', secret).update(rawBody).digest();
	const received = Buffer.from(digestText, scheme.encoding);
	return received.length === expected.length && timingSafeEqual(received, expected) ? 'valid' : 'invalid';
}

/**
 * A secret the user set, compared in constant time over digests of equal length, so neither the
 * timing nor an early length check tells how much of a guess was right. An empty secret matches nothing.
 */
function sameSecret(sent: string, secret: string): boolean {
	if (secret === '') return false;
	const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
	return timingSafeEqual(digest(sent), digest(secret));
}

/** What a provider (or a test) puts in the header for a body: the counterpart of the check above. */
export function signWebhookBody(rawBody: Uint8Array, secret: string, scheme: WebhookSignatureScheme): string {
	if ('sharedSecret' in scheme) return secret;
	return `${scheme.prefix}${createHmac('sha256', secret).update(rawBody).digest(scheme.encoding)}`;
}
