// The WhatsApp Session Trigger in a real n8n: `n8n start` with active workflows, one server for
// the whole file, the packed package installed as users get it. Signed webhooks go in as the
// providers post them (exact bytes); executions and their items come back through the public API.
import { createHmac } from 'node:crypto';

import { jsonObjectOf } from '../support/json';
import { cloudApiAccepted } from '../support/mockProvider';
import {
	BUSINESS,
	CUSTOMER,
	ORDER_LINES,
	TEMPLATE_APPROVED,
	WINDOW_CLOSED_ERROR,
	connectlyMessage,
	metaAccountChangeBody,
	metaBody,
	metaContact,
	metaMessage,
	metaOrderMessage,
	metaStatus,
	metaTextBody,
	metaValue,
} from '../support/inboundSamples';
import { chainWorkflow, type JsonObject, type N8nWorkflow, type WorkflowNodeSpec } from './lib/n8n';
import { executionNodeOutput, type ApiExecution } from './lib/n8nApi';
import type { N8nServerOptions } from './lib/n8nServer';
import { whatsAppNode } from './lib/nodeFixture';
import { useServerWithPackage } from './lib/serverSuite';

jest.setTimeout(5 * 60_000);

const TRIGGER = 'WhatsApp Session Trigger';
const TRIGGER_TYPE = 'n8n-nodes-whatsapp-session.whatsAppSessionTrigger';

const META_APP_SECRET = 'e2e_META_app_secret_5d1e';
const META_VERIFY_TOKEN = 'e2e_META_verify_token_77aa';
const META_ACCESS_TOKEN = 'e2e_META_access_token_19bc';
const SESSION_VERIFY_TOKEN = 'e2e_HUB_verify_token_42ff';
const SESSION_KEY = 'e2e-SESSION-key-secret-8e0';
const SESSION_TOKEN = 'e2e_SESSION_token_secret_2b6';
const CONNECTLY_SECRET = 'e2e_CONNECTLY_webhook_secret_0c3';
const CONNECTLY_KEY = 'e2e_CONNECTLY_api_key_6f1';
const SECRETS = [META_APP_SECRET, META_VERIFY_TOKEN, META_ACCESS_TOKEN, SESSION_VERIFY_TOKEN, SESSION_KEY, SESSION_TOKEN, CONNECTLY_SECRET, CONNECTLY_KEY];

const CREDENTIALS = {
	meta: { whatsAppCloudApi: { id: 'cred-meta', name: 'Meta' } },
	session: { whatsAppSessionApi: { id: 'cred-session', name: 'Session provider' } },
	connectly: { connectlyApi: { id: 'cred-connectly', name: 'Connectly' } },
};

/** The webhook ids make the paths: `/webhook/<webhookId>/webhook`. */
const HOOKS = {
	meta: '5c0f8e4a-1d2b-4c3e-8f4a-000000000001',
	session: '5c0f8e4a-1d2b-4c3e-8f4a-000000000002',
	connectly: '5c0f8e4a-1d2b-4c3e-8f4a-000000000003',
	autoReply: '5c0f8e4a-1d2b-4c3e-8f4a-000000000004',
	metaAccount: '5c0f8e4a-1d2b-4c3e-8f4a-000000000005',
} as const;

function triggerNode(webhookId: string, parameters: JsonObject, credentials: WorkflowNodeSpec['credentials']): WorkflowNodeSpec {
	return { name: TRIGGER, type: TRIGGER_TYPE, typeVersion: 1, webhookId, parameters, credentials };
}

const NOOP: WorkflowNodeSpec = { name: 'Received', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} };

