// The packed node in the pinned n8n 1.x (1.123.81 on Node 22): a compact run of what the full
// 2.x suite (whatsAppSession.test.ts) proves, to show the package works for users still on 1.x.
// Installed the way n8n installs a community package, credential and workflows imported with the
// CLI, every workflow run with `n8n execute`.
// The first run installs n8n 1.123.81 into .cache/n8n-1.123.81 (about 5 min on an empty npm cache,
// 1.6 GB).
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';

import { valueAt } from '../support/json';
import { cloudApiAccepted, cloudApiError, MockProvider } from '../support/mockProvider';
import { manualWorkflow, N8N_1X_VERSION, nodeError, nodeOutputJson, runError, type JsonObject, type N8nSandbox, type N8nWorkflow } from './lib/n8n';
import { codeNode as code, NODE, sandboxWithPackage, whatsAppNode as whatsApp, WorkflowRunner } from './lib/nodeFixture';

jest.setTimeout(10 * 60_000);
const INSTALL_TIMEOUT_MS = 35 * 60_000;

const TOKEN = 'e2e1x_TOKEN_secret_c0ffee';
const KEY = 'e2e1x/KEY?secret#17';
const SESSION_PATH = `/api/v1.0/1555000111/${encodeURIComponent(KEY)}/simpleMessages`;
const RECIPIENT = '+91 98801-32082';
const RETRY_AFTER_SECONDS = 2;

const provider = new MockProvider();
let sandbox: N8nSandbox;
let dispose: (() => Promise<void>) | undefined;
let runner: WorkflowRunner;

const TWO_ITEMS = `return [
  { json: { phone: '+91 98801 00001', name: 'Asha', buttons: [{ id: 'a1', title: 'Track' }] } },
  { json: { phone: '0091 98801 00002', name: 'Ravi', buttons: [{ id: 'b1', title: 'Track' }, { id: 'b2', title: 'Cancel' }] } },
];`;

const BAD_MIDDLE = `return [
  { json: { phone: '+91 98801 00001', text: 'first' } },
  { json: { phone: '+91 98801 00002', text: '' } },
  { json: { phone: '+91 98801 00003', text: 'third' } },
];`;

const WORKFLOWS: N8nWorkflow[] = [
	manualWorkflow('x1-text', 'x1-text', [whatsApp({ operation: 'sendText', recipient: RECIPIENT, textBody: 'Hello from n8n 1.x' })]),
	manualWorkflow('x1-buttons-json', 'x1-buttons-json', [
		code(TWO_ITEMS),
		whatsApp({
			operation: 'sendReplyButtons',
			recipient: '={{ $json.phone }}',
			bodyText: '=Hi {{ $json.name }}, what next?',
			buttonsInputMode: 'json',
			buttonsJson: '={{ $json.buttons }}',
		}),
	]),
	manualWorkflow('x1-bad-item-continue', 'x1-bad-item-continue', [
		code(BAD_MIDDLE),
		whatsApp({ operation: 'sendText', recipient: '={{ $json.phone }}', textBody: '={{ $json.text }}' }, { onError: 'continueRegularOutput' }),
	]),
	manualWorkflow('x1-window-closed', 'x1-window-closed', [whatsApp({ operation: 'sendText', recipient: RECIPIENT, textBody: 'Late reply' })]),
	manualWorkflow('x1-retry-after', 'x1-retry-after', [whatsApp({ operation: 'sendText', recipient: RECIPIENT, textBody: 'After the wait' })]),
];

const execute: WorkflowRunner['execute'] = async (id, responder) => await runner.execute(id, responder);
const bodies = (): JsonObject[] => runner.bodies();

