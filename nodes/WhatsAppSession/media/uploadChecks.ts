import type { ValidationIssue } from '../message/errors';
import { ANIMATED_STICKER_MAX_BYTES, MEDIA_FILE_LIMITS, VOICE_NOTE_MIME_TYPE } from '../message/limits';
import type { MediaContent, MediaKind } from '../message/types';

/** What the checks need to know of a file before it is uploaded. */
export interface MediaFileFacts {
	/** As n8n's binary data gives it; parameters (`; codecs=opus`) and case do not matter. */
	mimeType: string;
	fileName: string | undefined;
	byteLength: number;
	/** The file's first bytes: a WebP's header says whether it is animated, an OGG's first page its codec. */
	head: Uint8Array;
}

/** How many leading bytes the format checks read: an OGG page header with its longest segment table, then "OpusHead". */
const MEDIA_FILE_HEAD_BYTES = 27 + 255 + 8;

/** What the checks read of a file: n8n's binary data gives the type and name, the bytes the rest. */
export function mediaFileFacts(mimeType: string, fileName: string | undefined, bytes: Uint8Array): MediaFileFacts {
	return {
		mimeType,
		fileName: fileName === undefined || fileName === '' ? undefined : fileName,
		byteLength: bytes.length,
		head: bytes.subarray(0, MEDIA_FILE_HEAD_BYTES),
	};
}

/** "Audio/OGG; codecs=opus" → "audio/ogg": the form in which WhatsApp's lists name types. */
export function essentialMimeType(mimeType: string): string {
	return (mimeType.split(';')[0] ?? '').trim().toLowerCase();
}

/**
 * Everything that would make WhatsApp refuse this file as this kind of media, found before any
 * upload. Each issue names the field, the file, its size or type, and the limit.
 */
export function mediaFileIssues(
	media: Pick<MediaContent, 'mediaKind' | 'voice'>,
	file: MediaFileFacts,
	field: string,
): ValidationIssue[] {
	const limits = MEDIA_FILE_LIMITS[media.mediaKind];
	const mimeType = essentialMimeType(file.mimeType);
	const what = describeFile(file);
	const issues: ValidationIssue[] = [];
	if (file.byteLength === 0) issues.push({ field, problem: `holds ${what}, which is empty` });
	if (limits.mimeTypes !== 'any' && !limits.mimeTypes.some((allowed) => allowed === mimeType)) {
		issues.push({
			field,
			problem: `holds ${what} of type "${mimeType}"; ${A_FILE_OF_KIND[media.mediaKind]} must be ${limits.mimeTypes.join(', ')}`,
		});
	}
	const maxBytes = media.mediaKind === 'sticker' && isAnimatedWebp(file.head) ? ANIMATED_STICKER_MAX_BYTES : limits.maxBytes;
	if (file.byteLength > maxBytes) {
		const kind = media.mediaKind === 'sticker' && maxBytes === ANIMATED_STICKER_MAX_BYTES ? 'an animated sticker' : A_FILE_OF_KIND[media.mediaKind];
		issues.push({
			field,
			problem: `holds ${what} of ${sizeText(file.byteLength)}; ${kind} may be at most ${sizeText(maxBytes)}`,
		});
	}
	if (media.voice === true && media.mediaKind === 'audio' && !isOggOpus(mimeType, file.head)) {
		issues.push({
			field,
			problem: `holds ${what} of type "${mimeType}", but a voice note must be OGG audio (${VOICE_NOTE_MIME_TYPE}) with the Opus codec; send other audio without Send as Voice Note`,
		});
	}
	return issues;
}

function describeFile(file: MediaFileFacts): string {
	return file.fileName === undefined || file.fileName === '' ? 'a file' : `the file "${file.fileName}"`;
}

/** Each kind as the errors name it. */
const A_FILE_OF_KIND: Record<MediaKind, string> = {
	image: 'an image',
	video: 'a video',
	audio: 'an audio file',
	document: 'a document',
	sticker: 'a sticker',
};

/** "6,291,456 bytes (6 MB)": exact, so a file one byte over the limit says so, and readable. */
function sizeText(bytes: number): string {
	const exact = `${bytes.toLocaleString('en-US')} bytes`;
	if (bytes >= 1024 * 1024) return `${exact} (${trimmed(bytes / (1024 * 1024))} MB)`;
	if (bytes >= 1024) return `${exact} (${trimmed(bytes / 1024)} KB)`;
	return exact;
}

function trimmed(value: number): string {
	return value.toFixed(2).replace(/\.?0+$/, '');
}

function ascii(head: Uint8Array, start: number, length: number): string {
	return String.fromCharCode(...head.subarray(start, start + length));
}

/** RIFF….WEBP with an extended (VP8X) header whose animation flag (bit 1 of its first byte) is set. */
export function isAnimatedWebp(head: Uint8Array): boolean {
	const flags = head[20];
	return (
		ascii(head, 0, 4) === 'RIFF' &&
		ascii(head, 8, 4) === 'WEBP' &&
		ascii(head, 12, 4) === 'VP8X' &&
		flags !== undefined &&
		(flags & 0x02) !== 0
	);
}

/** An OGG stream whose first page holds an Opus identification header (RFC 7845, section 3). */
export function isOggOpus(mimeType: string, head: Uint8Array): boolean {
	const segmentCount = head[26];
	if (mimeType !== VOICE_NOTE_MIME_TYPE || ascii(head, 0, 4) !== 'OggS' || segmentCount === undefined) return false;
	return ascii(head, 27 + segmentCount, 8) === 'OpusHead';
}

