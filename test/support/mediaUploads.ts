// Send Media from an n8n binary file, as the tests see it: input items carrying a file, the mock
// provider's answers to uploads, and the multipart body rebuilt independently of the node's encoder.
import type { INodeExecutionData } from 'n8n-workflow';

import { cloudApiAccepted, type MockReply, type MockResponder, type RecordedRequest } from './mockProvider';

/** An input item whose binary field `field` holds `bytes`, as n8n's default (in-memory) mode keeps it. */
export function itemWithFile(bytes: Buffer, mimeType: string, fileName: string | undefined, field = 'data'): INodeExecutionData {
	return {
		json: {},
		binary: { [field]: { data: bytes.toString('base64'), mimeType, ...(fileName !== undefined && { fileName }) } },
	};
}

/** Whether a request is an upload: both the Meta edge and the default Cloud-API-format path end in `/media`. */
export function isUpload(request: RecordedRequest): boolean {
	return /\/media(\?|$)/.test(request.path);
}

/** Meta's answer to an accepted upload: `{"id": "<media id>"}`, numbered by the request's position. */
export function uploadAccepted(_request: RecordedRequest, index: number): MockReply {
	return { status: 200, body: { id: `media.mock.${index + 1}` } };
}

/** Uploads answered by `upload`, everything else by `send` (by default, both accept). */
export function uploadsAnd(send: MockResponder = cloudApiAccepted, upload: MockResponder = uploadAccepted): MockResponder {
	return (request, index) => (isUpload(request) ? upload(request, index) : send(request, index));
}

/** The boundary the request's Content-Type names. */
export function boundaryOf(request: RecordedRequest): string {
	const contentType = String(request.headers['content-type'] ?? '');
	const match = /^multipart\/form-data; boundary=(.+)$/.exec(contentType);
	if (match?.[1] === undefined) throw new Error(`not a multipart request: Content-Type "${contentType}"`);
	return match[1];
}

/**
 * The exact body Meta's upload takes (messaging_product, type, file), written out by hand with the
 * request's own boundary, so a test compares every byte the mock received with it.
 */
export function expectedUploadBody(boundary: string, file: { bytes: Buffer; mimeType: string; fileName: string }): Buffer {
	const head = (disposition: string, type?: string) =>
		`--${boundary}\r\nContent-Disposition: form-data; ${disposition}\r\n${type === undefined ? '' : `Content-Type: ${type}\r\n`}\r\n`;
	return Buffer.concat([
		Buffer.from(`${head('name="messaging_product"')}whatsapp\r\n`),
		Buffer.from(`${head('name="type"')}${file.mimeType}\r\n`),
		Buffer.from(head(`name="file"; filename="${file.fileName}"`, file.mimeType)),
		file.bytes,
		Buffer.from(`\r\n--${boundary}--\r\n`),
	]);
}

/** `size` bytes that start with `head` (a format's magic bytes), the rest a repeating pattern. */
export function fileOfSize(size: number, head: Buffer = Buffer.alloc(0)): Buffer {
	const bytes = Buffer.alloc(size, 0x5a);
	head.copy(bytes, 0, 0, Math.min(head.length, size));
	return bytes;
}
