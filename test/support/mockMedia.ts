import { createHash } from 'node:crypto';

import type { MockReply, MockResponder, RecordedRequest } from './mockProvider';

/**
 * The mock provider's media files, served as the Cloud API serves them (PROVIDERS.md section 7):
 * `GET …/{media id}` answers the metadata `{url, mime_type, sha256, file_size, id}`, and the
 * temporary URL it names answers the bytes. The URL carries a token in its query, as signed
 * download links do, so tests can check that it never reaches an output or an error.
 */
export interface ServedMedia {
	id: string;
	bytes: Buffer;
	mimeType: string;
	/** What the metadata claims; the true checksum and size unless a test says otherwise. */
	claimedSha256?: string;
	claimedFileSize?: number | string;
	/** The download's Content-Type, when it differs from the metadata's (a CDN that says octet-stream). */
	servedContentType?: string;
}

export const FILE_URL_TOKEN = 'e2e-download-signature-7f3a9c';

/** Where a file is served: also the URL a Connectly webhook would give for it. */
export function servedFileUrl(baseUrl: string, id: string): string {
	return `${baseUrl}/files/${encodeURIComponent(id)}?token=${FILE_URL_TOKEN}`;
}

export function sha256Hex(bytes: Buffer): string {
	return createHash('sha256').update(bytes).digest('hex');
}

/** Answers metadata and file requests for the given files; anything else gets a Cloud API 404. */
export function mediaResponder(baseUrl: () => string, files: ServedMedia[]): MockResponder {
	return (request: RecordedRequest): MockReply => {
		const path = request.path.split('?')[0] ?? '';
		for (const file of files) {
			const id = encodeURIComponent(file.id);
			if (request.method === 'GET' && path === `/files/${id}`) {
				return { status: 200, headers: { 'content-type': file.servedContentType ?? file.mimeType }, bytes: file.bytes };
			}
			if (request.method === 'GET' && path.endsWith(`/${id}`)) {
				return {
					status: 200,
					body: {
						messaging_product: 'whatsapp',
						url: servedFileUrl(baseUrl(), file.id),
						mime_type: file.mimeType,
						sha256: file.claimedSha256 ?? sha256Hex(file.bytes),
						file_size: file.claimedFileSize ?? file.bytes.length,
						id: file.id,
					},
				};
			}
		}
		return { status: 404, body: { error: { message: 'Unsupported get request.', type: 'GraphMethodException', code: 100, fbtrace_id: 'AbC' } } };
	};
}
