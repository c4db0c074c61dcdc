import type { IDataObject } from 'n8n-workflow';

import {
	DEFAULT_SESSION_PATH,
	metaCloudApiProvider,
	metaCloudApiUrl,
	cloudApiCompatibleProvider,
	cloudApiCompatibleUrl,
} from '../../../nodes/WhatsAppSession/providers/cloudApi/adapters';
import {
	CredentialSettingError,
	encodePathSegment,
	fillPathTemplate,
	normaliseBaseUrl,
} from '../../../nodes/WhatsAppSession/providers/shared/endpoint';
import type { SessionMessage } from '../../../nodes/WhatsAppSession/message/types';

const KEY = 'sk_live_4f9a2b';
const PHONE_ID = '106540352242922';
const session = (overrides: IDataObject = {}): IDataObject => ({
	domain: 'api.pingtochat.com',
	phoneNumberId: PHONE_ID,
	apiKey: KEY,
	accessToken: 'EAAG_token_value',
	...overrides,
});

/** The error a call throws; fails the test when it does not throw. */
function errorOf(call: () => unknown): Error {
	try {
		call();
	} catch (error) {
		if (error instanceof Error) return error;
		throw new Error(`threw a non-Error: ${String(error)}`);
	}
	throw new Error('expected an error, but nothing was thrown');
}

/** Path segments as a URL parser sees them, so dot segments or stray "/", "?" and "#" would show. */
const segmentsOf = (url: string): string[] => new URL(url).pathname.split('/').slice(1);

describe('normaliseBaseUrl', () => {
	it.each([
		['api.example.com', 'https://api.example.com'],
		['api.example.com/', 'https://api.example.com'],
		['  api.example.com  ', 'https://api.example.com'],
		['https://api.example.com', 'https://api.example.com'],
		['https://api.example.com/', 'https://api.example.com'],
		['https://api.example.com///', 'https://api.example.com'],
		['http://api.example.com', 'http://api.example.com'],
		['HTTPS://API.Example.COM/', 'https://api.example.com'],
		['https://api.example.com:443/', 'https://api.example.com'],
		['https://api.example.com/base/', 'https://api.example.com/base'],
		['api.example.com/base/v1', 'https://api.example.com/base/v1'],
		['localhost:8080', 'https://localhost:8080'],
		['http://127.0.0.1:3000/', 'http://127.0.0.1:3000'],
		['api.example.com?', 'https://api.example.com'],
	])('%j → %s', (written, base) => {
		expect(normaliseBaseUrl(written, 'Domain')).toBe(base);
	});

	it.each([
		['empty', '', /Domain is empty/],
		['blank', '   ', /Domain is empty/],
		['another scheme', 'ftp://api.example.com', /must use http/],
		['a query', 'api.example.com?token=abc', /must not contain a query/],
		['a query after a path', 'https://api.example.com/base?x=1', /must not contain a query/],
		['a fragment', 'api.example.com#top', /must not contain a query, a fragment/],
		['a user name and password', 'https://user:pass@api.example.com', /user name/],
		['a user name', 'user@api.example.com', /user name/],
		['no host', 'https://', /not a valid URL/],
		['a space in the host', 'api example.com', /not a valid URL/],
	])('refuses %s', (_case, written, message) => {
		const error = errorOf(() => normaliseBaseUrl(written, 'Domain'));
		expect(error).toBeInstanceOf(CredentialSettingError);
		expect(error.message).toMatch(message);
	});

	it.each([
		'https://admin:hunter2pw@api.example.com',
		'api.example.com?key=hunter2pw',
		'api.example.com#hunter2pw',
	])('does not repeat the secret part of %s', (written) => {
		expect(errorOf(() => normaliseBaseUrl(written, 'Domain')).message).not.toContain('hunter2pw');
	});
});

describe('encodePathSegment', () => {
	it.each([
		['abc', 'abc'],
		['  abc  ', 'abc'],
		['a/b', 'a%2Fb'],
		['a?b', 'a%3Fb'],
		['a#b', 'a%23b'],
		['a b', 'a%20b'],
		['a%b', 'a%25b'],
		['%2e%2e', '%252e%252e'],
		['...', '...'],
		['.a', '.a'],
	])('%j → %s', (value, encoded) => {
		expect(encodePathSegment(value, 'API Key')).toBe(encoded);
	});

	it.each(['.', '..', ' .. ', ' . '])('refuses the dot segment %j', (value) => {
		const error = errorOf(() => encodePathSegment(value, 'API Key'));
		expect(error).toBeInstanceOf(CredentialSettingError);
		expect(error.message).toMatch(/API Key cannot be "\." or "\.\."/);
	});

	it.each(['', '   '])('refuses an empty value %j', (value) => {
		const error = errorOf(() => encodePathSegment(value, 'Phone Number ID'));
		expect(error).toBeInstanceOf(CredentialSettingError);
		expect(error.message).toMatch(/Phone Number ID is empty/);
	});
});

