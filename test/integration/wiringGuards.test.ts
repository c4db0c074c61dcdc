import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../support/executeNode';
import { cloudApiAccepted, cloudApiError, useMockProvider, type MockReply, type RecordedRequest } from '../support/mockProvider';
import { connectlyAccepted, connectlyError } from '../support/providerReplies';

// Issue 8 §5: the wiring between the form, the router and the transport. Each test here failed
// when its mutation (named in the test) was put into the code; see the branch's report.

const { provider, url: mockUrl } = useMockProvider();

jest.setTimeout(15_000);

const KEY = 'guard-key-SECRET-7f3a';
const TOKEN = 'guard-token-SECRET-9b1c';

const sessionApi = () => ({
	whatsAppSessionApi: { domain: mockUrl(), phoneNumberId: '555', apiKey: KEY, accessToken: TOKEN },
});
const metaCloudApi = () => ({
	whatsAppCloudApi: { accessToken: TOKEN, phoneNumberId: '1234567890', graphApiVersion: 'v23.0', baseUrl: mockUrl() },
});
const connectly = () => ({ connectlyApi: { apiKey: KEY, businessId: 'biz-1', baseUrl: mockUrl() } });

const sendText = (extra: IDataObject = {}): IDataObject => ({
	operation: 'sendText',
	recipient: '+91 98801 32082',
	textBody: 'Hi',
	...extra,
});

/** The first `failures` requests get `failure`, every later one is accepted. */
function failFirst(failures: number, failure: MockReply, accept = cloudApiAccepted) {
	return (request: RecordedRequest, index: number): MockReply => (index < failures ? failure : accept(request, index));
}

it('a connection reset after the request was sent: exactly one request, and "may or may not have been delivered"', async () => {
	provider.respondWith(failFirst(1, { status: 200, dropConnection: true }));
	const result = await runNode({ parameters: sendText({ delivery: { maxRetries: 2 } }), credentials: sessionApi() });

	expect(result.error?.message).toBe(
		'The connection to the provider was closed after the message was sent, before any answer; it may or may not have been delivered',
	);
	expect(provider.requests).toHaveLength(1);
});

it("Meta's HTTP 400 with code 130429 is waited out and resent like a 429", async () => {
	provider.respondWith(failFirst(1, cloudApiError(400, 130429, '(#130429) Rate limit hit')));
	const result = await runNode({ parameters: sendText({ provider: 'metaCloudApi' }), credentials: metaCloudApi() });

	expect(result.error).toBeUndefined();
	expect(result.output[0]?.json).toMatchObject({ status: 'accepted', messageId: 'wamid.mock.2' });
	expect(provider.requests).toHaveLength(2);
	expect(provider.requests[1]?.body).toEqual(provider.requests[0]?.body);
});

it('Retry Server Errors on with the Cloud-API-format provider (no client message ID): a 500 gives exactly one request', async () => {
	provider.respondWith(failFirst(1, { status: 500, body: { error: { message: 'internal', code: 1 } } }));
	const result = await runNode({ parameters: sendText({ delivery: { retryServerErrors: true } }), credentials: sessionApi() });

	expect(result.error?.message).toMatch(/may or may not have been delivered/);
	expect(provider.requests).toHaveLength(1);
});

it('Connectly answering 503 with default settings: exactly one request', async () => {
	provider.respondWith(failFirst(1, connectlyError(503, 'ERROR_CODE_UNAVAILABLE', 'unavailable', 'ERROR_TYPE_UNAVAILABLE'), connectlyAccepted));
	const result = await runNode({ parameters: sendText({ provider: 'connectly' }), credentials: connectly() });

	expect(result.error?.message).toMatch(/may or may not have been delivered/);
	expect(provider.requests).toHaveLength(1);
});

