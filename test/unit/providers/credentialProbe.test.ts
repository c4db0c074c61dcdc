import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
} from 'n8n-workflow';

import { testCloudApiCompatibleCredential } from '../../../nodes/WhatsAppSession/providers/cloudApi/adapters';
import { classifyCredentialProbe, PROBE_BODY } from '../../../nodes/WhatsAppSession/providers/shared/credentialProbe';
import { credentialTestContextWith } from '../../support/credentialTestContext';

describe('classifyCredentialProbe', () => {
	it.each([200, 201, 204, 400, 422])('HTTP %i → OK', (status) => {
		expect(classifyCredentialProbe(status)).toEqual({ status: 'OK', message: expect.any(String) });
	});

	it.each<[number, RegExp]>([
		[401, /Access Token/],
		[403, /API Key and Phone Number ID/],
		[404, /Domain and Session Endpoint Path/],
		[500, /HTTP 500/],
		[502, /HTTP 502/],
		[429, /HTTP 429/],
		[301, /HTTP 301/],
		[405, /HTTP 405/],
	])('HTTP %i → Error, saying what to check', (status, advice) => {
		const result = classifyCredentialProbe(status);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(advice);
	});
});

describe('testCloudApiCompatibleCredential', () => {
	const KEY = 'sk_live_SECRET_KEY_123';
	const TOKEN = 'EAAG_SECRET_TOKEN_456';
	const GOOD: ICredentialDataDecryptedObject = { domain: 'api.example.com', phoneNumberId: '1001', apiKey: KEY, accessToken: TOKEN };

	const credential = (data: ICredentialDataDecryptedObject): ICredentialsDecrypted => ({ id: '1', name: 'test', type: 'whatsAppSessionApi', data });

	/** The credential-test context with its one HTTP helper replaced. */
	const contextWith = credentialTestContextWith;

	it('posts the probe body with the Bearer token to the session URL', async () => {
		const calls: IDataObject[] = [];
		const result = await testCloudApiCompatibleCredential.call(
			contextWith(async (options) => {
				calls.push(options);
				return { statusCode: 400, body: {} };
			}),
			credential(GOOD),
		);
		expect(result.status).toBe('OK');
		expect(calls).toHaveLength(1);
		expect(calls[0]).toMatchObject({
			method: 'POST',
			uri: `https://api.example.com/api/v1.0/1001/${KEY}/simpleMessages`,
			body: PROBE_BODY,
			headers: { Authorization: `Bearer ${TOKEN}` },
		});
		// The probe has no recipient, so no message can reach anyone.
		expect(PROBE_BODY).not.toHaveProperty('to');
	});

	it.each([
		[401, 'Error'],
		[403, 'Error'],
		[404, 'Error'],
		[422, 'OK'],
	])('reports HTTP %i as %s', async (statusCode, status) => {
		const result = await testCloudApiCompatibleCredential.call(
			contextWith(async () => ({ statusCode })),
			credential(GOOD),
		);
		expect(result.status).toBe(status);
	});

	it('does not repeat the URL (which holds the key) when the connection fails', async () => {
		const result = await testCloudApiCompatibleCredential.call(
			contextWith(async () => {
				throw Object.assign(new Error(`connect ECONNREFUSED https://api.example.com/api/v1.0/1001/${KEY}/simpleMessages`), {
					code: 'ECONNREFUSED',
				});
			}),
			credential(GOOD),
		);
		expect(result.status).toBe('Error');
		expect(result.message).toContain('ECONNREFUSED');
		expect(result.message).not.toContain(KEY);
		expect(result.message).not.toContain(TOKEN);
	});

	it.each<[string, ICredentialDataDecryptedObject, RegExp]>([
		['an empty domain', { ...GOOD, domain: '' }, /Domain is empty/],
		['a domain with a query', { ...GOOD, domain: 'api.example.com?key=1' }, /Domain must not contain a query/],
		['a key of ".."', { ...GOOD, apiKey: '..' }, /API Key cannot be/],
		['an unknown placeholder', { ...GOOD, sessionPath: '/x/{token}' }, /unknown placeholder \{token\}/],
	])('reports %s without sending anything', async (_case, data, message) => {
		const request = jest.fn(async () => ({ statusCode: 200 }));
		const result = await testCloudApiCompatibleCredential.call(contextWith(request), credential(data));
		expect(result).toEqual({ status: 'Error', message: expect.stringMatching(message) });
		expect(request).not.toHaveBeenCalled();
		expect(result.message).not.toContain(KEY);
	});

	it('reports a response without a status', async () => {
		const result = await testCloudApiCompatibleCredential.call(contextWith(async () => 'OK'), credential(GOOD));
		expect(result.status).toBe('Error');
	});
});
