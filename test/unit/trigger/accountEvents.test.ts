// Account-level changes (template reviews, quality, category, account updates) arrive in Meta's
// format as changes with no message id. Each is its own kind of item, chosen under Account Events;
// an unchosen one starts nothing, and a redelivery of one runs once.
import { randomUUID } from 'node:crypto';

import { PROVIDERS } from '../../../nodes/WhatsAppSession/providers';
import { decodeMetaWebhook } from '../../../nodes/WhatsAppSession/providers/cloudApi/webhook';
import { ACCOUNT_EVENT_FIELDS, type AccountEventField } from '../../../nodes/WhatsAppSession/providers/contract/accountEvents';
import { STATUS_NAMES, type InboundAccountEvent, type InboundDeclaration } from '../../../nodes/WhatsAppSession/providers/contract/inbound';
import { triggerProperties } from '../../../nodes/WhatsAppSession/trigger/description';
import { receiveWebhook, type TriggerSetup } from '../../../nodes/WhatsAppSession/trigger/receive';
import { isSelected, selectionFromParameters, type EventSelection } from '../../../nodes/WhatsAppSession/trigger/selection';
import { signWebhookBody } from '../../../nodes/WhatsAppSession/trigger/signature';
import { TEMPLATE_APPROVED, metaAccountChangeBody, metaTextBody, type JsonObject } from '../../support/inboundSamples';
import { deliverToTrigger, triggerWorkflow } from '../../support/triggerNode';

const SECRET = 'account-events-secret';

function inboundOf(id: keyof typeof PROVIDERS): InboundDeclaration {
	const inbound = PROVIDERS[id].inbound;
	if (inbound === undefined) throw new Error(`${id} declares webhooks`);
	return inbound;
}

function onlyAccountEvent(body: unknown): InboundAccountEvent {
	const events = decodeMetaWebhook(body, { bodyDigest: 'digest' });
	expect(events).toHaveLength(1);
	const [event] = events;
	if (event?.event !== 'account') throw new Error(`expected an account event, got ${JSON.stringify(event)}`);
	return event;
}

function selection(overrides: Partial<EventSelection>): EventSelection {
	return { events: 'messagesAndStatuses', statuses: [...STATUS_NAMES], includeEchoes: false, accountEvents: [], ...overrides };
}

function setup(chosen: Partial<EventSelection>, remembered: string[] = []): TriggerSetup {
	return {
		provider: 'metaCloudApi',
		inbound: inboundOf('metaCloudApi'),
		signingSecret: SECRET,
		verifyToken: 'token',
		selection: selection(chosen),
		acceptUnsigned: false,
		seen: new Set(remembered),
		inFlight: [],
		receivedAt: '2026-12-06T08:00:00.000Z',
	};
}

function signedPost(body: unknown) {
	const rawBody = Buffer.from(JSON.stringify(body));
	return { method: 'POST' as const, query: {}, headers: { 'x-hub-signature-256': signWebhookBody(rawBody, SECRET, inboundOf('metaCloudApi').signature) }, rawBody };
}

const NO_TEMPLATE_CHANGE = {
	status: null,
	reason: null,
	category: null,
	previousCategory: null,
	correctCategory: null,
	previousQuality: null,
	newQuality: null,
};

