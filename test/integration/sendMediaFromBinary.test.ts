// Send Media from an n8n binary file through the node's real execute(), against the mock provider
// over HTTP: the upload's exact bytes, upload then send, exactly-once around 429s, one upload per
// file and run, and the checks that stop a file before anything is uploaded.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { MESSAGE_OUTPUT_SCHEMA } from '../../nodes/WhatsAppSession/outputSchema';
import { runNode } from '../support/executeNode';
import {
	boundaryOf,
	expectedUploadBody,
	fileOfSize,
	isUpload,
	itemWithFile,
	uploadAccepted,
	uploadsAnd,
} from '../support/mediaUploads';
import { cloudApiAccepted, cloudApiError, useMockProvider, type MockReply, type RecordedRequest } from '../support/mockProvider';
import { bodyOf } from '../support/recordedRequests';

const { provider, url: mockUrl } = useMockProvider();

const TOKEN = 'meta-TOKEN-secret-77';
const KEY = 'session/KEY?secret#1';
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from([0x00, 0xff, 0x0d, 0x0a, 0x80, 0x7f]), Buffer.from('\n%%EOF\n')]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF-not-a-real-picture'), Buffer.from([0xff, 0xd9])]);

const meta = () => ({ whatsAppCloudApi: { accessToken: TOKEN, phoneNumberId: '1555000111', graphApiVersion: 'v23.0', baseUrl: mockUrl() } });
/** The path a provider confirmed, set in the credential: the Media Upload Path starts empty. */
const UPLOAD_PATH = { mediaUploadPath: '/api/v1.0/{phoneNumberId}/{key}/media' };
const session = (extra: IDataObject = {}) => ({
	whatsAppSessionApi: { domain: mockUrl(), phoneNumberId: '1555000222', apiKey: KEY, accessToken: 'session-token-secret', ...extra },
});

function sendFile(provider: string, fields: IDataObject = {}): IDataObject {
	return {
		provider,
		resource: 'message',
		operation: 'sendMedia',
		recipient: '+91 98801 32082',
		mediaType: 'document',
		mediaSource: 'binary',
		binaryPropertyName: 'data',
		...fields,
	};
}

const uploads = () => provider.requests.filter(isUpload);
const sends = () => provider.requests.filter((request) => !isUpload(request));

describe('Meta: upload, then send by the returned ID', () => {
	it('uploads the exact multipart form (messaging_product, type, file with its bytes) to /{version}/{phone number ID}/media, then sends by ID', async () => {
		provider.respondWith(uploadsAnd());
		const result = await runNode({
			parameters: sendFile('metaCloudApi', { mediaType: 'image', caption: 'Your picture' }),
			items: [itemWithFile(JPEG, 'image/jpeg', 'photo.jpg')],
			credentials: meta(),
		});
		expect(result.error).toBeUndefined();
		expect(provider.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
			'POST /v23.0/1555000111/media',
			'POST /v23.0/1555000111/messages',
		]);
		const [upload, send] = provider.requests;
		if (upload === undefined || send === undefined) throw new Error('expected an upload and a send');
		expect(upload.headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(upload.bodyBytes.equals(expectedUploadBody(boundaryOf(upload), { bytes: JPEG, mimeType: 'image/jpeg', fileName: 'photo.jpg' }))).toBe(true);
		expect(bodyOf(send)).toStrictEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: '919880132082',
			type: 'image',
			image: { id: 'media.mock.1', caption: 'Your picture' },
		});
		expect(result.output).toEqual([
			{
				json: expect.objectContaining({ messageId: 'wamid.mock.2', status: 'accepted', mediaId: 'media.mock.1' }),
				pairedItem: { item: 0 },
			},
		]);
	});

	it('the output notes the media ID and holds none of the file, in keys the output schema lists', async () => {
		provider.respondWith(uploadsAnd());
		const result = await runNode({ parameters: sendFile('metaCloudApi'), items: [itemWithFile(PDF, 'application/pdf', 'invoice-1042.pdf')], credentials: meta() });
		const json: IDataObject = result.output[0]?.json ?? {};
		const text = JSON.stringify(result.output);
		expect(text).not.toContain(PDF.toString('base64'));
		expect(text).not.toContain('%PDF');
		expect(result.output[0]?.binary).toBeUndefined();
		expect(json.mediaId).toBe('media.mock.1');
		expect(Object.keys(json).filter((key) => !(key in MESSAGE_OUTPUT_SCHEMA.properties))).toEqual([]);
	});

	it('a document takes the binary\'s file name unless File Name is given', async () => {
		provider.respondWith(uploadsAnd());
		const items = [itemWithFile(PDF, 'application/pdf', 'invoice-1042.pdf'), itemWithFile(PDF, 'application/pdf', 'invoice-1042.pdf')];
		const result = await runNode({
			parameters: (itemIndex) => sendFile('metaCloudApi', { filename: itemIndex === 0 ? '' : 'Your invoice.pdf', caption: 'Invoice' }),
			items,
			credentials: meta(),
		});
		expect(result.error).toBeUndefined();
		expect(sends().map((request) => bodyOf(request).document)).toEqual([
			{ id: 'media.mock.1', caption: 'Invoice', filename: 'invoice-1042.pdf' },
			{ id: 'media.mock.1', caption: 'Invoice', filename: 'Your invoice.pdf' },
		]);
	});
});

