import { valueAt } from '../support/json';
import { runNode } from '../support/executeNode';
import { useMockProvider, type RecordedRequest } from '../support/mockProvider';
import { connectlyAccepted, texterAccepted } from '../support/providerReplies';
import { fixedWindowResponder } from '../support/rateLimitedResponder';

const { provider, url: mockUrl } = useMockProvider();

// These tests wait out real provider windows of 1–2 s; jest's 5 s default leaves no room on a busy machine.
jest.setTimeout(30_000);

const PROVIDERS = [
	{
		name: 'Connectly',
		form: { provider: 'connectly', recipient: '+91 98801 32082' },
		credentials: () => ({ connectlyApi: { apiKey: 'cx-key-1234', businessId: 'biz-7', baseUrl: mockUrl() } }),
		accept: connectlyAccepted,
		markerOf: (request: RecordedRequest) => String(valueAt(request.body, 'message', 'text')),
	},
	{
		name: 'Texter',
		form: { provider: 'texter', recipient: 'chat-42' },
		credentials: () => ({ texterApi: { projectId: 'acme', apiToken: 'tx-token-1234', baseUrl: mockUrl() } }),
		accept: texterAccepted,
		markerOf: (request: RecordedRequest) => String(valueAt(request.body, 'text')),
	},
];

describe.each(PROVIDERS)('$name behind the shared rate-limit transport', ({ form, credentials, accept, markerOf }) => {
	it('paces to the announced limit (Retry-After on any 429): every item exactly once, in order', async () => {
		const { respond, ledger } = fixedWindowResponder({
			limit: 2,
			windowMs: 1_000,
			announce: 'draft03',
			retryAfter: 'seconds',
			wholeSeconds: false,
			accept,
			markerOf,
		});
		provider.respondWith(respond);
		const markers = ['one', 'two', 'three', 'four', 'five'];

		const result = await runNode({
			items: markers.map((text) => ({ json: { text } })),
			parameters: (itemIndex) => ({ ...form, operation: 'sendText', textBody: markers[itemIndex] ?? '' }),
			credentials: credentials(),
		});

		expect(result.error).toBeUndefined();
		expect(result.output.map((item) => item.json.status)).toEqual(markers.map(() => 'accepted'));
		expect(ledger.missing(markers)).toEqual([]);
		expect(ledger.duplicates()).toEqual([]);
		expect(ledger.rateLimited).toBeLessThanOrEqual(1);
		const firstSendOrder = [...new Set(provider.requests.map(markerOf))];
		expect(firstSendOrder).toEqual(markers);
	});
});

it("reads Texter's HTTP 200 with success:false as a refusal, not an acceptance", async () => {
	provider.respondWith(() => ({ status: 200, body: { success: false, message: 'Chat is archived' } }));
	const result = await runNode({
		parameters: { provider: 'texter', recipient: 'chat-42', operation: 'sendText', textBody: 'Hi' },
		credentials: { texterApi: { projectId: 'acme', apiToken: 'tx-token-1234', baseUrl: mockUrl() } },
	});
	expect(result.error?.name).toBe('NodeApiError');
	expect(result.error?.message).toMatch(/rejected the message/);
	expect(String(Reflect.get(result.error ?? {}, 'description'))).toContain('Chat is archived');
	expect(provider.requests).toHaveLength(1);
});
