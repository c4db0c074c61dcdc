// Where Get Media may fetch a file from, and whether the credential goes along: the first URL and
// every redirect hop, decided before any request.
import { decideDownload, decideRedirect, type DownloadHosts } from '../../../nodes/WhatsAppSession/media/downloadPolicy';
import { readMaxDownloadBytes } from '../../../nodes/WhatsAppSession/media/receivedFile';
import { isInvalidMessageError } from '../../../nodes/WhatsAppSession/message/errors';
import { PROVIDERS } from '../../../nodes/WhatsAppSession/providers';

const META: DownloadHosts = { apiOrigin: 'https://graph.facebook.com', fileHosts: ['lookaside.fbsbx.com'], credentialGoesToFileHosts: true, allowOtherHosts: false };

function verdict(decision: ReturnType<typeof decideDownload>): string {
	if (!decision.allowed) return `refused ${decision.host} (${decision.why})`;
	return `${decision.requestClass}, ${decision.withCredential ? 'with' : 'without'} credential`;
}

describe('decideDownload', () => {
	it.each<[string, DownloadHosts, string]>([
		['https://graph.facebook.com/v23.0/123', META, 'providerApi, with credential'],
		['https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1', META, 'fileHost, with credential'],
		['https://LOOKASIDE.fbsbx.com/x', META, 'fileHost, with credential'],
		['http://lookaside.fbsbx.com/x', META, 'refused lookaside.fbsbx.com (notHttps)'],
		['https://lookaside.fbsbx.com:8443/x', META, 'refused lookaside.fbsbx.com:8443 (notHttps)'],
		['https://lookaside.fbsbx.com.evil.example/x', META, 'refused lookaside.fbsbx.com.evil.example (notDeclared)'],
		['https://evil.example/x', META, 'refused evil.example (notDeclared)'],
		['http://127.0.0.1:9000/x', META, 'refused 127.0.0.1:9000 (notDeclared)'],
		['http://127.0.0.1:9000/x', { ...META, apiOrigin: 'http://127.0.0.1:9000' }, 'providerApi, with credential'],
		['http://127.0.0.1:9001/x', { ...META, apiOrigin: 'http://127.0.0.1:9000' }, 'refused 127.0.0.1:9001 (notDeclared)'],
		['https://evil.example/x', { ...META, allowOtherHosts: true }, 'fileHost, without credential'],
		['http://10.0.0.1/x', { ...META, allowOtherHosts: true }, 'fileHost, without credential'],
		['file:///etc/passwd', { ...META, allowOtherHosts: true }, 'refused file: (notDeclared)'],
		['https://lookaside.fbsbx.com/x', { ...META, credentialGoesToFileHosts: false }, 'fileHost, without credential'],
	])('%s', (url, hosts, expected) => {
		expect(verdict(decideDownload(new URL(url), hosts))).toBe(expected);
	});
});

describe('decideRedirect: the credential never crosses to another origin', () => {
	it.each<[string, string, DownloadHosts, string]>([
		['https://graph.facebook.com/a', 'https://graph.facebook.com/b', META, 'providerApi, with credential'],
		['https://graph.facebook.com/a', 'https://lookaside.fbsbx.com/b', META, 'fileHost, without credential'],
		['https://lookaside.fbsbx.com/a', 'https://lookaside.fbsbx.com/b', META, 'fileHost, with credential'],
		['https://lookaside.fbsbx.com/a', 'https://graph.facebook.com/b', META, 'providerApi, without credential'],
		['https://lookaside.fbsbx.com/a', 'http://169.254.169.254/', META, 'refused 169.254.169.254 (notDeclared)'],
		['https://lookaside.fbsbx.com/a', 'https://evil.example/', { ...META, allowOtherHosts: true }, 'fileHost, without credential'],
	])('%s → %s', (from, to, hosts, expected) => {
		expect(verdict(decideRedirect(new URL(from), new URL(to), hosts))).toBe(expected);
	});
});

describe('each adapter declares its file hosts and its API origin', () => {
	it.each<[keyof typeof PROVIDERS, Record<string, string>, string, readonly string[]]>([
		['metaCloudApi', {}, 'https://graph.facebook.com', ['lookaside.fbsbx.com']],
		['metaCloudApi', { baseUrl: 'http://127.0.0.1:4000/' }, 'http://127.0.0.1:4000', ['lookaside.fbsbx.com']],
		['cloudApiCompatible', { domain: 'api.example.com' }, 'https://api.example.com', []],
		['connectly', {}, 'https://api.connectly.ai', ['cdn.connectly.ai']],
	])('%s %j', (id, credentials, origin, fileHosts) => {
		const hosts = PROVIDERS[id].media?.download?.hosts;
		expect([hosts?.apiOrigin(credentials), hosts?.fileHosts]).toEqual([origin, fileHosts]);
	});
});

describe('readMaxDownloadBytes', () => {
	it.each<[unknown, number]>([
		[undefined, 100 * 1024 * 1024],
		[100, 100 * 1024 * 1024],
		['5', 5 * 1024 * 1024],
		[0.01, 10_485],
	])('%j MB → %i bytes', (value, bytes) => {
		expect(readMaxDownloadBytes(value)).toBe(bytes);
	});

	it.each([0, -5, 100.5, Number.NaN, 'many', true])('refuses %j by field, naming the limit', (value) => {
		let thrown: unknown;
		try {
			readMaxDownloadBytes(value);
		} catch (error) {
			thrown = error;
		}
		expect(isInvalidMessageError(thrown) && thrown.issues).toEqual([
			{ field: 'Max File Size (MB)', problem: 'must be a number above 0 and at most 100, WhatsApp\'s largest file' },
		]);
	});
});