describe(`the packed node in n8n ${N8N_1X_VERSION}`, () => {
	beforeAll(async () => {
		const baseUrl = await provider.start();
		({ sandbox, dispose } = await sandboxWithPackage({ label: 'n8n-1x', version: N8N_1X_VERSION, installTimeoutMs: INSTALL_TIMEOUT_MS }));
		runner = new WorkflowRunner(sandbox, provider);
		await sandbox.importCredentials([
			{
				id: 'cred-session',
				name: 'Session provider',
				type: 'whatsAppSessionApi',
				data: { domain: baseUrl, phoneNumberId: '1555000111', apiKey: KEY, accessToken: TOKEN, sessionPath: '/api/v1.0/{phoneNumberId}/{key}/simpleMessages' },
			},
		]);
		await sandbox.importWorkflows(WORKFLOWS);
	}, INSTALL_TIMEOUT_MS + 5 * 60_000);

	afterAll(async () => {
		await dispose?.();
		await provider.stop();
	});

	it('runs on the pinned 1.x', async () => {
		const result = await sandbox.runCli(['--version']);
		expect(result.stdout.trim().split('\n').pop()).toBe(N8N_1X_VERSION);
	});

	it('sends a text: exact path, Bearer token and body; output paired to the input', async () => {
		const result = await execute('x1-text');
		expect(result.exitCode).toBe(0);
		expect(provider.requests).toHaveLength(1);
		const [request] = provider.requests;
		expect(request.path).toBe(SESSION_PATH);
		expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(request.body).toEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: '919880132082',
			type: 'text',
			text: { preview_url: false, body: 'Hello from n8n 1.x' },
		});
		expect(nodeOutputJson(result.run, NODE)).toEqual([
			{
				messageId: 'wamid.mock.1',
				recipient: '919880132082',
				waId: '919880132082',
				provider: 'cloudApiCompatible',
				status: 'accepted',
				response: { messaging_product: 'whatsapp', contacts: [{ input: '919880132082', wa_id: '919880132082' }], messages: [{ id: 'wamid.mock.1' }] },
			},
		]);
	});

	it('reply buttons from a JSON expression, one message per item', async () => {
		const result = await execute('x1-buttons-json');
		expect(result.exitCode).toBe(0);
		expect(bodies().map((body) => body.to)).toEqual(['919880100001', '919880100002']);
		expect(bodies()[1]).toMatchObject({
			type: 'interactive',
			interactive: {
				type: 'button',
				body: { text: 'Hi Ravi, what next?' },
				action: { buttons: [{ type: 'reply', reply: { id: 'b1', title: 'Track' } }, { type: 'reply', reply: { id: 'b2', title: 'Cancel' } }] },
			},
		});
		expect(nodeOutputJson(result.run, NODE).map((item) => item.messageId)).toEqual(['wamid.mock.1', 'wamid.mock.2']);
	});

	it('On Error → Continue: the invalid middle item becomes an error item, the others are sent', async () => {
		const result = await execute('x1-bad-item-continue');
		expect(result.exitCode).toBe(0);
		expect(bodies().map((body) => valueAt(body, 'text', 'body'))).toEqual(['first', 'third']);
		const output = nodeOutputJson(result.run, NODE);
		expect(output).toHaveLength(3);
		expect(output[0]).toMatchObject({ status: 'accepted', recipient: '919880100001' });
		expect(output[1]).toMatchObject({ error: 'Item 1: "Text" is required' });
		expect(output[2]).toMatchObject({ status: 'accepted', recipient: '919880100003' });
	});

	it('a closed 24-hour window (131047) fails the run and reads as such, with the provider code', async () => {
		const result = await execute('x1-window-closed', () => cloudApiError(400, 131047, 'Re-engagement message', 'More than 24 hours have passed'));
		expect(result.exitCode).toBe(1);
		expect(provider.requests).toHaveLength(1);
		const error = nodeError(result.run, NODE) ?? runError(result.run);
		expect(error?.message).toBe('The 24-hour session window is closed for this contact; send a template message instead');
		expect(JSON.stringify(result.run)).toContain('provider code 131047');
	});

	it('a 429 with Retry-After is waited out, then the message is delivered exactly once', async () => {
		let accepted = 0;
		const result = await execute('x1-retry-after', (request, index) => {
			if (index === 0) {
				return { ...cloudApiError(429, 130429, 'Rate limit hit'), headers: { 'retry-after': String(RETRY_AFTER_SECONDS) } };
			}
			accepted += 1;
			return cloudApiAccepted(request, index);
		});
		expect(result.exitCode).toBe(0);
		expect(provider.requests).toHaveLength(2);
		expect(accepted).toBe(1);
		const [first, second] = provider.requests;
		expect(second.rawBody).toBe(first.rawBody);
		// n8n 1.x's sleep() ignores an abort signal; the wait must still be the full Retry-After.
		expect(second.receivedAt - first.receivedAt).toBeGreaterThanOrEqual(RETRY_AFTER_SECONDS * 1_000 - 100);
		expect(nodeOutputJson(result.run, NODE)).toEqual([expect.objectContaining({ status: 'accepted', messageId: 'wamid.mock.2' })]);
	});

	it("no token or key in n8n's output or logs", async () => {
		const logDir = path.join(sandbox.runDir, 'logs');
		const logs = await Promise.all((await readdir(logDir)).map(async (file) => await readFile(path.join(logDir, file), 'utf8')));
		const everything = [...runner.transcripts, ...logs].join('\n');
		expect(runner.transcripts.length).toBeGreaterThanOrEqual(2 * 5);
		for (const secret of [TOKEN, KEY, encodeURIComponent(KEY)]) expect(everything).not.toContain(secret);
	});
});