const WORKFLOWS = {
	meta: chainWorkflow('trgMeta', 'Meta events', triggerNode(HOOKS.meta, { provider: 'metaCloudApi', events: 'messagesAndStatuses' }, CREDENTIALS.meta), [NOOP]),
	// Messages, and of the account events only template status changes.
	metaAccount: chainWorkflow(
		'trgMetaAccount',
		'Meta messages and template reviews',
		triggerNode(HOOKS.metaAccount, { provider: 'metaCloudApi', events: 'messages', accountEvents: ['message_template_status_update'] }, CREDENTIALS.meta),
		[NOOP],
	),
	session: chainWorkflow('trgSession', 'Cloud-API-format events', triggerNode(HOOKS.session, { provider: 'cloudApiCompatible' }, CREDENTIALS.session), [NOOP]),
	connectly: chainWorkflow('trgConnectly', 'Connectly events', triggerNode(HOOKS.connectly, { provider: 'connectly', events: 'messagesAndStatuses' }, CREDENTIALS.connectly), [NOOP]),
	// The auto-reply: whoever writes gets an answer, by phone number or, for a username user, by BSUID.
	autoReply: chainWorkflow('trgAutoReply', 'Auto-reply', triggerNode(HOOKS.autoReply, { provider: 'metaCloudApi' }, CREDENTIALS.meta), [
		whatsAppNode(
			{
				provider: 'metaCloudApi',
				operation: 'sendText',
				recipient: '={{ $json.from ?? $json.userId }}',
				textBody: '=Thanks {{ $json.name }}, we got "{{ $json.text }}" and will answer shortly.',
			},
			{ credentials: CREDENTIALS.meta },
		),
	]),
} satisfies Record<string, N8nWorkflow>;

const META_SIGNATURE = { header: 'x-hub-signature-256', sign: (raw: Buffer, secret = META_APP_SECRET) => `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}` };
const CONNECTLY_SIGNATURE = { header: 'x-connectly-hmac-sha256', sign: (raw: Buffer, secret = CONNECTLY_SECRET) => createHmac('sha256', secret).update(raw).digest('base64') };

const { provider, server: running } = useServerWithPackage('trigger', (providerUrl): N8nServerOptions => ({
	credentials: [
		{
			...CREDENTIALS.meta.whatsAppCloudApi,
			type: 'whatsAppCloudApi',
			data: { accessToken: META_ACCESS_TOKEN, phoneNumberId: BUSINESS.phoneNumberId, baseUrl: providerUrl, appSecret: META_APP_SECRET, verifyToken: META_VERIFY_TOKEN },
		},
		{
			...CREDENTIALS.session.whatsAppSessionApi,
			type: 'whatsAppSessionApi',
			// No signing secret: this provider's webhooks are accepted unsigned.
			data: { domain: providerUrl, phoneNumberId: BUSINESS.phoneNumberId, apiKey: SESSION_KEY, accessToken: SESSION_TOKEN, verifyToken: SESSION_VERIFY_TOKEN },
		},
		{
			...CREDENTIALS.connectly.connectlyApi,
			type: 'connectlyApi',
			data: { apiKey: CONNECTLY_KEY, businessId: 'biz-1', baseUrl: providerUrl, webhookSecret: CONNECTLY_SECRET },
		},
	],
	workflows: Object.values(WORKFLOWS),
	publish: Object.values(WORKFLOWS).map((workflow) => workflow.id),
}));

/** Bytes as a provider would write them: not what JSON.stringify of the parsed body gives back. */
function providerBytes(body: JsonObject): Buffer {
	return Buffer.from(`${JSON.stringify(body, null, 1)}\n`, 'utf8');
}

async function post(hook: string, raw: Buffer, headers: Record<string, string>) {
	return await running().webhook(`${hook}/webhook`, { method: 'POST', body: raw, headers: { 'content-type': 'application/json', ...headers } });
}

async function postMeta(hook: string, body: JsonObject) {
	const raw = providerBytes(body);
	return await post(hook, raw, { [META_SIGNATURE.header]: META_SIGNATURE.sign(raw) });
}

function triggerItems(execution: ApiExecution): JsonObject[] {
	return executionNodeOutput(execution, TRIGGER);
}

