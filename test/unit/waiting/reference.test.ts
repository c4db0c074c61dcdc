import {
	encodeWireId,
	parseWireId,
	referenceFromSignedUrl,
	referenceLength,
	responderTag,
	resumeUrl,
	senderTags,
	type WaitingReference,
} from '../../../nodes/WhatsAppSession/waiting/reference';
import { n8nAcceptsSignature, signResumeUrl } from '../../support/n8nResumeSignature';

const SECRET = 'instance-hmac-secret';
const BASE = 'http://localhost:5678/webhook-waiting';
const NODE_ID = '3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d';
const EXECUTION_ID = '1042';
const TAG = responderTag({ kind: 'phoneNumber', digits: '919880132082' });

/** The wire id the sending node makes for a choice: n8n signs, the reference carries the signature. */
function wireIdFor(choiceId: string, executionId = EXECUTION_ID, nodeId = NODE_ID, tag = TAG): string {
	const signed = signResumeUrl(BASE, executionId, nodeId, { a: choiceId, r: tag }, SECRET);
	return encodeWireId(referenceFromSignedUrl(signed, { choiceId, responderTag: tag, executionId, nodeId }));
}

/** What the trigger does with a wire id: parse it, rebuild the resume URL, and n8n checks it. */
function n8nWouldResume(wireId: string): boolean {
	const reference = parseWireId(wireId);
	return reference !== undefined && n8nAcceptsSignature(resumeUrl(BASE, reference), SECRET);
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
		expect(wireId.startsWith('confirm~ws1.1042.u')).toBe(true);
		expect(parsed(wireId)).toEqual(expect.objectContaining({ choiceId: 'confirm', executionId: EXECUTION_ID, nodeId: NODE_ID, responderTag: TAG }));
		expect(n8nWouldResume(wireId)).toBe(true);
	});

	it('has exactly the computed length, whatever the base URL (the signature covers the path only)', () => {
		const wireId = wireIdFor('confirm');
		expect(wireId.length).toBe('confirm'.length + referenceLength(EXECUTION_ID, NODE_ID));
		const longBase = `https://${'n8n.'.repeat(40)}example.com/webhook-waiting`;
		const signedFar = signResumeUrl(longBase, EXECUTION_ID, NODE_ID, { a: 'confirm', r: TAG }, SECRET);
		const fromFar = encodeWireId(referenceFromSignedUrl(signedFar, { choiceId: 'confirm', responderTag: TAG, executionId: EXECUTION_ID, nodeId: NODE_ID }));
		expect(fromFar).toBe(wireId);
		// 91 characters for a 4-digit execution id and a UUID node id: 165 left for a button's choice id.
		expect(referenceLength(EXECUTION_ID, NODE_ID)).toBe(89);
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

		it.each([
			['the choice id', { choiceId: 'cancel' }],
			['the execution id', { executionId: '1043' }],
			['the node id', { nodeId: '3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0e' }],
			['the responder tag', { responderTag: responderTag({ kind: 'phoneNumber', digits: '15550001111' }) }],
			['the signature', { signature: `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}` }],
		])('altered %s: still parses, and n8n refuses the signature', (_label, change: Partial<WaitingReference>) => {
			const forged = encodeWireId({ ...parsed(genuine), ...change });
			expect(parseWireId(forged)).toEqual({ ...parsed(genuine), ...change });
			expect(n8nWouldResume(forged)).toBe(false);
		});

		it('a signature made with another secret is refused', () => {
			const signed = signResumeUrl(BASE, EXECUTION_ID, NODE_ID, { a: 'confirm', r: TAG }, 'another-instance');
			const forged = encodeWireId(referenceFromSignedUrl(signed, { choiceId: 'confirm', responderTag: TAG, executionId: EXECUTION_ID, nodeId: NODE_ID }));
			expect(n8nWouldResume(forged)).toBe(false);
		});

		it.each([
			['truncated by one character', genuine.slice(0, -1)],
			['truncated to its prefix', genuine.slice(0, genuine.indexOf('~ws1.') + 5)],
			['with an extra part', `${genuine}.x`],
			['with an extra character', `${genuine}A`],
			['with another version prefix', genuine.replace('~ws1.', '~ws2.')],
			['without the separator', genuine.replace('~ws1.', 'ws1.')],
			['with a dot in the execution id', genuine.replace('.1042.', '.10.42.')],
			// The last character's low bits are padding: setting one spells the same bytes another way.
			['a non-canonical signature spelling', genuine.replace(/.$/, flipPaddingBit)],
			['a non-canonical UUID spelling', genuine.replace(/\.u([A-Za-z0-9_-]{22})\./, (_m, id: string) => `.u${id.slice(0, -1)}${flipPaddingBit(id.slice(-1))}.`)],
			['a short tag', genuine.replace(`.${TAG}.`, `.${TAG.slice(1)}.`)],
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
		expect(() => encodeWireId({ ...reference, responderTag: 'short' })).toThrow('responder tag');
	});

	it('refuses a signed URL that is not the one asked for', () => {
		const signed = signResumeUrl(BASE, EXECUTION_ID, NODE_ID, { a: 'confirm', r: TAG }, SECRET);
		const expected = { choiceId: 'confirm', responderTag: TAG, executionId: EXECUTION_ID, nodeId: NODE_ID };
		expect(() => referenceFromSignedUrl(signed, { ...expected, choiceId: 'other' })).toThrow('expected form');
		expect(() => referenceFromSignedUrl(signed, { ...expected, executionId: '9' })).toThrow('expected form');
		expect(() => referenceFromSignedUrl(signed.replace(/signature=[0-9a-f]+/, 'signature=zz'), expected)).toThrow('expected form');
	});

	describe('the responder tag', () => {
		it('is 11 base64url characters and differs between phone and BSUID of the same text', () => {
			const phone = responderTag({ kind: 'phoneNumber', digits: '919880132082' });
			const bsuid = responderTag({ kind: 'bsuid', bsuid: 'US.13491208655302741918' });
			expect(phone).toMatch(/^[A-Za-z0-9_-]{11}$/);
			expect(bsuid).toMatch(/^[A-Za-z0-9_-]{11}$/);
			expect(responderTag({ kind: 'bsuid', bsuid: '919880132082' })).not.toBe(phone);
		});

		it('matches the sender of a reply by number or by BSUID, and no one else', () => {
			expect(senderTags('919880132082', null)).toEqual([TAG]);
			expect(senderTags(null, 'US.1')).toEqual([responderTag({ kind: 'bsuid', bsuid: 'US.1' })]);
			expect(senderTags('919880132082', 'US.1')).toHaveLength(2);
			expect(senderTags('15550001111', null)).not.toContain(TAG);
			expect(senderTags(null, null)).toEqual([]);
			expect(senderTags('', '')).toEqual([]);
		});

		it('reveals nothing of the number it stands for', () => {
			expect(TAG).not.toContain('9198');
		});
	});
});
