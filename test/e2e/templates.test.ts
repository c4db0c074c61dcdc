// Send Template and the closed-window fallback inside a real n8n: the packed package installed the
// way n8n installs community packages, workflows run with `n8n execute`, and both what the mock
// provider received and what n8n output asserted.
import { cloudApiAccepted, cloudApiError, MockProvider, type MockReply, type RecordedRequest } from '../support/mockProvider';
import { manualWorkflow, nodeOutputJson, type JsonObject, type N8nSandbox, type N8nWorkflow } from './lib/n8n';
import { NODE, sandboxWithPackage, whatsAppNode as whatsApp, WorkflowRunner } from './lib/nodeFixture';

jest.setTimeout(15 * 60_000);

const TOKEN = 'e2e_TEMPLATE_token_secret_4411';
const KEY = 'e2e-template-KEY-secret';
const SESSION_PATH = `/api/v1.0/1555000111/${KEY}/simpleMessages`;
// The credential below is saved without a Template Endpoint Path, as before templates existed.
const TEMPLATE_PATH = `/api/v1.0/1555000111/${KEY}/messages`;
const RECIPIENT = '+91 98801-32082';
const WINDOW_CLOSED = cloudApiError(400, 131047, 'Re-engagement message', 'More than 24 hours have passed since the recipient last replied.');

const TEMPLATE: JsonObject = {
	templateName: 'order_update',
	templateLanguage: 'en',
	templateHeaderType: 'document',
	templateHeaderMediaSource: 'url',
	templateHeaderMediaUrl: 'https://example.com/invoice.pdf',
	templateBodyParameters: { parameter: [{ text: '1042' }] },
	templateButtons: { button: [{ type: 'url', index: 0, value: '1042' }] },
};

const TEMPLATE_BODY = {
	messaging_product: 'whatsapp',
	recipient_type: 'individual',
	to: '919880132082',
	type: 'template',
	template: {
		name: 'order_update',
		language: { code: 'en' },
		components: [
			{ type: 'header', parameters: [{ type: 'document', document: { link: 'https://example.com/invoice.pdf' } }] },
			{ type: 'body', parameters: [{ type: 'text', text: '1042' }] },
			{ type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: '1042' }] },
		],
	},
};

const WORKFLOWS: N8nWorkflow[] = [
	manualWorkflow('send-template', 'send-template', [whatsApp({ operation: 'sendTemplate', recipient: RECIPIENT, ...TEMPLATE })]),
	manualWorkflow('fallback', 'fallback', [
		whatsApp({ operation: 'sendText', recipient: RECIPIENT, textBody: 'Your order shipped', windowClosedAction: 'sendTemplate', ...TEMPLATE }),
	]),
	manualWorkflow('fallback-refused', 'fallback-refused', [
		whatsApp(
			{ operation: 'sendText', recipient: RECIPIENT, textBody: 'Your order shipped', windowClosedAction: 'sendTemplate', ...TEMPLATE },
			{ onError: 'continueRegularOutput' },
		),
	]),
];

const provider = new MockProvider();
let sandbox: N8nSandbox;
let dispose: (() => Promise<void>) | undefined;
let runner: WorkflowRunner;

beforeAll(async () => {
	const baseUrl = await provider.start();
	({ sandbox, dispose } = await sandboxWithPackage({ label: 'whatsapp-templates', installTimeoutMs: 35 * 60_000, cliTimeoutMs: 8 * 60_000 }));
	runner = new WorkflowRunner(sandbox, provider);
	await sandbox.importCredentials([
		{ id: 'cred-session', name: 'Session provider', type: 'whatsAppSessionApi', data: { domain: baseUrl, phoneNumberId: '1555000111', apiKey: KEY, accessToken: TOKEN } },
	]);
	await sandbox.importWorkflows(WORKFLOWS);
}, 40 * 60_000);

afterAll(async () => {
	await dispose?.();
	await provider.stop();
});

/** The session endpoint answers with `session`; the template endpoint with `template`. */
const byPath =
	(session: MockReply, template: (request: RecordedRequest, index: number) => MockReply) =>
	(request: RecordedRequest, index: number): MockReply =>
		request.path === TEMPLATE_PATH ? template(request, index) : session;

it('Send Template: one POST of the exact body to the template path; the output says template', async () => {
	const result = await runner.execute('send-template');
	expect(result.exitCode).toBe(0);
	expect(provider.requests.map((request) => request.path)).toEqual([TEMPLATE_PATH]);
	expect(provider.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
	expect(provider.requests[0]?.body).toEqual(TEMPLATE_BODY);
	expect(nodeOutputJson(result.run, NODE)).toEqual([expect.objectContaining({ messageId: 'wamid.mock.1', status: 'accepted', sentAs: 'template' })]);
});

it('the window is closed: the session message is refused, exactly one template goes out, the output says so', async () => {
	const result = await runner.execute('fallback', byPath(WINDOW_CLOSED, cloudApiAccepted));
	expect(result.exitCode).toBe(0);
	expect(provider.requests.map((request) => request.path)).toEqual([SESSION_PATH, TEMPLATE_PATH]);
	expect(provider.requests[1]?.body).toEqual(TEMPLATE_BODY);
	expect(nodeOutputJson(result.run, NODE)).toEqual([
		expect.objectContaining({ messageId: 'wamid.mock.2', status: 'accepted', sentAs: 'template', windowClosedCode: '131047' }),
	]);
});

it('the window is open: only the session message; the output says session', async () => {
	const result = await runner.execute('fallback');
	expect(result.exitCode).toBe(0);
	expect(provider.requests.map((request) => request.path)).toEqual([SESSION_PATH]);
	expect(nodeOutputJson(result.run, NODE)).toEqual([expect.objectContaining({ status: 'accepted', sentAs: 'session' })]);
});

it('the template is refused too: with On Error → Continue, the item\'s error names both refusals', async () => {
	const result = await runner.execute('fallback-refused', byPath(WINDOW_CLOSED, () => cloudApiError(400, 132001, 'Template name does not exist in the translation')));
	expect(result.exitCode).toBe(0);
	expect(provider.requests.map((request) => request.path)).toEqual([SESSION_PATH, TEMPLATE_PATH]);
	const [item] = nodeOutputJson(result.run, NODE);
	expect(String(item?.error)).toMatch(/^The 24-hour window was closed \(131047\) and the template sent instead failed too: /);
	expect(String(item?.description)).toContain('Template name does not exist');
	for (const transcript of runner.transcripts) {
		expect(transcript).not.toContain(TOKEN);
		expect(transcript).not.toContain(KEY);
	}
});