describe('fillPathTemplate', () => {
	const SEGMENTS = { phoneNumberId: '1001', key: 'k%2Fv' };

	it.each([
		['/api/v1.0/{phoneNumberId}/{key}/simpleMessages', '/api/v1.0/1001/k%2Fv/simpleMessages'],
		['api/v1.0/{phoneNumberId}/{key}/messages', '/api/v1.0/1001/k%2Fv/messages'],
		['  /v2/{key}/send  ', '/v2/k%2Fv/send'],
		['/{key}/{key}', '/k%2Fv/k%2Fv'],
		['/static/path', '/static/path'],
	])('%j → %s', (template, path) => {
		expect(fillPathTemplate(template, SEGMENTS, 'Session Endpoint Path')).toBe(path);
	});

	it.each(['/x/{token}', '/x/{KEY}', '/x/{ key }', '/x/{}', '/{phoneNumberId}/{apiKey}'])(
		'refuses the unknown placeholder in %j',
		(template) => {
			const error = errorOf(() => fillPathTemplate(template, SEGMENTS, 'Session Endpoint Path'));
			expect(error).toBeInstanceOf(CredentialSettingError);
			expect(error.message).toMatch(/Session Endpoint Path has an unknown placeholder \{.*\}; use \{phoneNumberId\} or \{key\}/);
		},
	);

	it('does not repeat the filled-in values when refusing a template', () => {
		const error = errorOf(() => fillPathTemplate('/{key}/{oops}', { key: KEY }, 'Session Endpoint Path'));
		expect(error.message).not.toContain(KEY);
	});
});

