// The WhatsApp Session node inside a real n8n: the packed package installed the way n8n installs
// community packages, credentials and workflows imported with the CLI, every workflow run with
// `n8n execute`, and both what the provider received and what n8n output asserted.
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';

import { valueAt } from '../support/json';
import { cloudApiAccepted, cloudApiError, MockProvider } from '../support/mockProvider';
import { connectlyAccepted, CONNECTLY_WINDOW_CLOSED, texterAccepted } from '../support/providerReplies';
import { fixedWindowResponder } from '../support/rateLimitedResponder';
import { manualWorkflow, nodeError, nodeOutputJson, runError, type JsonObject, type N8nSandbox, type N8nWorkflow } from './lib/n8n';
import { codeNode as code, NODE, sandboxWithPackage, whatsAppNode as whatsApp, WorkflowRunner } from './lib/nodeFixture';

jest.setTimeout(15 * 60_000);
const INSTALL_TIMEOUT_MS = 35 * 60_000;

const TOKEN = 'e2e_TOKEN_secret_7c1f9a';
const KEY = 'e2e/KEY?secret#42';
const META_TOKEN = 'e2e_META_token_secret_55aa';
const CONNECTLY_KEY = 'e2e_CONNECTLY_key_secret_9911';
const TEXTER_TOKEN = 'e2e_TEXTER_token_secret_3344';
const SECRETS = [TOKEN, KEY, encodeURIComponent(KEY), META_TOKEN, CONNECTLY_KEY, TEXTER_TOKEN];
const SESSION_PATH = `/api/v1.0/1555000111/${encodeURIComponent(KEY)}/simpleMessages`;

const provider = new MockProvider();
let sandbox: N8nSandbox;
let dispose: (() => Promise<void>) | undefined;
let runner: WorkflowRunner;

const RECIPIENT = '+91 98801-32082';

/** One workflow per operation, and the Cloud API body fields each must produce. */
const OPERATION_CASES: Array<{ id: string; parameters: JsonObject; expected: JsonObject }> = [
	{ id: 'op-text', parameters: { operation: 'sendText', recipient: RECIPIENT, textBody: 'Hello from n8n', previewUrl: true }, expected: { type: 'text', text: { preview_url: true, body: 'Hello from n8n' } } },
	{
		id: 'op-media',
		parameters: { operation: 'sendMedia', recipient: RECIPIENT, mediaType: 'image', mediaSource: 'url', mediaUrl: 'https://example.com/p.jpg', caption: 'A picture' },
		expected: { type: 'image', image: { link: 'https://example.com/p.jpg', caption: 'A picture' } },
	},
	{
		id: 'op-location',
		parameters: { operation: 'sendLocation', recipient: RECIPIENT, latitude: 12.9716, longitude: 77.5946, locationName: 'Office', address: 'MG Road' },
		expected: { type: 'location', location: { latitude: 12.9716, longitude: 77.5946, name: 'Office', address: 'MG Road' } },
	},
	{
		id: 'op-contacts',
		parameters: {
			operation: 'sendContacts',
			recipient: RECIPIENT,
			contacts: { contact: [{ formattedName: 'Asha Rao', firstName: 'Asha', phones: { phone: [{ phone: '+91 98801 32082', type: 'CELL', waId: '919880132082' }] } }] },
		},
		expected: {
			type: 'contacts',
			contacts: [{ name: { formatted_name: 'Asha Rao', first_name: 'Asha' }, phones: [{ phone: '+91 98801 32082', type: 'CELL', wa_id: '919880132082' }] }],
		},
	},
	{
		id: 'op-buttons',
		parameters: {
			operation: 'sendReplyButtons',
			recipient: RECIPIENT,
			bodyText: 'Confirm your order?',
			buttons: { button: [{ id: 'yes', title: 'Yes' }, { id: 'no', title: 'No' }] },
			headerType: 'text',
			headerText: 'Order 1042',
			footerText: 'Reply below',
		},
		expected: {
			type: 'interactive',
			interactive: {
				type: 'button',
				header: { type: 'text', text: 'Order 1042' },
				body: { text: 'Confirm your order?' },
				footer: { text: 'Reply below' },
				action: { buttons: [{ type: 'reply', reply: { id: 'yes', title: 'Yes' } }, { type: 'reply', reply: { id: 'no', title: 'No' } }] },
			},
		},
	},
	{
		id: 'op-list',
		parameters: {
			operation: 'sendList',
			recipient: RECIPIENT,
			bodyText: 'Pick a plan',
			listButtonText: 'Plans',
			sections: { section: [{ title: 'Plans', rows: { row: [{ id: 'basic', title: 'Basic', description: 'One user' }, { id: 'team', title: 'Team' }] } }] },
		},
		expected: {
			type: 'interactive',
			interactive: {
				type: 'list',
				body: { text: 'Pick a plan' },
				action: { button: 'Plans', sections: [{ title: 'Plans', rows: [{ id: 'basic', title: 'Basic', description: 'One user' }, { id: 'team', title: 'Team' }] }] },
			},
		},
	},
	{
		id: 'op-cta',
		parameters: { operation: 'sendCtaUrl', recipient: RECIPIENT, bodyText: 'Track it here', ctaButtonText: 'Track order', ctaUrl: 'https://example.com/t/1042' },
		expected: {
			type: 'interactive',
			interactive: { type: 'cta_url', body: { text: 'Track it here' }, action: { name: 'cta_url', parameters: { display_text: 'Track order', url: 'https://example.com/t/1042' } } },
		},
	},
	{
		id: 'op-location-request',
		parameters: { operation: 'sendLocationRequest', recipient: RECIPIENT, bodyText: 'Where should we deliver?' },
		expected: { type: 'interactive', interactive: { type: 'location_request_message', body: { text: 'Where should we deliver?' }, action: { name: 'send_location' } } },
	},
	{
		id: 'op-reaction',
		parameters: { operation: 'sendReaction', recipient: RECIPIENT, reactionMessageId: 'wamid.CUSTOMER', emoji: '👍' },
		expected: { type: 'reaction', reaction: { message_id: 'wamid.CUSTOMER', emoji: '👍' } },
	},
	{
		id: 'op-quoted',
		parameters: { operation: 'sendText', recipient: RECIPIENT, textBody: 'Yes, it shipped', options: { replyToMessageId: 'wamid.QUOTED' } },
		expected: { type: 'text', text: { preview_url: false, body: 'Yes, it shipped' }, context: { message_id: 'wamid.QUOTED' } },
	},
];

