// transport/redact.ts guards the provider URL (which holds the API key) and the token; its tests sit
// beside the provider tests that build those URLs.
import { cloudApiCompatibleUrl } from '../../../nodes/WhatsAppSession/providers/cloudApi/adapters';
import { REDACTED, redactText, redactValue, secretVariants } from '../../../nodes/WhatsAppSession/transport/redact';

const KEY = 'my/secret key?';
const KEY_ENCODED = encodeURIComponent(KEY);
const TOKEN = 'EAAGtoken123';

describe('secretVariants', () => {
	it('holds each secret and its percent-encoded forms (upper- and lower-case hex), longest first', () => {
		expect(secretVariants([KEY, TOKEN])).toEqual([KEY_ENCODED, 'my%2fsecret%20key%3f', KEY, TOKEN]);
		expect(KEY_ENCODED).toBe('my%2Fsecret%20key%3F');
	});

	it.each<[string, Array<string | undefined>, string[]]>([
		['undefined secrets', [undefined, TOKEN], [TOKEN]],
		['secrets shorter than 4 characters', ['abc', 'a', '', TOKEN], [TOKEN]],
		['short secrets padded with spaces', ['  ab  '], []],
		['a secret of exactly 4 characters', ['abcd'], ['abcd']],
		['padding around a secret', ['  abcd  '], ['abcd']],
		['the same secret twice', [TOKEN, TOKEN], [TOKEN]],
		['a secret that needs no encoding', ['abcdef'], ['abcdef']],
	])('handles %s', (_case, secrets, variants) => {
		expect(secretVariants(secrets)).toEqual(variants);
	});
});

describe('redactText', () => {
	const secrets = secretVariants([KEY, TOKEN]);

	it.each([
		['the raw key', `key is ${KEY} here`, `key is ${REDACTED} here`],
		['the encoded key in a URL', `POST https://api.x.io/api/v1.0/1001/${KEY_ENCODED}/simpleMessages failed`, `POST https://api.x.io/api/v1.0/1001/${REDACTED}/simpleMessages failed`],
		['the token in a header', `Authorization: Bearer ${TOKEN}`, `Authorization: Bearer ${REDACTED}`],
		['several occurrences', `${TOKEN}${TOKEN} ${KEY}`, `${REDACTED}${REDACTED} ${REDACTED}`],
		['no secret', 'nothing to hide', 'nothing to hide'],
		['an empty text', '', ''],
	])('replaces %s', (_case, text, redacted) => {
		expect(redactText(text, secrets)).toBe(redacted);
	});

	it('redacts the URL the session provider builds, whole', () => {
		const url = cloudApiCompatibleUrl({ domain: 'api.x.io', phoneNumberId: '1001', apiKey: KEY, accessToken: TOKEN });
		const redacted = redactText(`request to ${url} timed out`, secrets);
		expect(redacted).toBe(`request to https://api.x.io/api/v1.0/1001/${REDACTED}/simpleMessages timed out`);
		expect(redacted).not.toContain('secret');
	});

	it('replaces a secret that contains another secret whole', () => {
		const variants = secretVariants(['abcd', 'abcdefgh']);
		expect(redactText('x abcdefgh y abcd', variants)).toBe(`x ${REDACTED} y ${REDACTED}`);
	});

	it.each(['abc', 'ab', 'a'])('leaves a short secret %j in place (too likely to occur by chance)', (secret) => {
		const text = `abc label: ${secret}`;
		expect(redactText(text, secretVariants([secret]))).toBe(text);
	});

	it('replaces nothing without secrets', () => {
		expect(redactText(`x ${TOKEN}`, [])).toBe(`x ${TOKEN}`);
	});
});

describe('redactValue', () => {
	const secrets = secretVariants([KEY, TOKEN]);

	it('replaces secrets in nested values and in keys', () => {
		const value = {
			error: {
				message: `Invalid key ${KEY}`,
				request: { url: `https://api.x.io/1001/${KEY_ENCODED}/simpleMessages`, headers: [`Bearer ${TOKEN}`] },
				[TOKEN]: 'echoed as a key',
				[`path/${KEY_ENCODED}`]: { deeper: [[`${TOKEN}`]] },
			},
			code: 190,
			ok: false,
			nothing: null,
		};
		expect(redactValue(value, secrets)).toEqual({
			error: {
				message: `Invalid key ${REDACTED}`,
				request: { url: `https://api.x.io/1001/${REDACTED}/simpleMessages`, headers: [`Bearer ${REDACTED}`] },
				[REDACTED]: 'echoed as a key',
				[`path/${REDACTED}`]: { deeper: [[REDACTED]] },
			},
			code: 190,
			ok: false,
			nothing: null,
		});
	});

	it('does not change the original', () => {
		const value = { a: [TOKEN] };
		redactValue(value, secrets);
		expect(value).toEqual({ a: [TOKEN] });
	});

	it('leaves no secret anywhere in the serialised result', () => {
		const value = { list: [{ [KEY]: KEY_ENCODED }, `${TOKEN}`], text: `${KEY}|${KEY_ENCODED}|${TOKEN}` };
		const serialised = JSON.stringify(redactValue(value, secrets));
		expect(serialised).not.toContain(TOKEN);
		expect(serialised).not.toContain(KEY_ENCODED);
		expect(serialised).not.toContain('secret');
	});

	it.each([42, true, null, undefined, 'plain'])('returns %j unchanged', (value) => {
		expect(redactValue(value, secrets)).toBe(value);
	});

	it('returns the same value when there are no secrets', () => {
		const value = { a: 'abc' };
		expect(redactValue(value, [])).toBe(value);
	});

	it('leaves short secrets in nested values', () => {
		const value = { a: ['abc', { abc: 'abc' }] };
		expect(redactValue(value, secretVariants(['abc']))).toEqual(value);
	});
});