describe('Meta webhook: account events', () => {
	it('reads a template\'s status change: the template, the outcome and why, the account and the time', () => {
		const event = onlyAccountEvent(metaAccountChangeBody('message_template_status_update', TEMPLATE_APPROVED));
		expect(event).toMatchObject({
			event: 'account',
			field: 'message_template_status_update',
			businessAccountId: '102290129340398',
			timestamp: '2025-11-30T00:01:40.000Z',
			messageId: null,
			from: null,
			update: 'APPROVED',
			template: { ...NO_TEMPLATE_CHANGE, id: '1405047553933887', name: 'order_shipped', language: 'en_US', status: 'APPROVED', reason: 'NONE', category: 'UTILITY' },
			value: TEMPLATE_APPROVED,
			raw: { field: 'message_template_status_update', value: TEMPLATE_APPROVED },
		});
	});

	it('reads a template\'s quality change', () => {
		const value = { previous_quality_score: 'GREEN', new_quality_score: 'YELLOW', message_template_id: 77, message_template_name: 'promo', message_template_language: 'en' };
		expect(onlyAccountEvent(metaAccountChangeBody('message_template_quality_update', value)).template).toEqual({
			...NO_TEMPLATE_CHANGE,
			id: '77',
			name: 'promo',
			language: 'en',
			previousQuality: 'GREEN',
			newQuality: 'YELLOW',
		});
	});

	it('reads a completed and an impending category change', () => {
		const base = { message_template_id: 78, message_template_name: 'receipt', message_template_language: 'en' };
		expect(onlyAccountEvent(metaAccountChangeBody('template_category_update', { ...base, previous_category: 'UTILITY', new_category: 'MARKETING' })).template).toMatchObject({
			previousCategory: 'UTILITY',
			category: 'MARKETING',
			correctCategory: null,
		});
		expect(onlyAccountEvent(metaAccountChangeBody('template_category_update', { ...base, correct_category: 'MARKETING', new_category: 'UTILITY' })).template).toMatchObject({
			category: 'UTILITY',
			correctCategory: 'MARKETING',
		});
	});

	it.each<[AccountEventField, JsonObject, string | null, string | null]>([
		['account_update', { phone_number: '+15550783881', event: 'VERIFIED_ACCOUNT' }, 'VERIFIED_ACCOUNT', '15550783881'],
		['account_review_update', { decision: 'APPROVED' }, 'APPROVED', null],
		['business_capability_update', { max_daily_conversation_per_phone: 1000 }, null, null],
		['phone_number_name_update', { display_phone_number: '15550783881', decision: 'APPROVED', requested_verified_name: 'Acme' }, 'APPROVED', '15550783881'],
		['phone_number_quality_update', { display_phone_number: '15550783881', event: 'FLAGGED', current_limit: 'TIER_1K' }, 'FLAGGED', '15550783881'],
		['security', { display_phone_number: '15550783881', event: 'PIN_CHANGED' }, 'PIN_CHANGED', '15550783881'],
	])('passes %s through as its value, with what happened and the number it concerns', (field, value, update, businessNumber) => {
		const event = onlyAccountEvent(metaAccountChangeBody(field, value));
		expect(event).toMatchObject({ field, template: null, update, businessNumber, value });
	});

	it('decodes every field Trigger On can choose, and only those: an unknown field is no account event', () => {
		for (const field of ACCOUNT_EVENT_FIELDS) expect(onlyAccountEvent(metaAccountChangeBody(field, { event: 'X' })).field).toBe(field);
		expect(decodeMetaWebhook(metaAccountChangeBody('flows', { event: 'FLOW_STATUS_CHANGE' }), { bodyDigest: 'd' })).toEqual([]);
	});

	it.each<[string, unknown]>([
		['a value that is not an object', metaAccountChangeBody('message_template_status_update', 'APPROVED')],
		['a value that is an array', metaAccountChangeBody('message_template_status_update', [TEMPLATE_APPROVED])],
	])('finds no event in %s', (_what, body) => {
		expect(decodeMetaWebhook(body, { bodyDigest: 'd' })).toEqual([]);
	});

	it('gives null, not a guess, for fields of the wrong type, and no time for a time that is not Unix seconds', () => {
		const event = onlyAccountEvent({
			object: 'whatsapp_business_account',
			entry: [{ id: { nested: true }, time: 'yesterday', changes: [{ field: 'message_template_status_update', value: { event: ['APPROVED'], message_template_id: null, message_template_name: {} } }] }],
		});
		expect(event).toMatchObject({ businessAccountId: null, timestamp: null, update: null, template: { id: null, name: null, status: null } });
	});

	it('keys a change by account, time and value: a redelivery repeats the key, a later identical change does not', () => {
		const key = (body: unknown) => onlyAccountEvent(body).dedupeKey;
		const first = key(metaAccountChangeBody('message_template_status_update', TEMPLATE_APPROVED));
		expect(first).toMatch(/^account:message_template_status_update:[0-9a-f]{64}$/);
		expect(key(metaAccountChangeBody('message_template_status_update', TEMPLATE_APPROVED))).toBe(first);
		expect(key(metaAccountChangeBody('message_template_status_update', TEMPLATE_APPROVED, 1_764_470_000))).not.toBe(first);
		expect(key(metaAccountChangeBody('message_template_status_update', { ...TEMPLATE_APPROVED, event: 'PAUSED' }))).not.toBe(first);
		expect(key(metaAccountChangeBody('message_template_quality_update', TEMPLATE_APPROVED))).not.toBe(first);
	});
});

