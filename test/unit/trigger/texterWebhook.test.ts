import { PROVIDERS } from '../../../nodes/WhatsAppSession/providers';
import type { InboundEvent } from '../../../nodes/WhatsAppSession/providers/contract/inbound';
import { receiveWebhook } from '../../../nodes/WhatsAppSession/trigger/receive';
import { verifyWebhookSignature } from '../../../nodes/WhatsAppSession/trigger/signature';
import { STATUS_NAMES } from '../../../nodes/WhatsAppSession/providers/contract/inbound';
import { CUSTOMER, texterEvent } from '../../support/inboundSamples';

const inbound = PROVIDERS.texter.inbound;
if (inbound === undefined) throw new Error('Texter declares webhooks');

const decode = (body: unknown): InboundEvent[] => inbound.decode(body, { bodyDigest: 'digest-t' });

describe('Texter webhook: {eventName, eventData: {message, chat}}', () => {
	it('reads a text message: the customer is the chat\'s phone, the id WhatsApp\'s wamid', () => {
		const [event] = decode(texterEvent({ type: 'text', text: 'Where is my order?' }));
		expect(event).toMatchObject({
			event: 'message',
			from: CUSTOMER.phone,
			name: CUSTOMER.name,
			userId: null,
			messageId: 'wamid.TEXTER.IN1',
			timestamp: '2025-11-30T00:00:00.000Z',
			type: 'text',
			text: 'Where is my order?',
			isEcho: false,
			referral: null,
			callbackData: null,
			dedupeKey: 'message:wamid.TEXTER.IN1',
		});
	});

	it('reads media by fileId, with the text as its caption', () => {
		const [event] = decode(texterEvent({ type: 'media', text: 'The receipt', media: [{ mediaType: 'image', fileId: 'file-42', mimeType: 'image/jpeg' }] }, 'newMediaMessage'));
		expect(event).toMatchObject({
			type: 'image',
			text: null,
			media: { kind: 'image', id: 'file-42', url: null, mimeType: 'image/jpeg', caption: 'The receipt', voice: false },
		});
	});

	it.each<[string, { payload: string; title: string; description?: string }, object]>([
		['a button', { payload: 'confirm-yes', title: 'Yes' }, { id: 'confirm-yes', title: 'Yes', description: null, kind: 'button' }],
		['a list row', { payload: 'plan-b', title: 'Basic', description: 'One user' }, { id: 'plan-b', title: 'Basic', description: 'One user', kind: 'listRow' }],
	])('reads a tapped %s (postback) with the payload it was sent with', (_case, postback, reply) => {
		const [event] = decode(texterEvent({ type: 'postback', postback, context: 'wamid.OURS' }));
		expect(event).toMatchObject({ type: 'reply', reply, context: { messageId: 'wamid.OURS', from: null } });
	});

	it('reads a location and contact cards', () => {
		expect(decode(texterEvent({ type: 'location', location: { latitude: 32.08, longitude: '34.78', name: 'Office' } }))[0]).toMatchObject({
			type: 'location',
			location: { latitude: 32.08, longitude: 34.78, name: 'Office', address: null },
		});
		const cards = [{ name: { formatted_name: 'Asha Rao' }, phones: [{ phone: '+91 98801 32082' }] }];
		expect(decode(texterEvent({ type: 'contacts', contacts: cards }))[0]).toMatchObject({ type: 'contacts', contacts: cards });
	});

	it('keeps the whole body as raw: the chat\'s _id is the Chat ID a reply goes to', () => {
		const body = texterEvent({ type: 'text', text: 'hi' });
		expect(decode(body)[0]?.raw).toEqual(body);
	});

	it.each([null, 'text', {}, { eventName: 'chatAssigned', eventData: { chat: {} } }, { eventData: { message: 'x' } }])('finds no events in %j', (body) => {
		expect(decode(body)).toEqual([]);
	});

	it('passes an unknown type through under its own name; reads seconds as well as milliseconds', () => {
		expect(decode(texterEvent({ type: 'sticker', timestamp: 1_764_460_800 }))[0]).toMatchObject({ type: 'sticker', timestamp: '2025-11-30T00:00:00.000Z' });
	});
});

describe('Texter webhook: the shared secret header', () => {
	const SECRET = 'tx-webhook-secret-5f2c';
	const rawBody = Buffer.from(JSON.stringify(texterEvent({ type: 'text', text: 'hi' })));
	const setup = (signingSecret: string) => ({
		provider: 'texter',
		inbound,
		signingSecret,
		verifyToken: '',
		selection: { events: 'messagesAndStatuses' as const, statuses: [...STATUS_NAMES], includeEchoes: false, accountEvents: [] },
		seen: new Set<string>(),
		inFlight: [],
		acceptUnsigned: false,
		receivedAt: '2026-11-30T10:00:00.000Z',
	});
	const post = (headers: Record<string, string>) => ({ method: 'POST' as const, query: {}, headers, rawBody });

	it('accepts the exact secret in X-Webhook-Secret, and starts a run', () => {
		expect(receiveWebhook(post({ 'x-webhook-secret': SECRET }), setup(SECRET)).kind).toBe('run');
	});

	it.each<[string, Record<string, string>, string]>([
		['no header', {}, 'Missing signature'],
		['another secret', { 'x-webhook-secret': 'guess' }, 'Invalid signature'],
		['a prefix of the secret', { 'x-webhook-secret': SECRET.slice(0, -1) }, 'Invalid signature'],
		['the secret in another header', { 'x-hub-signature-256': SECRET }, 'Missing signature'],
	])('refuses %s with 401 and starts nothing', (_case, headers, body) => {
		expect(receiveWebhook(post(headers), setup(SECRET))).toEqual({ kind: 'reply', status: 401, body });
	});

	it('refuses every request while the credential has no Webhook Secret, even one with an empty header', () => {
		expect(receiveWebhook(post({}), setup('')).kind).toBe('reply');
		expect(receiveWebhook(post({ 'x-webhook-secret': '' }), setup('')).kind).toBe('reply');
		expect(receiveWebhook(post({ 'x-webhook-secret': 'anything' }), setup(''))).toEqual({
			kind: 'reply',
			status: 401,
			body: 'Refused: the credential has no Webhook Secret, and this trigger does not accept unsigned events',
		});
	});

	it('compares in constant time whatever the lengths (no early exit on a length mismatch)', () => {
		const scheme = inbound.signature;
		expect(verifyWebhookSignature(rawBody, `${SECRET}x`, SECRET, scheme)).toBe('invalid');
		expect(verifyWebhookSignature(rawBody, ` ${SECRET} `, SECRET, scheme)).toBe('valid');
	});
});
