// The `n8n start` harness (lib/n8nServer.ts) on n8n's own Webhook node: one server for the whole
// file, with the packed package installed as users get it. Workflows known up front are imported
// and published before the boot; another is added while the server runs. Exact bytes go in, the
// executions and their run data come back through the public API.
import { chainWorkflow, webhookNode, type N8nWorkflow } from './lib/n8n';
import { executionNodeOutput, type ApiExecution } from './lib/n8nApi';
import type { N8nServerOptions } from './lib/n8nServer';
import { codeNode, NODE, SESSION_CREDENTIAL, whatsAppNode } from './lib/nodeFixture';
import { useServerWithPackage } from './lib/serverSuite';
import { nodeTypeIsKnown } from '../../scripts/demo/instance';

jest.setTimeout(5 * 60_000);

const TOKEN = 'e2e_SERVE_token_secret_31c4';
const KEY = 'e2e/SERVE-key?secret#58';
const SECRETS = [TOKEN, KEY, encodeURIComponent(KEY)];

/** Webhook (answers "Workflow was started" at once, keeps the body's bytes) → Code "Items": what arrived. */
const ECHO: N8nWorkflow = chainWorkflow('harnessEcho', 'Harness echo', webhookNode({ path: 'harness-echo', options: { rawBody: true } }), [
	codeNode(`
const item = $input.first();
const raw = await this.helpers.getBinaryDataBuffer(0, 'data');
return [{ json: { body: item.json.body, rawBody: raw.toString('utf8'), signature: item.json.headers['x-test-signature'] ?? null } }];
`),
]);

/** Webhook → our packed node sending the posted text to the mock provider. */
const SEND: N8nWorkflow = chainWorkflow('harnessSend', 'Harness send', webhookNode({ path: 'harness-send', responseMode: 'lastNode' }), [
	whatsAppNode({ operation: 'sendText', recipient: '={{ $json.body.to }}', textBody: '={{ $json.body.text }}' }),
]);

/** Added while the server runs: GET with a query string → Set "Query". */
const QUERY: N8nWorkflow = chainWorkflow('harnessQuery', 'Harness query', webhookNode({ path: 'harness-query', httpMethod: 'GET' }), [
	{
		name: 'Query',
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		parameters: {
			mode: 'manual',
			assignments: {
				assignments: [
					{ id: 'q', name: 'q', type: 'string', value: '={{ $json.query.q }}' },
					{ id: 'n', name: 'n', type: 'string', value: '={{ $json.query.n }}' },
				],
			},
			options: {},
		},
	},
]);

const { provider, server: requireServer } = useServerWithPackage('n8n-server', (providerUrl): N8nServerOptions => ({
	credentials: [
		{
			id: SESSION_CREDENTIAL.whatsAppSessionApi.id,
			name: SESSION_CREDENTIAL.whatsAppSessionApi.name,
			type: 'whatsAppSessionApi',
			data: { domain: providerUrl, phoneNumberId: '1555000444', apiKey: KEY, accessToken: TOKEN, sessionPath: '/api/v1.0/{phoneNumberId}/{key}/simpleMessages' },
		},
	],
	workflows: [ECHO, SEND],
	publish: [ECHO.id, SEND.id],
}));

