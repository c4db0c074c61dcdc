import { createHash } from 'crypto';

/**
 * The reference that ties a customer's tap to the execution waiting for it. It travels inside the
 * id of each reply button or list row, after the builder's own choice id:
 *
 *   <choice id>~ws1.<execution id>.<node id, compact>.<responder tag>.<signature>
 *
 * The signature is the one n8n puts on the node's signed resume URL (an HMAC-SHA256 of its path
 * and query with the instance's secret), carried in base64url instead of hex to save 21
 * characters. Changing the choice id, the execution id, the node id or the responder tag breaks
 * it, and n8n itself refuses the resume. Nothing in it is secret: a signature and 66 bits of a
 * hash of the recipient.
 *
 * Pure apart from hashing, so every kind of tampering is unit-tested without n8n.
 */

/** The query parameters of the resume URL, in the order the sender signs and the trigger rebuilds them. */
export const RESUME_QUERY = { choiceId: 'a', responderTag: 'r', signature: 'signature' } as const;

/** The path segment n8n serves waiting executions under (its default; a custom one is a documented limit). */
export const WAITING_ENDPOINT = 'webhook-waiting';

const MARK = '~ws1.';
const TAG_LENGTH = 11;
const SIGNATURE_BYTES = 32;
const SIGNATURE_LENGTH = 43;
const UUID_BYTES = 16;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const EXECUTION_ID = /^[A-Za-z0-9_-]{1,64}$/;
const HEX_SIGNATURE = /^[0-9a-f]{64}$/;
const B64URL = '[A-Za-z0-9_-]';
const TAG = new RegExp(`^${B64URL}{${TAG_LENGTH}}$`);
const WIRE_ID = new RegExp(
	`^([\\s\\S]*)~ws1\\.([A-Za-z0-9_-]{1,64})\\.(u${B64URL}{22}|r${B64URL}+)\\.(${B64URL}{${TAG_LENGTH}})\\.(${B64URL}{${SIGNATURE_LENGTH}})$`,
);

/** Everything the trigger needs to resume the execution, as parsed from a wire id. */
export interface WaitingReference {
	/** The builder's own id of the choice, as the workflow defines it. */
	choiceId: string;
	executionId: string;
	nodeId: string;
	/** Who may answer: see responderTag(). */
	responderTag: string;
	/** n8n's signature of the resume URL, as the lower-case hex n8n writes. */
	signature: string;
}

/** The customer a question went to, in the two ways WhatsApp names a person. */
export type Responder = { kind: 'phoneNumber'; digits: string } | { kind: 'bsuid'; bsuid: string };

/**
 * A short hash of the person asked. It is signed with the rest of the reference, so a tap relayed
 * from another number or business-scoped user ID is recognised and resumes nothing.
 */
export function responderTag(responder: Responder): string {
	const subject = responder.kind === 'phoneNumber' ? `p:${responder.digits}` : `u:${responder.bsuid}`;
	return createHash('sha256').update(subject).digest('base64url').slice(0, TAG_LENGTH);
}

/** The tags of whoever sent a reply: by phone number and by BSUID, whichever the webhook carried. */
export function senderTags(from: string | null, userId: string | null): string[] {
	return [
		...(from !== null && from !== '' ? [responderTag({ kind: 'phoneNumber', digits: from })] : []),
		...(userId !== null && userId !== '' ? [responderTag({ kind: 'bsuid', bsuid: userId })] : []),
	];
}

/** The characters the reference adds to a choice id; the base URL of n8n plays no part in it. */
export function referenceLength(executionId: string, nodeId: string): number {
	return `${MARK}${executionId}.${compactNodeId(nodeId)}.`.length + TAG_LENGTH + 1 + SIGNATURE_LENGTH;
}

/** The wire id of one choice. Throws for parts n8n would never produce, rather than send an id that cannot come back. */
export function encodeWireId(reference: WaitingReference): string {
	if (!EXECUTION_ID.test(reference.executionId)) throw new Error('The execution ID has an unexpected form');
	if (!HEX_SIGNATURE.test(reference.signature)) throw new Error('The resume signature has an unexpected form');
	if (!TAG.test(reference.responderTag)) {
		throw new Error('The responder tag has an unexpected form');
	}
	const signature = Buffer.from(reference.signature, 'hex').toString('base64url');
	return `${reference.choiceId}${MARK}${reference.executionId}.${compactNodeId(reference.nodeId)}.${reference.responderTag}.${signature}`;
}

/**
 * The reference in a reply's id, or undefined for anything that is not exactly one: an ordinary
 * button of another workflow, a truncated or padded id, another version's prefix.
 */
export function parseWireId(wireId: string): WaitingReference | undefined {
	const match = WIRE_ID.exec(wireId);
	if (match === null) return undefined;
	const [, choiceId, executionId, compactNode, responder, signature64] = match;
	const nodeId = expandNodeId(compactNode);
	const signature = strictBase64Url(signature64, SIGNATURE_BYTES);
	if (nodeId === undefined || signature === undefined) return undefined;
	return { choiceId, executionId, nodeId, responderTag: responder, signature: signature.toString('hex') };
}

/**
 * The resume URL n8n signed, rebuilt from a reference: same path, same query in the same order, so
 * its serialisation (and so n8n's check of the signature) is the same as when it was signed.
 */
export function resumeUrl(waitingBaseUrl: string, reference: WaitingReference): string {
	const url = new URL(`${waitingBaseUrl.replace(/\/+$/, '')}/${reference.executionId}/${encodeURIComponent(reference.nodeId)}`);
	url.searchParams.set(RESUME_QUERY.choiceId, reference.choiceId);
	url.searchParams.set(RESUME_QUERY.responderTag, reference.responderTag);
	url.searchParams.set(RESUME_QUERY.signature, reference.signature);
	return url.toString();
}

/** What n8n's signed resume URL says, checked against what the sender asked n8n to sign. */
export function referenceFromSignedUrl(
	signedUrl: string,
	expected: { choiceId: string; responderTag: string; executionId: string; nodeId: string },
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
		url.searchParams.get(RESUME_QUERY.responderTag) !== expected.responderTag ||
		!HEX_SIGNATURE.test(signature)
	) {
		throw new Error('n8n\'s signed resume URL does not have the expected form');
	}
	return { ...expected, signature };
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
