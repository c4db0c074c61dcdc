// WhatsApp's type and size limits for a file sent from n8n binary data, checked before the upload:
// every media kind at its limit and one byte over, with the types it takes and one it does not.
import { essentialMimeType, isAnimatedWebp, isOggOpus, mediaFileIssues, type MediaFileFacts } from '../../../nodes/WhatsAppSession/media/uploadChecks';
import type { MediaKind } from '../../../nodes/WhatsAppSession/message/types';

const FIELD = 'Input Binary Field';
const KB = 1024;
const MB = 1024 * 1024;

/** A static WebP (simple lossy header) and an animated one (VP8X with the animation flag). */
const STATIC_WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 '), Buffer.alloc(16)]);
const ANIMATED_WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8X'), Buffer.from([10, 0, 0, 0, 0x02]), Buffer.alloc(16)]);
/** A VP8X WebP without the animation flag (only the alpha flag): a static sticker. */
const EXTENDED_STATIC_WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8X'), Buffer.from([10, 0, 0, 0, 0x10]), Buffer.alloc(16)]);

/** The first page of an OGG stream: 27-byte header with one segment, then the codec's identification packet. */
function oggFirstPage(packet: string): Buffer {
	const header = Buffer.alloc(27);
	header.write('OggS', 0, 'ascii');
	header[26] = 1;
	return Buffer.concat([header, Buffer.from([19]), Buffer.from(packet, 'ascii'), Buffer.alloc(11)]);
}
const OGG_OPUS = oggFirstPage('OpusHead');
const OGG_VORBIS = oggFirstPage('\u0001vorbis');

function file(mimeType: string, byteLength: number, head: Buffer = Buffer.alloc(0), fileName = 'f'): MediaFileFacts {
	return { mimeType, fileName, byteLength, head };
}

function problems(mediaKind: MediaKind, facts: MediaFileFacts, voice = false): string[] {
	return mediaFileIssues({ mediaKind, voice }, facts, FIELD).map((issue) => `${issue.field}: ${issue.problem}`);
}

/** Every kind with each type it takes, its limit, and what the over-limit error says. */
const AT_THE_LIMIT: Array<[MediaKind, string, number, Buffer, string]> = [
	['image', 'image/jpeg', 5 * MB, Buffer.alloc(0), 'an image may be at most 5,242,880 bytes (5 MB)'],
	['image', 'image/png', 5 * MB, Buffer.alloc(0), 'an image may be at most 5,242,880 bytes (5 MB)'],
	['video', 'video/mp4', 16 * MB, Buffer.alloc(0), 'a video may be at most 16,777,216 bytes (16 MB)'],
	['video', 'video/3gpp', 16 * MB, Buffer.alloc(0), 'a video may be at most 16,777,216 bytes (16 MB)'],
	['audio', 'audio/aac', 16 * MB, Buffer.alloc(0), 'an audio file may be at most 16,777,216 bytes (16 MB)'],
	['audio', 'audio/amr', 16 * MB, Buffer.alloc(0), 'an audio file may be at most 16,777,216 bytes (16 MB)'],
	['audio', 'audio/mpeg', 16 * MB, Buffer.alloc(0), 'an audio file may be at most 16,777,216 bytes (16 MB)'],
	['audio', 'audio/mp4', 16 * MB, Buffer.alloc(0), 'an audio file may be at most 16,777,216 bytes (16 MB)'],
	['audio', 'audio/ogg', 16 * MB, OGG_OPUS, 'an audio file may be at most 16,777,216 bytes (16 MB)'],
	['document', 'application/pdf', 100 * MB, Buffer.alloc(0), 'a document may be at most 104,857,600 bytes (100 MB)'],
	['document', 'text/csv', 100 * MB, Buffer.alloc(0), 'a document may be at most 104,857,600 bytes (100 MB)'],
	['sticker', 'image/webp', 100 * KB, STATIC_WEBP, 'a sticker may be at most 102,400 bytes (100 KB)'],
	['sticker', 'image/webp', 100 * KB, EXTENDED_STATIC_WEBP, 'a sticker may be at most 102,400 bytes (100 KB)'],
	['sticker', 'image/webp', 500 * KB, ANIMATED_WEBP, 'an animated sticker may be at most 512,000 bytes (500 KB)'],
];

