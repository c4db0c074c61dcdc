// Issue 21, the outbound half, through the node's real execute() over real HTTP: a second mock on
// another port ("elsewhere") stands for every host that is not the provider's, and records what
// arrives there. The stand-in follows redirects as n8n 2.41's helper does (Authorization and other
// headers go along to any origin) unless the node says not to.
import axios from 'axios';
import type { ICredentialDataDecryptedObject, ICredentialTestRequest, IDataObject } from 'n8n-workflow';

import { ConnectlyApi } from '../../credentials/ConnectlyApi.credentials';
import { WhatsAppCloudApi } from '../../credentials/WhatsAppCloudApi.credentials';
import { WhatsAppSession } from '../../nodes/WhatsAppSession/WhatsAppSession.node';
import { testTexterCredential } from '../../nodes/WhatsAppSession/providers/texter/credentialTest';
import { credentialTestContext, resolveCredentialTemplate } from '../support/credentialTestContext';
import { NO_CREDENTIAL, readBinaryLikeNextNode, runNode } from '../support/executeNode';
import { loadOptionsContext } from '../support/loadOptionsContext';
import { itemWithFile } from '../support/mediaUploads';
import { FILE_URL_TOKEN, mediaResponder, servedFileUrl, type ServedMedia } from '../support/mockMedia';
import { cloudApiAccepted, MockProvider, useMockProvider, type MockReply } from '../support/mockProvider';

const { provider, url: apiUrl } = useMockProvider();
const elsewhere = new MockProvider();
let elsewhereUrl = '';
beforeAll(async () => {
	elsewhereUrl = await elsewhere.start();
});
afterAll(async () => await elsewhere.stop());
beforeEach(() => elsewhere.reset());

const TOKEN = 'lp-access-token-5e1a';
const KEY = 'lp-api-key-77c0';
const PHOTO: ServedMedia = { id: '5550001', bytes: Buffer.from('a photo, byte for byte'), mimeType: 'image/jpeg' };

const meta = (): Record<string, ICredentialDataDecryptedObject> => ({
	whatsAppCloudApi: { accessToken: TOKEN, phoneNumberId: '1', graphApiVersion: 'v23.0', businessAccountId: 'waba-1', baseUrl: apiUrl() },
});
const session = (): Record<string, ICredentialDataDecryptedObject> => ({
	whatsAppSessionApi: {
		domain: apiUrl(),
		phoneNumberId: '1',
		apiKey: KEY,
		accessToken: TOKEN,
		// Empty by default since the seed's documents name no such endpoint; set, as a user who knows their provider's would.
		mediaUploadPath: '/api/v1.0/{phoneNumberId}/{key}/media',
		mediaDownloadPath: '/api/v1.0/{phoneNumberId}/{key}/media/{mediaId}',
	},
});
const connectly = (baseUrl = apiUrl()): Record<string, ICredentialDataDecryptedObject> => ({ connectlyApi: { apiKey: KEY, businessId: 'b1', baseUrl } });

const getMedia = (providerChoice: string, extra: IDataObject = {}): IDataObject => ({
	provider: providerChoice,
	resource: 'message',
	operation: 'getMedia',
	receivedMediaId: PHOTO.id,
	...extra,
});
const sendText = (providerChoice: string): IDataObject => ({ provider: providerChoice, resource: 'message', operation: 'sendText', recipient: '+14155550100', textBody: 'Hello' });

const redirectElsewhere = (status = 302): MockReply => ({ status, headers: { location: `${elsewhereUrl}/landing?from=redirect` }, body: {} });
const description = (error: Error | undefined): unknown => Reflect.get(error ?? {}, 'description');
const shown = (result: Awaited<ReturnType<typeof runNode>>): string =>
	`${JSON.stringify(result.output)}\n${result.error?.message ?? ''}\n${String(description(result.error))}`;