const THREE_ITEMS = `return [
  { json: { phone: '+91 98801 00001', name: 'Asha', buttons: [{ id: 'a1', title: 'Track' }] } },
  { json: { phone: '0091 98801 00002', name: 'Ravi', buttons: [{ id: 'b1', title: 'Track' }, { id: 'b2', title: 'Cancel' }] } },
  { json: { phone: '(+91) 98801-00003', name: 'Meera', buttons: [{ id: 'c1', title: 'Track' }] } },
];`;

const BAD_MIDDLE = `return [
  { json: { phone: '+91 98801 00001', text: 'first' } },
  { json: { phone: '+91 98801 00002', text: '' } },
  { json: { phone: '+91 98801 00003', text: 'third' } },
];`;

const FIVE_ITEMS = `return [0, 1, 2, 3, 4].map((index) => ({ json: { text: 'seed-' + index } }));`;

const THREE_TEXTS = `return [0, 1, 2].map((index) => ({ json: { text: 'wait-' + index } }));`;

const mappedText = { operation: 'sendText', recipient: '={{ $json.phone }}', textBody: '={{ $json.text }}' };

const WORKFLOWS: N8nWorkflow[] = [
	...OPERATION_CASES.map(({ id, parameters }) => manualWorkflow(id, id, [whatsApp(parameters)])),
	manualWorkflow('expressions', 'expressions', [
		code(THREE_ITEMS),
		whatsApp({
			operation: 'sendReplyButtons',
			recipient: '={{ $json.phone }}',
			bodyText: '=Hi {{ $json.name }}, what next?',
			buttonsInputMode: 'json',
			buttonsJson: '={{ $json.buttons }}',
		}),
	]),
	manualWorkflow('bad-item-continue', 'bad-item-continue', [code(BAD_MIDDLE), whatsApp(mappedText, { onError: 'continueRegularOutput' })]),
	manualWorkflow('bad-item-stop', 'bad-item-stop', [code(BAD_MIDDLE), whatsApp(mappedText)]),
	manualWorkflow('window-closed', 'window-closed', [whatsApp({ operation: 'sendText', recipient: RECIPIENT, textBody: 'Late reply' })]),
	manualWorkflow('seed-rate-limit', 'seed-rate-limit', [
		code(FIVE_ITEMS),
		whatsApp({ operation: 'sendText', recipient: RECIPIENT, textBody: '={{ $json.text }}' }),
	]),
	manualWorkflow('max-wait', 'max-wait', [
		code(THREE_TEXTS),
		whatsApp(
			{ operation: 'sendText', recipient: RECIPIENT, textBody: '={{ $json.text }}', delivery: { maxWaitSeconds: 10 } },
			{ onError: 'continueRegularOutput' },
		),
	]),
	manualWorkflow('slow-provider', 'slow-provider', [
		whatsApp({ operation: 'sendText', recipient: RECIPIENT, textBody: 'Slow', options: { timeoutSeconds: 1 } }),
	]),
	manualWorkflow('answer-cut-off', 'answer-cut-off', [whatsApp({ operation: 'sendText', recipient: RECIPIENT, textBody: 'Cut' })]),
	manualWorkflow('answer-not-json', 'answer-not-json', [whatsApp({ operation: 'sendText', recipient: RECIPIENT, textBody: 'Html' })]),
	manualWorkflow('meta', 'meta', [
		whatsApp(
			{ provider: 'metaCloudApi', operation: 'sendText', recipient: RECIPIENT, textBody: 'Via Meta' },
			{ credentials: { whatsAppCloudApi: { id: 'cred-meta', name: 'Meta' } } },
		),
	]),
	manualWorkflow('connectly', 'connectly', [
		whatsApp(
			{ provider: 'connectly', operation: 'sendText', recipient: RECIPIENT, textBody: 'Via Connectly' },
			{ credentials: { connectlyApi: { id: 'cred-connectly', name: 'Connectly' } } },
		),
	]),
	manualWorkflow('connectly-window', 'connectly-window', [
		whatsApp(
			{ provider: 'connectly', operation: 'sendText', recipient: RECIPIENT, textBody: 'Too late' },
			{ credentials: { connectlyApi: { id: 'cred-connectly', name: 'Connectly' } } },
		),
	]),
	manualWorkflow('texter', 'texter', [
		whatsApp(
			{ provider: 'texter', operation: 'sendText', recipient: 'chat-e2e-77', textBody: 'Via Texter' },
			{ credentials: { texterApi: { id: 'cred-texter', name: 'Texter' } } },
		),
	]),
];

