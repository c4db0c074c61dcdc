// Mark as Read through the node's real execute(), against the mock provider over HTTP: the exact
// read-receipt body (with and without the typing indicator) at each Cloud-API-format endpoint.
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { runNode } from '../support/executeNode';
import { useMockProvider } from '../support/mockProvider';

const { provider, url: mockUrl } = useMockProvider();

const INBOUND = 'wamid.HBgMOTE5ODgwMTMyMDgyFQIAEhggQjVFRjk2';

const markAsRead = (providerChoice: string, extra: IDataObject = {}): IDataObject => ({
	provider: providerChoice,
	resource: 'message',
	operation: 'markAsRead',
	recipient: '+91 98801 32082',
	readMessageId: ` ${INBOUND} `,
	...extra,
});

const CREDENTIALS: Array<[string, () => Record<string, ICredentialDataDecryptedObject>, string]> = [
	// Saved without a Template Endpoint Path: the read receipt goes to the default `…/messages`.
	['cloudApiCompatible', () => ({ whatsAppSessionApi: { domain: mockUrl(), phoneNumberId: '1', apiKey: 'k', accessToken: 't' } }), '/api/v1.0/1/k/messages'],
	['metaCloudApi', () => ({ whatsAppCloudApi: { accessToken: 't', phoneNumberId: '1', graphApiVersion: 'v23.0', baseUrl: mockUrl() } }), '/v23.0/1/messages'],
];

describe.each(CREDENTIALS)('%s', (choice, credentials, path) => {
	beforeEach(() => provider.respondWith(() => ({ status: 200, body: { success: true } })));

	it('posts the read status with the typing indicator, exactly', async () => {
		const result = await runNode({ parameters: markAsRead(choice, { showTypingIndicator: true }), credentials: credentials() });
		expect(result.error).toBeUndefined();
		expect(provider.requests.map((request) => request.path)).toEqual([path]);
		expect(provider.requests[0]?.body).toStrictEqual({
			messaging_product: 'whatsapp',
			status: 'read',
			message_id: INBOUND,
			typing_indicator: { type: 'text' },
		});
		expect(result.output[0]?.json).toStrictEqual({
			messageId: INBOUND,
			recipient: '919880132082',
			provider: choice,
			status: 'accepted',
			response: { success: true },
		});
	});

	it('posts the read status alone without the option', async () => {
		const result = await runNode({ parameters: markAsRead(choice), credentials: credentials() });
		expect(result.error).toBeUndefined();
		expect(provider.requests[0]?.body).toStrictEqual({ messaging_product: 'whatsapp', status: 'read', message_id: INBOUND });
	});

	it('refuses an empty message id by field, and sends nothing', async () => {
		const result = await runNode({ parameters: markAsRead(choice, { readMessageId: ' ' }), credentials: credentials() });
		expect(provider.requests).toHaveLength(0);
		expect(result.error?.message).toBe('Item 0: "Message ID to Mark as Read" is required');
	});
});

it.each<[string, Record<string, ICredentialDataDecryptedObject>, string]>([
	['connectly', { connectlyApi: { apiKey: 'k', businessId: 'b' } }, 'Connectly: its API has no read receipts'],
	['texter', { texterApi: { projectId: 'p', apiToken: 't' } }, 'Texter: its API has no read receipts that we know of'],
])('%s refuses Mark as Read before sending, naming the operation', async (choice, credentials, reason) => {
	const result = await runNode({ parameters: markAsRead(choice, { recipient: choice === 'texter' ? 'chat-1' : '+91 98801 32082' }), credentials });
	expect(provider.requests).toHaveLength(0);
	expect(result.error?.message).toBe(`Item 0: "Mark as Read" is not available with ${reason}. Choose another operation or provider`);
});
