import { PROVIDERS } from '../../../nodes/WhatsAppSession/providers';
import type { InboundDeclaration } from '../../../nodes/WhatsAppSession/providers/contract/inbound';
import { dropRepeated, shortKey } from '../../../nodes/WhatsAppSession/trigger/dedupe';
import {
	SEEN_EVENTS_CAP,
	SEEN_EVENTS_WINDOW_MS,
	SeenEvents,
	decodeSeen,
	encodeSeen,
	seenEventsOf,
} from '../../../nodes/WhatsAppSession/trigger/recentEvents';
import { receiveWebhook, type TriggerSetup, type WebhookOutcome } from '../../../nodes/WhatsAppSession/trigger/receive';
import { signWebhookBody } from '../../../nodes/WhatsAppSession/trigger/signature';
import { STATUS_NAMES } from '../../../nodes/WhatsAppSession/providers/contract/inbound';
import {
	WINDOW_CLOSED_ERROR,
	connectlyMessage,
	metaBody,
	metaContact,
	metaMessage,
	metaStatus,
	metaTextBody,
	metaValue,
} from '../../support/inboundSamples';

function inboundOf(id: keyof typeof PROVIDERS): InboundDeclaration {
	const inbound = PROVIDERS[id].inbound;
	if (inbound === undefined) throw new Error(`${id} declares webhooks`);
	return inbound;
}

const SECRET = 'app-secret-xyz';
const TOKEN = 'verify-me';

function setup(overrides: Partial<TriggerSetup> = {}): TriggerSetup {
	return {
		provider: 'metaCloudApi',
		inbound: inboundOf('metaCloudApi'),
		signingSecret: SECRET,
		verifyToken: TOKEN,
		selection: { events: 'messagesAndStatuses', statuses: [...STATUS_NAMES], includeEchoes: false, accountEvents: [] },
		acceptUnsigned: false,
		seen: new Set<string>(),
		inFlight: [],
		receivedAt: '2026-11-30T10:00:00.000Z',
		...overrides,
	};
}

function post(body: unknown, sign: (raw: Buffer) => Record<string, string> = (raw) => ({ 'x-hub-signature-256': signWebhookBody(raw, SECRET, inboundOf('metaCloudApi').signature) })) {
	const rawBody = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
	return { method: 'POST' as const, query: {}, headers: sign(rawBody), rawBody };
}

function items(outcome: WebhookOutcome) {
	if (outcome.kind !== 'run') throw new Error(`expected a run, got ${JSON.stringify(outcome)}`);
	return outcome.items;
}