const execute: WorkflowRunner['execute'] = async (id, responder) => await runner.execute(id, responder);
const bodies = (): JsonObject[] => runner.bodies();

beforeAll(async () => {
	const baseUrl = await provider.start();
	// A generous per-call limit: a shared 2-core machine under load can take a minute to boot n8n.
	({ sandbox, dispose } = await sandboxWithPackage({
		label: 'whatsapp-session',
		installTimeoutMs: INSTALL_TIMEOUT_MS,
		cliTimeoutMs: 8 * 60_000,
	}));
	runner = new WorkflowRunner(sandbox, provider);
	await sandbox.importCredentials([
		{
			id: 'cred-session',
			name: 'Session provider',
			type: 'whatsAppSessionApi',
			data: { domain: baseUrl, phoneNumberId: '1555000111', apiKey: KEY, accessToken: TOKEN, sessionPath: '/api/v1.0/{phoneNumberId}/{key}/simpleMessages' },
		},
		{ id: 'cred-meta', name: 'Meta', type: 'whatsAppCloudApi', data: { accessToken: META_TOKEN, phoneNumberId: '1555000222', graphApiVersion: 'v23.0', baseUrl } },
		{ id: 'cred-connectly', name: 'Connectly', type: 'connectlyApi', data: { apiKey: CONNECTLY_KEY, businessId: 'biz-e2e', baseUrl } },
		{ id: 'cred-texter', name: 'Texter', type: 'texterApi', data: { projectId: 'proj-e2e', apiToken: TEXTER_TOKEN, baseUrl } },
	]);
	await sandbox.importWorkflows(WORKFLOWS);
});

afterAll(async () => {
	await dispose?.();
	await provider.stop();
});

