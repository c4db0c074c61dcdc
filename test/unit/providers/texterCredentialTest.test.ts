import { classifyTexterProbe, texterProbeUrl } from '../../../nodes/WhatsAppSession/providers/texter/credentialTest';

describe('classifyTexterProbe', () => {
	it.each<[number, 'OK' | 'Error', RegExp]>([
		[404, 'OK', /accepted the API token and its "Send session message" scope/],
		[200, 'OK', /accepted/],
		[204, 'OK', /accepted/],
		[401, 'Error', /rejected the API token \(HTTP 401\)/],
		[403, 'Error', /lacks the "Send session message" scope \(HTTP 403\).*API Tokens/],
		[400, 'Error', /HTTP 400/],
		[429, 'Error', /HTTP 429/],
		[500, 'Error', /HTTP 500/],
		[302, 'Error', /HTTP 302/],
	])('HTTP %i → %s', (status, result, message) => {
		const classified = classifyTexterProbe(status);
		expect(classified.status).toBe(result);
		expect(classified.message).toMatch(message);
	});
});

describe('texterProbeUrl', () => {
	it('asks "Get Chat by Chat ID" for a chat that cannot exist, never the send endpoint', () => {
		const url = texterProbeUrl('https://acme.texterchat.com');
		expect(url).toBe('https://acme.texterchat.com/server/api/v2/chats/n8n-credential-test-no-such-chat');
		expect(url).not.toContain('/messages/');
	});
});