describe('handshakes', () => {
	it('answers Meta\'s GET with the bare challenge, refuses a wrong token with 403, and runs nothing', async () => {
		const query = { 'hub.mode': 'subscribe', 'hub.verify_token': META_VERIFY_TOKEN, 'hub.challenge': '1158201444' };
		const answer = await running().webhook(`${HOOKS.meta}/webhook`, { method: 'GET', query });
		expect([answer.status, answer.text, answer.headers['content-type']]).toEqual([200, '1158201444', expect.stringMatching(/^text\/plain/)]);
		const wrong = await running().webhook(`${HOOKS.meta}/webhook`, { method: 'GET', query: { ...query, 'hub.verify_token': 'guess' } });
		expect(wrong.status).toBe(403);
		expect(wrong.text).not.toContain(META_VERIFY_TOKEN);
		await running().expectNoNewExecutions(WORKFLOWS.meta.id, [], 1_500);
	});

	it('answers the Cloud-API-format provider\'s POSTed challenge, and runs nothing', async () => {
		const body = Buffer.from(JSON.stringify({ hub_challenge: 'ch-8831', hub_verify_token: SESSION_VERIFY_TOKEN }));
		const answer = await post(HOOKS.session, body, {});
		expect([answer.status, answer.text]).toEqual([200, 'ch-8831']);
		const wrong = await post(HOOKS.session, Buffer.from(JSON.stringify({ hub_challenge: 'x', hub_verify_token: 'nope' })), {});
		expect(wrong.status).toBe(403);
		await running().expectNoNewExecutions(WORKFLOWS.session.id, [], 1_500);
	});
});

describe('events from Meta', () => {
	let seen: ApiExecution[] = [];

	it('starts one execution for a signed message, with the item in the documented shape', async () => {
		const answer = await postMeta(HOOKS.meta, metaTextBody('wamid.E2E1', 'Where is my order?'));
		expect(answer.status).toBe(200);
		seen = await running().waitForExecutions(WORKFLOWS.meta.id, 1);
		const [execution] = seen;
		if (!execution) throw new Error('no execution');
		expect(execution.status).toBe('success');
		expect(triggerItems(execution)).toEqual([
			{
				event: 'message',
				provider: 'metaCloudApi',
				receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
				from: CUSTOMER.phone,
				userId: null,
				name: CUSTOMER.name,
				phoneNumberId: BUSINESS.phoneNumberId,
				businessNumber: BUSINESS.displayNumber,
				messageId: 'wamid.E2E1',
				timestamp: '2025-11-30T00:00:00.000Z',
				type: 'text',
				text: 'Where is my order?',
				media: null,
				location: null,
				contacts: null,
				reply: null,
				reaction: null,
				order: null,
				flowReply: null,
				system: null,
				context: null,
				referral: null,
				errors: [],
				isEcho: false,
				callbackData: null,
				sessionWindowEndsAt: '2025-12-01T00:00:00.000Z',
				raw: expect.objectContaining({ id: 'wamid.E2E1', type: 'text' }),
			},
		]);
	});

	it('starts no second execution when a message is delivered again, the first or a later one', async () => {
		// A later event too: n8n 2.41 does not save a webhook's static data once it already holds some.
		expect((await postMeta(HOOKS.meta, metaTextBody('wamid.E2E2', 'Second question'))).status).toBe(200);
		seen = await running().waitForExecutions(WORKFLOWS.meta.id, 2);
		for (const id of ['wamid.E2E2', 'wamid.E2E1', 'wamid.E2E2']) {
			const again = await postMeta(HOOKS.meta, metaTextBody(id, 'delivered again'));
			expect(again.status).toBe(200);
		}
		await running().expectNoNewExecutions(WORKFLOWS.meta.id, seen, 3_000);
	});

	it('answers 401 and starts nothing for a wrongly signed or unsigned request', async () => {
		const raw = providerBytes(metaTextBody('wamid.E2E-FORGED', 'forged'));
		const forged = await post(HOOKS.meta, raw, { [META_SIGNATURE.header]: META_SIGNATURE.sign(raw, 'not-the-secret') });
		const unsigned = await post(HOOKS.meta, raw, {});
		// The same JSON, signed, but sent re-serialised: not the bytes that were signed.
		const reserialised = await post(HOOKS.meta, Buffer.from(JSON.stringify(JSON.parse(raw.toString('utf8')))), { [META_SIGNATURE.header]: META_SIGNATURE.sign(raw) });
		expect([forged.status, unsigned.status, reserialised.status]).toEqual([401, 401, 401]);
		await running().expectNoNewExecutions(WORKFLOWS.meta.id, seen, 3_000);
	});

	it('puts out three items for a POST that carries three messages', async () => {
		const body = metaBody(
			metaValue({
				contacts: [metaContact()],
				messages: [metaMessage('wamid.M1', 'text', { body: 'one' }), metaMessage('wamid.M2', 'image', { id: 'media-7', mime_type: 'image/jpeg', sha256: 'x' }), metaMessage('wamid.M3', 'interactive', { type: 'button_reply', button_reply: { id: 'confirm', title: 'Confirm' } })],
			}),
		);
		expect((await postMeta(HOOKS.meta, body)).status).toBe(200);
		const executions = await running().waitForExecutions(WORKFLOWS.meta.id, seen.length + 1);
		const newest = executions.find((execution) => !seen.some((old) => old.id === execution.id));
		if (!newest) throw new Error('no new execution');
		expect(triggerItems(newest).map((item) => [item.messageId, item.type])).toEqual([
			['wamid.M1', 'text'],
			['wamid.M2', 'image'],
			['wamid.M3', 'reply'],
		]);
		expect(triggerItems(newest)[2]?.reply).toEqual({ id: 'confirm', title: 'Confirm', description: null, kind: 'button' });
		seen = executions;
	});

	it('reports a failed status with the closed window in plain words', async () => {
		expect((await postMeta(HOOKS.meta, metaBody(metaValue({ statuses: [metaStatus('wamid.OURS-1', 'failed', { errors: [WINDOW_CLOSED_ERROR] })] })))).status).toBe(200);
		const executions = await running().waitForExecutions(WORKFLOWS.meta.id, seen.length + 1);
		const newest = executions.find((execution) => !seen.some((old) => old.id === execution.id));
		if (!newest) throw new Error('no new execution');
		expect(triggerItems(newest)).toEqual([
			expect.objectContaining({
				event: 'status',
				status: 'failed',
				messageId: 'wamid.OURS-1',
				errors: [expect.objectContaining({ code: '131047', meaning: expect.stringContaining('24-hour session window is closed') })],
			}),
		]);
	});
});

