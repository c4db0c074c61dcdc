// Get Media through the node's real execute(), against the mock provider over HTTP: the metadata,
// then the file with the same credential, as n8n binary data a following node can read; the
// sha256 check; Connectly's URLs; and no token, key or download URL in any output or error.
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { NO_CREDENTIAL, readBinaryLikeNextNode, runNode } from '../support/executeNode';
import { FILE_URL_TOKEN, mediaResponder, servedFileUrl, sha256Hex, type ServedMedia } from '../support/mockMedia';
import { useMockProvider } from '../support/mockProvider';

const { provider, url: mockUrl } = useMockProvider();

const TOKEN = 'media-test-access-token-91c';
const KEY = 'media-test-api-key-4d2';
const PHOTO: ServedMedia = { id: '1042381205592316', bytes: Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Buffer.from('not really a jpeg, but bytes'), 0x00, 0xff, 0xd9]), mimeType: 'image/jpeg' };
// Served as octet-stream: the metadata's MIME type is the one that counts.
const VOICE: ServedMedia = { id: '2211', bytes: Buffer.from('OggS voice note bytes'), mimeType: 'audio/ogg; codecs=opus', servedContentType: 'application/octet-stream' };

const getMedia = (providerChoice: string, extra: IDataObject = {}): IDataObject => ({
	provider: providerChoice,
	resource: 'message',
	operation: 'getMedia',
	receivedMediaId: PHOTO.id,
	...extra,
});

const metaCredentials = () => ({ whatsAppCloudApi: { accessToken: TOKEN, phoneNumberId: '1', graphApiVersion: 'v23.0', baseUrl: mockUrl() } });
const sessionCredentials = (extra: IDataObject = {}) => ({
	whatsAppSessionApi: { domain: mockUrl(), phoneNumberId: '1', apiKey: KEY, accessToken: TOKEN, ...extra },
});

/** Everything a run shows a user: output items (files included) and the error. */
function shown(result: Awaited<ReturnType<typeof runNode>>): string {
	const error = result.error;
	const errorText = error === undefined ? '' : [error.message, Reflect.get(error, 'description'), error.stack].join('\n');
	return `${JSON.stringify(result.output)}\n${errorText}`;
}

function expectNoSecrets(text: string): void {
	for (const secret of [TOKEN, KEY, FILE_URL_TOKEN, '/files/']) expect(text).not.toContain(secret);
}

describe.each<[string, () => Record<string, ICredentialDataDecryptedObject>, string]>([
	['metaCloudApi', metaCredentials, `/v23.0/${PHOTO.id}`],
	// The path a provider confirmed, set in the credential (it starts empty).
	['cloudApiCompatible', () => sessionCredentials({ mediaDownloadPath: '/api/v1.0/{phoneNumberId}/{key}/media/{mediaId}' }), `/api/v1.0/1/${KEY}/media/${PHOTO.id}`],
])('%s', (choice, credentials, metadataPath) => {
	beforeEach(() => provider.respondWith(mediaResponder(mockUrl, [PHOTO, VOICE])));

	it('fetches the metadata, then the file with the same Bearer token, and outputs the very bytes served', async () => {
		const result = await runNode({ parameters: getMedia(choice), credentials: credentials() });
		expect(result.error).toBeUndefined();
		expect(provider.requests.map((request) => [request.method, request.path, request.headers.authorization])).toEqual([
			['GET', metadataPath, `Bearer ${TOKEN}`],
			['GET', `/files/${PHOTO.id}?token=${FILE_URL_TOKEN}`, `Bearer ${TOKEN}`],
		]);
		const [item] = result.output;
		expect(item?.json).toStrictEqual({
			mediaId: PHOTO.id,
			provider: choice,
			fileName: `${PHOTO.id}.jpg`,
			mimeType: 'image/jpeg',
			sha256: sha256Hex(PHOTO.bytes),
			fileSize: PHOTO.bytes.length,
			sha256Checked: true,
		});
		expect(item?.pairedItem).toEqual({ item: 0 });
		expect(item?.binary?.data).toEqual(expect.objectContaining({ mimeType: 'image/jpeg', fileName: `${PHOTO.id}.jpg`, fileExtension: 'jpg' }));
		// A following node reads the file from the binary field, as n8n's helper does.
		expect(readBinaryLikeNextNode(item, 'data').equals(PHOTO.bytes)).toBe(true);
		expectNoSecrets(JSON.stringify(item?.json));
	});

	it('keeps the MIME type\'s parameters, names the file by its base type, and puts it in the field asked for', async () => {
		const result = await runNode({ parameters: getMedia(choice, { receivedMediaId: VOICE.id, outputBinaryPropertyName: 'voice' }), credentials: credentials() });
		expect(result.error).toBeUndefined();
		const [item] = result.output;
		expect([item?.json.mimeType, item?.json.fileName, Object.keys(item?.binary ?? {})]).toEqual(['audio/ogg; codecs=opus', `${VOICE.id}.ogg`, ['voice']]);
		expect(readBinaryLikeNextNode(item, 'voice').equals(VOICE.bytes)).toBe(true);
	});

	it('takes the file name the builder gives, one per item', async () => {
		const result = await runNode({
			parameters: (itemIndex) => getMedia(choice, { options: { fileName: `invoice-${itemIndex}.pdf` } }),
			items: [{ json: {} }, { json: {} }],
			credentials: credentials(),
		});
		expect(result.output.map((item) => [item.json.fileName, item.binary?.data?.fileName])).toEqual([
			['invoice-0.pdf', 'invoice-0.pdf'],
			['invoice-1.pdf', 'invoice-1.pdf'],
		]);
	});
});

