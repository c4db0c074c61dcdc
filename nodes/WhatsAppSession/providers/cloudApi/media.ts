import { readFileSize, type MediaMetadata } from '../../media/receivedFile';
import { isPlainObject, toText } from '../../util/values';

/**
 * The Cloud API's media endpoint (PROVIDERS.md section 7): `GET /{version}/{media_id}` answers
 * `{url, mime_type, sha256, file_size, id}`; the URL is then fetched with the same Bearer token
 * and expires after about 5 minutes.
 */
export function decodeCloudApiMediaMetadata(body: unknown): MediaMetadata | undefined {
	if (!isPlainObject(body)) return undefined;
	const url = toText(body.url)?.trim();
	if (url === undefined || url === '') return undefined;
	const mimeType = toText(body.mime_type)?.trim();
	const sha256 = toText(body.sha256)?.trim();
	const fileSize = readFileSize(body.file_size);
	return {
		url,
		...(mimeType !== undefined && mimeType !== '' && { mimeType }),
		...(sha256 !== undefined && sha256 !== '' && { sha256 }),
		...(fileSize !== undefined && { fileSize }),
	};
}
