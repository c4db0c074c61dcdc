// Get Media in a real n8n (`n8n start`, the packed package installed as users get it): a signed
// webhook with a customer's photo starts WhatsApp Session Trigger → Get Media → a Code node that
// reads the file back with n8n's own binary helper, as any following node would. The mock
// provider serves the metadata and the bytes; the execution must hold exactly those bytes.
import { createHmac } from 'node:crypto';

import { BUSINESS, connectlyMessage, metaBody, metaContact, metaMessage, metaValue } from '../support/inboundSamples';
import { FILE_URL_TOKEN, mediaResponder, servedFileUrl, sha256Hex, type ServedMedia } from '../support/mockMedia';
import { MockProvider, type MockResponder } from '../support/mockProvider';
import { chainWorkflow, nodeOutputItems, type JsonObject, type N8nWorkflow, type WorkflowNodeSpec } from './lib/n8n';
import { executionNodeOutput, type ApiExecution } from './lib/n8nApi';
import type { N8nServerOptions } from './lib/n8nServer';
import { whatsAppNode } from './lib/nodeFixture';
import { useServerWithPackage } from './lib/serverSuite';

jest.setTimeout(5 * 60_000);

const META_APP_SECRET = 'e2e_MEDIA_app_secret_31d7';
const META_ACCESS_TOKEN = 'e2e_MEDIA_access_token_8a4e';
const CONNECTLY_SECRET = 'e2e_MEDIA_connectly_secret_5b2';
const CONNECTLY_KEY = 'e2e_MEDIA_connectly_key_0f9';
const SECRETS = [META_APP_SECRET, META_ACCESS_TOKEN, CONNECTLY_SECRET, CONNECTLY_KEY, FILE_URL_TOKEN];

const CREDENTIALS = {
	meta: { whatsAppCloudApi: { id: 'cred-media-meta', name: 'Meta' } },
	connectly: { connectlyApi: { id: 'cred-media-connectly', name: 'Connectly' } },
};

const HOOKS = {
	meta: '7a1d2c3b-4e5f-4a6b-8c7d-000000000019',
	connectly: '7a1d2c3b-4e5f-4a6b-8c7d-000000000020',
	connectlyOtherHosts: '7a1d2c3b-4e5f-4a6b-8c7d-000000000021',
} as const;

/** A small JPEG's worth of arbitrary bytes, every value 0-255 among them, so no text encoding survives by luck. */
const PHOTO: ServedMedia = { id: '1042381205592316', bytes: Buffer.from(Array.from({ length: 3000 }, (_unused, index) => (index * 7) % 256)), mimeType: 'image/jpeg' };
const TAMPERED: ServedMedia = { id: '7770001', bytes: Buffer.from('bytes that are not the described file'), mimeType: 'image/png', claimedSha256: sha256Hex(Buffer.from('the described file')) };

const TRIGGER = 'WhatsApp Session Trigger';
const GET = 'Get the file';
const READ = 'Read the file';

function triggerNode(webhookId: string, provider: string, credentials: WorkflowNodeSpec['credentials']): WorkflowNodeSpec {
	return { name: TRIGGER, type: 'n8n-nodes-whatsapp-session.whatsAppSessionTrigger', typeVersion: 1, webhookId, parameters: { provider }, credentials };
}

/** What a following node does with the file: reads it through n8n's helper, whatever the binary mode. */
const READ_BACK: WorkflowNodeSpec = {
	name: READ,
	type: 'n8n-nodes-base.code',
	typeVersion: 2,
	parameters: {
		jsCode: [
			'const items = $input.all();',
			'const out = [];',
			'for (let index = 0; index < items.length; index++) {',
			"  const bytes = await this.helpers.getBinaryDataBuffer(index, 'data');",
			"  out.push({ json: { base64: bytes.toString('base64'), length: bytes.length, mimeType: items[index].binary.data.mimeType, fileName: items[index].binary.data.fileName } });",
			'}',
			'return out;',
		].join('\n'),
	},
};

const WORKFLOWS = {
	meta: chainWorkflow('mediaGetMeta', 'Get Media from Meta', triggerNode(HOOKS.meta, 'metaCloudApi', CREDENTIALS.meta), [
		whatsAppNode({ provider: 'metaCloudApi', operation: 'getMedia', receivedMediaId: '={{ $json.media.id }}' }, { name: GET, credentials: CREDENTIALS.meta }),
		READ_BACK,
	]),
	connectly: chainWorkflow('mediaGetConnectly', 'Get Media from Connectly', triggerNode(HOOKS.connectly, 'connectly', CREDENTIALS.connectly), [
		whatsAppNode({ provider: 'connectly', operation: 'getMedia', receivedMediaUrl: '={{ $json.media.url }}' }, { name: GET, credentials: CREDENTIALS.connectly }),
		READ_BACK,
	]),
	connectlyOtherHosts: chainWorkflow('mediaGetConnectlyAny', 'Get Media from any host', triggerNode(HOOKS.connectlyOtherHosts, 'connectly', CREDENTIALS.connectly), [
		whatsAppNode(
			{ provider: 'connectly', operation: 'getMedia', receivedMediaUrl: '={{ $json.media.url }}', options: { allowOtherHosts: true } },
			{ name: GET, credentials: CREDENTIALS.connectly },
		),
		READ_BACK,
	]),
} satisfies Record<string, N8nWorkflow>;

