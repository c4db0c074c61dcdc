import {
	encodeWireId,
	parseWireId,
	referenceFromSignedUrl,
	referenceLength,
	replierParam,
	responderParam,
	responderTag,
	resumeUrl,
	senderParams,
	senderTags,
	type Responder,
	type WaitingReference,
} from '../../../nodes/WhatsAppSession/waiting/reference';
import { n8nAcceptsSignature, signResumeUrl } from '../../support/n8nResumeSignature';

const SECRET = 'instance-hmac-secret';
const BASE = 'http://localhost:5678/webhook-waiting';
const NODE_ID = '3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d';
const EXECUTION_ID = '1042';
const ASKED: Responder = { kind: 'phoneNumber', digits: '919880132082' };
const OTHER = '15550001111';
const TAG = responderTag(ASKED);

/** The wire id the sending node makes for a choice: n8n signs, the reference carries the signature. */
function wireIdFor(choiceId: string, executionId = EXECUTION_ID, nodeId = NODE_ID, responder: Responder = ASKED): string {
	const signed = signResumeUrl(BASE, executionId, nodeId, { a: choiceId, r: responderParam(responder) }, SECRET);
	return encodeWireId(referenceFromSignedUrl(signed, { choiceId, responder, executionId, nodeId }));
}

/** An id as the node sent it before the keyed reference: the unkeyed tag in the id and in the signed URL. */
function legacyWireIdFor(choiceId: string): string {
	const signed = new URL(signResumeUrl(BASE, EXECUTION_ID, NODE_ID, { a: choiceId, r: TAG }, SECRET));
	const signature = signed.searchParams.get('signature') ?? '';
	return encodeWireId({ choiceId, executionId: EXECUTION_ID, nodeId: NODE_ID, responder: { scheme: 'legacyTag', tag: TAG }, signature });
}

