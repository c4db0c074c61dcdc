// The upload request each adapter builds for an n8n binary file: where it goes, and its multipart
// bytes. Which adapters take uploads is what the form offers; Connectly and Texter take none.
import { encodeMultipartForm } from '../../../nodes/WhatsAppSession/providers/shared/multipart';
import { encodeCloudApiUpload } from '../../../nodes/WhatsAppSession/providers/cloudApi/adapters';
import { allProviders, PROVIDERS } from '../../../nodes/WhatsAppSession/providers';
import { mediaProperties } from '../../../nodes/WhatsAppSession/description/media';
import { SAMPLE_CREDENTIALS } from '../../support/providerSamples';

const FILE = { mimeType: 'application/pdf', fileName: 'invoice.pdf', bytes: Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x0d, 0x0a]) };

describe('multipart/form-data', () => {
	it('writes each part with its headers, the file\'s bytes as they are, and the closing boundary', () => {
		const form = encodeMultipartForm([{ field: 'a', text: 'één' }, { field: 'file', file: FILE }], 'XYZ');
		expect(form.contentType).toBe('multipart/form-data; boundary=XYZ');
		expect(form.bytes.equals(Buffer.concat([
			Buffer.from('--XYZ\r\nContent-Disposition: form-data; name="a"\r\n\r\néén\r\n', 'utf8'),
			Buffer.from('--XYZ\r\nContent-Disposition: form-data; name="file"; filename="invoice.pdf"\r\nContent-Type: application/pdf\r\n\r\n'),
			FILE.bytes,
			Buffer.from('\r\n--XYZ--\r\n'),
		]))).toBe(true);
	});

	it('escapes quotes and line breaks in a file name, so it cannot end its header', () => {
		const form = encodeMultipartForm([{ field: 'file', file: { ...FILE, fileName: 'a"b\r\nX-Evil: 1.pdf' } }], 'B');
		expect(form.bytes.toString('latin1')).toContain('filename="a%22b%0D%0AX-Evil: 1.pdf"\r\nContent-Type: application/pdf\r\n');
	});
});

describe('the Cloud API upload', () => {
	it('is messaging_product, type and file, in that order', () => {
		const request = encodeCloudApiUpload('https://x.io/media', FILE, 'b1');
		const text = request.multipart.bytes.toString('latin1');
		expect(request.multipart.contentType).toBe('multipart/form-data; boundary=----whatsAppSessionUploadb1');
		expect([...text.matchAll(/; name="([^"]+)"/g)].map((match) => match[1])).toEqual(['messaging_product', 'type', 'file']);
		expect(text).toContain('name="type"\r\n\r\napplication/pdf\r\n');
	});

	it('goes to Meta\'s /{version}/{phone number ID}/media', () => {
		const upload = PROVIDERS.metaCloudApi.media?.upload?.connect(SAMPLE_CREDENTIALS.metaCloudApi);
		expect(upload?.(FILE).url).toBe(`https://graph.facebook.com/v23.0/${String(SAMPLE_CREDENTIALS.metaCloudApi.phoneNumberId)}/media`);
	});

	it('goes to the Cloud-API-format credential\'s Media Upload Path, which starts empty and then refuses every upload', () => {
		const credentials = { domain: 'api.example.com', phoneNumberId: '12 3', apiKey: 'k/1', accessToken: 't' };
		const upload = PROVIDERS.cloudApiCompatible.media?.upload;
		expect(upload?.connect({ ...credentials, mediaUploadPath: '/api/v1.0/{phoneNumberId}/{key}/media' })(FILE).url).toBe('https://api.example.com/api/v1.0/12%203/k%2F1/media');
		expect(upload?.connect({ ...credentials, mediaUploadPath: 'v3/{key}/upload' })(FILE).url).toBe('https://api.example.com/v3/k%2F1/upload');
		expect(() => upload?.connect({ ...credentials, mediaUploadPath: '/{nope}/media' })(FILE)).toThrow(/Media Upload Path has an unknown placeholder \{nope\}/);
		for (const unset of [{}, { mediaUploadPath: '' }, { mediaUploadPath: '  ' }]) {
			expect(() => upload?.connect({ ...credentials, ...unset })(FILE)).toThrow(/^The credential's Media Upload Path is empty: this provider publishes no such endpoint/);
		}
		expect(PROVIDERS.cloudApiCompatible.media?.upload?.setupHint).toMatch(/Media Upload Path, which starts empty/);
		expect(PROVIDERS.metaCloudApi.media?.upload?.setupHint).toBeUndefined();
	});

	it('a fresh boundary for every upload, so no file can hold it by design', () => {
		const upload = PROVIDERS.metaCloudApi.media?.upload?.connect(SAMPLE_CREDENTIALS.metaCloudApi);
		expect(upload?.(FILE).multipart.contentType).not.toBe(upload?.(FILE).multipart.contentType);
	});

	it('reads the media ID from {"id"}', () => {
		const decode = PROVIDERS.metaCloudApi.media?.upload?.decodeMediaId;
		expect([decode?.({ id: '1234' }), decode?.({ id: 1234 }), decode?.({ ok: true }), decode?.('id')]).toEqual(['1234', '1234', undefined, undefined]);
	});
});

describe('the form offers the binary file exactly where the provider takes uploads', () => {
	it('Meta and Cloud-API-format providers take uploads; Connectly and Texter do not', () => {
		expect(allProviders().filter((adapter) => adapter.media?.upload !== undefined).map((adapter) => adapter.id).sort()).toEqual(['cloudApiCompatible', 'metaCloudApi']);
	});

	it('each provider\'s Media Source field lists "Binary File From Input" only when it takes uploads', () => {
		for (const adapter of allProviders()) {
			const fields = mediaProperties.filter(
				(property) => property.name === 'mediaSource' && (property.displayOptions?.show?.provider ?? []).includes(adapter.id),
			);
			expect([adapter.id, fields.length]).toEqual([adapter.id, 1]);
			const values = (fields[0]?.options ?? []).map((option) => ('value' in option ? option.value : undefined));
			expect([adapter.id, values.includes('binary')]).toEqual([adapter.id, adapter.media?.upload !== undefined]);
		}
	});
});