describe('n8n start with webhook-triggered workflows', () => {
	let echoed: ApiExecution[] = [];
	// Not what JSON.stringify would write: spaces, an escaped slash, a non-ASCII character, a
	// trailing newline. A signature over the raw body needs exactly these bytes.
	const first = '{ "text" : "h\u00e9llo \\/ one",\n  "n": 1.50 }\n';
	const second = Buffer.from('{"text":"second \u{1F44B}","n":2}', 'utf8');

	it('posting twice starts two executions, each with the exact bytes and headers posted', async () => {
		const running = requireServer();
		const answers = [
			await running.webhook('harness-echo', { body: first, headers: { 'content-type': 'application/json', 'x-test-signature': 'sha256=first' } }),
			await running.webhook('harness-echo', { body: second, headers: { 'content-type': 'application/json', 'x-test-signature': 'sha256=second' } }),
		];
		for (const answer of answers) {
			expect(answer.status).toBe(200);
			expect(answer.body).toEqual({ message: 'Workflow was started' });
			expect(answer.headers['content-type']).toMatch(/^application\/json/);
			expect(answer.rawBody.toString('utf8')).toBe(answer.text);
		}

		echoed = await running.waitForExecutions(ECHO.id, 2);
		expect(echoed.map((execution) => [execution.status, execution.mode])).toEqual([
			['success', 'webhook'],
			['success', 'webhook'],
		]);
		expect(echoed.map((execution) => executionNodeOutput(execution, 'Items'))).toEqual([
			[{ body: { text: 'h\u00e9llo / one', n: 1.5 }, rawBody: first, signature: 'sha256=first' }],
			[{ body: { text: 'second \u{1F44B}', n: 2 }, rawBody: second.toString('utf8'), signature: 'sha256=second' }],
		]);
		await running.expectNoNewExecutions(ECHO.id, echoed, 1_500);
	});

	it('a third post is caught by expectNoNewExecutions, and waitForExecutions fails listing what there is', async () => {
		const running = requireServer();
		expect((await running.webhook('harness-echo', { body: '{"text":"third"}', headers: { 'content-type': 'application/json' } })).status).toBe(200);
		await expect(running.expectNoNewExecutions(ECHO.id, echoed, 10_000)).rejects.toThrow(
			new RegExp(`expected no execution besides \\[${echoed.map((execution) => execution.id).join(', ')}\\] within 10000 ms, got #\\d+ `),
		);
		await expect(running.waitForExecutions(ECHO.id, 5, { timeoutMs: 500 })).rejects.toThrow(
			/expected 5 settled execution\(s\) within 500 ms, has #\d+ success \(webhook\), #\d+ success \(webhook\), #\d+ \w+ \(webhook\)$/,
		);
	});

	it('a workflow added while the server runs answers a GET with its query string', async () => {
		const running = requireServer();
		const [queryId] = await running.addWorkflows([QUERY]);
		if (queryId === undefined) throw new Error('addWorkflows returned no id');
		// n8n registers a published workflow's webhooks a moment after the API answers: webhook() retries the 404s.
		const answer = await running.webhook('harness-query', { query: { q: 'a b&c=d', n: '7' } });
		expect(answer.status).toBe(200);
		const [execution] = await running.waitForExecutions(queryId, 1);
		expect(execution?.status).toBe('success');
		if (!execution) throw new Error('no execution');
		expect(executionNodeOutput(execution, 'Query')).toEqual([{ q: 'a b&c=d', n: '7' }]);
	});

	it('the packed package is loaded: its node sends what the webhook got to the mock provider', async () => {
		const running = requireServer();
		expect(await nodeTypeIsKnown(running.baseUrl, await running.api.session())).toBe(true);
		provider.reset();
		const answer = await running.webhook('harness-send', { body: JSON.stringify({ to: '+91 98801-32082', text: 'Hello from n8n start' }), headers: { 'content-type': 'application/json' } });
		expect(answer.status).toBe(200);
		expect(answer.body).toMatchObject({ status: 'accepted', recipient: '919880132082' });
		expect(provider.requests.map((request) => request.body)).toEqual([
			{ messaging_product: 'whatsapp', recipient_type: 'individual', to: '919880132082', type: 'text', text: { preview_url: false, body: 'Hello from n8n start' } },
		]);
		const [execution] = await running.waitForExecutions(SEND.id, 1);
		if (!execution) throw new Error('no execution');
		expect(executionNodeOutput(execution, NODE)).toEqual([answer.body]);
	});
});

describe('logs', () => {
	it("no token or key in the server's log, the CLI logs or the webhook answers; the scan does read the server's log", async () => {
		const running = requireServer();
		expect(await running.secretLeaks(SECRETS)).toEqual([]);
		// The server's log names its URL ("Editor is now accessible via: …"): the scan finds it there.
		expect(await running.secretLeaks([running.baseUrl])).toContain('secret 1 in logs/n8n-start.log');
	});
});
