// Get Media's pure parts: reading the provider's metadata, the sha256 and size check, the file's
// name and extension from its MIME type, and the URLs Connectly's webhooks give.
import { createHash } from 'node:crypto';

import { isInvalidMessageError } from '../../../nodes/WhatsAppSession/message/errors';
import {
	baseNameFromUrl,
	checkReceivedFile,
	fileExtensionFor,
	fileNameFor,
	normaliseSha256,
	readFileSize,
	readMediaId,
	readMediaUrl,
	readMimeType,
	urlSecrets,
} from '../../../nodes/WhatsAppSession/media/receivedFile';
import { decodeCloudApiMediaMetadata } from '../../../nodes/WhatsAppSession/providers/cloudApi/media';
import { PROVIDERS } from '../../../nodes/WhatsAppSession/providers';
import { decideDownload } from '../../../nodes/WhatsAppSession/media/downloadPolicy';
import { downloadHostsOf } from '../../../nodes/WhatsAppSession/actions/mediaDownload';

const BYTES = Buffer.from('the customer\'s photo');
const HEX = createHash('sha256').update(BYTES).digest('hex');
const BASE64 = Buffer.from(HEX, 'hex').toString('base64');

function issuesOf(read: () => unknown): unknown {
	try {
		read();
	} catch (error) {
		if (isInvalidMessageError(error)) return error.issues;
		throw error;
	}
	return [];
}

describe('the Cloud API\'s media metadata', () => {
	it.each<[string, unknown, unknown]>([
		[
			'every field, the size as Meta\'s docs write it (a string)',
			{ messaging_product: 'whatsapp', url: 'https://lookaside.fbsbx.com/x?ext=1', mime_type: 'image/jpeg', sha256: HEX, file_size: '20', id: '1' },
			{ url: 'https://lookaside.fbsbx.com/x?ext=1', mimeType: 'image/jpeg', sha256: HEX, fileSize: 20 },
		],
		['the size as a number', { url: 'https://h/f', file_size: 20 }, { url: 'https://h/f', fileSize: 20 }],
		['a size that is no count is left out', { url: 'https://h/f', file_size: '20 KB', sha256: '' }, { url: 'https://h/f' }],
		['no URL: nothing to fetch', { mime_type: 'image/jpeg', sha256: HEX }, undefined],
		['an empty URL', { url: '  ' }, undefined],
		['not an object', 'Not found', undefined],
	])('%s', (_case, body, expected) => {
		expect(decodeCloudApiMediaMetadata(body)).toEqual(expected);
	});
});

describe('sha256 as providers write it', () => {
	it.each<[string, string, string | undefined]>([
		['hex', HEX, HEX],
		['upper-case hex', HEX.toUpperCase(), HEX],
		['base64 (Meta\'s webhooks)', BASE64, HEX],
		['base64url without padding', BASE64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=$/, ''), HEX],
		['surrounded by spaces', ` ${HEX} `, HEX],
		['hex one short', HEX.slice(1), undefined],
		['base64 of 31 bytes', Buffer.alloc(31).toString('base64'), undefined],
		['anything else', 'x', undefined],
	])('%s', (_case, written, expected) => {
		expect(normaliseSha256(written)).toBe(expected);
	});
});

describe('checkReceivedFile', () => {
	it('passes the bytes that hash to the provider\'s sha256 and have its size', () => {
		expect(checkReceivedFile(BYTES, { sha256: BASE64, fileSize: BYTES.length })).toEqual({
			ok: true,
			sha256: HEX,
			fileSize: BYTES.length,
			checked: { sha256: true, fileSize: true },
		});
	});

	it('names the sha256 when one byte differs, with both checksums', () => {
		const changed = Buffer.from(BYTES);
		changed[0] = (changed[0] ?? 0) ^ 1;
		expect(checkReceivedFile(changed, { sha256: HEX, fileSize: BYTES.length })).toEqual({
			ok: false,
			mismatch: 'sha256',
			expected: HEX,
			actual: createHash('sha256').update(changed).digest('hex'),
		});
	});

	it('names the size when the provider gave no checksum, and a file one byte short', () => {
		expect(checkReceivedFile(BYTES.subarray(1), { fileSize: BYTES.length })).toEqual({
			ok: false,
			mismatch: 'fileSize',
			expected: `${BYTES.length} bytes`,
			actual: `${BYTES.length - 1} bytes`,
		});
	});

	it('says what it could not check when the provider gave nothing, or a checksum it cannot read', () => {
		expect(checkReceivedFile(BYTES, {})).toEqual({ ok: true, sha256: HEX, fileSize: BYTES.length, checked: { sha256: false, fileSize: false } });
		expect(checkReceivedFile(BYTES, { sha256: 'not-a-checksum' })).toEqual(expect.objectContaining({ ok: true, checked: { sha256: false, fileSize: false } }));
	});
});