describe('cloudApiCompatibleUrl', () => {
	it('builds the default simpleMessages URL', () => {
		expect(DEFAULT_SESSION_PATH).toBe('/api/v1.0/{phoneNumberId}/{key}/simpleMessages');
		expect(cloudApiCompatibleUrl(session())).toBe(`https://api.pingtochat.com/api/v1.0/${PHONE_ID}/${KEY}/simpleMessages`);
	});

	it.each([
		['a domain without scheme', { domain: 'api.pingtochat.com' }, `https://api.pingtochat.com/api/v1.0/${PHONE_ID}/${KEY}/simpleMessages`],
		['a trailing slash', { domain: 'https://api.pingtochat.com/' }, `https://api.pingtochat.com/api/v1.0/${PHONE_ID}/${KEY}/simpleMessages`],
		['an http mock', { domain: 'http://127.0.0.1:4010' }, `http://127.0.0.1:4010/api/v1.0/${PHONE_ID}/${KEY}/simpleMessages`],
		['a base path', { domain: 'gw.example.com/whatsapp/' }, `https://gw.example.com/whatsapp/api/v1.0/${PHONE_ID}/${KEY}/simpleMessages`],
		['an empty path (the default)', { sessionPath: '' }, `https://api.pingtochat.com/api/v1.0/${PHONE_ID}/${KEY}/simpleMessages`],
		['a custom path', { sessionPath: '/api/v1.0/{phoneNumberId}/{key}/messages' }, `https://api.pingtochat.com/api/v1.0/${PHONE_ID}/${KEY}/messages`],
		['a custom path without leading slash', { sessionPath: 'v2/{key}/send/{phoneNumberId}' }, `https://api.pingtochat.com/v2/${KEY}/send/${PHONE_ID}`],
		['numeric credential values', { phoneNumberId: 1001, apiKey: 4242 }, 'https://api.pingtochat.com/api/v1.0/1001/4242/simpleMessages'],
	])('handles %s', (_case, overrides, url) => {
		expect(cloudApiCompatibleUrl(session(overrides))).toBe(url);
	});

	const AWKWARD = ['key/with/slashes', 'key?with=query', 'key#fragment', 'key with spaces', 'key%20percent', '100%', '%2e%2e', '..%2F', 'k\\ey', 'ключ', 'a:b@c', ' padded '];

	it.each(AWKWARD)('percent-encodes the key %j so it stays one path segment', (apiKey) => {
		const url = cloudApiCompatibleUrl(session({ apiKey }));
		const parsed = new URL(url);
		expect(parsed.search).toBe('');
		expect(parsed.hash).toBe('');
		expect(parsed.host).toBe('api.pingtochat.com');
		const segments = segmentsOf(url);
		expect(segments).toHaveLength(5);
		expect(segments[0]).toBe('api');
		expect(segments[1]).toBe('v1.0');
		expect(segments[2]).toBe(PHONE_ID);
		expect(decodeURIComponent(segments[3])).toBe(apiKey.trim());
		expect(segments[4]).toBe('simpleMessages');
	});

	it.each(AWKWARD)('percent-encodes the phone number id %j so it stays one path segment', (phoneNumberId) => {
		const url = cloudApiCompatibleUrl(session({ phoneNumberId }));
		const segments = segmentsOf(url);
		expect(new URL(url).search).toBe('');
		expect(new URL(url).hash).toBe('');
		expect(segments).toHaveLength(5);
		expect(decodeURIComponent(segments[2])).toBe(phoneNumberId.trim());
		expect(segments[3]).toBe(KEY);
		expect(segments[4]).toBe('simpleMessages');
	});

	it('keeps both awkward values in their own segments in a custom path', () => {
		const url = cloudApiCompatibleUrl(session({ apiKey: 'a/b?c#d', phoneNumberId: '1 2', sessionPath: '/send/{key}/{phoneNumberId}' }));
		expect(segmentsOf(url)).toEqual(['send', 'a%2Fb%3Fc%23d', '1%202']);
	});

	it.each<[string, IDataObject, RegExp]>([
		['a key of "."', { apiKey: '.' }, /API Key cannot be/],
		['a key of ".."', { apiKey: '..' }, /API Key cannot be/],
		['a phone number id of ".."', { phoneNumberId: '..' }, /Phone Number ID cannot be/],
		['a phone number id of "."', { phoneNumberId: ' . ' }, /Phone Number ID cannot be/],
		['an empty key', { apiKey: '' }, /API Key is empty/],
		['a missing phone number id', { phoneNumberId: undefined }, /Phone Number ID is empty/],
		['an empty domain', { domain: '' }, /Domain is empty/],
		['a domain with a query', { domain: 'api.pingtochat.com?x=1' }, /Domain must not contain a query/],
		['a domain with credentials', { domain: 'https://u:p@api.pingtochat.com' }, /Domain must not contain .*user name/],
		['a domain with another scheme', { domain: 'ftp://api.pingtochat.com' }, /Domain must use http/],
		['an unknown placeholder', { sessionPath: '/api/{phone_number_id}/{key}/simpleMessages' }, /unknown placeholder \{phone_number_id\}/],
	])('refuses %s with a CredentialSettingError that does not contain the key', (_case, overrides, message) => {
		const error = errorOf(() => cloudApiCompatibleUrl(session(overrides)));
		expect(error).toBeInstanceOf(CredentialSettingError);
		expect(error.message).toMatch(message);
		expect(error.message).not.toContain(KEY);
		expect(error.message).not.toContain('EAAG_token_value');
	});

	it('never echoes a secret-looking key in any refusal', () => {
		const secret = 'SECRET/KEY?x#y';
		const failures = [
			{ apiKey: secret, domain: '' },
			{ apiKey: secret, sessionPath: '/{nope}/{key}' },
			{ apiKey: secret, phoneNumberId: '..' },
			{ apiKey: secret, domain: 'https://a:b@c.example' },
		].map((overrides) => errorOf(() => cloudApiCompatibleUrl(session(overrides))).message);
		for (const message of failures) {
			expect(message).not.toContain(secret);
			expect(message).not.toContain(encodeURIComponent(secret));
			expect(message).not.toContain('SECRET');
		}
	});
});