/** What the trigger does with a wire id and a reply's sender: parse it, rebuild the resume URL, and n8n checks it. */
function n8nWouldResume(wireId: string, from: string | null = ASKED.kind === 'phoneNumber' ? ASKED.digits : null, userId: string | null = null): boolean {
	const reference = parseWireId(wireId);
	const responder = reference === undefined ? undefined : replierParam(reference, from, userId);
	return reference !== undefined && responder !== undefined && n8nAcceptsSignature(resumeUrl(BASE, reference, responder), SECRET);
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function flipPaddingBit(character: string): string {
	return BASE64URL.charAt(BASE64URL.indexOf(character) ^ 1);
}

function parsed(wireId: string): WaitingReference {
	const reference = parseWireId(wireId);
	if (reference === undefined) throw new Error(`${wireId} does not parse`);
	return reference;
}

describe('the waiting reference in a choice id', () => {
	it('round-trips: the choice id stays readable in front, and n8n accepts the rebuilt resume URL', () => {
		const wireId = wireIdFor('confirm');
		expect(wireId.startsWith('confirm~ws2.1042.u')).toBe(true);
		expect(parsed(wireId)).toEqual(
			expect.objectContaining({ choiceId: 'confirm', executionId: EXECUTION_ID, nodeId: NODE_ID, responder: { scheme: 'signed', kind: 'phoneNumber' } }),
		);
		expect(n8nWouldResume(wireId)).toBe(true);
	});

	it('has exactly the computed length, whatever the base URL (the signature covers the path only)', () => {
		const wireId = wireIdFor('confirm');
		expect(wireId.length).toBe('confirm'.length + referenceLength(EXECUTION_ID, NODE_ID));
		const longBase = `https://${'n8n.'.repeat(40)}example.com/webhook-waiting`;
		const signedFar = signResumeUrl(longBase, EXECUTION_ID, NODE_ID, { a: 'confirm', r: responderParam(ASKED) }, SECRET);
		const fromFar = encodeWireId(referenceFromSignedUrl(signedFar, { choiceId: 'confirm', responder: ASKED, executionId: EXECUTION_ID, nodeId: NODE_ID }));
		expect(fromFar).toBe(wireId);
		// 79 characters for a 4-digit execution id and a UUID node id: 177 left for a button's choice id.
		expect(referenceLength(EXECUTION_ID, NODE_ID)).toBe(79);
	});

	it.each([
		['a choice id with the separator in it', 'a~ws1.b'],
		['an empty-looking choice id of spaces', '  '],
		['unicode and a line break', 'ja ✓\nnext'],
		['query-like characters', 'a=1&r=2?signature=x'],
	])('keeps %s intact', (_label, choiceId) => {
		const wireId = wireIdFor(choiceId);
		expect(parsed(wireId).choiceId).toBe(choiceId);
		expect(n8nWouldResume(wireId)).toBe(true);
	});

	it('carries a node id that is not a UUID as its UTF-8, and an upper-case UUID as written', () => {
		for (const nodeId of ['WhatsApp Session', NODE_ID.toUpperCase(), 'ä/?#']) {
			const wireId = wireIdFor('ok', EXECUTION_ID, nodeId);
			expect(parsed(wireId).nodeId).toBe(nodeId);
			expect(n8nWouldResume(wireId)).toBe(true);
		}
	});

	describe('tampering resumes nothing', () => {
		const genuine = wireIdFor('confirm');
		const { signature } = parsed(genuine);

		it.each<[string, Partial<WaitingReference>]>([
			['the choice id', { choiceId: 'cancel' }],
			['the execution id', { executionId: '1043' }],
			['the node id', { nodeId: '3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0e' }],
			['the kind of person asked', { responder: { scheme: 'signed', kind: 'bsuid' } }],
			['the signature', { signature: `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}` }],
		])('altered %s: still parses, and n8n refuses the signature', (_label, change) => {
			const forged = encodeWireId({ ...parsed(genuine), ...change });
			expect(parseWireId(forged)).toEqual({ ...parsed(genuine), ...change });
			// The replier has both a number and a BSUID, so a URL is rebuilt for either kind.
			expect(n8nWouldResume(forged, ASKED.digits, 'US.1')).toBe(false);
		});

		it('a signature made with another secret is refused', () => {
			const signed = signResumeUrl(BASE, EXECUTION_ID, NODE_ID, { a: 'confirm', r: responderParam(ASKED) }, 'another-instance');
			const forged = encodeWireId(referenceFromSignedUrl(signed, { choiceId: 'confirm', responder: ASKED, executionId: EXECUTION_ID, nodeId: NODE_ID }));
			expect(n8nWouldResume(forged, ASKED.digits)).toBe(false);
		});

		it('a tap from anyone but the person asked is refused by n8n itself: the signature covers the person', () => {
			expect(n8nWouldResume(genuine, ASKED.digits)).toBe(true);
			expect(n8nWouldResume(genuine, OTHER)).toBe(false);
			// A BSUID where the question went to a number: not even a URL to try.
			expect(n8nWouldResume(genuine, null, 'US.1')).toBe(false);
		});

		it.each([
			['truncated by one character', genuine.slice(0, -1)],
			['truncated to its prefix', genuine.slice(0, genuine.indexOf('~ws2.') + 5)],
			['with an extra part', `${genuine}.x`],
			['with an extra character', `${genuine}A`],
			['with another version prefix', genuine.replace('~ws2.', '~ws3.')],
			['an old version prefix with a new kind mark', genuine.replace('~ws2.', '~ws1.')],
			['a new version prefix with an old tag', genuine.replace('~ws2.', '~ws1.').replace('.p.', `.${TAG}.`).replace('~ws1.', '~ws2.')],
			['an unknown kind mark', genuine.replace('.p.', '.x.')],
			['without the separator', genuine.replace('~ws2.', 'ws2.')],
			['with a dot in the execution id', genuine.replace('.1042.', '.10.42.')],
			// The last character's low bits are padding: setting one spells the same bytes another way.
			['a non-canonical signature spelling', genuine.replace(/.$/, flipPaddingBit)],
			['a non-canonical UUID spelling', genuine.replace(/\.u([A-Za-z0-9_-]{22})\./, (_m, id: string) => `.u${id.slice(0, -1)}${flipPaddingBit(id.slice(-1))}.`)],
			['an old id with a short tag', legacyWireIdFor('confirm').replace(`.${TAG}.`, `.${TAG.slice(1)}.`)],
			['an ordinary button id', 'yes'],
			['empty', ''],
		])('%s: not a reference at all (an ordinary reply)', (_label, wireId) => {
			expect(parseWireId(wireId)).toBeUndefined();
		});

		it('a UUID spelled as raw text is refused: one reference has one spelling', () => {
			const raw = genuine.replace(/\.u[A-Za-z0-9_-]{22}\./, `.r${Buffer.from(NODE_ID).toString('base64url')}.`);
			expect(parseWireId(raw)).toBeUndefined();
		});
	});

	it('refuses to encode parts n8n never makes, rather than send an id that cannot come back', () => {
		const reference = parsed(wireIdFor('ok'));
		expect(() => encodeWireId({ ...reference, executionId: '1.2' })).toThrow('execution ID');
		expect(() => encodeWireId({ ...reference, signature: 'ABC' })).toThrow('signature');
		expect(() => encodeWireId({ ...reference, responder: { scheme: 'legacyTag', tag: 'short' } })).toThrow('responder tag');
	});

	it('refuses a signed URL that is not the one asked for', () => {
		const signed = signResumeUrl(BASE, EXECUTION_ID, NODE_ID, { a: 'confirm', r: responderParam(ASKED) }, SECRET);
		const expected = { choiceId: 'confirm', responder: ASKED, executionId: EXECUTION_ID, nodeId: NODE_ID };
		expect(() => referenceFromSignedUrl(signed, { ...expected, choiceId: 'other' })).toThrow('expected form');
		expect(() => referenceFromSignedUrl(signed, { ...expected, executionId: '9' })).toThrow('expected form');
		expect(() => referenceFromSignedUrl(signed, { ...expected, responder: { kind: 'phoneNumber', digits: OTHER } })).toThrow('expected form');
		expect(() => referenceFromSignedUrl(signed.replace(/signature=[0-9a-f]+/, 'signature=zz'), expected)).toThrow('expected form');
	});

	describe('who may answer', () => {
		it('the id reveals nothing of the number: neither its digits nor a hash anyone can recompute', () => {
			const wireId = wireIdFor('confirm');
			expect(wireId).not.toContain('9198');
			expect(wireId).not.toContain(TAG);
			// Without the instance's secret, trying every number finds nothing: each try needs n8n's HMAC.
			const reference = parsed(wireId);
			const guesses = ['919880132082', '919880132083', OTHER].map((digits) => n8nAcceptsSignature(resumeUrl(BASE, reference, responderParam({ kind: 'phoneNumber', digits })), 'guessed-secret'));
			expect(guesses).toEqual([false, false, false]);
		});

		it('puts the replier of the kind asked into the URL: number for a number, BSUID for a BSUID', () => {
			const byNumber = parsed(wireIdFor('ok'));
			const byBsuid = parsed(wireIdFor('ok', EXECUTION_ID, NODE_ID, { kind: 'bsuid', bsuid: 'US.1' }));
			expect(replierParam(byNumber, ASKED.digits, 'US.1')).toBe(`p:${ASKED.digits}`);
			expect(replierParam(byBsuid, ASKED.digits, 'US.1')).toBe('u:US.1');
			expect(replierParam(byBsuid, ASKED.digits, null)).toBeUndefined();
			expect(n8nWouldResume(wireIdFor('ok', EXECUTION_ID, NODE_ID, { kind: 'bsuid', bsuid: 'US.1' }), null, 'US.1')).toBe(true);
		});

		it('the waiting node matches the body\'s sender to the signed r, keyed or old', () => {
			expect(senderParams(ASKED.digits, null)).toEqual([`p:${ASKED.digits}`, TAG]);
			expect(senderParams(ASKED.digits, 'US.1')).toEqual([`p:${ASKED.digits}`, 'u:US.1', TAG, responderTag({ kind: 'bsuid', bsuid: 'US.1' })]);
			expect(senderParams(null, null)).toEqual([]);
			expect(senderParams('', '')).toEqual([]);
		});
	});

	describe('ids sent before the keyed reference (~ws1., an unkeyed tag)', () => {
		it('still parse and resume for the person asked, until their wait ends', () => {
			const old = legacyWireIdFor('confirm');
			expect(old.startsWith('confirm~ws1.1042.u')).toBe(true);
			expect(parsed(old).responder).toEqual({ scheme: 'legacyTag', tag: TAG });
			expect(n8nWouldResume(old, ASKED.digits)).toBe(true);
			expect(n8nWouldResume(old, OTHER)).toBe(false);
		});

		it('their tag is 11 base64url characters and differs between phone and BSUID of the same text', () => {
			const bsuid = responderTag({ kind: 'bsuid', bsuid: 'US.13491208655302741918' });
			expect(TAG).toMatch(/^[A-Za-z0-9_-]{11}$/);
			expect(bsuid).toMatch(/^[A-Za-z0-9_-]{11}$/);
			expect(responderTag({ kind: 'bsuid', bsuid: '919880132082' })).not.toBe(TAG);
			expect(senderTags('919880132082', null)).toEqual([TAG]);
			expect(senderTags('15550001111', null)).not.toContain(TAG);
		});
	});
});
