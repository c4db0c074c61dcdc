// What the node asks of n8n for each message, where n8n's answer is costly. In a real n8n every
// getNodeParameter evaluates the field's expressions again (2.x runs each in an isolate), and every
// request that does not bring its credentials decrypted makes n8n read the credential from its
// database and decrypt it. bench/n8n (P7) measured both per message; these tests keep them at
// once per item and once per run.
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { runNode, type RunResult } from '../support/executeNode';
import { mediaResponder, type ServedMedia } from '../support/mockMedia';
import { useMockProvider } from '../support/mockProvider';
import { connectlyAccepted } from '../support/providerReplies';

const TOKEN = 'per-item-token-1234';
const ITEMS = 12;

const { provider, url: mockUrl } = useMockProvider();

const items = Array.from({ length: ITEMS }, (_unused, index) => ({ json: { index } }));

function sessionCredentials(): Record<string, ICredentialDataDecryptedObject> {
	return { whatsAppSessionApi: { domain: mockUrl(), phoneNumberId: '1555000111', apiKey: 'per-item-key', accessToken: TOKEN } };
}

/** Names read more than once for one item, as "item 3: options ×2". */
function repeatedReads(result: RunResult, fromItem: number): string[] {
	const counts = new Map<string, number>();
	for (const { name, itemIndex } of result.parameterReads) {
		if (itemIndex < fromItem) continue;
		const key = `item ${itemIndex}: ${name}`;
		counts.set(key, (counts.get(key) ?? 0) + 1);
	}
	return [...counts].filter(([, count]) => count > 1).map(([key, count]) => `${key} ×${count}`);
}

describe('per message, the node asks n8n only once for what is costly', () => {
	it('fetches and decrypts the credential once per run, however many messages it sends', async () => {
		const result = await runNode({
			items,
			parameters: (itemIndex) => ({ operation: 'sendText', recipient: '+91 98801 32082', textBody: `message ${itemIndex}`, delivery: { concurrency: 3 } }),
			credentials: sessionCredentials(),
		});

		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(ITEMS);
		expect(provider.requests).toHaveLength(ITEMS);
		expect(result.credentialReads).toBe(1);
		// The credentials handed to n8n's helper are the right ones: each request carries the token.
		expect(provider.requests.map((request) => request.headers.authorization)).toEqual(Array(ITEMS).fill(`Bearer ${TOKEN}`));
	});

	it('Get Media fetches and decrypts the credential once per run too, for every metadata and file read', async () => {
		const photo: ServedMedia = { id: '1042381205592316', bytes: Buffer.from('photo bytes'), mimeType: 'image/jpeg' };
		provider.respondWith(mediaResponder(mockUrl, [photo]));
		const result = await runNode({
			items,
			parameters: { operation: 'getMedia', receivedMediaId: photo.id, delivery: { concurrency: 3 } },
			// Get Media needs the Media Download Path, which starts empty.
			credentials: { whatsAppSessionApi: { ...sessionCredentials().whatsAppSessionApi, mediaDownloadPath: '/api/v1.0/{phoneNumberId}/{key}/media/{mediaId}' } },
		});

		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(ITEMS);
		expect(provider.requests).toHaveLength(2 * ITEMS);
		expect(result.credentialReads).toBe(1);
		expect(provider.requests.map((request) => request.headers.authorization)).toEqual(Array(2 * ITEMS).fill(`Bearer ${TOKEN}`));
	});

	it('resolves each field once per item, though several readers share Options (Cloud API format)', async () => {
		const result = await runNode({
			items,
			parameters: (itemIndex) => ({
				operation: 'sendText',
				recipient: '+91 98801 32082',
				textBody: `message ${itemIndex}`,
				options: { replyToMessageId: `wamid.IN.${itemIndex}`, timeoutSeconds: 20 },
			}),
			credentials: sessionCredentials(),
		});

		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(ITEMS);
		// Options was read (the message's quoted reply and the timeout come from it), once per item.
		expect(result.parameterReads.filter((read) => read.name === 'options')).toHaveLength(ITEMS);
		// Item 0 also serves the run's own settings, read once per run: items 1… show the per-item reads alone.
		expect(repeatedReads(result, 1)).toEqual([]);
	});

	it('resolves each field once per item with Connectly, whose own options live in Options too', async () => {
		provider.respondWith(connectlyAccepted);
		const result = await runNode({
			items,
			parameters: (itemIndex) => ({
				provider: 'connectly',
				operation: 'sendText',
				recipient: '+91 98801 32082',
				textBody: `message ${itemIndex}`,
				options: { campaignName: 'spring', timeoutSeconds: 20 },
			}),
			credentials: { connectlyApi: { apiKey: 'per-item-connectly-key', businessId: 'biz-1', baseUrl: mockUrl() } },
		});

		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(ITEMS);
		expect(result.credentialReads).toBe(1);
		expect(repeatedReads(result, 1)).toEqual([]);
	});
});