describe('file names and extensions from the MIME type', () => {
	it.each<[string, string | undefined]>([
		['image/jpeg', 'jpg'],
		['image/png', 'png'],
		['image/webp', 'webp'],
		['video/mp4', 'mp4'],
		['video/3gpp', '3gp'],
		['audio/ogg; codecs=opus', 'ogg'],
		['AUDIO/MPEG', 'mp3'],
		['audio/amr', 'amr'],
		['audio/aac', 'aac'],
		['application/pdf', 'pdf'],
		['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx'],
		['text/plain', 'txt'],
		['application/x-unknown', undefined],
	])('%s → %s', (mimeType, extension) => {
		expect(fileExtensionFor(mimeType)).toBe(extension);
	});

	it.each<[string | undefined, string, string, string]>([
		[undefined, '1042381205592316', 'image/jpeg', '1042381205592316.jpg'],
		['', '2211', 'audio/ogg; codecs=opus', '2211.ogg'],
		['  invoice 1042.pdf ', '1', 'image/jpeg', 'invoice 1042.pdf'],
		// A CDN name that already has its extension keeps it once.
		[undefined, 'photo.JPG', 'image/jpeg', 'photo.JPG'],
		[undefined, 'blob', 'application/x-unknown', 'blob'],
		// Path separators and dot segments never make a path of the name.
		[undefined, '../../etc/passwd', 'text/plain', 'etc_passwd.txt'],
		[undefined, '', 'image/png', 'whatsapp-media.png'],
	])('given %j, base %j, %s → %j', (given, baseName, mimeType, expected) => {
		expect(fileNameFor(given, baseName, mimeType)).toBe(expected);
	});

	it.each<[unknown[], string]>([
		[['image/jpeg', 'text/html'], 'image/jpeg'],
		[[undefined, 'image/png'], 'image/png'],
		[['', 'not a type'], 'application/octet-stream'],
		[[], 'application/octet-stream'],
	])('MIME type from %j: %s', (candidates, expected) => {
		expect(readMimeType(...candidates)).toBe(expected);
	});

	it.each<[unknown, number | undefined]>([
		[20, 20],
		['20', 20],
		['-1', undefined],
		[1.5, undefined],
		[null, undefined],
	])('file size %j → %j', (value, expected) => {
		expect(readFileSize(value)).toBe(expected);
	});
});

describe('the inputs', () => {
	it('a media id is trimmed; empty and dot segments are refused by field', () => {
		expect(readMediaId(' 1042 ')).toBe('1042');
		expect(readMediaId(1042)).toBe('1042');
		expect(issuesOf(() => readMediaId(''))).toEqual([{ field: 'Media ID', problem: 'is required' }]);
		expect(issuesOf(() => readMediaId('..'))).toEqual([{ field: 'Media ID', problem: 'cannot be "." or ".."' }]);
	});

	it('a media URL must be absolute http(s), and the problem never quotes it', () => {
		expect(readMediaUrl(' https://cdn.example.com/a/photo.jpg?sig=x ').href).toBe('https://cdn.example.com/a/photo.jpg?sig=x');
		for (const bad of ['/relative/path.jpg', 'file:///etc/passwd', 'ftp://host/f?sig=secret-sig']) {
			const issues = issuesOf(() => readMediaUrl(bad));
			expect(issues).toEqual([{ field: 'Media URL', problem: expect.stringContaining('absolute http:// or https:// URL') }]);
			expect(JSON.stringify(issues)).not.toContain('secret-sig');
		}
		expect(issuesOf(() => readMediaUrl(undefined))).toEqual([{ field: 'Media URL', problem: 'is required' }]);
	});

	it('a URL\'s file name is its last path segment, decoded', () => {
		expect(baseNameFromUrl(new URL('https://cdn.example.com/media/Invoice%201042.pdf?sig=x'))).toBe('Invoice 1042.pdf');
		expect(baseNameFromUrl(new URL('https://cdn.example.com/'))).toBe('');
		expect(baseNameFromUrl(new URL('https://cdn.example.com/%E0%A4'))).toBe('%E0%A4');
	});

	it('a URL\'s secrets are the URL and each query value', () => {
		expect(urlSecrets('https://cdn.example.com/f?sig=abc123&exp=99')).toEqual([
			'https://cdn.example.com/f?sig=abc123&exp=99',
			'https://cdn.example.com/f?sig=abc123&exp=99',
			'abc123',
			'99',
		]);
	});
});

describe('Connectly: where a download may go, and whether the API key goes with it', () => {
	const download = PROVIDERS.connectly.media?.download;
	const decide = (baseUrl: string | undefined, url: string) => {
		if (download === undefined) throw new Error('Connectly declares downloads');
		const hosts = downloadHostsOf(download, baseUrl === undefined ? {} : { baseUrl }, false);
		const decision = decideDownload(new URL(url), hosts);
		return decision.allowed ? (decision.withCredential ? 'with key' : 'without key') : 'refused';
	};

	it.each<[string | undefined, string, string]>([
		[undefined, 'https://api.connectly.ai/v1/media/abc', 'with key'],
		[undefined, 'https://cdn.connectly.ai/abc.jpg', 'without key'],
		[undefined, 'http://cdn.connectly.ai/abc.jpg', 'refused'],
		[undefined, 'http://api.connectly.ai/v1/media/abc', 'refused'],
		['https://proxy.example.com/connectly', 'https://proxy.example.com/other', 'with key'],
		['https://proxy.example.com', 'https://proxy.example.com:8443/f', 'refused'],
		[undefined, 'https://api.connectly.ai.evil.example/f', 'refused'],
		[undefined, 'https://cdn.connectly.ai.evil.example/f', 'refused'],
		[undefined, 'http://127.0.0.1:5678/rest/', 'refused'],
		[undefined, 'http://169.254.169.254/latest/meta-data/', 'refused'],
	])('Base URL %j, file %s: %s', (baseUrl, url, expected) => {
		expect(decide(baseUrl, url)).toBe(expected);
	});
});

describe('downloads', () => {
	it('is declared only where we know how each provider serves files', () => {
		expect(Object.fromEntries(Object.entries(PROVIDERS).map(([id, adapter]) => [id, adapter.media?.download?.takes]))).toEqual({
			cloudApiCompatible: 'mediaId',
			metaCloudApi: 'mediaId',
			connectly: 'url',
			texter: undefined,
		});
	});
});
