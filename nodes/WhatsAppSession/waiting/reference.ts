import { createHash } from 'crypto';

/**
 * The reference that ties a customer's tap to the execution waiting for it. It travels inside the
 * id of each reply button or list row, after the builder's own choice id:
 *
 *   <choice id>~ws2.<execution id>.<node id, compact>.<p|u>.<signature>
 *
 * The signature is the one n8n puts on the node's signed resume URL (an HMAC-SHA256 of its path
 * and query with the instance's secret), carried in base64url instead of hex to save 21
 * characters. The signed query names the person asked (`r=p:<digits>` or `r=u:<BSUID>`), but the
 * id carries only which kind of identity it was: the trigger puts the replier's own number (or
 * BSUID) into the URL it rebuilds, and n8n's check of the signature fails unless it is the person
 * asked. So the id reveals nothing of the number without the instance's secret, and changing the
 * choice id, the execution id or the node id breaks it too.
 *
 * Ids sent before (`~ws1.`) carried an unkeyed hash of the number, which anyone could match by
 * trying every number. They still parse and resume until their waits end; none is sent any more.
 *
 * Pure apart from hashing, so every kind of tampering is unit-tested without n8n.
 */

/** The query parameters of the resume URL, in the order the sender signs and the trigger rebuilds them. */
export const RESUME_QUERY = { choiceId: 'a', responderTag: 'r', signature: 'signature' } as const;

/** The path segment n8n serves waiting executions under (its default; a custom one is a documented limit). */
export const WAITING_ENDPOINT = 'webhook-waiting';

const MARK = '~ws2.';
const LEGACY_MARK = '~ws1.';
const TAG_LENGTH = 11;
const SIGNATURE_BYTES = 32;
const SIGNATURE_LENGTH = 43;
const UUID_BYTES = 16;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const EXECUTION_ID = /^[A-Za-z0-9_-]{1,64}$/;
const HEX_SIGNATURE = /^[0-9a-f]{64}$/;
const B64URL = '[A-Za-z0-9_-]';
const TAG = new RegExp(`^${B64URL}{${TAG_LENGTH}}$`);
const COMMON = `([A-Za-z0-9_-]{1,64})\\.(u${B64URL}{22}|r${B64URL}+)`;
const WIRE_ID = new RegExp(`^([\\s\\S]*)~ws([12])\\.${COMMON}\\.(${B64URL}{${TAG_LENGTH}}|[pu])\\.(${B64URL}{${SIGNATURE_LENGTH}})$`);
const KIND_MARKS = { phoneNumber: 'p', bsuid: 'u' } as const;

/** The customer a question went to, in the two ways WhatsApp names a person. */
export type Responder = { kind: 'phoneNumber'; digits: string } | { kind: 'bsuid'; bsuid: string };

/** Who may answer, as a wire id says it. */
export type ResponderReference =
	/** Which kind of identity the question went to; the identity itself is only inside n8n's signature. */
	| { scheme: 'signed'; kind: Responder['kind'] }
	/** An id sent before the keyed reference: the unkeyed tag of the person (see responderTag). */
	| { scheme: 'legacyTag'; tag: string };

/** Everything the trigger needs to resume the execution, as parsed from a wire id. */
export interface WaitingReference {
	/** The builder's own id of the choice, as the workflow defines it. */
	choiceId: string;
	executionId: string;
	nodeId: string;
	responder: ResponderReference;
	/** n8n's signature of the resume URL, as the lower-case hex n8n writes. */
	signature: string;
}

/** What the signed resume URL's `r` holds for the person asked. */
export function responderParam(responder: Responder): string {
	return responder.kind === 'phoneNumber' ? `p:${responder.digits}` : `u:${responder.bsuid}`;
}

/**
 * The unkeyed tag that ids sent before the keyed reference carry: a short hash of the person,
 * kept only to recognise those ids until their waits end.
 */
export function responderTag(responder: Responder): string {
	const subject = responder.kind === 'phoneNumber' ? `p:${responder.digits}` : `u:${responder.bsuid}`;
	return createHash('sha256').update(subject).digest('base64url').slice(0, TAG_LENGTH);
}

/** The tags of whoever sent a reply, for ids sent before the keyed reference. */
export function senderTags(from: string | null, userId: string | null): string[] {
	return senderIdentities(from, userId).map(responderTag);
}

/** Every `r` a reply's sender matches: by number and by BSUID, keyed and (for old ids) unkeyed. */
export function senderParams(from: string | null, userId: string | null): string[] {
	const identities = senderIdentities(from, userId);
	return [...identities.map(responderParam), ...identities.map(responderTag)];
}

/** The `r` the trigger puts into the resume URL for this sender, or undefined when the sender cannot be the person asked. */
export function replierParam(reference: WaitingReference, from: string | null, userId: string | null): string | undefined {
	const { responder } = reference;
	if (responder.scheme === 'legacyTag') return senderTags(from, userId).includes(responder.tag) ? responder.tag : undefined;
	const person = senderIdentities(from, userId).find((identity) => identity.kind === responder.kind);
	return person === undefined ? undefined : responderParam(person);
}

function senderIdentities(from: string | null, userId: string | null): Responder[] {
	return [
		...(from !== null && from !== '' ? [{ kind: 'phoneNumber' as const, digits: from }] : []),
		...(userId !== null && userId !== '' ? [{ kind: 'bsuid' as const, bsuid: userId }] : []),
	];
}