it('follows the credential\'s Media Download Path, with the media id percent-encoded', async () => {
	const odd: ServedMedia = { ...PHOTO, id: 'a/b c' };
	provider.respondWith(mediaResponder(mockUrl, [odd]));
	const result = await runNode({
		parameters: getMedia('cloudApiCompatible', { receivedMediaId: 'a/b c' }),
		credentials: sessionCredentials({ mediaDownloadPath: '/v2/{key}/media-info/{mediaId}' }),
	});
	expect(result.error).toBeUndefined();
	expect(provider.requests[0]?.path).toBe(`/v2/${KEY}/media-info/a%2Fb%20c`);
	expect(readBinaryLikeNextNode(result.output[0], 'data').equals(PHOTO.bytes)).toBe(true);
});

it('accepts the sha256 in base64, as Meta\'s webhooks write it', async () => {
	const base64 = Buffer.from(sha256Hex(PHOTO.bytes), 'hex').toString('base64');
	provider.respondWith(mediaResponder(mockUrl, [{ ...PHOTO, claimedSha256: base64, claimedFileSize: String(PHOTO.bytes.length) }]));
	const result = await runNode({ parameters: getMedia('metaCloudApi'), credentials: metaCredentials() });
	expect(result.error).toBeUndefined();
	expect(result.output[0]?.json.sha256Checked).toBe(true);
});