describe('choosing account events', () => {
	const approved = onlyAccountEvent(metaAccountChangeBody('message_template_status_update', TEMPLATE_APPROVED));

	it('passes an account event only when it is chosen, whatever Trigger On says', () => {
		expect(isSelected(approved, selection({}))).toBe(false);
		expect(isSelected(approved, selection({ accountEvents: ['message_template_quality_update'] }))).toBe(false);
		expect(isSelected(approved, selection({ accountEvents: ['message_template_status_update'] }))).toBe(true);
		expect(isSelected(approved, selection({ events: 'messages', accountEvents: ['message_template_status_update'] }))).toBe(true);
	});

	it('Trigger On "Account Events" leaves out messages and statuses', () => {
		const [message] = decodeMetaWebhook(metaTextBody('wamid.A1', 'hi'), { bodyDigest: 'd' });
		if (message === undefined) throw new Error('the sample decodes to a message');
		expect(isSelected(message, selection({ events: 'accountEvents' }))).toBe(false);
		expect(isSelected(message, selection({ events: 'messages' }))).toBe(true);
	});

	it('reads the chosen events from the parameters, dropping what is not an account event', () => {
		expect(selectionFromParameters('accountEvents', [], {}, ['security', 'messages', 7, 'account_update']).accountEvents).toEqual(['security', 'account_update']);
		expect(selectionFromParameters('messages', [], {}, 'security').accountEvents).toEqual([]);
		expect(selectionFromParameters('messages', [], {}).accountEvents).toEqual([]);
	});

	it('offers every account event in the form, for the providers whose webhooks carry them only', () => {
		const field = triggerProperties.find((property) => property.name === 'accountEvents');
		expect(field?.options?.map((option) => ('value' in option ? option.value : undefined))).toEqual([...ACCOUNT_EVENT_FIELDS]);
		expect(field?.default).toEqual([]);
		expect(field?.displayOptions?.show?.provider).toEqual(['cloudApiCompatible', 'metaCloudApi']);
		const triggerOnChoices = (provider: string): unknown[] | undefined =>
			triggerProperties
				.filter((property) => property.name === 'events')
				.find((property) => (property.displayOptions?.show?.provider ?? [provider]).includes(provider) && !(property.displayOptions?.hide?.provider ?? []).includes(provider))
				?.options?.map((option) => ('value' in option ? option.value : undefined));
		for (const provider of ['cloudApiCompatible', 'metaCloudApi']) expect(triggerOnChoices(provider)).toContain('accountEvents');
		// Their webhooks never carry account events: the choice would start nothing.
		for (const provider of ['connectly', 'texter']) expect(triggerOnChoices(provider)).toEqual(['messages', 'statuses', 'messagesAndStatuses']);
	});
});

describe('receiving an account event', () => {
	const body = metaAccountChangeBody('message_template_status_update', TEMPLATE_APPROVED);

	it('starts nothing when it is not chosen, and answers 200', () => {
		expect(receiveWebhook(signedPost(body), setup({}))).toMatchObject({ kind: 'nothingNew', received: 1 });
		expect(receiveWebhook(signedPost(body), setup({ accountEvents: ['account_update'] }))).toMatchObject({ kind: 'nothingNew' });
	});

	it('runs with its own item when chosen, and a redelivery runs nothing', () => {
		const outcome = receiveWebhook(signedPost(body), setup({ events: 'accountEvents', accountEvents: ['message_template_status_update'] }));
		if (outcome.kind !== 'run') throw new Error(`expected a run, got ${JSON.stringify(outcome)}`);
		expect(outcome.items).toEqual([
			{
				event: 'account',
				provider: 'metaCloudApi',
				receivedAt: '2026-12-06T08:00:00.000Z',
				type: 'message_template_status_update',
				from: null,
				userId: null,
				name: null,
				phoneNumberId: null,
				businessNumber: null,
				messageId: null,
				timestamp: '2025-11-30T00:01:40.000Z',
				callbackData: null,
				businessAccountId: '102290129340398',
				template: { ...NO_TEMPLATE_CHANGE, id: '1405047553933887', name: 'order_shipped', language: 'en_US', status: 'APPROVED', reason: 'NONE', category: 'UTILITY' },
				update: 'APPROVED',
				value: TEMPLATE_APPROVED,
				raw: { field: 'message_template_status_update', value: TEMPLATE_APPROVED },
			},
		]);
		const again = receiveWebhook(signedPost(body), setup({ accountEvents: ['message_template_status_update'] }, outcome.claimed));
		expect(again).toMatchObject({ kind: 'nothingNew', repeated: 1 });
	});

	it('through the node: the Account Events parameter chooses, and an unchosen one starts no execution', async () => {
		const raw = Buffer.from(JSON.stringify(body));
		const delivery = { body: raw, headers: { 'x-hub-signature-256': signWebhookBody(raw, SECRET, inboundOf('metaCloudApi').signature) } };
		const node = (accountEvents: string[]) => ({
			id: randomUUID(),
			name: 'Trigger',
			parameters: { provider: 'metaCloudApi', events: 'messages', accountEvents },
			credentials: { whatsAppCloudApi: { accessToken: 'token', phoneNumberId: '1', appSecret: SECRET } },
		});
		const unchosen = await deliverToTrigger(triggerWorkflow(`wf-${randomUUID()}`), node(['security']), delivery);
		const chosen = await deliverToTrigger(triggerWorkflow(`wf-${randomUUID()}`), node(['message_template_status_update']), delivery);
		expect([unchosen.status, unchosen.items]).toEqual([200, undefined]);
		expect([chosen.status, chosen.items?.map((item) => [item.event, item.type])]).toEqual([200, [['account', 'message_template_status_update']]]);
	});
});
