import { PROVIDERS } from '../../../nodes/WhatsAppSession/providers';
import type { InboundEvent } from '../../../nodes/WhatsAppSession/providers/contract/inbound';
import { encodeWireId, referenceFromSignedUrl, responderParam, responderTag, type Responder } from '../../../nodes/WhatsAppSession/waiting/reference';
import {
	judgeEvent,
	judgeResumeAnswer,
	waitingBaseUrl,
	withWaiting,
} from '../../../nodes/WhatsAppSession/waiting/inboundReply';
import { CUSTOMER, metaChoiceReplyBody, metaTextBody } from '../../support/inboundSamples';
import { n8nAcceptsSignature, signResumeUrl } from '../../support/n8nResumeSignature';

const SECRET = 'instance-secret';
const BASE = 'http://localhost:5678/webhook-waiting';
const NODE_ID = '5c3a1f0e-2b4d-4c6e-8f10-a1b2c3d4e5f6';

function wireId(choiceId: string, responder: Responder = { kind: 'phoneNumber', digits: CUSTOMER.phone }): string {
	const signed = signResumeUrl(BASE, '88', NODE_ID, { a: choiceId, r: responderParam(responder) }, SECRET);
	return encodeWireId(referenceFromSignedUrl(signed, { choiceId, responder, executionId: '88', nodeId: NODE_ID }));
}

/** An id sent before the keyed reference: the unkeyed tag in the id and in the signed URL. */
function legacyWireId(choiceId: string): string {
	const tag = responderTag({ kind: 'phoneNumber', digits: CUSTOMER.phone });
	const signature = new URL(signResumeUrl(BASE, '88', NODE_ID, { a: choiceId, r: tag }, SECRET)).searchParams.get('signature') ?? '';
	return encodeWireId({ choiceId, executionId: '88', nodeId: NODE_ID, responder: { scheme: 'legacyTag', tag }, signature });
}

function eventsOf(body: unknown): InboundEvent[] {
	const inbound = PROVIDERS.metaCloudApi.inbound;
	if (inbound === undefined) throw new Error('Meta declares webhooks');
	return inbound.decode(body, { bodyDigest: 'digest' });
}

function onlyEvent(body: unknown): InboundEvent {
	const [event] = eventsOf(body);
	if (event === undefined) throw new Error('no event');
	return event;
}