describe('receiving a webhook', () => {
	it('answers Meta\'s GET handshake with the bare challenge, and a wrong token with 403', () => {
		const query = { 'hub.mode': 'subscribe', 'hub.verify_token': TOKEN, 'hub.challenge': '987' };
		expect(receiveWebhook({ method: 'GET', query, headers: {}, rawBody: Buffer.alloc(0) }, setup())).toEqual({ kind: 'reply', status: 200, body: '987' });
		const wrong = { ...query, 'hub.verify_token': 'no' };
		expect(receiveWebhook({ method: 'GET', query: wrong, headers: {}, rawBody: Buffer.alloc(0) }, setup())).toMatchObject({ kind: 'reply', status: 403 });
	});

	it('answers the Cloud-API-format provider\'s POST handshake, unsigned, with the challenge', () => {
		const outcome = receiveWebhook(post({ hub_challenge: 'c-1', hub_verify_token: TOKEN }, () => ({})), setup({ provider: 'cloudApiCompatible', inbound: inboundOf('cloudApiCompatible') }));
		expect(outcome).toEqual({ kind: 'reply', status: 200, body: 'c-1' });
	});

	it('does not take a POST challenge from Meta, which never sends one, and wants it signed', () => {
		expect(receiveWebhook(post({ hub_challenge: 'c-1', hub_verify_token: TOKEN }, () => ({})), setup())).toMatchObject({ kind: 'reply', status: 401 });
	});

	it('refuses an unsigned or wrongly signed POST with 401 when a secret is set', () => {
		const body = metaTextBody('wamid.1', 'hi');
		expect(receiveWebhook(post(body, () => ({})), setup())).toEqual({ kind: 'reply', status: 401, body: 'Missing signature' });
		const forged = post(body, (raw) => ({ 'x-hub-signature-256': signWebhookBody(raw, 'guessed', inboundOf('metaCloudApi').signature) }));
		expect(receiveWebhook(forged, setup())).toEqual({ kind: 'reply', status: 401, body: 'Invalid signature' });
	});

	// Meta always signs, and Connectly does once it has a secret: without one, an unsigned POST could come from anyone.
	it.each([
		['metaCloudApi', metaTextBody('wamid.1', 'hi'), 'App Secret'],
		['connectly', connectlyMessage({ text: 'hi' }), 'Webhook Secret'],
	] as const)('refuses %s\'s events with 401 when the credential has no secret, unless Accept Unsigned Events is on', (id, body, label) => {
		const withoutSecret = setup({ provider: id, inbound: inboundOf(id), signingSecret: '' });
		expect(receiveWebhook(post(body, () => ({})), withoutSecret)).toEqual({
			kind: 'reply',
			status: 401,
			body: `Refused: the credential has no ${label}, and this trigger does not accept unsigned events`,
		});
		expect(items(receiveWebhook(post(body, () => ({})), { ...withoutSecret, acceptUnsigned: true }))).toHaveLength(1);
	});

	it('accepts the Cloud-API-format provider\'s unsigned events when its credential has no secret (it documents no signature)', () => {
		const session = setup({ provider: 'cloudApiCompatible', inbound: inboundOf('cloudApiCompatible'), signingSecret: '' });
		expect(items(receiveWebhook(post(metaTextBody('wamid.1', 'hi'), () => ({})), session))).toHaveLength(1);
	});

	it('still checks the signature when a secret is set, whatever Accept Unsigned Events says', () => {
		expect(receiveWebhook(post(metaTextBody('wamid.1', 'hi'), () => ({})), setup({ acceptUnsigned: true }))).toMatchObject({ kind: 'reply', status: 401 });
	});

	it('checks Connectly\'s base64 header with its own secret', () => {
		const connectly = setup({ provider: 'connectly', inbound: inboundOf('connectly') });
		const signed = post(connectlyMessage({ text: 'hi' }), (raw) => ({ 'x-connectly-hmac-sha256': signWebhookBody(raw, SECRET, inboundOf('connectly').signature) }));
		expect(items(receiveWebhook(signed, connectly))[0]).toMatchObject({ provider: 'connectly', text: 'hi' });
		expect(receiveWebhook(post(connectlyMessage({ text: 'hi' })), connectly)).toMatchObject({ kind: 'reply', status: 401 });
	});

	it('answers 400 to a signed body that is not JSON', () => {
		expect(receiveWebhook(post('not json'), setup())).toMatchObject({ kind: 'reply', status: 400 });
	});

	it('outputs one item per message or status, even when one POST carries several', () => {
		const body = metaBody(
			metaValue({ contacts: [metaContact()], messages: [metaMessage('m1', 'text', { body: 'a' }), metaMessage('m2', 'text', { body: 'b' }), metaMessage('m3', 'text', { body: 'c' })] }),
		);
		const output = items(receiveWebhook(post(body), setup()));
		expect(output.map((item) => item.text)).toEqual(['a', 'b', 'c']);
		expect(output[0]).toMatchObject({
			event: 'message',
			provider: 'metaCloudApi',
			receivedAt: '2026-11-30T10:00:00.000Z',
			timestamp: '2025-11-30T00:00:00.000Z',
			sessionWindowEndsAt: '2025-12-01T00:00:00.000Z',
		});
		expect(output[0]).not.toHaveProperty('dedupeKey');
	});

	it('starts nothing for events n8n took before; claims the new ones without remembering them yet', () => {
		const first = receiveWebhook(post(metaTextBody('wamid.1', 'hi')), setup());
		if (first.kind !== 'run') throw new Error('first delivery runs');
		expect(first.claimed).toHaveLength(1);
		const taken = new Set(first.claimed);
		const again = receiveWebhook(post(metaTextBody('wamid.1', 'hi')), setup({ seen: taken }));
		expect(again).toEqual({ kind: 'nothingNew', repeated: 1, received: 1 });
		const next = receiveWebhook(post(metaTextBody('wamid.2', 'again')), setup({ seen: taken }));
		expect(items(next)).toHaveLength(1);
	});

	it('answers 503 and runs nothing while an earlier delivery of an event is still starting', () => {
		const first = receiveWebhook(post(metaTextBody('wamid.1', 'hi')), setup());
		if (first.kind !== 'run') throw new Error('first delivery runs');
		const body = metaBody(metaValue({ contacts: [metaContact()], messages: [metaMessage('wamid.0', 'text', { body: 'new' }), metaMessage('wamid.1', 'text', { body: 'hi' })] }));
		expect(receiveWebhook(post(body), setup({ inFlight: first.claimed }))).toMatchObject({ kind: 'reply', status: 503 });
		// Once n8n failed to start it, the claim is let go and the redelivery runs, both events.
		expect(items(receiveWebhook(post(body), setup({ inFlight: [] })))).toHaveLength(2);
	});

	it('tells a status from the message it is about, and "delivered" from "read"', () => {
		const body = metaBody(metaValue({ statuses: [metaStatus('wamid.9', 'delivered'), metaStatus('wamid.9', 'read')] }));
		const outcome = receiveWebhook(post(body), setup({ seen: new Set() }));
		expect(items(outcome).map((item) => item.status)).toEqual(['delivered', 'read']);
	});

	it('outputs only the chosen events and statuses', () => {
		const body = metaBody(
			metaValue({
				contacts: [metaContact()],
				messages: [metaMessage('m1', 'text', { body: 'a' })],
				statuses: [metaStatus('s1', 'delivered'), metaStatus('s2', 'failed', { errors: [WINDOW_CLOSED_ERROR] })],
			}),
		);
		const only = (selection: Partial<TriggerSetup['selection']>) =>
			receiveWebhook(post(body), setup({ selection: { ...setup().selection, ...selection } }));
		expect(items(only({ events: 'messages' })).map((item) => item.messageId)).toEqual(['m1']);
		expect(items(only({ events: 'statuses', statuses: ['failed'] }))).toEqual([
			expect.objectContaining({ event: 'status', status: 'failed', errors: [expect.objectContaining({ code: '131047' })] }),
		]);
		expect(only({ events: 'statuses', statuses: ['read'] })).toEqual({ kind: 'nothingNew', repeated: 0, received: 3 });
	});

	it('ignores the business\'s own echoed messages unless asked for them', () => {
		const echo = metaTextBody('wamid.E', 'sent from the app', '15550783881');
		expect(receiveWebhook(post(echo), setup())).toMatchObject({ kind: 'nothingNew' });
		expect(items(receiveWebhook(post(echo), setup({ selection: { ...setup().selection, includeEchoes: true } })))[0]).toMatchObject({
			isEcho: true,
			sessionWindowEndsAt: null,
		});
	});

	it('gives every provider\'s message items the same keys', () => {
		const meta = items(receiveWebhook(post(metaTextBody('wamid.1', 'hi')), setup()))[0];
		const connectly = items(
			receiveWebhook(post(connectlyMessage({ text: 'hi' }), () => ({})), setup({ provider: 'connectly', inbound: inboundOf('connectly'), signingSecret: '', acceptUnsigned: true })),
		)[0];
		expect(Object.keys(connectly ?? {}).sort()).toEqual(Object.keys(meta ?? {}).sort());
	});
});

