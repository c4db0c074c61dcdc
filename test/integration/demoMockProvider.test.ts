// The demo's mock provider prints every request and serves a log of them to `run.js customer`.
// Neither may show a demo secret: the API keys n8n sends, nor the webhook secrets and verify
// tokens of the trigger's credentials, wherever they turn up (path, headers, body).
import { DEMO_SECRETS } from '../../scripts/demo/credentials';
import { startMockProvider, type RunningMockProvider } from '../../scripts/demo/mockProvider';

/** The mock's request log after the n-th request, as `run.js customer` reads it. */
async function requestLog(mock: RunningMockProvider, after: number): Promise<{ count: unknown; requests: unknown; text: string }> {
	const text = await (await fetch(`${mock.logUrl}?after=${after}`)).text();
	const parsed: unknown = JSON.parse(text);
	if (typeof parsed !== 'object' || parsed === null) throw new Error(`the log is not an object: ${text}`);
	return { count: Reflect.get(parsed, 'count'), requests: Reflect.get(parsed, 'requests'), text };
}

describe('the demo mock provider', () => {
	let mock: RunningMockProvider;
	const printed: string[] = [];

	beforeAll(async () => {
		mock = await startMockProvider({ secrets: Object.values(DEMO_SECRETS), print: (text) => printed.push(text) });
	});
	afterAll(async () => {
		await mock.stop();
	});

	it('blanks every demo secret out of its printout and its request log, and keeps the rest', async () => {
		const secrets = Object.values(DEMO_SECRETS);
		const response = await fetch(`${mock.baseUrl}/v23.0/100000000000001/messages?token=${encodeURIComponent(DEMO_SECRETS.metaVerifyToken)}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${DEMO_SECRETS.sessionWebhookSecret}` },
			body: JSON.stringify({ to: '919880132082', text: { body: `secrets: ${secrets.join(' ')}` } }),
		});
		expect(response.status).toBe(200);

		const log = await requestLog(mock, 0);
		expect(log.count).toBe(1);
		expect(log.requests).toEqual([
			expect.objectContaining({
				number: 1,
				method: 'POST',
				path: '/v23.0/100000000000001/messages',
				body: { to: '919880132082', text: { body: `secrets: ${secrets.map(() => '<redacted>').join(' ')}` } },
			}),
		]);
		const everything = `${printed.join('\n')}\n${log.text}`;
		expect(everything).toContain('919880132082');
		for (const secret of secrets) expect({ secret, found: everything.includes(secret) }).toEqual({ secret, found: false });
	});

	it('lists only the requests after the one named, and does not count reading its log', async () => {
		const before = await requestLog(mock, Number.MAX_SAFE_INTEGER);
		expect(before.requests).toEqual([]);
		const countBefore = Number(before.count);
		await fetch(`${mock.baseUrl}/v1/businesses/demo-business/send/messages`, { method: 'POST', body: '{}' });
		const after = await requestLog(mock, countBefore);
		expect(after.count).toBe(countBefore + 1);
		expect(after.requests).toEqual([expect.objectContaining({ number: countBefore + 1, path: '/v1/businesses/demo-business/send/messages' })]);
	});

	it('answers an upload (example 18) with a media ID, and prints the form\'s fields instead of the file\'s bytes', async () => {
		const form = '--b\r\nContent-Disposition: form-data; name="messaging_product"\r\n\r\nwhatsapp\r\n--b\r\nContent-Disposition: form-data; name="file"; filename="x.bin"\r\nContent-Type: application/octet-stream\r\n\r\nFILE-BYTES\r\n--b--\r\n';
		const response = await fetch(`${mock.baseUrl}/api/v1.0/100000000000002/some-key/media`, { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=b' }, body: form });
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ id: expect.stringMatching(/^media\.demo\.\d+$/) });
		const printout = printed[printed.length - 1] ?? '';
		expect(printout).toContain('(multipart form: messaging_product, file)');
		expect(printout).not.toContain('FILE-BYTES');
		expect(printout).toContain('/api/v1.0/100000000000002/<redacted>/media');
	});
});