it('the Timeout option reaches the HTTP call in milliseconds: 2 s lets a 300 ms answer through', async () => {
	provider.respondWith((request, index) => ({ ...cloudApiAccepted(request, index), delayMs: 300 }));
	const result = await runNode({ parameters: sendText({ options: { timeoutSeconds: 2 } }), credentials: sessionApi() });

	expect(result.error).toBeUndefined();
	expect(result.output[0]?.json.status).toBe('accepted');
	expect(result.httpCalls.map((call) => call.options.timeout)).toEqual([2_000]);
	// Too long a unit shows as a slow answer that never times out: test/integration/errorCauses.test.ts.
});

it('Concurrency N puts N requests in flight at once against a slow provider', async () => {
	provider.respondWith((request, index) => ({ ...cloudApiAccepted(request, index), delayMs: 400 }));
	const items = Array.from({ length: 6 }, (_unused, index) => ({ json: { index } }));
	const result = await runNode({ items, parameters: sendText({ delivery: { concurrency: 3 } }), credentials: sessionApi() });

	expect(result.error).toBeUndefined();
	expect(result.output.map((item) => item.json.status)).toEqual(items.map(() => 'accepted'));
	expect(provider.mostInFlight).toBe(3);
});

describe('secrets', () => {
	// The provider echoes the key and the token, as some do in their error text.
	const echoingError = (request: RecordedRequest): MockReply =>
		cloudApiError(400, 100, `Invalid key ${KEY} on ${request.path} for ${String(request.headers.authorization)}`);

	it("the provider's message inside NodeApiError.errorResponse is redacted (JSON.stringify of the error cannot see it)", async () => {
		provider.respondWith(echoingError);
		const result = await runNode({ parameters: sendText(), credentials: sessionApi() });

		expect(result.error?.name).toBe('NodeApiError');
		const errorResponse: unknown = Reflect.get(result.error ?? {}, 'errorResponse');
		expect(errorResponse).toMatchObject({ httpCode: '400', providerCode: '100' });
		const providerMessage = String(Reflect.get(Object(errorResponse), 'providerMessage'));
		expect(providerMessage).toMatch(/^Invalid key \[redacted\] on /);
		expect(providerMessage).not.toContain(KEY);
		expect(providerMessage).not.toContain(TOKEN);
	});

	it('the error text of an On Error → Continue item is redacted, even where bad input quotes a key', async () => {
		// A media URL on the provider's own domain, with its key in the path and a typo in the scheme:
		// the validation error quotes it.
		const mediaUrl = `htps://provider.example/api/v1.0/555/${KEY}/media/1`;
		const result = await runNode({
			parameters: { operation: 'sendMedia', recipient: '+91 98801 32082', mediaType: 'image', mediaSource: 'url', mediaUrl },
			credentials: sessionApi(),
			continueOnFail: true,
		});

		expect(provider.requests).toHaveLength(0);
		const errorItem = result.output[0]?.json;
		expect(errorItem?.error).toBe(
			'Item 0: "Media URL" must be an http:// or https:// URL (got "htps://provider.example/api/v1.0/555/[redacted]/media/1")',
		);
		expect(JSON.stringify(result.output)).not.toContain(KEY);
	});

	it('without On Error → Continue the same error is redacted in its message, description and stack', async () => {
		const mediaUrl = `htps://provider.example/api/v1.0/555/${KEY}/media/1`;
		const result = await runNode({
			parameters: { operation: 'sendMedia', recipient: '+91 98801 32082', mediaType: 'image', mediaSource: 'url', mediaUrl },
			credentials: sessionApi(),
		});

		expect(result.error?.message).toContain('[redacted]');
		const everything = [result.error?.message, Reflect.get(result.error ?? {}, 'description'), result.error?.stack].join('\n');
		expect(everything).not.toContain(KEY);
	});
});

it('"+0091 98801 32082" (a "+" and the 00 prefix) is refused as bad input, and nothing is sent', async () => {
	const result = await runNode({ parameters: sendText({ recipient: '+0091 98801 32082' }), credentials: sessionApi() });

	expect(result.error?.message).toBe(
		'Item 0: "Recipient Phone Number" "+0091 98801 32082" must start with the country code (for example +91 98801 32082, not 098801 32082)',
	);
	expect(provider.requests).toHaveLength(0);
});