/** The characters the reference adds to a choice id; the base URL of n8n plays no part in it. */
export function referenceLength(executionId: string, nodeId: string): number {
	return `${MARK}${executionId}.${compactNodeId(nodeId)}.`.length + 1 + 1 + SIGNATURE_LENGTH;
}

/** The wire id of one choice. Throws for parts n8n would never produce, rather than send an id that cannot come back. */
export function encodeWireId(reference: WaitingReference): string {
	if (!EXECUTION_ID.test(reference.executionId)) throw new Error('The execution ID has an unexpected form');
	if (!HEX_SIGNATURE.test(reference.signature)) throw new Error('The resume signature has an unexpected form');
	const { responder } = reference;
	if (responder.scheme === 'legacyTag' && !TAG.test(responder.tag)) throw new Error('The responder tag has an unexpected form');
	const [mark, who] = responder.scheme === 'signed' ? [MARK, KIND_MARKS[responder.kind]] : [LEGACY_MARK, responder.tag];
	const signature = Buffer.from(reference.signature, 'hex').toString('base64url');
	return `${reference.choiceId}${mark}${reference.executionId}.${compactNodeId(reference.nodeId)}.${who}.${signature}`;
}

/**
 * The reference in a reply's id, or undefined for anything that is not exactly one: an ordinary
 * button of another workflow, a truncated or padded id, another version's prefix.
 */
export function parseWireId(wireId: string): WaitingReference | undefined {
	const match = WIRE_ID.exec(wireId);
	if (match === null) return undefined;
	const [, choiceId, version, executionId, compactNode, who, signature64] = match;
	const responder = responderOf(version, who);
	const nodeId = expandNodeId(compactNode);
	const signature = strictBase64Url(signature64, SIGNATURE_BYTES);
	if (responder === undefined || nodeId === undefined || signature === undefined) return undefined;
	return { choiceId, executionId, nodeId, responder, signature: signature.toString('hex') };
}

function responderOf(version: string, who: string): ResponderReference | undefined {
	if (version === '1') return TAG.test(who) ? { scheme: 'legacyTag', tag: who } : undefined;
	if (who === KIND_MARKS.phoneNumber) return { scheme: 'signed', kind: 'phoneNumber' };
	if (who === KIND_MARKS.bsuid) return { scheme: 'signed', kind: 'bsuid' };
	return undefined;
}

/**
 * The resume URL n8n signed, rebuilt from a reference and the `r` of the person who replied: same
 * path, same query in the same order, so n8n's check of the signature passes only when that
 * person is the one asked.
 */
export function resumeUrl(waitingBaseUrl: string, reference: WaitingReference, responder: string): string {
	const url = new URL(`${waitingBaseUrl.replace(/\/+$/, '')}/${reference.executionId}/${encodeURIComponent(reference.nodeId)}`);
	url.searchParams.set(RESUME_QUERY.choiceId, reference.choiceId);
	url.searchParams.set(RESUME_QUERY.responderTag, responder);
	url.searchParams.set(RESUME_QUERY.signature, reference.signature);
	return url.toString();
}

/** What n8n's signed resume URL says, checked against what the sender asked n8n to sign. */
export function referenceFromSignedUrl(
	signedUrl: string,
	expected: { choiceId: string; responder: Responder; executionId: string; nodeId: string },
): WaitingReference {
	const url = new URL(signedUrl);
	const signature = url.searchParams.get(RESUME_QUERY.signature) ?? '';
	const segments = url.pathname.split('/');
	const executionId = segments.at(-2);
	const nodeId = decodeURIComponent(segments.at(-1) ?? '');
	if (
		executionId !== expected.executionId ||
		nodeId !== expected.nodeId ||
		url.searchParams.get(RESUME_QUERY.choiceId) !== expected.choiceId ||
		url.searchParams.get(RESUME_QUERY.responderTag) !== responderParam(expected.responder) ||
		!HEX_SIGNATURE.test(signature)
	) {
		throw new Error('n8n\'s signed resume URL does not have the expected form');
	}
	const { choiceId } = expected;
	return { choiceId, executionId, nodeId, responder: { scheme: 'signed', kind: expected.responder.kind }, signature };
}

/** The node's id in fewer characters: n8n's UUIDs as their 16 bytes, anything else as its UTF-8. */
function compactNodeId(nodeId: string): string {
	return UUID.test(nodeId)
		? `u${Buffer.from(nodeId.replace(/-/g, ''), 'hex').toString('base64url')}`
		: `r${Buffer.from(nodeId, 'utf8').toString('base64url')}`;
}

function expandNodeId(compact: string): string | undefined {
	if (compact.startsWith('u')) {
		const bytes = strictBase64Url(compact.slice(1), UUID_BYTES);
		if (bytes === undefined) return undefined;
		const hex = bytes.toString('hex');
		return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
	}
	const bytes = strictBase64Url(compact.slice(1));
	if (bytes === undefined) return undefined;
	const nodeId = bytes.toString('utf8');
	// A UUID is always written in its short form, and text that is not valid UTF-8 never came from us.
	return UUID.test(nodeId) || compactNodeId(nodeId) !== compact ? undefined : nodeId;
}

/** Decodes only the one canonical spelling, so no two wire ids mean the same reference. */
function strictBase64Url(text: string, byteLength?: number): Buffer | undefined {
	const bytes = Buffer.from(text, 'base64url');
	if (bytes.toString('base64url') !== text) return undefined;
	if (byteLength !== undefined && bytes.length !== byteLength) return undefined;
	return bytes;
}