/** Another port on this machine: every host that is neither the provider's nor a declared file host. */
const elsewhere = new MockProvider();
let elsewhereUrl = '';
beforeAll(async () => {
	elsewhereUrl = await elsewhere.start();
});
afterAll(async () => await elsewhere.stop());

let mockProviderUrl = '';
const providerUrl = (): string => mockProviderUrl;
const { provider, server: running } = useServerWithPackage('media-get', (mockUrl): N8nServerOptions => {
	mockProviderUrl = mockUrl;
	return {
	credentials: [
		{
			...CREDENTIALS.meta.whatsAppCloudApi,
			type: 'whatsAppCloudApi',
			data: { accessToken: META_ACCESS_TOKEN, phoneNumberId: BUSINESS.phoneNumberId, baseUrl: mockUrl, appSecret: META_APP_SECRET },
		},
		{
			...CREDENTIALS.connectly.connectlyApi,
			type: 'connectlyApi',
			// Connectly's API is elsewhere: its key must not go to the host that serves the file.
			data: { apiKey: CONNECTLY_KEY, businessId: 'biz-1', baseUrl: 'https://api.connectly.example', webhookSecret: CONNECTLY_SECRET },
		},
	],
	workflows: Object.values(WORKFLOWS),
	publish: Object.values(WORKFLOWS).map((workflow) => workflow.id),
	};
});

function imageBody(messageId: string, media: ServedMedia): JsonObject {
	return metaBody(
		metaValue({
			contacts: [metaContact()],
			messages: [metaMessage(messageId, 'image', { id: media.id, mime_type: media.mimeType, sha256: Buffer.from(sha256Hex(media.bytes), 'hex').toString('base64'), caption: 'My receipt' })],
		}),
	);
}

async function postMeta(body: JsonObject) {
	const raw = Buffer.from(JSON.stringify(body));
	const signature = `sha256=${createHmac('sha256', META_APP_SECRET).update(raw).digest('hex')}`;
	return await running().webhook(`${HOOKS.meta}/webhook`, { method: 'POST', body: raw, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature } });
}

async function postConnectly(hook: string, mediaUrl: string) {
	const raw = Buffer.from(JSON.stringify(connectlyMessage({ attachments: [{ type: 'image', url: mediaUrl }] })));
	const signature = createHmac('sha256', CONNECTLY_SECRET).update(raw).digest('base64');
	return await running().webhook(`${hook}/webhook`, { method: 'POST', body: raw, headers: { 'content-type': 'text/plain', 'x-connectly-hmac-sha256': signature } });
}

/** Posts one webhook with the mock serving `files` (or answering as `responder` says), and returns the execution it started (after `seen` others). */
async function executionOf(
	post: () => Promise<{ status: number }>,
	files: ServedMedia[],
	workflowId: string,
	seen: number,
	responder: MockResponder = mediaResponder(providerUrl, files),
): Promise<ApiExecution> {
	provider.reset();
	provider.respondWith(responder);
	expect((await post()).status).toBe(200);
	const executions = await running().waitForExecutions(workflowId, seen + 1);
	const newest = executions[seen];
	if (!newest) throw new Error(`no execution #${seen + 1} of ${workflowId}`);
	return newest;
}

