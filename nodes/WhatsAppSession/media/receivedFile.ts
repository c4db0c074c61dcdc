import { createHash } from 'crypto';

import { InvalidMessageError } from '../message/errors';
import { MEDIA_FILE_LIMITS } from '../message/limits';
import { parseAbsoluteUrl, toText } from '../util/values';

/**
 * Get Media's pure parts: what the form gives, what the provider's metadata says about the file,
 * whether the bytes received are that file, and what to call it in n8n.
 */

/** The operation's stored value; it sends no message, so it stands beside the message operations. */
export const GET_MEDIA_OPERATION = 'getMedia';

export const GET_MEDIA_LABELS = {
	operation: 'Get Media',
	mediaId: 'Media ID',
	mediaUrl: 'Media URL',
	fileName: 'File Name',
	binaryProperty: 'Put Output File in Field',
	maxFileSize: 'Max File Size (MB)',
	allowOtherHosts: 'Allow Other Hosts',
} as const;

/** WhatsApp's largest file (a 100 MB document): no download is ever allowed more. */
export const DOWNLOAD_MAX_BYTES = MEDIA_FILE_LIMITS.document.maxBytes;
const MEGABYTE = 1024 * 1024;

/** Get Media's Max File Size (MB) as bytes: WhatsApp's largest file unless the builder sets less. */
export function readMaxDownloadBytes(value: unknown): number {
	if (value === undefined || value === '') return DOWNLOAD_MAX_BYTES;
	const megabytes = typeof value === 'string' ? Number(value) : value;
	const limitMegabytes = DOWNLOAD_MAX_BYTES / MEGABYTE;
	if (typeof megabytes !== 'number' || !Number.isFinite(megabytes) || megabytes <= 0 || megabytes > limitMegabytes) {
		throw new InvalidMessageError([
			{ field: GET_MEDIA_LABELS.maxFileSize, problem: `must be a number above 0 and at most ${limitMegabytes}, WhatsApp's largest file` },
		]);
	}
	return Math.floor(megabytes * MEGABYTE);
}

/** What a provider's metadata says about a file before it is fetched. */
export interface MediaMetadata {
	/** Temporary, and it may carry a token: never shown to users. */
	url: string;
	mimeType?: string;
	/** The provider's checksum of the file as it wrote it (hex or base64); normaliseSha256 reads both. */
	sha256?: string;
	fileSize?: number;
}

/**
 * A SHA-256 as lower-case hex, from the hex or base64 (or base64url) text providers write it in:
 * Meta's webhooks give base64 and its media endpoint gives hex. Anything else is no checksum.
 */
export function normaliseSha256(written: string): string | undefined {
	const text = written.trim();
	if (/^[0-9a-f]{64}$/i.test(text)) return text.toLowerCase();
	if (!/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(text)) return undefined;
	const bytes = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
	return bytes.length === 32 ? bytes.toString('hex') : undefined;
}

/** A file size the provider may write as a number or as digits in a string (Meta's docs show both). */
export function readFileSize(value: unknown): number | undefined {
	const text = toText(value)?.trim();
	if (text === undefined || !/^\d{1,15}$/.test(text)) return undefined;
	return Number(text);
}

/** What was received, checked against what the provider said it sent. */
export type FileCheck =
	| { ok: true; sha256: string; fileSize: number; checked: { sha256: boolean; fileSize: boolean } }
	| { ok: false; mismatch: 'sha256' | 'fileSize'; expected: string; actual: string };

/**
 * The bytes are the provider's file only if they hash to its sha256 (and have its size): a file
 * cut short or changed on the way must not reach the workflow as if it were the customer's.
 * A metadata field the provider did not give is not checked, and the output says so.
 */
export function checkReceivedFile(bytes: Buffer, metadata: Pick<MediaMetadata, 'sha256' | 'fileSize'>): FileCheck {
	const sha256 = createHash('sha256').update(bytes).digest('hex');
	const expectedSha256 = metadata.sha256 === undefined ? undefined : normaliseSha256(metadata.sha256);
	if (expectedSha256 !== undefined && expectedSha256 !== sha256) {
		return { ok: false, mismatch: 'sha256', expected: expectedSha256, actual: sha256 };
	}
	if (metadata.fileSize !== undefined && metadata.fileSize !== bytes.length) {
		return { ok: false, mismatch: 'fileSize', expected: `${metadata.fileSize} bytes`, actual: `${bytes.length} bytes` };
	}
	return {
		ok: true,
		sha256,
		fileSize: bytes.length,
		checked: { sha256: expectedSha256 !== undefined, fileSize: metadata.fileSize !== undefined },
	};
}

