import { runNode } from '../support/executeNode';
import { cloudApiAccepted, cloudApiError, useMockProvider } from '../support/mockProvider';

// Issue 8 §4: each failure is worded by its real cause, and advice names the fields of the
// credential in use.

const { provider, url: mockUrl } = useMockProvider();

jest.setTimeout(15_000);

const sessionApi = () => ({
	whatsAppSessionApi: { domain: mockUrl(), phoneNumberId: '555', apiKey: 'cause-key', accessToken: 'cause-token' },
});
const metaCloudApi = (baseUrl = mockUrl()) => ({
	whatsAppCloudApi: { accessToken: 'meta-token', phoneNumberId: '1234567890', graphApiVersion: 'v23.0', baseUrl },
});
const sendText = (extra: Record<string, unknown> = {}) => ({
	operation: 'sendText',
	recipient: '+91 98801 32082',
	textBody: 'Hi',
	...extra,
});
const descriptionOf = (error: Error | undefined): string => String(Reflect.get(error ?? {}, 'description'));

describe('a response slower than the Timeout option', () => {
	it('says the provider did not answer within N s, names the option, and does not resend', async () => {
		provider.respondWith((request, index) => ({ ...cloudApiAccepted(request, index), delayMs: 3_000 }));

		const started = Date.now();
		const result = await runNode({ parameters: sendText({ options: { timeoutSeconds: 1 } }), credentials: sessionApi() });

		expect(Date.now() - started).toBeLessThan(2_500);
		expect(result.error?.message).toBe(
			'The provider did not answer within 1 s (the Timeout option); the message may or may not have been delivered',
		);
		expect(descriptionOf(result.error)).toContain('It was not sent again');
		expect(descriptionOf(result.error)).toContain('Options › Timeout (Seconds)');
		expect(`${result.error?.message ?? ''} ${descriptionOf(result.error)}`).not.toMatch(/ECONNABORTED|ETIMEDOUT|domain/);
		expect(provider.requests).toHaveLength(1);
	});
});

describe('a 2xx answer without a message ID', () => {
	it('whose body is not JSON stays accepted, is not resent, and the item says the answer could not be read', async () => {
		provider.respondWith(() => ({ status: 200, rawBody: '<html>Message queued</html>', headers: { 'content-type': 'text/html' } }));

		const result = await runNode({ parameters: sendText(), credentials: sessionApi() });

		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(1);
		expect(result.output[0]?.json).toMatchObject({
			status: 'accepted',
			messageId: null,
			warning:
				'The provider accepted the message (HTTP 200), but its answer could not be read (it is not JSON), so messageId is null. The message was not sent again.',
		});
		expect(provider.requests).toHaveLength(1);
	});

	it('whose JSON holds no ID says so, not that it could not be read', async () => {
		provider.respondWith(() => ({ status: 202, body: { queued: true } }));
		const result = await runNode({ parameters: sendText(), credentials: sessionApi() });
		expect(result.output[0]?.json.warning).toMatch(/^The provider accepted the message \(HTTP 202\), but its answer held no message ID/);
	});

	it('with an ID, the item carries no warning', async () => {
		const result = await runNode({ parameters: sendText(), credentials: sessionApi() });
		expect(result.output[0]?.json.messageId).toBe('wamid.mock.1');
		expect(result.output[0]?.json).not.toHaveProperty('warning');
	});
});

describe('a connection reset while the provider was answering', () => {
	it('is said in plain words, with delivery unknown, and not resent', async () => {
		provider.respondWith((request, index) => ({ ...cloudApiAccepted(request, index), cutOffAnswer: true }));

		const result = await runNode({ parameters: sendText(), credentials: sessionApi() });

		expect(result.error?.message).toBe(
			'The connection broke while the provider was answering, so its answer is incomplete; the message may or may not have been delivered',
		);
		expect(result.error?.message).not.toContain('ERR_');
		expect(descriptionOf(result.error)).toMatch(/^The provider had started to answer, so it received the message/);
		expect(provider.requests).toHaveLength(1);
	});
});

describe("advice names the fields of the credential in use (Meta's has no Domain or Session Endpoint Path)", () => {
	const SESSION_ONLY_FIELDS = /Domain|Session Endpoint Path|API Key/;

	it.each([
		[404, cloudApiError(404, 803, 'Unknown path'), /Check the credential's Phone Number ID, Graph API Version and Base URL\./],
		[401, cloudApiError(401, 190, 'Invalid OAuth access token'), /Check the credential's Access Token:/],
		[403, cloudApiError(403, 10, 'Permission denied'), /Check the credential's Phone Number ID, Graph API Version, Base URL and Access Token,/],
	])('Meta HTTP %i', async (_status, reply, advice) => {
		provider.respondWith(() => reply);
		const result = await runNode({ parameters: sendText({ provider: 'metaCloudApi' }), credentials: metaCloudApi() });
		expect(descriptionOf(result.error)).toMatch(advice);
		expect(descriptionOf(result.error)).not.toMatch(SESSION_ONLY_FIELDS);
	});

	it('Meta, provider unreachable: the Base URL, not a domain', async () => {
		const result = await runNode({
			parameters: sendText({ provider: 'metaCloudApi', delivery: { maxRetries: 0 } }),
			credentials: metaCloudApi('http://127.0.0.1:9'),
		});
		expect(result.error?.message).toBe('Could not connect to the provider; the message was not sent');
		expect(descriptionOf(result.error)).toMatch(/Check the credential's Base URL and your network\./);
		expect(descriptionOf(result.error)).not.toMatch(/domain/i);
	});

	it('the Session API credential, HTTP 404: its own Domain, Phone Number ID and endpoint paths', async () => {
		provider.respondWith(() => cloudApiError(404, 803, 'Unknown path'));
		const result = await runNode({ parameters: sendText(), credentials: sessionApi() });
		expect(descriptionOf(result.error)).toMatch(/Check the credential's Domain, Phone Number ID, Session Endpoint Path and Template Endpoint Path\./);
	});
});