describe('every operation in a real n8n', () => {
	it.each(OPERATION_CASES)('$id: exact path, headers and body; output paired to the input', async ({ id, expected }) => {
		const result = await execute(id);
		expect(result.exitCode).toBe(0);
		expect(provider.requests).toHaveLength(1);
		const [request] = provider.requests;
		expect(request.path).toBe(SESSION_PATH);
		expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(request.body).toEqual({ messaging_product: 'whatsapp', recipient_type: 'individual', to: '919880132082', ...expected });
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
});

describe('workflows with several items', () => {
	it('maps recipient, body and a JSON array of buttons from the previous node, one message per item', async () => {
		const result = await execute('expressions');
		expect(result.exitCode).toBe(0);
		expect(bodies().map((body) => body.to)).toEqual(['919880100001', '919880100002', '919880100003']);
		expect(bodies()[1]).toMatchObject({
			interactive: {
				body: { text: 'Hi Ravi, what next?' },
				action: { buttons: [{ reply: { id: 'b1', title: 'Track' } }, { reply: { id: 'b2', title: 'Cancel' } }] },
			},
		});
		expect(nodeOutputJson(result.run, NODE).map((item) => item.messageId)).toEqual(['wamid.mock.1', 'wamid.mock.2', 'wamid.mock.3']);
	});

	it('On Error → Continue: the bad middle item becomes an error item, the others are sent', async () => {
		const result = await execute('bad-item-continue');
		expect(result.exitCode).toBe(0);
		expect(bodies().map((body) => valueAt(body, 'text', 'body'))).toEqual(['first', 'third']);
		const output = nodeOutputJson(result.run, NODE);
		expect(output).toHaveLength(3);
		expect(output[0]).toMatchObject({ status: 'accepted', recipient: '919880100001' });
		expect(output[1]).toMatchObject({ error: 'Item 1: "Text" is required' });
		expect(output[2]).toMatchObject({ status: 'accepted', recipient: '919880100003' });
	});

	it('default (stop): the run fails at the bad item, names it, and sends nothing after it', async () => {
		const result = await execute('bad-item-stop');
		expect(result.exitCode).toBe(1);
		expect(nodeError(result.run, NODE)?.message).toBe('Item 1: "Text" is required');
		expect(bodies().map((body) => valueAt(body, 'text', 'body'))).toEqual(['first']);
	});
});

describe('provider behaviour', () => {
	it('a closed 24-hour window reads as such, with the provider code', async () => {
		const result = await execute('window-closed', () => cloudApiError(400, 131047, 'Re-engagement message', 'More than 24 hours have passed'));
		expect(result.exitCode).toBe(1);
		const error = nodeError(result.run, NODE) ?? runError(result.run);
		expect(error?.message).toBe('The 24-hour session window is closed for this contact; send a template message instead');
		expect(JSON.stringify(result.run)).toContain('provider code 131047');
	});

	it("seed 001's rate-limit dialect: every item delivered exactly once", async () => {
		const { respond, ledger } = fixedWindowResponder({ limit: 2, windowMs: 2_000, announce: 'seed001' });
		const result = await execute('seed-rate-limit', respond);
		expect(result.exitCode).toBe(0);
		const markers = [0, 1, 2, 3, 4].map((index) => `seed-${index}`);
		expect(ledger.missing(markers)).toEqual([]);
		expect(ledger.duplicates()).toEqual([]);
		// Paced by the announced remaining/reset: no two-per-window quota is exceeded, so hardly any 429s.
		expect(ledger.rateLimited).toBeLessThanOrEqual(1);
		for (let index = 2; index < ledger.acceptedAt.length; index++) {
			expect((ledger.acceptedAt[index] ?? 0) - (ledger.acceptedAt[index - 2] ?? 0)).toBeGreaterThanOrEqual(1_900);
		}
		expect(nodeOutputJson(result.run, NODE).every((item) => item.status === 'accepted')).toBe(true);
	});

	it("Max Wait 10 s against seed 001's 5-minute quota on every answer: the third item fails at once, unsent", async () => {
		// The real seed window: waiting it out would take 300 s, far beyond the bound below.
		const { respond, ledger } = fixedWindowResponder({ limit: 2, windowMs: 300_000, announce: 'seed001' });
		const result = await execute('max-wait', respond);
		expect(result.exitCode).toBe(0);
		expect(result.durationMs).toBeLessThan(200_000);
		expect(provider.requests).toHaveLength(2);
		expect(ledger.missing(['wait-0', 'wait-1'])).toEqual([]);
		expect(ledger.rateLimited).toBe(0);
		const output = nodeOutputJson(result.run, NODE);
		expect(output.map((item) => item.status ?? item.error)).toEqual([
			'accepted',
			'accepted',
			"The provider's rate limit was reached and the next attempt would have to wait 5 min, more than Max Wait (10 s); the message was not sent",
		]);
	});

	it('a provider slower than the Timeout option: named, with delivery unknown, sent once', async () => {
		const result = await execute('slow-provider', (request, index) => ({ ...cloudApiAccepted(request, index), delayMs: 4_000 }));
		expect(result.exitCode).toBe(1);
		expect((nodeError(result.run, NODE) ?? runError(result.run))?.message).toBe(
			'The provider did not answer within 1 s (the Timeout option); the message may or may not have been delivered',
		);
		expect(provider.requests).toHaveLength(1);
	});

	it('an answer cut off midway reads in plain words and is not resent', async () => {
		const result = await execute('answer-cut-off', (request, index) => ({ ...cloudApiAccepted(request, index), cutOffAnswer: true }));
		expect(result.exitCode).toBe(1);
		expect((nodeError(result.run, NODE) ?? runError(result.run))?.message).toBe(
			'The connection broke while the provider was answering, so its answer is incomplete; the message may or may not have been delivered',
		);
		expect(provider.requests).toHaveLength(1);
	});

	it('a 200 whose body is not JSON stays accepted, and the item says the answer could not be read', async () => {
		const result = await execute('answer-not-json', () => ({ status: 200, rawBody: '<html>queued</html>', headers: { 'content-type': 'text/html' } }));
		expect(result.exitCode).toBe(0);
		expect(nodeOutputJson(result.run, NODE)[0]).toMatchObject({
			status: 'accepted',
			messageId: null,
			warning: expect.stringContaining('its answer could not be read (it is not JSON)'),
		});
		expect(provider.requests).toHaveLength(1);
	});

	it("Meta's Cloud API credential posts to /{version}/{phone number id}/messages", async () => {
		const result = await execute('meta');
		expect(result.exitCode).toBe(0);
		expect(provider.requests[0]?.path).toBe('/v23.0/1555000222/messages');
		expect(provider.requests[0]?.headers.authorization).toBe(`Bearer ${META_TOKEN}`);
		expect(nodeOutputJson(result.run, NODE)[0]).toMatchObject({ provider: 'metaCloudApi', status: 'accepted' });
	});

	it('Connectly: X-API-Key, its own body, and the same output shape', async () => {
		const result = await execute('connectly', connectlyAccepted);
		expect(result.exitCode).toBe(0);
		const [request] = provider.requests;
		expect(request.path).toBe('/v1/businesses/biz-e2e/send/messages');
		expect(request.headers['x-api-key']).toBe(CONNECTLY_KEY);
		expect(request.body).toMatchObject({ recipient: { id: '+919880132082', channelType: 'whatsapp' }, message: { text: 'Via Connectly' } });
		expect(nodeOutputJson(result.run, NODE)[0]).toMatchObject({ provider: 'connectly', status: 'accepted', recipient: '919880132082' });
	});

	it("Connectly's eligibility-window error reads as a closed 24-hour window", async () => {
		const result = await execute('connectly-window', () => CONNECTLY_WINDOW_CLOSED);
		expect(result.exitCode).toBe(1);
		expect((nodeError(result.run, NODE) ?? runError(result.run))?.message).toMatch(/24-hour session window is closed/);
	});

	it('Texter: sends into the chat by its ID with a Bearer token', async () => {
		const result = await execute('texter', texterAccepted);
		expect(result.exitCode).toBe(0);
		const [request] = provider.requests;
		expect(request.path).toBe('/server/api/v2/messages/send/chat-e2e-77');
		expect(request.headers.authorization).toBe(`Bearer ${TEXTER_TOKEN}`);
		expect(request.body).toMatchObject({ type: 'text', text: 'Via Texter' });
		expect(nodeOutputJson(result.run, NODE)[0]).toMatchObject({ provider: 'texter', status: 'accepted', recipient: 'chat-e2e-77' });
	});
});

describe('secrets', () => {
	it("no token, key or key-bearing URL anywhere in n8n's output or logs", async () => {
		const logDir = path.join(sandbox.runDir, 'logs');
		const logs = await Promise.all((await readdir(logDir)).map(async (file) => await readFile(path.join(logDir, file), 'utf8')));
		const everything = [...runner.transcripts, ...logs].join('\n');
		// Every workflow above ran and was recorded.
		expect(runner.transcripts.length).toBeGreaterThanOrEqual(2 * (OPERATION_CASES.length + 9));
		for (const secret of SECRETS) expect(everything).not.toContain(secret);
	});
});