/** The MIME types WhatsApp carries (PROVIDERS.md section 1) and the extension each file gets. */
const EXTENSIONS: Record<string, string> = {
	'image/jpeg': 'jpg',
	'image/png': 'png',
	'image/webp': 'webp',
	'video/mp4': 'mp4',
	'video/3gpp': '3gp',
	'audio/aac': 'aac',
	'audio/amr': 'amr',
	'audio/mpeg': 'mp3',
	'audio/mp4': 'm4a',
	'audio/ogg': 'ogg',
	'text/plain': 'txt',
	'application/pdf': 'pdf',
	'application/msword': 'doc',
	'application/vnd.ms-excel': 'xls',
	'application/vnd.ms-powerpoint': 'ppt',
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
	'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
};

export const UNKNOWN_MIME_TYPE = 'application/octet-stream';

/** "audio/ogg; codecs=opus" → "audio/ogg": parameters say how, not what, the file is. */
export function baseMimeType(mimeType: string): string {
	return (mimeType.split(';')[0] ?? '').trim().toLowerCase();
}

/** The extension for a MIME type; undefined for one WhatsApp does not carry. */
export function fileExtensionFor(mimeType: string): string | undefined {
	return EXTENSIONS[baseMimeType(mimeType)];
}

/** The MIME type as the provider gave it, or the generic one when it gave none that reads as a type. */
export function readMimeType(...candidates: unknown[]): string {
	for (const candidate of candidates) {
		const text = toText(candidate)?.trim();
		if (text !== undefined && /^[a-z0-9.+-]+\/[a-z0-9.+-]+/i.test(text)) return text;
	}
	return UNKNOWN_MIME_TYPE;
}

/**
 * The file's name in n8n: the builder's, else the base name (the media id, or the URL's last path
 * segment) with the extension of its MIME type. Characters a file system may refuse become "_".
 */
export function fileNameFor(given: string | undefined, baseName: string, mimeType: string): string {
	if (given !== undefined && given.trim() !== '') return given.trim();
	const safeBase = baseName.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 100) || 'whatsapp-media';
	const extension = fileExtensionFor(mimeType);
	if (extension === undefined || safeBase.toLowerCase().endsWith(`.${extension}`)) return safeBase;
	return `${safeBase}.${extension}`;
}

/** The last segment of a URL's path, decoded: a CDN's file name, when it has one. */
export function baseNameFromUrl(url: URL): string {
	const segment = url.pathname.split('/').filter((part) => part !== '').pop() ?? '';
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}

/** A provider's media id, as it goes into a path: not empty, and no dot segment that would change the path. */
export function readMediaId(value: unknown): string {
	const text = toText(value)?.trim() ?? '';
	if (text === '') throw new InvalidMessageError([{ field: GET_MEDIA_LABELS.mediaId, problem: 'is required' }]);
	if (text === '.' || text === '..') {
		throw new InvalidMessageError([{ field: GET_MEDIA_LABELS.mediaId, problem: 'cannot be "." or ".."' }]);
	}
	return text;
}

/**
 * The media URL a webhook gave, as an absolute http(s) URL. The problem never quotes the URL:
 * it may hold a token in its query.
 */
export function readMediaUrl(value: unknown): URL {
	const text = toText(value)?.trim() ?? '';
	if (text === '') throw new InvalidMessageError([{ field: GET_MEDIA_LABELS.mediaUrl, problem: 'is required' }]);
	const url = parseAbsoluteUrl(text);
	if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
		throw new InvalidMessageError([
			{ field: GET_MEDIA_LABELS.mediaUrl, problem: 'must be an absolute http:// or https:// URL, as the trigger gives it in media.url' },
		]);
	}
	return url;
}

/**
 * Texts to hide besides the credential's secrets: the whole URL, and each value of its query, where
 * signed download links keep their tokens. Short values are left to redaction's own minimum length.
 */
export function urlSecrets(url: string): string[] {
	try {
		const parsed = new URL(url);
		return [url, parsed.href, ...[...parsed.searchParams.values()]];
	} catch {
		return [url];
	}
}