describe('1. Get Media fetches only from declared hosts or the credential\'s own origin', () => {
	it('Connectly: a forged event\'s URL on another local port fails the item, naming the host and the option, and nothing is requested', async () => {
		const forged = servedFileUrl(elsewhereUrl, PHOTO.id);
		const result = await runNode({ parameters: getMedia('connectly', { receivedMediaUrl: forged }), credentials: connectly('https://api.connectly.example') });
		expect(result.error?.message).toBe(`Item 0: The Media URL names a file on the host "${new URL(elsewhereUrl).host}", which Get Media does not fetch from`);
		expect(description(result.error)).toContain('cdn.connectly.ai');
		expect(description(result.error)).toContain('Options › Allow Other Hosts');
		expect(result.httpCalls).toEqual([]);
		expect(elsewhere.requests).toEqual([]);
		expect(shown(result)).not.toContain(FILE_URL_TOKEN);
	});

	it.each(['http://169.254.169.254/latest/meta-data/', 'http://10.0.0.7/admin', 'https://cdn.connectly.ai.evil.example/f'])('Connectly: %s is refused before any request', async (url) => {
		const result = await runNode({ parameters: getMedia('connectly', { receivedMediaUrl: url }), credentials: connectly('https://api.connectly.example') });
		expect(result.error?.message).toMatch(/^Item 0: The Media URL names a file on the host ".+", which Get Media does not fetch from$/);
		expect(result.httpCalls).toEqual([]);
	});

	it('Connectly: with Allow Other Hosts, the file is fetched from that host without the API key', async () => {
		elsewhere.respondWith(mediaResponder(() => elsewhereUrl, [PHOTO]));
		const result = await runNode({
			parameters: getMedia('connectly', { receivedMediaUrl: servedFileUrl(elsewhereUrl, PHOTO.id), options: { allowOtherHosts: true } }),
			credentials: connectly(),
		});
		expect(result.error).toBeUndefined();
		expect(result.httpCalls.map((call) => call.credentialType)).toEqual([NO_CREDENTIAL]);
		expect(elsewhere.requests.map((request) => [request.path, request.headers['x-api-key']])).toEqual([[`/files/${PHOTO.id}?token=${FILE_URL_TOKEN}`, undefined]]);
		expect(readBinaryLikeNextNode(result.output[0], 'data').equals(PHOTO.bytes)).toBe(true);
	});
});

describe('2. the token goes only to the credential\'s origin and the declared media hosts', () => {
	it.each<[string, () => Record<string, ICredentialDataDecryptedObject>]>([
		['metaCloudApi', meta],
		['cloudApiCompatible', session],
	])('%s: metadata naming a file on another host is refused, and that host sees nothing', async (choice, credentials) => {
		provider.respondWith(mediaResponder(() => elsewhereUrl, [PHOTO]));
		const result = await runNode({ parameters: getMedia(choice), credentials: credentials() });
		expect(result.error?.message).toBe(
			`Item 0: The provider's answer about this media ID names a file on the host "${new URL(elsewhereUrl).host}", which Get Media does not fetch from`,
		);
		expect(provider.requests).toHaveLength(1);
		expect(elsewhere.requests).toEqual([]);
		expect(shown(result)).not.toContain(FILE_URL_TOKEN);
	});

	it('cloudApiCompatible: with Allow Other Hosts, such a file is fetched without the Bearer token', async () => {
		provider.respondWith(mediaResponder(() => elsewhereUrl, [PHOTO]));
		elsewhere.respondWith(mediaResponder(() => elsewhereUrl, [PHOTO]));
		const result = await runNode({ parameters: getMedia('cloudApiCompatible', { options: { allowOtherHosts: true } }), credentials: session() });
		expect(result.error).toBeUndefined();
		expect(provider.requests.map((request) => request.headers.authorization)).toEqual([`Bearer ${TOKEN}`]);
		expect(elsewhere.requests.map((request) => request.headers.authorization)).toEqual([undefined]);
	});
});

