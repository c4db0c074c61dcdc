import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../support/executeNode';
import { useMockProvider } from '../support/mockProvider';
import { fixedWindowResponder } from '../support/rateLimitedResponder';

// Issue 8 §3: Max Wait must bound a pause learned from a successful answer too, not only one a
// 429 names. The seed 001 dialect comes on every answer (2 requests per 300 s, reset "5m0s"), so
// after two 200s the provider has said the third request must wait five minutes. The default
// Max Wait (310 s) waiting that out is proven in virtual time in test/unit/transport/deliver.test.ts.

const { provider, url: mockUrl } = useMockProvider();

const SEED_001_WINDOW_MS = 300_000;
const HELD_BACK =
	"The provider's rate limit was reached and the next attempt would have to wait 5 min, more than Max Wait (10 s); the message was not sent";

const credentials = () => ({
	whatsAppSessionApi: { domain: mockUrl(), phoneNumberId: '555', apiKey: 'wait-key', accessToken: 'wait-token' },
});

function parametersFor(texts: string[]) {
	return (itemIndex: number): IDataObject => ({
		operation: 'sendText',
		recipient: '+91 98801 32082',
		textBody: texts[itemIndex] ?? '',
		delivery: { maxWaitSeconds: 10 },
	});
}

const items = (texts: string[]) => texts.map((text) => ({ json: { text } }));

describe('Max Wait 10 s against a 5-minute quota announced on every answer (seed 001)', () => {
	it('the third message fails at once with the wait the provider asked for, and nothing is sent for it', async () => {
		const { respond, ledger } = fixedWindowResponder({ limit: 2, windowMs: SEED_001_WINDOW_MS, announce: 'seed001' });
		provider.respondWith(respond);
		const texts = ['one', 'two', 'three'];

		const started = Date.now();
		const result = await runNode({ items: items(texts), parameters: parametersFor(texts), credentials: credentials() });

		expect(Date.now() - started).toBeLessThan(5_000);
		expect(result.error?.message).toBe(HELD_BACK);
		expect(Reflect.get(result.error ?? {}, 'description')).toMatch(/Nothing was sent for this item.*Max Wait \(Seconds\)/);
		expect(provider.requests).toHaveLength(2);
		expect(ledger.rateLimited).toBe(0);
		expect(ledger.missing(['one', 'two'])).toEqual([]);
	});

	it('under On Error → Continue the other items keep their usual results, each paired with its input', async () => {
		const { respond, ledger } = fixedWindowResponder({ limit: 2, windowMs: SEED_001_WINDOW_MS, announce: 'seed001' });
		provider.respondWith(respond);
		// Item 2 is bad input: it must still fail as bad input, not as the rate limit.
		const texts = ['one', 'two', '', 'four', 'five'];

		const started = Date.now();
		const result = await runNode({
			items: items(texts),
			parameters: parametersFor(texts),
			credentials: credentials(),
			continueOnFail: true,
		});

		expect(Date.now() - started).toBeLessThan(5_000);
		expect(result.error).toBeUndefined();
		expect(result.output.map((item) => item.pairedItem)).toEqual(texts.map((_text, item) => ({ item })));
		expect(result.output.map((item) => item.json.status ?? item.json.error)).toEqual([
			'accepted',
			'accepted',
			'Item 2: "Text" is required',
			HELD_BACK,
			HELD_BACK,
		]);
		expect(result.output.slice(0, 2).map((item) => item.json.messageId)).toEqual(['wamid.mock.1', 'wamid.mock.2']);
		expect(provider.requests).toHaveLength(2);
		expect(ledger.missing(['one', 'two'])).toEqual([]);
	});
});
