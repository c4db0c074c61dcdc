import axios from 'axios';

import { ConnectlyApi } from '../../credentials/ConnectlyApi.credentials';
import { TexterApi } from '../../credentials/TexterApi.credentials';
import { testTexterCredential } from '../../nodes/WhatsAppSession/providers/texter/credentialTest';
import { credentialTestContext, resolveCredentialTemplate } from '../support/credentialTestContext';
import { useMockProvider } from '../support/mockProvider';
import { texterError } from '../support/providerReplies';

const { provider, url: mockUrl } = useMockProvider();

describe('the Connectly credential test (declarative)', () => {
	const credential = new ConnectlyApi();
	const data = () => ({ apiKey: 'cnct_probe_SECRET', businessId: 'biz 01', baseUrl: `${mockUrl()}/` });

	/** What n8n sends for the credential's `test`, with its `authenticate` applied. */
	async function probe() {
		const { request } = credential.test;
		const values = data();
		const authenticated = await credential.authenticate(values, { url: '' });
		const headers = Object.fromEntries(Object.entries(authenticated.headers ?? {}).map(([name, value]) => [name, String(value)]));
		return await axios.request({
			method: request.method ?? 'GET',
			url: resolveCredentialTemplate(String(request.baseURL), values) + resolveCredentialTemplate(String(request.url), values),
			headers,
			validateStatus: () => true,
		});
	}

	it('reads the business\'s webhook registrations with X-API-Key: a 2xx proves key and business ID, nobody is messaged', async () => {
		provider.respondWith(() => ({ status: 200, body: { entity: { businessId: 'biz 01', webhooks: [] } } }));
		const response = await probe();
		expect(response.status).toBe(200);
		expect(provider.requests).toHaveLength(1);
		const [request] = provider.requests;
		expect(request?.method).toBe('GET');
		expect(request?.path).toBe('/v1/businesses/biz%2001/webhooks');
		expect(request?.headers['x-api-key']).toBe('cnct_probe_SECRET');
		expect(request?.path).not.toContain('/send/');
		expect(request?.rawBody).toBe('');
	});

	it.each([401, 404])('answers HTTP %i when the key or business is wrong, which n8n reports as a failed test', async (status) => {
		provider.respondWith(() => ({ status, body: { message: 'no' } }));
		expect((await probe()).status).toBe(status);
	});
});

describe('the Texter credential test (testedBy)', () => {
	const TOKEN = 'texter_probe_SECRET';

	async function probe(overrides: Record<string, string> = {}) {
		return await testTexterCredential.call(credentialTestContext(), {
			id: 'c1',
			name: 'test',
			type: new TexterApi().name,
			data: { projectId: 'acme', apiToken: TOKEN, baseUrl: mockUrl(), ...overrides },
		});
	}

	it('reads "404: no such chat" as an accepted token with its scope, and messages nobody', async () => {
		provider.respondWith(() => texterError(404, 'Chat not found'));
		await expect(probe()).resolves.toEqual({
			status: 'OK',
			message: 'Texter accepted the API token and its "Send session message" scope.',
		});
		expect(provider.requests).toHaveLength(1);
		const [request] = provider.requests;
		expect(request?.method).toBe('GET');
		expect(request?.path).toBe('/server/api/v2/chats/n8n-credential-test-no-such-chat');
		expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(request?.rawBody).toBe('');
	});

	it.each([
		[401, /rejected the API token/],
		[403, /lacks the "Send session message" scope/],
		[500, /HTTP 500/],
	])('reads HTTP %i as a failed test', async (status, message) => {
		provider.respondWith(() => texterError(status, 'no'));
		const result = await probe();
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(message);
	});

	it('fails without echoing the token when Texter cannot be reached', async () => {
		const result = await probe({ baseUrl: 'http://127.0.0.1:9' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/Could not reach Texter \(ECONNREFUSED\)/);
		expect(result.message).not.toContain(TOKEN);
	});

	it('explains a Project ID that cannot be a host name, without a request', async () => {
		const result = await probe({ baseUrl: '', projectId: 'acme.texterchat.com' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/Project ID may only contain letters, digits and hyphens/);
		expect(provider.requests).toHaveLength(0);
	});
});