describe('Cloud-API-format provider: the credential\'s Media Upload Path', () => {
	it('uploads to the path the credential names with the key percent-encoded, then sends to the session path', async () => {
		provider.respondWith(uploadsAnd());
		const result = await runNode({ parameters: sendFile('cloudApiCompatible'), items: [itemWithFile(PDF, 'application/pdf', 'a.pdf')], credentials: session(UPLOAD_PATH) });
		expect(result.error).toBeUndefined();
		const key = encodeURIComponent(KEY);
		expect(provider.requests.map((request) => request.path)).toEqual([`/api/v1.0/1555000222/${key}/media`, `/api/v1.0/1555000222/${key}/simpleMessages`]);
		const [upload] = provider.requests;
		if (upload === undefined) throw new Error('no upload');
		expect(upload.headers.authorization).toBe('Bearer session-token-secret');
		expect(upload.bodyBytes.equals(expectedUploadBody(boundaryOf(upload), { bytes: PDF, mimeType: 'application/pdf', fileName: 'a.pdf' }))).toBe(true);
	});

	it('with the Media Upload Path left empty, as it starts, fails only the items with a file, before any request', async () => {
		const result = await runNode({
			parameters: (itemIndex) => (itemIndex === 0 ? sendFile('cloudApiCompatible') : { provider: 'cloudApiCompatible', resource: 'message', operation: 'sendText', recipient: '+91 98801 32082', textBody: 'Hi' }),
			items: [itemWithFile(PDF, 'application/pdf', 'a.pdf'), { json: {} }],
			credentials: session(),
			continueOnFail: true,
		});
		expect(String(result.output[0]?.json.error)).toMatch(/^The credential's Media Upload Path is empty: this provider publishes no such endpoint that we know of .*or send the file by Public URL\.$/);
		expect(provider.requests.map((request) => request.path)).toEqual([`/api/v1.0/1555000222/${encodeURIComponent(KEY)}/simpleMessages`]);
		expect(JSON.stringify(result.output)).not.toContain(KEY);
	});

	it('uploads to the path the credential names', async () => {
		provider.respondWith((request, index) => (request.path.includes('/files/upload') ? uploadAccepted(request, index) : cloudApiAccepted(request, index)));
		const result = await runNode({
			parameters: sendFile('cloudApiCompatible'),
			items: [itemWithFile(PDF, 'application/pdf', 'a.pdf')],
			credentials: session({ mediaUploadPath: '/v2/{phoneNumberId}/files/upload' }),
		});
		expect(result.error).toBeUndefined();
		expect(provider.requests.map((request) => request.path)[0]).toBe('/v2/1555000222/files/upload');
		expect(bodyOf(provider.requests[1]).document).toEqual({ id: 'media.mock.1', filename: 'a.pdf' });
	});
});

describe('exactly once', () => {
	it('a 429 on the send after the upload: one upload, two sends, one message', async () => {
		let sendsSeen = 0;
		provider.respondWith(
			uploadsAnd((request, index): MockReply => (++sendsSeen === 1 ? { status: 429, headers: { 'retry-after': '0' }, body: {} } : cloudApiAccepted(request, index))),
		);
		const result = await runNode({ parameters: sendFile('metaCloudApi'), items: [itemWithFile(PDF, 'application/pdf', 'a.pdf')], credentials: meta() });
		expect(result.error).toBeUndefined();
		expect([uploads().length, sends().length]).toEqual([1, 2]);
		expect(sends().map((request) => bodyOf(request).document)).toEqual([
			{ id: 'media.mock.1', filename: 'a.pdf' },
			{ id: 'media.mock.1', filename: 'a.pdf' },
		]);
		expect(result.output.map((item) => item.json.messageId)).toEqual(['wamid.mock.3']);
	});

	it('a 429 on the upload is waited out and the upload resent under the same rules; it is no send', async () => {
		let uploadsSeen = 0;
		provider.respondWith(
			uploadsAnd(cloudApiAccepted, (request, index): MockReply =>
				++uploadsSeen === 1 ? { status: 429, headers: { 'retry-after': '1' }, body: {} } : uploadAccepted(request, index),
			),
		);
		const started = Date.now();
		const result = await runNode({ parameters: sendFile('metaCloudApi'), items: [itemWithFile(PDF, 'application/pdf', 'a.pdf')], credentials: meta() });
		expect(result.error).toBeUndefined();
		expect([uploads().length, sends().length]).toEqual([2, 1]);
		// Retry-After: 1 held the second upload back, as it would a message.
		const [first, second] = uploads();
		expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(900);
		expect(Date.now() - started).toBeGreaterThanOrEqual(900);
		expect(bodyOf(sends()[0]).document).toEqual({ id: 'media.mock.2', filename: 'a.pdf' });
		expect(result.output).toHaveLength(1);
	});

	it('an upload still rate-limited after Max Retries fails the item: nothing is sent, and the error says it was the upload', async () => {
		provider.respondWith(uploadsAnd(cloudApiAccepted, () => ({ status: 429, headers: { 'retry-after': '0' }, body: {} })));
		const result = await runNode({
			parameters: sendFile('metaCloudApi', { delivery: { maxRetries: 2 } }),
			items: [itemWithFile(PDF, 'application/pdf', 'a.pdf')],
			credentials: meta(),
		});
		expect([uploads().length, sends().length]).toEqual([3, 0]);
		expect(result.error?.message).toBe('The file could not be uploaded: The provider\'s rate limit was still reached after 3 attempts; the message was not sent');
	});

	it('an upload refused (HTTP 400) is not resent and sends nothing; with Continue On Fail every item that needs the file reports it', async () => {
		provider.respondWith(uploadsAnd(cloudApiAccepted, () => cloudApiError(400, 131053, 'Media upload error', 'Unsupported file type')));
		const result = await runNode({
			parameters: sendFile('metaCloudApi'),
			items: [itemWithFile(PDF, 'application/pdf', 'a.pdf'), itemWithFile(PDF, 'application/pdf', 'a.pdf')],
			credentials: meta(),
			continueOnFail: true,
		});
		expect([uploads().length, sends().length]).toEqual([1, 0]);
		expect(result.output.map((item) => [item.pairedItem, String(item.json.error).startsWith('The file could not be uploaded: ')])).toEqual([
			[{ item: 0 }, true],
			[{ item: 1 }, true],
		]);
		expect(String(result.output[0]?.json.description)).toContain('no message was sent for this item');
	});

	it('an upload answered without a media ID fails the item, and nothing is sent', async () => {
		provider.respondWith(uploadsAnd(cloudApiAccepted, () => ({ status: 200, body: { ok: true } })));
		const result = await runNode({ parameters: sendFile('metaCloudApi'), items: [itemWithFile(PDF, 'application/pdf', 'a.pdf')], credentials: meta() });
		expect([uploads().length, sends().length]).toEqual([1, 0]);
		expect(result.error?.message).toBe('The file could not be uploaded: The provider accepted the upload (HTTP 200) but its answer holds no media ID');
	});
});

describe('once per run and credential', () => {
	const recipients = (count: number) => (itemIndex: number) => sendFile('metaCloudApi', { recipient: `+1 555 010 ${String(1000 + (itemIndex % count)).padStart(4, '0')}` });

	it('100 items with one file: exactly 1 upload and 100 sends, all by its ID', async () => {
		provider.respondWith(uploadsAnd());
		const items = Array.from({ length: 100 }, () => itemWithFile(PDF, 'application/pdf', 'menu.pdf'));
		const result = await runNode({ parameters: recipients(100), items, credentials: meta() });
		expect(result.error).toBeUndefined();
		expect({ uploads: uploads().length, sends: sends().length }).toEqual({ uploads: 1, sends: 100 });
		expect(new Set(sends().map((request) => JSON.stringify(bodyOf(request).document)))).toEqual(new Set([JSON.stringify({ id: 'media.mock.1', filename: 'menu.pdf' })]));
		expect(result.output.map((item) => item.json.mediaId)).toEqual(Array.from({ length: 100 }, () => 'media.mock.1'));
	});

	it('Concurrency 8: items that want the same file at the same moment share its one upload (a slow one), none races a second', async () => {
		provider.respondWith(uploadsAnd(cloudApiAccepted, (request, index) => ({ ...uploadAccepted(request, index), delayMs: 300 })));
		const items = Array.from({ length: 16 }, () => itemWithFile(PDF, 'application/pdf', 'menu.pdf'));
		const result = await runNode({
			parameters: (itemIndex) => ({ ...recipients(16)(itemIndex), delivery: { concurrency: 8 } }),
			items,
			credentials: meta(),
		});
		expect(result.error).toBeUndefined();
		expect({ uploads: uploads().length, sends: sends().length }).toEqual({ uploads: 1, sends: 16 });
		// Every send waited for the upload's answer.
		const [upload] = uploads();
		expect(Math.min(...sends().map((request) => request.receivedAt))).toBeGreaterThanOrEqual((upload?.receivedAt ?? Infinity) + 250);
	});

	it('different files, or the same bytes under another type or name, are uploaded each once', async () => {
		provider.respondWith(uploadsAnd());
		const items: INodeExecutionData[] = [
			itemWithFile(PDF, 'application/pdf', 'a.pdf'),
			itemWithFile(JPEG, 'application/pdf', 'a.pdf'),
			itemWithFile(PDF, 'application/pdf', 'b.pdf'),
			itemWithFile(PDF, 'application/octet-stream', 'a.pdf'),
			itemWithFile(PDF, 'application/pdf', 'a.pdf'),
			itemWithFile(JPEG, 'application/pdf', 'a.pdf', 'scan'),
		];
		const result = await runNode({
			parameters: (itemIndex) => sendFile('metaCloudApi', { binaryPropertyName: itemIndex === 5 ? 'scan' : 'data' }),
			items,
			credentials: meta(),
		});
		expect(result.error).toBeUndefined();
		expect(uploads()).toHaveLength(4);
		expect(result.output.map((item) => item.json.mediaId)).toEqual(['media.mock.1', 'media.mock.3', 'media.mock.5', 'media.mock.7', 'media.mock.1', 'media.mock.3']);
	});

	it('a new run uploads the file again: the cache lives as long as one run of the node', async () => {
		provider.respondWith(uploadsAnd());
		for (let run = 0; run < 2; run++) {
			const result = await runNode({ parameters: sendFile('metaCloudApi'), items: [itemWithFile(PDF, 'application/pdf', 'a.pdf')], credentials: meta() });
			expect(result.error).toBeUndefined();
		}
		expect(uploads()).toHaveLength(2);
	});
});

describe('checked before anything is uploaded', () => {
	it('a 6 MB JPEG as an image fails naming the item, the field, the size and the limit; nothing goes out', async () => {
		const sixMegabytes = fileOfSize(6 * 1024 * 1024, JPEG);
		const result = await runNode({
			parameters: sendFile('metaCloudApi', { mediaType: 'image' }),
			items: [itemWithFile(sixMegabytes, 'image/jpeg', 'big.jpg')],
			credentials: meta(),
		});
		expect(provider.requests).toHaveLength(0);
		expect(result.error?.message).toBe(
			'Item 0: "Input Binary Field" holds the file "big.jpg" of 6,291,456 bytes (6 MB); an image may be at most 5,242,880 bytes (5 MB)',
		);
	});

	it('the file is checked with the rest of the item: a too-long caption and a wrong type are both listed, and nothing is uploaded', async () => {
		const result = await runNode({
			parameters: sendFile('metaCloudApi', { mediaType: 'image', caption: 'x'.repeat(1025) }),
			items: [itemWithFile(JPEG, 'image/gif', 'a.gif')],
			credentials: meta(),
		});
		expect(provider.requests).toHaveLength(0);
		expect(result.error?.message).toBe('Item 0: 2 fields are invalid');
		const description = String(Reflect.get(result.error ?? {}, 'description'));
		expect(description).toContain('"Caption" is 1025 characters long; the limit is 1024.');
		expect(description).toContain('"Input Binary Field" holds the file "a.gif" of type "image/gif"; an image must be image/jpeg, image/png.');
	});

	it('a missing binary field names the field and what the item has; a bad item does not stop the upload for the others (Continue On Fail)', async () => {
		provider.respondWith(uploadsAnd());
		const result = await runNode({
			parameters: sendFile('metaCloudApi'),
			items: [itemWithFile(PDF, 'application/pdf', 'a.pdf', 'attachment'), itemWithFile(PDF, 'application/pdf', 'a.pdf')],
			credentials: meta(),
			continueOnFail: true,
		});
		expect(result.output[0]?.json.error).toBe('Item 0: "Input Binary Field" is "data", but the item\'s binary fields are "attachment"');
		expect(result.output[1]?.json.status).toBe('accepted');
		expect([uploads().length, sends().length]).toEqual([1, 1]);
	});

	it('Connectly takes no uploads: a workflow that still asks for the binary file fails before sending', async () => {
		const result = await runNode({
			parameters: { ...sendFile('connectly'), recipient: '+91 98801 32082' },
			items: [itemWithFile(PDF, 'application/pdf', 'a.pdf')],
			credentials: { connectlyApi: { apiKey: 'k', businessId: 'b', baseUrl: mockUrl() } },
		});
		expect(provider.requests).toHaveLength(0);
		expect(result.error?.message).toMatch(/^Item 0: "Media Source" "Binary File From Input" is not offered with Connectly/);
	});
});

describe('secrets', () => {
	it('a failed upload at a Cloud-API-format provider names neither the key nor the token', async () => {
		provider.respondWith(uploadsAnd(cloudApiAccepted, (request: RecordedRequest) => cloudApiError(404, 803, `Unknown path ${request.path}`)));
		const result = await runNode({ parameters: sendFile('cloudApiCompatible'), items: [itemWithFile(PDF, 'application/pdf', 'a.pdf')], credentials: session(UPLOAD_PATH), continueOnFail: true });
		const text = JSON.stringify(result.output);
		expect(String(result.output[0]?.json.error)).toMatch(/^The file could not be uploaded: /);
		for (const secret of [KEY, encodeURIComponent(KEY), 'session-token-secret']) expect(text).not.toContain(secret);
	});
});
