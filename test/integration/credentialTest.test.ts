import { testCloudApiCompatibleCredential } from '../../nodes/WhatsAppSession/providers/cloudApi/adapters';
import { credentialTestContext } from '../support/credentialTestContext';
import { cloudApiError, useMockProvider } from '../support/mockProvider';

const TOKEN = 'tok_probe_SECRET_1234';
const KEY = 'probe-key-SECRET';

const { provider, url: mockUrl } = useMockProvider();

const context = credentialTestContext();

async function probe(overrides: Record<string, string> = {}) {
	return await testCloudApiCompatibleCredential.call(context, {
		id: 'c1',
		name: 'test',
		type: 'whatsAppSessionApi',
		data: { domain: mockUrl(), phoneNumberId: '42', apiKey: KEY, accessToken: TOKEN, ...overrides },
	});
}

describe('the WhatsApp Session API credential test', () => {
	it('reads "400: message has no recipient" as accepted credentials, and messages nobody', async () => {
		provider.respondWith(() => cloudApiError(400, 100, 'The parameter to is required.'));
		await expect(probe()).resolves.toEqual({ status: 'OK', message: 'The provider accepted the access token and key.' });
		expect(provider.requests).toHaveLength(1);
		expect(provider.requests[0]?.path).toBe(`/api/v1.0/42/${KEY}/simpleMessages`);
		expect(provider.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(provider.requests[0]?.body).not.toHaveProperty('to');
	});

	it.each([
		[401, /access token/],
		[403, /API Key/],
		[404, /Domain and Session Endpoint Path/],
	])('reads HTTP %i as a failed test', async (status, message) => {
		provider.respondWith(() => ({ status, body: {} }));
		const result = await probe();
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(message);
	});

	it('fails without echoing the key when the domain cannot be reached', async () => {
		const result = await probe({ domain: 'http://127.0.0.1:9' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/Could not reach the provider/);
		expect(result.message).not.toContain(KEY);
	});

	it('explains a credential value that would change the endpoint', async () => {
		await expect(probe({ apiKey: '..' })).resolves.toEqual({
			status: 'Error',
			message: 'The credential\'s API Key cannot be "." or "..".',
		});
		expect(provider.requests).toHaveLength(0);
	});
});
