// The WhatsApp Session Trigger in a real `n8n start`, installed from the packed package, on an
// active workflow: Meta's signed webhooks posted to its production URL as raw bytes, its handshake,
// and what does (and does not) start an execution. The test signs with node:crypto itself, as Meta
// would, not with the node's own helper.
import { createHmac } from 'node:crypto';

import { BUSINESS, CUSTOMER, metaTextBody } from '../support/inboundSamples';
import { chainWorkflow, type N8nWorkflow } from './lib/n8n';
import { executionNodeOutput, type ApiExecution, type WebhookRequest } from './lib/n8nApi';
import { N8nServer } from './lib/n8nServer';
import { sandboxWithPackage } from './lib/nodeFixture';
import { stopThenCleanUp } from './lib/processes';

jest.setTimeout(5 * 60_000);

const TRIGGER = 'WhatsApp Session Trigger';
const APP_SECRET = 'e2e_TRIGGER_app_secret_6d2e';
const VERIFY_TOKEN = 'e2e_TRIGGER_verify_token_8b0a';
const ACCESS_TOKEN = 'e2e_TRIGGER_access_token_1f7c';
const SECRETS = [APP_SECRET, VERIFY_TOKEN, ACCESS_TOKEN];
const credential = { id: 'cred-trigger-meta', name: 'Meta (trigger)' };
/** The trigger's production URL is `/webhook/<webhookId>/webhook`. */
const WEBHOOK_ID = '5b1d9f0e-7c2a-4e8b-9a61-3c0de0000011';
const WEBHOOK_PATH = `${WEBHOOK_ID}/webhook`;

const WORKFLOW: N8nWorkflow = chainWorkflow(
	'triggerMeta',
	'Trigger (Meta)',
	{
		name: TRIGGER,
		type: 'n8n-nodes-whatsapp-session.whatsAppSessionTrigger',
		typeVersion: 1,
		webhookId: WEBHOOK_ID,
		parameters: { provider: 'metaCloudApi', events: 'messages', options: {} },
		credentials: { whatsAppCloudApi: credential },
	},
	[],
);

let server: N8nServer | undefined;
let dispose: (() => Promise<void>) | undefined;

function requireServer(): N8nServer {
	if (!server) throw new Error('n8n start did not come up (see beforeAll)');
	return server;
}

/** A POST of exactly these bytes, with Meta's signature header when a secret is given. */
function metaPost(raw: string, signingSecret?: string): WebhookRequest {
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	if (signingSecret !== undefined) headers['x-hub-signature-256'] = `sha256=${createHmac('sha256', signingSecret).update(raw, 'utf8').digest('hex')}`;
	return { method: 'POST', body: raw, headers };
}

beforeAll(async () => {
	const made = await sandboxWithPackage({ label: 'trigger', installTimeoutMs: 35 * 60_000 });
	dispose = made.dispose;
	server = await N8nServer.start(made.sandbox, {
		credentials: [
			{
				...credential,
				type: 'whatsAppCloudApi',
				// Nothing is sent in this file; the base URL could only ever reach loopback.
				data: { accessToken: ACCESS_TOKEN, phoneNumberId: BUSINESS.phoneNumberId, graphApiVersion: 'v23.0', baseUrl: 'http://127.0.0.1:9', appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN },
			},
		],
		workflows: [WORKFLOW],
		publish: [WORKFLOW.id],
	});
}, 40 * 60_000);

afterAll(async () => {
	await stopThenCleanUp('n8n start', async () => await server?.stop(), async () => {
		await dispose?.();
	});
}, 2 * 60_000);

describe('WhatsApp Session Trigger (Meta) on an active workflow', () => {
	let first: ApiExecution[] = [];
	// Meta's own spacing differs from JSON.stringify's: the signature covers the bytes as sent.
	const message = `${JSON.stringify(metaTextBody('wamid.E2E.1', 'Where is my order?'), null, 1)}\n`;

	it('a signed message starts one execution whose item is the message', async () => {
		const running = requireServer();
		const answer = await running.webhook(WEBHOOK_PATH, metaPost(message, APP_SECRET));
		expect(answer.status).toBe(200);
		expect(answer.text).toBe('');
		first = await running.waitForExecutions(WORKFLOW.id, 1);
		expect(first.map((execution) => [execution.status, execution.mode])).toEqual([['success', 'webhook']]);
		const [execution] = first;
		if (!execution) throw new Error('no execution');
		expect(executionNodeOutput(execution, TRIGGER)).toEqual([
			expect.objectContaining({
				event: 'message',
				provider: 'metaCloudApi',
				from: CUSTOMER.phone,
				name: CUSTOMER.name,
				phoneNumberId: BUSINESS.phoneNumberId,
				messageId: 'wamid.E2E.1',
				type: 'text',
				text: 'Where is my order?',
			}),
		]);
	});

	it('the same message delivered again starts nothing', async () => {
		const running = requireServer();
		const answer = await running.webhook(WEBHOOK_PATH, metaPost(message, APP_SECRET));
		expect(answer.status).toBe(200);
		await running.expectNoNewExecutions(WORKFLOW.id, first, 3_000);
	});

	// The later cases compare with the executions there are when they begin, so each fails only for itself.
	it('an unsigned, a wrongly signed and a re-serialised body get 401 and start nothing', async () => {
		const running = requireServer();
		const before = await running.executions(WORKFLOW.id);
		const other = `${JSON.stringify(metaTextBody('wamid.E2E.2', 'Hi'))}`;
		const answers = [
			await running.webhook(WEBHOOK_PATH, metaPost(other)),
			await running.webhook(WEBHOOK_PATH, metaPost(other, 'not-the-app-secret')),
			// Signed over one spelling of the JSON, sent in another.
			await running.webhook(WEBHOOK_PATH, { ...metaPost(other, APP_SECRET), body: JSON.stringify(JSON.parse(other), null, 2) }),
		];
		expect(answers.map((answer) => [answer.status, answer.text])).toEqual([
			[401, 'Missing signature'],
			[401, 'Invalid signature'],
			[401, 'Invalid signature'],
		]);
		await running.expectNoNewExecutions(WORKFLOW.id, before, 3_000);
	});

	it("Meta's verification GET gets the bare challenge with the right token, 403 with another, and starts nothing", async () => {
		const running = requireServer();
		const before = await running.executions(WORKFLOW.id);
		const verify = async (token: string) =>
			await running.webhook(WEBHOOK_PATH, { query: { 'hub.mode': 'subscribe', 'hub.verify_token': token, 'hub.challenge': '1158201444' } });
		const accepted = await verify(VERIFY_TOKEN);
		expect([accepted.status, accepted.text]).toEqual([200, '1158201444']);
		expect(accepted.headers['content-type']).toMatch(/^text\/plain/);
		expect((await verify('a-wrong-token')).status).toBe(403);
		await running.expectNoNewExecutions(WORKFLOW.id, before, 2_000);
	});

	it("no app secret, verify token or access token in the server's log, the CLI logs or the answers", async () => {
		expect(await requireServer().secretLeaks(SECRETS)).toEqual([]);
	});
});