describe.each(AT_THE_LIMIT)('%s as %s', (kind, mimeType, limit, head, overMessage) => {
	it(`${limit} bytes pass`, () => {
		expect(problems(kind, file(mimeType, limit, head))).toEqual([]);
	});

	it(`${limit + 1} bytes fail, naming the field, the file, its size and the limit`, () => {
		const overBy = limit + 1;
		expect(problems(kind, file(mimeType, overBy, head, 'x.bin'))).toEqual([
			`${FIELD}: holds the file "x.bin" of ${overBy.toLocaleString('en-US')} bytes (${sizeLabel(overBy)}); ${overMessage}`,
		]);
	});
});

function sizeLabel(bytes: number): string {
	return bytes >= MB ? `${(bytes / MB).toFixed(2).replace(/\.?0+$/, '')} MB` : `${(bytes / KB).toFixed(2).replace(/\.?0+$/, '')} KB`;
}

describe('voice notes (audio sent with Send as Voice Note)', () => {
	it('OGG with the Opus codec passes at 16 MB, and fails one byte over', () => {
		expect(problems('audio', file('audio/ogg; codecs=opus', 16 * MB, OGG_OPUS), true)).toEqual([]);
		expect(problems('audio', file('audio/ogg', 16 * MB + 1, OGG_OPUS), true)).toHaveLength(1);
	});

	it('MP3, or OGG with another codec, is refused as a voice note but passes as plain audio', () => {
		const mp3 = file('audio/mpeg', 1000, Buffer.from('ID3'), 'reply.mp3');
		const vorbis = file('audio/ogg', 1000, OGG_VORBIS, 'reply.ogg');
		expect(problems('audio', mp3, true)).toEqual([
			`${FIELD}: holds the file "reply.mp3" of type "audio/mpeg", but a voice note must be OGG audio (audio/ogg) with the Opus codec; send other audio without Send as Voice Note`,
		]);
		expect(problems('audio', vorbis, true)).toHaveLength(1);
		expect(problems('audio', mp3, false)).toEqual([]);
		expect(problems('audio', vorbis, false)).toEqual([]);
	});
});

describe('types', () => {
	const REFUSED: Array<[MediaKind, string, string]> = [
		['image', 'image/gif', 'an image must be image/jpeg, image/png'],
		['image', 'image/webp', 'an image must be image/jpeg, image/png'],
		['video', 'video/quicktime', 'a video must be video/mp4, video/3gpp'],
		['audio', 'audio/wav', 'an audio file must be audio/aac, audio/amr, audio/mpeg, audio/mp4, audio/ogg'],
		['sticker', 'image/png', 'a sticker must be image/webp'],
	];

	it.each(REFUSED)('%s refuses %s, naming the types it takes', (kind, mimeType, rule) => {
		expect(problems(kind, file(mimeType, 10, Buffer.alloc(0), 'a'))).toEqual([`${FIELD}: holds the file "a" of type "${mimeType}"; ${rule}`]);
	});

	it('a document may be of any type', () => {
		expect(problems('document', file('application/x-anything', 10))).toEqual([]);
	});

	it('case and parameters of the MIME type do not matter', () => {
		expect(essentialMimeType(' Image/JPEG ; charset=binary')).toBe('image/jpeg');
		expect(problems('image', file('Image/JPEG; q=1', 10))).toEqual([]);
	});

	it('an empty file is refused, and a nameless one is called "a file"', () => {
		expect(problems('document', { mimeType: 'application/pdf', fileName: undefined, byteLength: 0, head: Buffer.alloc(0) })).toEqual([
			`${FIELD}: holds a file, which is empty`,
		]);
	});

	it('a file over the limit and of the wrong type gets both issues', () => {
		expect(problems('image', file('image/gif', 5 * MB + 1))).toHaveLength(2);
	});
});

describe('format sniffing', () => {
	it('tells an animated WebP from a static one, and from other RIFF files', () => {
		expect([isAnimatedWebp(ANIMATED_WEBP), isAnimatedWebp(STATIC_WEBP), isAnimatedWebp(EXTENDED_STATIC_WEBP)]).toEqual([true, false, false]);
		const avi = Buffer.from(ANIMATED_WEBP);
		avi.write('AVI ', 8, 'ascii');
		expect(isAnimatedWebp(avi)).toBe(false);
		expect(isAnimatedWebp(Buffer.alloc(4))).toBe(false);
	});

	it('finds Opus in the first OGG page only under the OGG type', () => {
		expect([isOggOpus('audio/ogg', OGG_OPUS), isOggOpus('audio/ogg', OGG_VORBIS), isOggOpus('audio/mpeg', OGG_OPUS), isOggOpus('audio/ogg', Buffer.alloc(0))]).toEqual([
			true,
			false,
			false,
			false,
		]);
	});
});
