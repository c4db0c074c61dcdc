import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

import { ConnectlyApi } from '../../../credentials/ConnectlyApi.credentials';
import { TexterApi } from '../../../credentials/TexterApi.credentials';
import { WhatsAppCloudApi } from '../../../credentials/WhatsAppCloudApi.credentials';
import { WhatsAppSessionApi } from '../../../credentials/WhatsAppSessionApi.credentials';

// n8n 2.x resolves a generic `={{$credentials.…}}` header as an expression in its isolate for
// every request (0.4-0.8 ms per message in bench:n8n's profile); a function is plain code.

type Authenticate = (credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions) => Promise<IHttpRequestOptions>;

const SECRET = 'secret-value-1234';

const CASES: Array<[string, { authenticate: unknown }, string, string, string]> = [
	['whatsAppSessionApi', new WhatsAppSessionApi(), 'accessToken', 'Authorization', `Bearer ${SECRET}`],
	['whatsAppCloudApi', new WhatsAppCloudApi(), 'accessToken', 'Authorization', `Bearer ${SECRET}`],
	['texterApi', new TexterApi(), 'apiToken', 'Authorization', `Bearer ${SECRET}`],
	['connectlyApi', new ConnectlyApi(), 'apiKey', 'X-API-Key', SECRET],
];

function isAuthenticateFunction(value: unknown): value is Authenticate {
	return typeof value === 'function';
}

describe("each credential's authenticate", () => {
	it.each(CASES)('%s attaches its secret with a function, no expression for n8n to evaluate per request', async (_name, credential, field, header, expected) => {
		const { authenticate } = credential;
		expect(isAuthenticateFunction(authenticate)).toBe(true);
		if (!isAuthenticateFunction(authenticate)) return;
		const request: IHttpRequestOptions = { url: 'https://provider.example/send', method: 'POST', headers: { 'Content-Type': 'application/json' } };
		const authenticated = await authenticate.call(credential, { [field]: SECRET, other: 'unused' }, request);
		expect(authenticated).toEqual({ ...request, headers: { 'Content-Type': 'application/json', [header]: expected } });
		// The caller's options are left as they were: n8n may reuse them.
		expect(request.headers).toEqual({ 'Content-Type': 'application/json' });
	});

	it.each(CASES)('%s sends an empty secret as empty, never as "undefined"', async (_name, credential, _field, header) => {
		const { authenticate } = credential;
		if (!isAuthenticateFunction(authenticate)) throw new Error('authenticate is a function');
		const authenticated = await authenticate.call(credential, {}, { url: 'https://provider.example/send' });
		expect(String(authenticated.headers?.[header])).not.toContain('undefined');
	});
});