describe('a file that is not the one described', () => {
	const wrongSha256 = sha256Hex(Buffer.from('another file'));

	it('fails the item naming the sha256, with both checksums, and outputs no file', async () => {
		provider.respondWith(mediaResponder(mockUrl, [{ ...PHOTO, claimedSha256: wrongSha256 }]));
		const result = await runNode({ parameters: getMedia('metaCloudApi'), credentials: metaCredentials() });
		expect(result.output).toEqual([]);
		expect(result.error?.message).toBe('Item 0: the file received does not match the sha256 checksum the provider gave for it');
		expect(Reflect.get(result.error ?? {}, 'description')).toContain(`The provider's sha256 checksum is ${wrongSha256}; the bytes received have ${sha256Hex(PHOTO.bytes)}.`);
		expectNoSecrets(shown(result));
	});

	it('fails the item naming the size when the provider gives a size and no checksum', async () => {
		provider.respondWith(mediaResponder(mockUrl, [{ ...PHOTO, claimedSha256: '', claimedFileSize: PHOTO.bytes.length + 1 }]));
		const result = await runNode({ parameters: getMedia('metaCloudApi'), credentials: metaCredentials() });
		expect(result.error?.message).toBe('Item 0: the file received does not match the file size the provider gave for it');
		expect(Reflect.get(result.error ?? {}, 'description')).toContain(`is ${PHOTO.bytes.length + 1} bytes; the bytes received have ${PHOTO.bytes.length} bytes`);
	});

	it('with Continue On Fail, the bad item becomes an error item and the next one still gets its file', async () => {
		provider.respondWith(mediaResponder(mockUrl, [{ ...PHOTO, claimedSha256: wrongSha256 }, VOICE]));
		const result = await runNode({
			parameters: (itemIndex) => getMedia('metaCloudApi', { receivedMediaId: itemIndex === 0 ? PHOTO.id : VOICE.id }),
			items: [{ json: {} }, { json: {} }],
			credentials: metaCredentials(),
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		const [failed, fetched] = result.output;
		expect(failed?.json.error).toBe('Item 0: the file received does not match the sha256 checksum the provider gave for it');
		expect([failed?.binary, failed?.pairedItem]).toEqual([undefined, { item: 0 }]);
		expect(fetched?.pairedItem).toEqual({ item: 1 });
		expect(readBinaryLikeNextNode(fetched, 'data').equals(VOICE.bytes)).toBe(true);
		expectNoSecrets(shown(result));
	});
});

describe('refusals, in plain words and without the download URL', () => {
	it('a media id the provider does not know', async () => {
		provider.respondWith(mediaResponder(mockUrl, []));
		const result = await runNode({ parameters: getMedia('metaCloudApi'), credentials: metaCredentials() });
		expect(result.error?.message).toBe('Item 0: the provider refused the media\'s details for this media ID (HTTP 404)');
		expect(Reflect.get(result.error ?? {}, 'description')).toMatch(/about 7 days.*provider code 100/);
		expect(provider.requests).toHaveLength(1);
	});

	it('a rejected token, in the credential\'s terms', async () => {
		provider.respondWith(() => ({ status: 401, body: { error: { message: `Invalid OAuth access token ${TOKEN}`, type: 'OAuthException', code: 190 } } }));
		const result = await runNode({ parameters: getMedia('metaCloudApi'), credentials: metaCredentials() });
		expect(result.error?.message).toBe('Item 0: The provider rejected the access token or API key (expired or invalid)');
		expect(Reflect.get(result.error ?? {}, 'description')).toContain('Access Token');
		expectNoSecrets(shown(result));
	});

	it('a refused download: the URL, with its token, is in neither the message nor the description', async () => {
		const files = mediaResponder(mockUrl, [PHOTO]);
		provider.respondWith((request, index) =>
			request.path.startsWith('/files/') ? { status: 403, body: { error: `expired link ${servedFileUrl(mockUrl(), PHOTO.id)}` } } : files(request, index),
		);
		const result = await runNode({ parameters: getMedia('metaCloudApi'), credentials: metaCredentials() });
		expect(result.error?.message).toBe('Item 0: the provider refused the file (HTTP 403)');
		expectNoSecrets(shown(result));
	});

	it('an answer that names no file', async () => {
		provider.respondWith(() => ({ status: 200, body: { id: PHOTO.id } }));
		const result = await runNode({ parameters: getMedia('metaCloudApi'), credentials: metaCredentials() });
		expect(result.error?.message).toBe('Item 0: the provider\'s answer about this media ID names no file URL');
		expect(provider.requests).toHaveLength(1);
	});

	it('an empty media id fails by field before any request', async () => {
		const result = await runNode({ parameters: getMedia('metaCloudApi', { receivedMediaId: '  ' }), credentials: metaCredentials() });
		expect(result.error?.message).toBe('Item 0: "Media ID" is required');
		expect(provider.requests).toHaveLength(0);
	});
});

it('waits out a 429 on the metadata and asks again, as for a send', async () => {
	const files = mediaResponder(mockUrl, [PHOTO]);
	provider.respondWith((request, index) =>
		index === 0 ? { status: 429, headers: { 'retry-after': '1' }, body: { error: { code: 130429, message: 'Rate limit hit' } } } : files(request, index),
	);
	const result = await runNode({ parameters: getMedia('metaCloudApi'), credentials: metaCredentials() });
	expect(result.error).toBeUndefined();
	expect(provider.requests.map((request) => request.path.split('?')[0])).toEqual([`/v23.0/${PHOTO.id}`, `/v23.0/${PHOTO.id}`, `/files/${PHOTO.id}`]);
	expect((provider.requests[1]?.receivedAt ?? 0) - (provider.requests[0]?.receivedAt ?? 0)).toBeGreaterThanOrEqual(900);
});

it('ends promptly when the execution is cancelled while a 429 is waited out, naming what was not fetched', async () => {
	provider.respondWith(() => ({ status: 429, headers: { 'retry-after': '30' }, body: { error: { code: 130429, message: 'Rate limit hit' } } }));
	const controller = new AbortController();
	setTimeout(() => controller.abort(), 300);
	const started = Date.now();
	const result = await runNode({ parameters: getMedia('metaCloudApi'), credentials: metaCredentials(), abortSignal: controller.signal });
	expect(Date.now() - started).toBeLessThan(2_000);
	expect(result.error?.message).toBe('Item 0: the execution was cancelled before the media\'s details could be fetched');
	expect(provider.requests).toHaveLength(1);
});

describe('Connectly: the URL its webhook gave', () => {
	beforeEach(() => provider.respondWith(mediaResponder(mockUrl, [PHOTO])));

	it('without the API key when the URL is on another host than Connectly\'s API (allowed by Allow Other Hosts)', async () => {
		const result = await runNode({
			parameters: getMedia('connectly', { receivedMediaUrl: servedFileUrl(mockUrl(), PHOTO.id), options: { allowOtherHosts: true } }),
			// The API is elsewhere: the key must not go to the file's host.
			credentials: { connectlyApi: { apiKey: KEY, businessId: 'b', baseUrl: 'https://api.connectly.example' } },
		});
		expect(result.error).toBeUndefined();
		expect(result.httpCalls.map((call) => call.credentialType)).toEqual([NO_CREDENTIAL]);
		expect(provider.requests.map((request) => [request.path, request.headers['x-api-key']])).toEqual([[`/files/${PHOTO.id}?token=${FILE_URL_TOKEN}`, undefined]]);
		const [item] = result.output;
		// No metadata: the MIME type comes from the answer's Content-Type, the checksum from the bytes.
		expect(item?.json).toStrictEqual({
			provider: 'connectly',
			fileName: `${PHOTO.id}.jpg`,
			mimeType: 'image/jpeg',
			sha256: sha256Hex(PHOTO.bytes),
			fileSize: PHOTO.bytes.length,
			sha256Checked: false,
		});
		expect(readBinaryLikeNextNode(item, 'data').equals(PHOTO.bytes)).toBe(true);
		expectNoSecrets(shown(result));
	});

	it('with the API key when the URL is on Connectly\'s own API (the credential\'s Base URL)', async () => {
		const result = await runNode({
			parameters: getMedia('connectly', { receivedMediaUrl: servedFileUrl(mockUrl(), PHOTO.id) }),
			credentials: { connectlyApi: { apiKey: KEY, businessId: 'b', baseUrl: mockUrl() } },
		});
		expect(result.error).toBeUndefined();
		expect(provider.requests.map((request) => request.headers['x-api-key'])).toEqual([KEY]);
	});

	it('refuses a URL that is not http(s), by field, before any request', async () => {
		const result = await runNode({
			parameters: getMedia('connectly', { receivedMediaUrl: 'file:///etc/passwd' }),
			credentials: { connectlyApi: { apiKey: KEY, businessId: 'b' } },
		});
		expect(result.error?.message).toBe('Item 0: "Media URL" must be an absolute http:// or https:// URL, as the trigger gives it in media.url');
		expect(provider.requests).toHaveLength(0);
	});
});

it('Texter refuses Get Media before any request, naming the operation', async () => {
	const result = await runNode({ parameters: getMedia('texter'), credentials: { texterApi: { projectId: 'p', apiToken: 't', baseUrl: mockUrl() } } });
	expect(result.error?.message).toBe('Item 0: "Get Media" is not available with Texter: we hold no facts about how it serves the files customers send. Choose another operation or provider');
	expect(provider.requests).toHaveLength(0);
});

describe('cloudApiCompatible with the Media Download Path left empty, as it starts', () => {
	it('fails the item before any request, saying why and how to turn Get Media on', async () => {
		const result = await runNode({ parameters: getMedia('cloudApiCompatible'), credentials: sessionCredentials(), continueOnFail: true });
		expect(provider.requests).toHaveLength(0);
		expect(String(result.output[0]?.json.error)).toBe(
			"The credential's Media Download Path is empty: this provider publishes no such endpoint that we know of (its own examples send media by link). Ask your provider for the path, set it in the credential, and run again; or send the file by Public URL.",
		);
		expectNoSecrets(shown(result));
	});
});
