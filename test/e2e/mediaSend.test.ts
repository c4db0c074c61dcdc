// Send Media from an n8n binary file inside a real n8n (`n8n start`, the packed package installed
// as users get it): a Code node makes the file from what a webhook posted, n8n keeps it as binary
// data, and the node reads it back, uploads it once and sends it to every recipient by its ID.
// What the mock provider received is asserted byte for byte.
import type { RecordedRequest } from '../support/mockProvider';
import { boundaryOf, expectedUploadBody, isUpload, uploadsAnd } from '../support/mediaUploads';
import { chainWorkflow, webhookNode, type N8nWorkflow } from './lib/n8n';
import { executionNodeOutput } from './lib/n8nApi';
import type { N8nServerOptions } from './lib/n8nServer';
import { codeNode, NODE, SESSION_CREDENTIAL, whatsAppNode } from './lib/nodeFixture';
import { useServerWithPackage } from './lib/serverSuite';

jest.setTimeout(5 * 60_000);

const TOKEN = 'e2e_MEDIA_token_secret_90ad';
const KEY = 'e2e/MEDIA-key?secret#77';
const META_TOKEN = 'e2e_MEDIA_meta_token_secret_1b2e';
const SECRETS = [TOKEN, KEY, encodeURIComponent(KEY), META_TOKEN];
const META_CREDENTIAL = { whatsAppCloudApi: { id: 'cred-meta-media', name: 'Meta (media)' } };

/**
 * Webhook → Code "Items": one item per posted file entry, its bytes as n8n binary data in `data`
 * (returned base64, as the Code node takes binary) → the node under test.
 */
const MAKE_FILES = codeNode(`
const { files } = $input.first().json.body;
return files.map((file) => ({
	json: { to: file.to },
	binary: { data: { data: file.size ? Buffer.alloc(file.size, 0xff).toString('base64') : file.base64, mimeType: file.mimeType, fileName: file.fileName } },
}));
`);

const SESSION_SEND: N8nWorkflow = chainWorkflow('mediaSendSession', 'Media send (session)', webhookNode({ path: 'media-send-session' }), [
	MAKE_FILES,
	whatsAppNode({
		operation: 'sendMedia',
		recipient: '={{ $json.to }}',
		mediaType: 'document',
		mediaSource: 'binary',
		binaryPropertyName: 'data',
		caption: 'Today\'s prices',
	}),
]);

const META_SEND: N8nWorkflow = chainWorkflow('mediaSendMeta', 'Media send (Meta)', webhookNode({ path: 'media-send-meta' }), [
	MAKE_FILES,
	whatsAppNode(
		{ provider: 'metaCloudApi', operation: 'sendMedia', recipient: '={{ $json.to }}', mediaType: 'image', mediaSource: 'binary', binaryPropertyName: 'data' },
		{ credentials: META_CREDENTIAL, onError: 'continueRegularOutput' },
	),
]);

const { provider, server: requireServer } = useServerWithPackage('media-send', (providerUrl): N8nServerOptions => ({
	credentials: [
		{
			id: SESSION_CREDENTIAL.whatsAppSessionApi.id,
			name: SESSION_CREDENTIAL.whatsAppSessionApi.name,
			type: 'whatsAppSessionApi',
			// The Media Upload Path starts empty (the seed's documents name no upload endpoint): set as a user whose provider confirmed it.
			data: { domain: providerUrl, phoneNumberId: '1555000333', apiKey: KEY, accessToken: TOKEN, mediaUploadPath: '/api/v1.0/{phoneNumberId}/{key}/media' },
		},
		{
			id: META_CREDENTIAL.whatsAppCloudApi.id,
			name: META_CREDENTIAL.whatsAppCloudApi.name,
			type: 'whatsAppCloudApi',
			data: { accessToken: META_TOKEN, phoneNumberId: '1555000444', graphApiVersion: 'v23.0', baseUrl: providerUrl },
		},
	],
	workflows: [SESSION_SEND, META_SEND],
	publish: [SESSION_SEND.id, META_SEND.id],
}));

/** Bytes no text encoding would keep: NUL, 0xFF, a lone CR LF, a high byte. */
const CSV = Buffer.concat([Buffer.from('item,price\r\nDosa,120\n'), Buffer.from([0x00, 0xff, 0x80, 0x0d, 0x0a])]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0xff, 0xd9]);

const paths = (requests: RecordedRequest[]) => requests.map((request) => request.path);