describe('unselected events', () => {
	it('are neither looked up nor claimed: a storm of statuses nobody asked for leaves nothing to remember', () => {
		const lookups: string[] = [];
		const seen = { has: (key: string) => (lookups.push(key), false) };
		const delivered = metaBody(metaValue({ statuses: [metaStatus('wamid.S', 'delivered'), metaStatus('wamid.S', 'read')] }));
		const selection = { events: 'messagesAndStatuses' as const, statuses: ['failed' as const], includeEchoes: false, accountEvents: [] };
		expect(receiveWebhook(post(delivered), setup({ seen, selection }))).toEqual({ kind: 'nothingNew', repeated: 0, received: 2 });
		expect(lookups).toEqual([]);
	});
});

describe('remembering events', () => {
	const event = (key: string) => ({ dedupeKey: key });
	const keyOf = (index: number) => shortKey(`status:wamid.HBgLMTIzNDU2Nzg5MA${index}:delivered`);
	const HOUR = 60 * 60_000;
	const T0 = Date.parse('2026-12-06T08:00:00.000Z');

	it('drops repeats within one body too', () => {
		const result = dropRepeated([event('a'), event('a'), event('b')], new Set());
		expect(result.fresh.map((fresh) => fresh.dedupeKey)).toEqual(['a', 'b']);
		expect(result.repeated).toBe(1);
	});

	it('recognises a redelivery after 30,000 other events (a campaign\'s storm of statuses)', () => {
		const seen = new SeenEvents(T0);
		seen.remember([shortKey('message:wamid.first')], T0);
		for (let index = 0; index < 30_000; index++) seen.remember([keyOf(index)], T0 + index);
		expect(dropRepeated([event('message:wamid.first')], seen).fresh).toEqual([]);
	});

	it('forgets an event a day after it was seen, and not before', () => {
		const seen = new SeenEvents(T0);
		seen.remember(['early'], T0);
		seen.remember(['later'], T0 + HOUR);
		seen.forgetExpired(T0 + SEEN_EVENTS_WINDOW_MS - 1000);
		expect([seen.has('early'), seen.has('later')]).toEqual([true, true]);
		seen.forgetExpired(T0 + SEEN_EVENTS_WINDOW_MS + 1000);
		expect([seen.has('early'), seen.has('later')]).toEqual([false, true]);
	});

	it('holds at most its cap, forgetting the oldest first; an event seen again counts as new', () => {
		const seen = new SeenEvents(T0, SEEN_EVENTS_WINDOW_MS, 3);
		seen.remember(['a', 'b', 'c'], T0);
		seen.remember(['a'], T0 + 1000);
		seen.remember(['d'], T0 + 2000);
		expect(['a', 'b', 'c', 'd'].map((key) => seen.has(key))).toEqual([true, false, true, true]);
		expect(seen.size).toBe(3);
		expect(SEEN_EVENTS_CAP).toBeGreaterThanOrEqual(100_000);
	});

	it('saves the newest keys with their time, and reads them back (bare keys from before count as seen at load)', () => {
		const seen = new SeenEvents(T0);
		seen.remember(['a', 'b'], T0);
		seen.remember(['c'], T0 + 5000);
		expect(seen.newest(2)).toEqual([encodeSeen('b', T0), encodeSeen('c', T0 + 5000)]);
		expect(decodeSeen([encodeSeen('c', T0 + 5000), 'old'], T0 + 9000)).toEqual([
			{ key: 'c', seenAt: T0 + 5000 },
			{ key: 'old', seenAt: T0 + 9000 },
		]);
	});

	it('a trigger\'s memory starts from what n8n saved, without what expired', () => {
		const saved = [encodeSeen('stale', T0 - SEEN_EVENTS_WINDOW_MS - HOUR), encodeSeen('fresh', T0 - HOUR), 'bare'];
		const memory = seenEventsOf(`test:${T0}`, () => saved, T0);
		expect(['stale', 'fresh', 'bare'].map((key) => memory.has(key))).toEqual([false, true, true]);
	});

	it('stores short keys: the saved list stays small', () => {
		const seen = new SeenEvents(T0);
		seen.remember(Array.from({ length: 5000 }, (_, index) => keyOf(index)), T0);
		expect(JSON.stringify(seen.newest(2000)).length).toBeLessThan(64_000);
		expect(keyOf(1)).toHaveLength(16);
	});
});
