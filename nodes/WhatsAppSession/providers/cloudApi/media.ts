import { readFileSize, type MediaMetadata } from '../../media/receivedFile';
import { isPlainObject, toText } from '../../util/values';
import type { MediaHosts } from '../contract/media';
import { credentialText, normaliseBaseUrl } from '../shared/endpoint';
import { metaGraphUrl } from './metaEndpoint';

/**
 * Meta's media URLs are on lookaside.fbsbx.com (the URL in Meta's "Media" reference examples,
 * probable) and want the same Bearer token as the Graph API.
 */
export const META_MEDIA_HOSTS: MediaHosts = {
	apiOrigin: (credentials) => new URL(metaGraphUrl(credentials)).origin,
	fileHosts: ['lookaside.fbsbx.com'],
	credentialGoesToFileHosts: true,
};

/**
 * The seed's provider publishes no media host (unverified): only its own Domain is trusted with
 * its token. A file elsewhere needs Get Media's Allow Other Hosts, and is fetched without it.
 */
export const CLOUD_API_COMPATIBLE_MEDIA_HOSTS: MediaHosts = {
	apiOrigin: (credentials) => new URL(normaliseBaseUrl(credentialText(credentials, 'domain'), 'Domain')).origin,
	fileHosts: [],
	credentialGoesToFileHosts: false,
};

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