async function post(webhookPath: string, files: object[]): Promise<void> {
	const answer = await requireServer().webhook(webhookPath, { body: JSON.stringify({ files }), headers: { 'content-type': 'application/json' } });
	expect(answer.status).toBe(200);
}

it('Code node → Send Media from its binary file: one upload of the exact bytes to the credential\'s Media Upload Path, then one send per recipient by the media ID', async () => {
	const running = requireServer();
	provider.reset();
	provider.respondWith(uploadsAnd());
	const file = { base64: CSV.toString('base64'), mimeType: 'text/csv', fileName: 'price-list.csv' };
	await post('media-send-session', [
		{ to: '+91 98801 32082', ...file },
		{ to: '+91 98801 32083', ...file },
		{ to: '+91 98801 32084', ...file },
	]);
	const [execution] = await running.waitForExecutions(SESSION_SEND.id, 1);
	if (!execution) throw new Error('no execution');
	expect(execution.status).toBe('success');

	const key = encodeURIComponent(KEY);
	expect(paths(provider.requests)).toEqual([
		`/api/v1.0/1555000333/${key}/media`,
		`/api/v1.0/1555000333/${key}/simpleMessages`,
		`/api/v1.0/1555000333/${key}/simpleMessages`,
		`/api/v1.0/1555000333/${key}/simpleMessages`,
	]);
	const [upload, ...sends] = provider.requests;
	if (upload === undefined) throw new Error('no upload');
	expect(upload.headers.authorization).toBe(`Bearer ${TOKEN}`);
	expect(upload.bodyBytes.equals(expectedUploadBody(boundaryOf(upload), { bytes: CSV, mimeType: 'text/csv', fileName: 'price-list.csv' }))).toBe(true);
	expect(sends.map((request) => request.body)).toEqual(
		['919880132082', '919880132083', '919880132084'].map((to) => ({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to,
			type: 'document',
			document: { id: 'media.mock.1', caption: 'Today\'s prices', filename: 'price-list.csv' },
		})),
	);
	const output = executionNodeOutput(execution, NODE);
	expect(output.map((item) => [item.status, item.mediaId])).toEqual([
		['accepted', 'media.mock.1'],
		['accepted', 'media.mock.1'],
		['accepted', 'media.mock.1'],
	]);
	expect(JSON.stringify(output)).not.toContain(CSV.toString('base64'));
});

it('Meta: a JPEG goes up to /{version}/{phone number ID}/media and out as an image; a 6 MB one fails before anything is sent for it', async () => {
	const running = requireServer();
	provider.reset();
	provider.respondWith(uploadsAnd());
	await post('media-send-meta', [
		{ to: '+91 98801 32082', base64: JPEG.toString('base64'), mimeType: 'image/jpeg', fileName: 'photo.jpg' },
		{ to: '+91 98801 32083', size: 6 * 1024 * 1024, mimeType: 'image/jpeg', fileName: 'big.jpg' },
	]);
	const [execution] = await running.waitForExecutions(META_SEND.id, 1);
	if (!execution) throw new Error('no execution');
	expect(paths(provider.requests)).toEqual(['/v23.0/1555000444/media', '/v23.0/1555000444/messages']);
	const [upload, send] = provider.requests;
	if (upload === undefined || send === undefined) throw new Error('expected an upload and a send');
	expect(upload.headers.authorization).toBe(`Bearer ${META_TOKEN}`);
	expect(provider.requests.filter(isUpload)).toHaveLength(1);
	expect(upload.bodyBytes.equals(expectedUploadBody(boundaryOf(upload), { bytes: JPEG, mimeType: 'image/jpeg', fileName: 'photo.jpg' }))).toBe(true);
	expect(send.body).toEqual({ messaging_product: 'whatsapp', recipient_type: 'individual', to: '919880132082', type: 'image', image: { id: 'media.mock.1' } });
	const [sent, refused] = executionNodeOutput(execution, NODE);
	expect(sent).toMatchObject({ status: 'accepted', mediaId: 'media.mock.1' });
	expect(refused?.error).toBe('Item 1: "Input Binary Field" holds the file "big.jpg" of 6,291,456 bytes (6 MB); an image may be at most 5,242,880 bytes (5 MB)');
});

it('no token or key in the server\'s log, the CLI logs or the webhook answers', async () => {
	expect(await requireServer().secretLeaks(SECRETS)).toEqual([]);
});