describe('2. no credential crosses to another origin on a redirect', () => {
	it.each<[string, () => Record<string, ICredentialDataDecryptedObject>, number]>([
		['metaCloudApi', meta, 307],
		['cloudApiCompatible', session, 308],
		['connectly', () => connectly(), 302],
	])('%s: a Send Text answered with a redirect is not accepted, and the other origin receives nothing', async (choice, credentials, status) => {
		provider.respondWith(() => redirectElsewhere(status));
		elsewhere.respondWith(cloudApiAccepted);
		const result = await runNode({ parameters: sendText(choice), credentials: credentials() });
		expect(result.output).toEqual([]);
		expect([result.error?.message, description(result.error)]).toEqual(['The provider rejected the message', expect.stringContaining(String(status))]);
		expect(provider.requests).toHaveLength(1);
		expect(elsewhere.requests).toEqual([]);
	});

	it('Meta: an upload answered with a redirect sends nothing on', async () => {
		provider.respondWith(() => redirectElsewhere(307));
		const result = await runNode({
			parameters: { provider: 'metaCloudApi', resource: 'message', operation: 'sendMedia', recipient: '+14155550100', mediaType: 'document', mediaSource: 'binary', binaryPropertyName: 'data' },
			items: [itemWithFile(Buffer.from('%PDF-1.4 a file'), 'application/pdf', 'a.pdf')],
			credentials: meta(),
		});
		expect(result.error).toBeDefined();
		expect(provider.requests).toHaveLength(1);
		expect(elsewhere.requests).toEqual([]);
	});

	it('Meta: a redirect of the metadata request is not followed', async () => {
		provider.respondWith(() => redirectElsewhere());
		const result = await runNode({ parameters: getMedia('metaCloudApi'), credentials: meta() });
		expect(result.error?.message).toBe('Item 0: the provider refused the media\'s details for this media ID (HTTP 302)');
		expect(elsewhere.requests).toEqual([]);
	});

	it('Meta: a file URL on the API that redirects to another origin is refused at that hop, and nothing reaches it', async () => {
		const files = mediaResponder(apiUrl, [PHOTO]);
		provider.respondWith((request, index) => (request.path.startsWith('/files/') ? redirectElsewhere() : files(request, index)));
		const result = await runNode({ parameters: getMedia('metaCloudApi'), credentials: meta() });
		expect(result.error?.message).toBe(
			`Item 0: The file's host redirected to a URL that names a file on the host "${new URL(elsewhereUrl).host}", which Get Media does not fetch from`,
		);
		expect(elsewhere.requests).toEqual([]);
	});

	it('Meta: with Allow Other Hosts, that hop is followed without the Bearer token', async () => {
		const files = mediaResponder(apiUrl, [PHOTO]);
		provider.respondWith((request, index) => (request.path.startsWith('/files/') ? redirectElsewhere() : files(request, index)));
		elsewhere.respondWith(() => ({ status: 200, headers: { 'content-type': 'image/jpeg' }, bytes: PHOTO.bytes }));
		const result = await runNode({ parameters: getMedia('metaCloudApi', { options: { allowOtherHosts: true } }), credentials: meta() });
		expect(result.error).toBeUndefined();
		expect(provider.requests.map((request) => request.headers.authorization)).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`]);
		expect(elsewhere.requests.map((request) => [request.path, request.headers.authorization])).toEqual([['/landing?from=redirect', undefined]]);
	});

	it('Meta: the template list does not follow a redirect', async () => {
		provider.respondWith(() => redirectElsewhere());
		const search = new WhatsAppSession().methods.listSearch.searchTemplates;
		await search.call(loadOptionsContext({ provider: 'metaCloudApi' }, meta())).catch(() => undefined);
		expect(provider.requests).toHaveLength(1);
		expect(elsewhere.requests).toEqual([]);
	});

	it('the Texter credential test (a GET) does not follow a redirect with the token', async () => {
		provider.respondWith(() => redirectElsewhere(302));
		const result = await testTexterCredential.call(credentialTestContext(), {
			id: 'c1',
			name: 'test',
			type: 'texterApi',
			data: { projectId: 'p', apiToken: TOKEN, baseUrl: apiUrl() },
		});
		expect(result.status).toBe('Error');
		expect(provider.requests).toHaveLength(1);
		expect(elsewhere.requests).toEqual([]);
	});

	it.each<[string, ICredentialTestRequest, () => ICredentialDataDecryptedObject, Record<string, string>]>([
		['Meta', new WhatsAppCloudApi().test, () => ({ ...meta().whatsAppCloudApi }), { Authorization: `Bearer ${TOKEN}` }],
		['Connectly', new ConnectlyApi().test, () => ({ ...connectly().connectlyApi }), { 'X-API-Key': KEY }],
	])('the %s credential test (declarative) does not follow a redirect, so its key reaches no other origin', async (_name, test, data, headers) => {
		provider.respondWith(() => redirectElsewhere(302));
		const { request } = test;
		// As n8n runs it: its helper follows unless told not to, with the credential's headers.
		await axios.request({
			method: request.method ?? 'GET',
			url: resolveCredentialTemplate(String(request.baseURL), data()) + resolveCredentialTemplate(String(request.url), data()),
			headers,
			validateStatus: () => true,
			maxRedirects: request.disableFollowRedirect === true ? 0 : 5,
		});
		expect(provider.requests).toHaveLength(1);
		expect(elsewhere.requests).toEqual([]);
	});
});

describe('1. every download is capped, and honours cancellation', () => {
	const BIG: ServedMedia = { id: '999', bytes: Buffer.alloc(20_000, 7), mimeType: 'image/jpeg' };
	// 0.01 MB = 10,485 bytes.
	const capped = (extra: IDataObject = {}) => getMedia('metaCloudApi', { receivedMediaId: BIG.id, options: { maxFileSizeMb: 0.01 }, ...extra });

	it('stops a file larger than Max File Size that announces its size', async () => {
		const files = mediaResponder(apiUrl, [BIG]);
		provider.respondWith((request, index) =>
			request.path.startsWith('/files/') ? { status: 200, headers: { 'content-type': 'image/jpeg', 'content-length': String(BIG.bytes.length) }, bytes: BIG.bytes } : files(request, index),
		);
		const result = await runNode({ parameters: capped(), credentials: meta() });
		expect(result.error?.message).toBe('Item 0: the file is larger than 0.01 MB; the download was stopped');
		expect(result.output).toEqual([]);
	});

	it('stops at an announced size over the cap without waiting for the body', async () => {
		const files = mediaResponder(apiUrl, [BIG]);
		// Content-Length 20,000, then 10,000 bytes and a cut connection: only the announcement can tell.
		provider.respondWith((request, index) => (request.path.startsWith('/files/') ? { status: 200, rawBody: 'x'.repeat(20_000), cutOffAnswer: true } : files(request, index)));
		const result = await runNode({ parameters: capped(), credentials: meta() });
		expect(result.error?.message).toBe('Item 0: the file is larger than 0.01 MB; the download was stopped');
	});

	it('stops it when the server sends no Content-Length, counting the bytes as they arrive', async () => {
		const files = mediaResponder(apiUrl, [BIG]);
		provider.respondWith((request, index) =>
			request.path.startsWith('/files/') ? { status: 200, headers: { 'content-type': 'image/jpeg', 'transfer-encoding': 'chunked' }, bytes: BIG.bytes } : files(request, index),
		);
		const result = await runNode({ parameters: capped(), credentials: meta() });
		expect(result.error?.message).toBe('Item 0: the file is larger than 0.01 MB; the download was stopped');
	});

	it('takes a file of exactly the cap', async () => {
		const exact: ServedMedia = { id: '1000', bytes: Buffer.alloc(10_485, 1), mimeType: 'image/jpeg' };
		provider.respondWith(mediaResponder(apiUrl, [exact]));
		const result = await runNode({ parameters: capped({ receivedMediaId: exact.id }), credentials: meta() });
		expect(result.error).toBeUndefined();
		expect(result.output[0]?.json.fileSize).toBe(10_485);
	});

	it.each([0, -1, 101, 'lots'])('refuses Max File Size %j by field, before any request', async (value) => {
		const result = await runNode({ parameters: getMedia('metaCloudApi', { options: { maxFileSizeMb: value } }), credentials: meta() });
		expect(result.error?.message).toBe('Item 0: "Max File Size (MB)" must be a number above 0 and at most 100, WhatsApp\'s largest file');
		expect(provider.requests).toEqual([]);
	});

	it('a download from another host ends promptly when the execution is cancelled', async () => {
		elsewhere.respondWith(() => ({ status: 200, headers: { 'content-type': 'image/jpeg' }, bytes: PHOTO.bytes, delayMs: 10_000 }));
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 300);
		const started = Date.now();
		const result = await runNode({
			parameters: getMedia('connectly', { receivedMediaUrl: servedFileUrl(elsewhereUrl, PHOTO.id), options: { allowOtherHosts: true } }),
			credentials: connectly(),
			abortSignal: controller.signal,
		});
		expect(Date.now() - started).toBeLessThan(3_000);
		expect(result.error?.message).toBe('Item 0: the execution was cancelled before the file could be fetched');
	});
});

describe('3. a file host never throttles sending', () => {
	const otherHostFile = () => getMedia('connectly', { receivedMediaUrl: servedFileUrl(elsewhereUrl, PHOTO.id), options: { allowOtherHosts: true } });

	it('a file host\'s "RateLimit-Remaining: 0" for an hour does not hold the next send', async () => {
		elsewhere.respondWith(() => ({ status: 200, headers: { 'content-type': 'image/jpeg', 'ratelimit-remaining': '0', 'ratelimit-reset': '3600', 'ratelimit-limit': '10' }, bytes: PHOTO.bytes }));
		expect((await runNode({ parameters: otherHostFile(), credentials: connectly() })).error).toBeUndefined();
		provider.respondWith(() => ({ status: 200, body: { id: 'msg-1' } }));
		const started = Date.now();
		const send = await runNode({ parameters: sendText('connectly'), credentials: connectly() });
		expect(send.error).toBeUndefined();
		expect(provider.requests).toHaveLength(1);
		expect(Date.now() - started).toBeLessThan(1_000);
	});

	it('a file host\'s 429 with Retry-After does not pause sends on the credential', async () => {
		elsewhere.respondWith(() => ({ status: 429, headers: { 'retry-after': '3600' }, body: {} }));
		const download = await runNode({ parameters: otherHostFile(), credentials: connectly() });
		expect(download.error).toBeDefined();
		provider.respondWith(() => ({ status: 200, body: { id: 'msg-2' } }));
		const started = Date.now();
		const send = await runNode({ parameters: sendText('connectly'), credentials: connectly() });
		expect(send.error).toBeUndefined();
		expect(Date.now() - started).toBeLessThan(1_000);
	});
});

it('5. a metadata "url" that is not a URL fails the item at once, without retries', async () => {
	provider.respondWith(() => ({ status: 200, body: { url: 'not a url at all', mime_type: 'image/jpeg', id: PHOTO.id } }));
	const started = Date.now();
	const result = await runNode({ parameters: getMedia('metaCloudApi'), credentials: meta() });
	expect(result.error?.message).toBe('Item 0: the provider\'s answer about this media ID names a file URL that is not a URL');
	expect(provider.requests).toHaveLength(1);
	expect(Date.now() - started).toBeLessThan(1_000);
});