describe('carts and account events from Meta', () => {
	let seen: ApiExecution[] = [];

	it('puts out a signed cart with its lines decoded', async () => {
		expect((await postMeta(HOOKS.metaAccount, metaBody(metaValue({ contacts: [metaContact()], messages: [metaOrderMessage('wamid.CART1')] })))).status).toBe(200);
		seen = await running().waitForExecutions(WORKFLOWS.metaAccount.id, 1);
		const [execution] = seen;
		expect(execution && triggerItems(execution)).toEqual([
			expect.objectContaining({
				event: 'message',
				type: 'order',
				messageId: 'wamid.CART1',
				from: CUSTOMER.phone,
				order: {
					catalogId: '194836987003835',
					text: 'For the office',
					items: ORDER_LINES.map((line) => ({ productRetailerId: line.product_retailer_id, quantity: line.quantity, itemPrice: line.item_price, currency: line.currency })),
					itemsLeftOut: 0,
				},
			}),
		]);
	});

	it('puts out a chosen template status change as an account item', async () => {
		expect((await postMeta(HOOKS.metaAccount, metaAccountChangeBody('message_template_status_update', TEMPLATE_APPROVED))).status).toBe(200);
		const executions = await running().waitForExecutions(WORKFLOWS.metaAccount.id, seen.length + 1);
		const newest = executions.find((execution) => !seen.some((old) => old.id === execution.id));
		if (!newest) throw new Error('no new execution');
		expect(triggerItems(newest)).toEqual([
			expect.objectContaining({
				event: 'account',
				type: 'message_template_status_update',
				businessAccountId: '102290129340398',
				messageId: null,
				update: 'APPROVED',
				template: expect.objectContaining({ id: '1405047553933887', name: 'order_shipped', language: 'en_US', status: 'APPROVED', reason: 'NONE', category: 'UTILITY' }),
				value: TEMPLATE_APPROVED,
			}),
		]);
		seen = executions;
	});

	it('starts no execution for an account event not chosen, nor for the chosen one delivered again', async () => {
		const unchosen = await postMeta(HOOKS.metaAccount, metaAccountChangeBody('message_template_quality_update', { previous_quality_score: 'GREEN', new_quality_score: 'RED', message_template_id: 7, message_template_name: 'promo', message_template_language: 'en' }));
		const again = await postMeta(HOOKS.metaAccount, metaAccountChangeBody('message_template_status_update', TEMPLATE_APPROVED));
		expect([unchosen.status, again.status]).toEqual([200, 200]);
		await running().expectNoNewExecutions(WORKFLOWS.metaAccount.id, seen, 3_000);
	});
});