describe('the trigger recognises a reply to a waiting question', () => {
	it.each(['button', 'listRow'] as const)('a %s tap from the person asked: resume at the signed URL with the tap', (kind) => {
		const event = onlyEvent(metaChoiceReplyBody('wamid.REPLY', { id: wireId('confirm'), title: 'Confirm', kind, answers: 'wamid.Q' }));
		const verdict = judgeEvent(event, BASE);
		if (verdict.kind !== 'resume') throw new Error(`expected a resume, got ${verdict.kind}`);
		expect(verdict.reference.choiceId).toBe('confirm');
		expect(n8nAcceptsSignature(verdict.url, SECRET)).toBe(true);
		expect(verdict.url.startsWith(`${BASE}/88/${NODE_ID}?a=confirm&r=`)).toBe(true);
		expect(verdict.body).toEqual({
			from: CUSTOMER.phone,
			userId: null,
			name: CUSTOMER.name,
			title: 'Confirm',
			messageId: 'wamid.REPLY',
			timestamp: '2025-11-30T00:00:00.000Z',
			contextMessageId: 'wamid.Q',
			form: null,
		});
	});

	it('a tap by BSUID when the question went to a BSUID', () => {
		const id = wireId('ok', { kind: 'bsuid', bsuid: CUSTOMER.bsuid });
		const body = metaChoiceReplyBody('wamid.R2', { id, title: 'OK', kind: 'button', answers: 'wamid.Q' }, { from: null, userId: CUSTOMER.bsuid });
		const verdict = judgeEvent(onlyEvent(body), BASE);
		if (verdict.kind !== 'resume') throw new Error(`expected a resume, got ${verdict.kind}`);
		expect(n8nAcceptsSignature(verdict.url, SECRET)).toBe(true);
	});

	it('a tap relayed from another number: the URL carries that number, and n8n refuses its signature', () => {
		const body = metaChoiceReplyBody('wamid.R3', { id: wireId('confirm'), title: 'Confirm', kind: 'button', answers: 'wamid.Q' }, { from: '15550001111' });
		const verdict = judgeEvent(onlyEvent(body), BASE);
		if (verdict.kind !== 'resume') throw new Error(`expected a resume attempt, got ${verdict.kind}`);
		expect(n8nAcceptsSignature(verdict.url, SECRET)).toBe(false);
	});

	it('a tap from someone with no identity of the kind asked: not the person asked, and n8n is not called', () => {
		const body = metaChoiceReplyBody('wamid.R3', { id: wireId('confirm'), title: 'Confirm', kind: 'button', answers: 'wamid.Q' }, { from: null, userId: CUSTOMER.bsuid });
		expect(judgeEvent(onlyEvent(body), BASE)).toEqual({ kind: 'notAsked', reference: expect.objectContaining({ choiceId: 'confirm' }) });
	});

	it('an id sent before the keyed reference: resumes for the person asked; from another number, n8n is not called', () => {
		const mine = judgeEvent(onlyEvent(metaChoiceReplyBody('wamid.R8', { id: legacyWireId('confirm'), title: 'Confirm', kind: 'button', answers: 'wamid.Q' })), BASE);
		if (mine.kind !== 'resume') throw new Error(`expected a resume, got ${mine.kind}`);
		expect(n8nAcceptsSignature(mine.url, SECRET)).toBe(true);
		const relayed = metaChoiceReplyBody('wamid.R9', { id: legacyWireId('confirm'), title: 'Confirm', kind: 'button', answers: 'wamid.Q' }, { from: '15550001111' });
		expect(judgeEvent(onlyEvent(relayed), BASE).kind).toBe('notAsked');
	});

	it.each([
		['an ordinary button of another workflow', metaChoiceReplyBody('wamid.R4', { id: 'yes', title: 'Yes', kind: 'button', answers: 'wamid.Q' })],
		['a text message', metaTextBody('wamid.R5', 'confirm~ws1.88.x')],
		['a truncated reference', metaChoiceReplyBody('wamid.R6', { id: wireId('confirm').slice(0, -2), title: 'Confirm', kind: 'button', answers: 'wamid.Q' })],
	])('%s is an ordinary reply', (_label, body) => {
		expect(judgeEvent(onlyEvent(body), BASE)).toEqual({ kind: 'ordinary' });
	});

	it('finds the waiting URL next to the trigger\'s own production URL, with or without a base path', () => {
		expect(waitingBaseUrl('http://localhost:5678/webhook/8d1f3c52-7d0a-4b5e-9c11-2a3b4c5d6e7f/webhook')).toBe('http://localhost:5678/webhook-waiting');
		expect(waitingBaseUrl('https://example.com/n8n/hooks/abc/webhook?x=1')).toBe('https://example.com/n8n/webhook-waiting');
	});

	it.each([
		[200, { whatsAppSessionResumed: true }, { resumed: true }],
		[200, '<html>no action required</html>', { resumed: false, reason: 'the execution is no longer waiting: it was answered already, or it finished' }],
		[401, '<html>invalid</html>', { resumed: false, reason: 'n8n refused the reference: its signature does not match (not the person asked, or forged, altered, or from another n8n)' }],
		[403, { whatsAppSessionResumed: false, reason: 'not the person asked' }, { resumed: false, reason: 'not the person asked' }],
		[404, { message: 'not found' }, { resumed: false, reason: 'n8n has no such execution (deleted, or from another n8n)' }],
		[409, {}, { resumed: false, reason: 'the execution is running or has failed' }],
		[500, {}, { resumed: false, reason: 'n8n\'s waiting URL answered HTTP 500' }],
	])('n8n answers %i %j: %j', (status, body, result) => {
		expect(judgeResumeAnswer(status, body)).toEqual(result);
	});

	it('reports what became of the reply on its output item', () => {
		const event = onlyEvent(metaChoiceReplyBody('wamid.R7', { id: wireId('confirm'), title: 'Confirm', kind: 'button', answers: 'wamid.Q' }));
		const verdict = judgeEvent(event, BASE);
		if (verdict.kind === 'ordinary') throw new Error('expected a reference');
		expect(withWaiting({ messageId: 'wamid.R7' }, verdict.reference, { resumed: false, reason: 'x' })).toEqual({
			messageId: 'wamid.R7',
			waiting: { resumed: false, reason: 'x', executionId: '88', choiceId: 'confirm' },
		});
	});
});