describe('trigger (image message) → Get Media → a node that reads the file', () => {
	it('Meta: the execution holds the very bytes the provider served, with their MIME type, name, sha256 and size', async () => {
		const execution = await executionOf(async () => await postMeta(imageBody('wamid.MEDIA1', PHOTO)), [PHOTO, TAMPERED], WORKFLOWS.meta.id, 0);
		expect(execution.status).toBe('success');
		expect(executionNodeOutput(execution, GET)).toEqual([
			{ mediaId: PHOTO.id, provider: 'metaCloudApi', fileName: `${PHOTO.id}.jpg`, mimeType: 'image/jpeg', sha256: sha256Hex(PHOTO.bytes), fileSize: PHOTO.bytes.length, sha256Checked: true },
		]);
		// n8n's own record of the binary field, as the editor shows it.
		const [item] = execution.data ? nodeOutputItems({ data: execution.data }, GET) : [];
		expect(item?.binary?.data).toEqual(expect.objectContaining({ mimeType: 'image/jpeg', fileName: `${PHOTO.id}.jpg`, fileExtension: 'jpg' }));
		expect(executionNodeOutput(execution, READ)).toEqual([
			{ base64: PHOTO.bytes.toString('base64'), length: PHOTO.bytes.length, mimeType: 'image/jpeg', fileName: `${PHOTO.id}.jpg` },
		]);
		// The metadata, then the temporary URL, both with the credential's Bearer token.
		expect(provider.requests.map((request) => [request.method, request.path, request.headers.authorization])).toEqual([
			['GET', `/v23.0/${PHOTO.id}`, `Bearer ${META_ACCESS_TOKEN}`],
			['GET', `/files/${PHOTO.id}?token=${FILE_URL_TOKEN}`, `Bearer ${META_ACCESS_TOKEN}`],
		]);
		const saved = JSON.stringify(execution);
		for (const secret of [META_ACCESS_TOKEN, FILE_URL_TOKEN, '/files/']) expect(saved).not.toContain(secret);
	});

	it('Meta: a file that does not match its sha256 fails the execution, naming the checksum, and nothing reads it', async () => {
		const execution = await executionOf(async () => await postMeta(imageBody('wamid.MEDIA2', TAMPERED)), [PHOTO, TAMPERED], WORKFLOWS.meta.id, 1);
		expect(execution.status).toBe('error');
		const error = execution.data?.resultData.error;
		expect(error?.message).toBe('Item 0: the file received does not match the sha256 checksum the provider gave for it');
		expect(execution.data?.resultData.runData[READ]).toBeUndefined();
		const saved = JSON.stringify(execution);
		for (const secret of [META_ACCESS_TOKEN, FILE_URL_TOKEN, '/files/']) expect(saved).not.toContain(secret);
	});

	it('Connectly: with Allow Other Hosts, the trigger\'s media URL is downloaded without the API key and read back whole', async () => {
		const post = async () => await postConnectly(HOOKS.connectlyOtherHosts, servedFileUrl(providerUrl(), PHOTO.id));
		const execution = await executionOf(post, [PHOTO], WORKFLOWS.connectlyOtherHosts.id, 0);
		expect(execution.status).toBe('success');
		expect(provider.requests.map((request) => [request.path, request.headers['x-api-key']])).toEqual([[`/files/${PHOTO.id}?token=${FILE_URL_TOKEN}`, undefined]]);
		expect(executionNodeOutput(execution, READ)).toEqual([
			{ base64: PHOTO.bytes.toString('base64'), length: PHOTO.bytes.length, mimeType: 'image/jpeg', fileName: `${PHOTO.id}.jpg` },
		]);
		expect(executionNodeOutput(execution, GET)[0]).toEqual(expect.objectContaining({ sha256: sha256Hex(PHOTO.bytes), sha256Checked: false }));
	});
});

describe('hostile input: a forged event and a redirect (issue 21)', () => {
	it('Connectly: a signed event whose media URL names another local port fails the item, and that port sees nothing', async () => {
		elsewhere.reset();
		elsewhere.respondWith(mediaResponder(() => elsewhereUrl, [PHOTO]));
		const execution = await executionOf(async () => await postConnectly(HOOKS.connectly, servedFileUrl(elsewhereUrl, PHOTO.id)), [PHOTO], WORKFLOWS.connectly.id, 0);
		expect(execution.status).toBe('error');
		expect(execution.data?.resultData.error?.message).toBe(
			`Item 0: The Media URL names a file on the host "${new URL(elsewhereUrl).host}", which Get Media does not fetch from`,
		);
		expect(elsewhere.requests).toEqual([]);
		expect(provider.requests).toEqual([]);
		// The trigger's item holds the URL it was given; the error names the host only.
		expect(JSON.stringify(execution.data?.resultData.error)).not.toContain(FILE_URL_TOKEN);
	});

	it('Meta: a metadata answer redirecting to another origin is not followed, and the token reaches nothing there', async () => {
		elsewhere.reset();
		const execution = await executionOf(async () => await postMeta(imageBody('wamid.MEDIA3', PHOTO)), [], WORKFLOWS.meta.id, 2, () => ({
			status: 302,
			headers: { location: `${elsewhereUrl}/v23.0/${PHOTO.id}` },
			body: {},
		}));
		expect(execution.status).toBe('error');
		expect(execution.data?.resultData.error?.message).toBe('Item 0: the provider refused the media\'s details for this media ID (HTTP 302)');
		expect(provider.requests.map((request) => request.headers.authorization)).toEqual([`Bearer ${META_ACCESS_TOKEN}`]);
		expect(elsewhere.requests).toEqual([]);
	});

	it('Meta: a file URL that redirects to another origin is refused at that hop, and nothing reaches it', async () => {
		elsewhere.reset();
		const files = mediaResponder(providerUrl, [PHOTO]);
		const execution = await executionOf(async () => await postMeta(imageBody('wamid.MEDIA4', PHOTO)), [], WORKFLOWS.meta.id, 3, (request, index) =>
			request.path.startsWith('/files/') ? { status: 307, headers: { location: `${elsewhereUrl}/stolen` }, body: {} } : files(request, index),
		);
		expect(execution.status).toBe('error');
		expect(execution.data?.resultData.error?.message).toBe(
			`Item 0: The file's host redirected to a URL that names a file on the host "${new URL(elsewhereUrl).host}", which Get Media does not fetch from`,
		);
		expect(provider.requests).toHaveLength(2);
		expect(elsewhere.requests).toEqual([]);
	});
});

describe('secrets', () => {
	it('appear in none of n8n\'s logs or the webhook answers', async () => {
		expect(await running().secretLeaks(SECRETS)).toEqual([]);
	});
});