describe('events from the other providers', () => {
	it('takes the Cloud-API-format provider\'s events unsigned when its credential has no secret', async () => {
		const raw = providerBytes(metaTextBody('wamid.S1', 'hello from the provider'));
		expect((await post(HOOKS.session, raw, {})).status).toBe(200);
		const [execution] = await running().waitForExecutions(WORKFLOWS.session.id, 1);
		expect(execution && triggerItems(execution)).toEqual([expect.objectContaining({ provider: 'cloudApiCompatible', text: 'hello from the provider' })]);
	});

	it('checks Connectly\'s base64 signature, and puts out its message in the same shape', async () => {
		const raw = providerBytes(connectlyMessage({ text: 'Hola' }));
		expect((await post(HOOKS.connectly, raw, { [CONNECTLY_SIGNATURE.header]: CONNECTLY_SIGNATURE.sign(raw, 'wrong') })).status).toBe(401);
		// Connectly sends text/plain.
		expect((await post(HOOKS.connectly, raw, { 'content-type': 'text/plain; charset=utf-8', [CONNECTLY_SIGNATURE.header]: CONNECTLY_SIGNATURE.sign(raw) })).status).toBe(200);
		const [execution, ...more] = await running().waitForExecutions(WORKFLOWS.connectly.id, 1);
		expect(more).toEqual([]);
		expect(execution && triggerItems(execution)).toEqual([
			expect.objectContaining({ event: 'message', provider: 'connectly', from: CUSTOMER.phone, text: 'Hola', phoneNumberId: null }),
		]);
	});
});

describe('the auto-reply', () => {
	it('answers the customer through the mock provider, by phone number', async () => {
		provider.reset();
		provider.respondWith(cloudApiAccepted);
		expect((await postMeta(HOOKS.autoReply, metaTextBody('wamid.AR1', 'Is the shop open?'))).status).toBe(200);
		const [execution] = await running().waitForExecutions(WORKFLOWS.autoReply.id, 1);
		expect(execution?.status).toBe('success');
		expect(provider.requests.map((request) => [request.method, request.path, jsonObjectOf(request.body)])).toEqual([
			[
				'POST',
				`/v23.0/${BUSINESS.phoneNumberId}/messages`,
				expect.objectContaining({ to: CUSTOMER.phone, type: 'text', text: expect.objectContaining({ body: `Thanks ${CUSTOMER.name}, we got "Is the shop open?" and will answer shortly.` }) }),
			],
		]);
	});

	it('answers a customer known only by a business-scoped user id, by that id', async () => {
		provider.reset();
		provider.respondWith(cloudApiAccepted);
		const message = metaMessage('wamid.AR2', 'text', { body: 'hi' });
		delete message.from;
		const body = metaBody(metaValue({ contacts: [metaContact(null, 'asha_k', CUSTOMER.bsuid)], messages: [{ ...message, from_user_id: CUSTOMER.bsuid }] }));
		expect((await postMeta(HOOKS.autoReply, body)).status).toBe(200);
		const executions = await running().waitForExecutions(WORKFLOWS.autoReply.id, 2);
		expect(executions.map((execution) => execution.status)).toEqual(['success', 'success']);
		const [sent] = provider.requests.map((request) => jsonObjectOf(request.body));
		expect(sent).toEqual(expect.objectContaining({ recipient: CUSTOMER.bsuid, type: 'text' }));
		expect(sent).not.toHaveProperty('to');
	});
});

describe('secrets', () => {
	it('appear in none of n8n\'s logs or the webhook answers', async () => {
		expect(await running().secretLeaks(SECRETS)).toEqual([]);
	});
});