describe('metaCloudApiUrl', () => {
	it.each([
		['the defaults', { phoneNumberId: PHONE_ID }, `https://graph.facebook.com/v23.0/${PHONE_ID}/messages`],
		['empty optional fields', { phoneNumberId: PHONE_ID, baseUrl: '', graphApiVersion: '' }, `https://graph.facebook.com/v23.0/${PHONE_ID}/messages`],
		['another version', { phoneNumberId: PHONE_ID, graphApiVersion: 'v19.0' }, `https://graph.facebook.com/v19.0/${PHONE_ID}/messages`],
		['a base URL without scheme and with slash', { phoneNumberId: PHONE_ID, baseUrl: 'graph.example.com/' }, `https://graph.example.com/v23.0/${PHONE_ID}/messages`],
		['a local mock with a path', { phoneNumberId: PHONE_ID, baseUrl: 'http://127.0.0.1:9000/mock/' }, `http://127.0.0.1:9000/mock/v23.0/${PHONE_ID}/messages`],
	])('handles %s', (_case, credentials, url) => {
		expect(metaCloudApiUrl(credentials)).toBe(url);
	});

	it.each(['1/2', '1?2', '1#2', '1 2', '1%2'])('percent-encodes the phone number id %j as one segment', (phoneNumberId) => {
		const url = metaCloudApiUrl({ phoneNumberId });
		expect(new URL(url).search).toBe('');
		expect(new URL(url).hash).toBe('');
		const segments = segmentsOf(url);
		expect(segments).toHaveLength(3);
		expect(segments[0]).toBe('v23.0');
		expect(decodeURIComponent(segments[1])).toBe(phoneNumberId);
		expect(segments[2]).toBe('messages');
	});

	it.each<[string, IDataObject, RegExp]>([
		['no phone number id', {}, /Phone Number ID is empty/],
		['a phone number id of ".."', { phoneNumberId: '..' }, /Phone Number ID cannot be/],
		['a version of ".."', { phoneNumberId: PHONE_ID, graphApiVersion: '..' }, /Graph API Version cannot be/],
		['a base URL with a query', { phoneNumberId: PHONE_ID, baseUrl: 'https://graph.facebook.com?access_token=x' }, /Base URL must not contain a query/],
	])('refuses %s', (_case, credentials, message) => {
		const error = errorOf(() => metaCloudApiUrl(credentials));
		expect(error).toBeInstanceOf(CredentialSettingError);
		expect(error.message).toMatch(message);
	});
});

describe('provider adapters', () => {
	const MESSAGE: SessionMessage = { recipient: { kind: 'phoneNumber', digits: '919880132082' }, content: { type: 'text', body: 'hi', previewUrl: false } };

	it('the session API adapter posts the Cloud API body to the session URL and declares key and token secret', () => {
		const connection = cloudApiCompatibleProvider.connect(session());
		expect(connection.encode(MESSAGE)).toEqual({
			method: 'POST',
			url: `https://api.pingtochat.com/api/v1.0/${PHONE_ID}/${KEY}/simpleMessages`,
			body: {
				messaging_product: 'whatsapp',
				recipient_type: 'individual',
				to: '919880132082',
				type: 'text',
				text: { preview_url: false, body: 'hi' },
			},
		});
		expect(connection.secrets).toEqual([KEY, 'EAAG_token_value']);
	});

	it('the Meta adapter posts to graph.facebook.com and declares the token secret', () => {
		const connection = metaCloudApiProvider.connect({ phoneNumberId: PHONE_ID, accessToken: 'EAAG_meta' });
		const request = connection.encode(MESSAGE);
		expect(request.method).toBe('POST');
		expect(request.url).toBe(`https://graph.facebook.com/v23.0/${PHONE_ID}/messages`);
		expect(request.body).toMatchObject({ messaging_product: 'whatsapp', to: '919880132082', type: 'text' });
		expect(connection.secrets).toEqual(['EAAG_meta']);
	});

	it('also declares the webhook secrets secret once they are set', () => {
		const webhookFields = { appSecret: 'app-secret-1', verifyToken: 'verify-1' };
		expect(metaCloudApiProvider.connect({ phoneNumberId: PHONE_ID, accessToken: 'EAAG_meta', ...webhookFields }).secrets).toEqual([
			'EAAG_meta',
			'app-secret-1',
			'verify-1',
		]);
		expect(cloudApiCompatibleProvider.connect(session(webhookFields)).secrets).toEqual([
			KEY,
			'EAAG_token_value',
			'app-secret-1',
			'verify-1',
		]);
	});

	it('refuses bad settings when connecting, before any message is encoded', () => {
		expect(() => cloudApiCompatibleProvider.connect(session({ apiKey: '..' }))).toThrow(CredentialSettingError);
		expect(() => metaCloudApiProvider.connect({ phoneNumberId: '' })).toThrow(CredentialSettingError);
	});
});
