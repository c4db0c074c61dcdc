// Issue 22 in a real n8n (`n8n start`, the packed package installed as users get it): a Connectly
// tap in its newer webhook form (top-level buttonResponse, no message object) reaches a workflow,
// which answers through Texter by phone number, found with Texter's Search Chats on the mock.
import { createHmac } from 'node:crypto';

import { texterAccepted } from '../support/providerReplies';
import { CUSTOMER, connectlyMessage, texterEvent } from '../support/inboundSamples';
import { bodyOf } from '../support/recordedRequests';
import { chainWorkflow, type JsonObject, type WorkflowNodeSpec } from './lib/n8n';
import { executionNodeOutput } from './lib/n8nApi';
import { NODE, whatsAppNode } from './lib/nodeFixture';
import type { N8nServerOptions } from './lib/n8nServer';
import { useServerWithPackage } from './lib/serverSuite';

jest.setTimeout(5 * 60_000);

const TRIGGER = 'WhatsApp Session Trigger';
const TRIGGER_TYPE = 'n8n-nodes-whatsapp-session.whatsAppSessionTrigger';
const CONNECTLY_SECRET = 'e2e_CONNECTLY_webhook_secret_22a';
const CONNECTLY_KEY = 'e2e_CONNECTLY_api_key_22b';
const TEXTER_TOKEN = 'e2e_TEXTER_token_secret_22c';
const TEXTER_SECRET = 'e2e_TEXTER_webhook_secret_22d';
const CHAT_ID = '6650a1b2c3d4e5f6a7b8c9d0';

const CREDENTIALS = {
	connectly: { connectlyApi: { id: 'cred-connectly', name: 'Connectly' } },
	texter: { texterApi: { id: 'cred-texter', name: 'Texter' } },
};
const HOOKS = { connectly: '6d1f9e5b-2e3c-4d4f-9a5b-000000000022', texter: '6d1f9e5b-2e3c-4d4f-9a5b-000000000023' } as const;

function triggerNode(webhookId: string, parameters: JsonObject, credentials: WorkflowNodeSpec['credentials']): WorkflowNodeSpec {
	return { name: TRIGGER, type: TRIGGER_TYPE, typeVersion: 1, webhookId, parameters, credentials };
}

const WORKFLOWS = {
	// A tap on Connectly is answered on Texter, by the phone number: the node finds the chat itself.
	tapThenTexter: chainWorkflow('i22Tap', 'Connectly tap, Texter answer', triggerNode(HOOKS.connectly, { provider: 'connectly' }, CREDENTIALS.connectly), [
		whatsAppNode(
			{ provider: 'texter', operation: 'sendText', recipient: '+972 52 555 0101', textBody: '=You chose {{ $json.reply.id }}' },
			{ credentials: CREDENTIALS.texter },
		),
	]),
	texterEvents: chainWorkflow('i22Texter', 'Texter events', triggerNode(HOOKS.texter, { provider: 'texter' }, CREDENTIALS.texter), [
		{ name: 'Received', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} },
	]),
};

const { provider, server: running } = useServerWithPackage('issue22', (providerUrl): N8nServerOptions => ({
	credentials: [
		{ ...CREDENTIALS.connectly.connectlyApi, type: 'connectlyApi', data: { apiKey: CONNECTLY_KEY, businessId: 'biz-1', baseUrl: providerUrl, webhookSecret: CONNECTLY_SECRET } },
		{ ...CREDENTIALS.texter.texterApi, type: 'texterApi', data: { projectId: 'acme', apiToken: TEXTER_TOKEN, baseUrl: providerUrl, webhookSecret: TEXTER_SECRET } },
	],
	workflows: Object.values(WORKFLOWS),
	publish: Object.values(WORKFLOWS).map((workflow) => workflow.id),
}));

beforeEach(() =>
	provider.respondWith((request, index) =>
		request.method === 'GET'
			? { status: 200, body: { data: [{ _id: CHAT_ID, clientPhoneE164: '+972525550101' }], total: 1 } }
			: texterAccepted(request, index),
	),
);

it('a Connectly tap in the newer form reaches the workflow with its button id, which answers on Texter by phone number', async () => {
	const { message: _none, ...envelope } = connectlyMessage({});
	const raw = Buffer.from(`${JSON.stringify({ ...envelope, buttonResponse: { text: 'Yes', payload: 'confirm-yes' }, context: { replyToId: '01FRRW' } }, null, 1)}\n`);
	const answer = await running().webhook(`${HOOKS.connectly}/webhook`, {
		method: 'POST',
		body: raw,
		headers: { 'content-type': 'application/json', 'x-connectly-hmac-sha256': createHmac('sha256', CONNECTLY_SECRET).update(raw).digest('base64') },
	});
	expect(answer.status).toBe(200);

	const [execution] = await running().waitForExecutions(WORKFLOWS.tapThenTexter.id, 1);
	if (!execution) throw new Error('no execution');
	expect(execution.status).toBe('success');
	expect(executionNodeOutput(execution, TRIGGER)).toEqual([
		expect.objectContaining({ provider: 'connectly', type: 'reply', from: CUSTOMER.phone, reply: { id: 'confirm-yes', title: 'Yes', description: null, kind: 'button' }, context: { messageId: '01FRRW', from: null } }),
	]);
	expect(executionNodeOutput(execution, NODE)).toEqual([expect.objectContaining({ provider: 'texter', recipient: CHAT_ID, messageId: 'wamid.texter.2' })]);
	expect(provider.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
		'GET /server/api/v2/chats/search?search=972525550101',
		`POST /server/api/v2/messages/send/${CHAT_ID}`,
	]);
	expect(bodyOf(provider.requests[1])).toMatchObject({ type: 'text', text: 'You chose confirm-yes' });
	expect(provider.requests[0]?.headers.authorization).toBe(`Bearer ${TEXTER_TOKEN}`);
});

it('a Texter subscription event with its secret header starts the Texter trigger; without it, nothing starts', async () => {
	const body = Buffer.from(JSON.stringify(texterEvent({ type: 'postback', postback: { payload: 'plan-b', title: 'Basic' } })));
	const refused = await running().webhook(`${HOOKS.texter}/webhook`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
	expect(refused.status).toBe(401);
	await running().expectNoNewExecutions(WORKFLOWS.texterEvents.id, [], 1_500);

	const accepted = await running().webhook(`${HOOKS.texter}/webhook`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-webhook-secret': TEXTER_SECRET } });
	expect(accepted.status).toBe(200);
	const [execution] = await running().waitForExecutions(WORKFLOWS.texterEvents.id, 1);
	expect(execution ? executionNodeOutput(execution, TRIGGER) : []).toEqual([
		expect.objectContaining({ provider: 'texter', from: CUSTOMER.phone, type: 'reply', reply: { id: 'plan-b', title: 'Basic', description: null, kind: 'button' } }),
	]);
	expect(await running().secretLeaks([CONNECTLY_SECRET, CONNECTLY_KEY, TEXTER_TOKEN, TEXTER_SECRET])).toEqual([]);
});
