// The output schema the build ships for n8n's field picker (nodes/WhatsAppSession/outputSchema.ts)
// must describe what the node really puts out, for every provider and operation: a key the schema
// lacks would be missing from the picker, a required key the output lacks would be a false promise.
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { GET_MEDIA_OUTPUT_SCHEMA, MESSAGE_OUTPUT_SCHEMA, outputSchemaFor } from '../../nodes/WhatsAppSession/outputSchema';
import { runNode } from '../support/executeNode';
import { mediaResponder, servedFileUrl } from '../support/mockMedia';
import { cloudApiAccepted, useMockProvider, type MockResponder } from '../support/mockProvider';
import { connectlyAccepted, texterAccepted } from '../support/providerReplies';

const { provider, url: mockUrl } = useMockProvider();

const PROVIDERS: Array<[string, MockResponder, () => Record<string, ICredentialDataDecryptedObject>, string]> = [
	[
		'cloudApiCompatible',
		cloudApiAccepted,
		() => ({ whatsAppSessionApi: { domain: mockUrl(), phoneNumberId: '1', apiKey: 'k', accessToken: 't', sessionPath: '/api/v1.0/{phoneNumberId}/{key}/simpleMessages' } }),
		'+91 98801 32082',
	],
	['metaCloudApi', cloudApiAccepted, () => ({ whatsAppCloudApi: { accessToken: 't', phoneNumberId: '1', graphApiVersion: 'v23.0', baseUrl: mockUrl() } }), '+91 98801 32082'],
	// Sent to a business-scoped user ID, Meta answers with `user_id`, which the output shows as userId.
	['metaCloudApi', cloudApiAccepted, () => ({ whatsAppCloudApi: { accessToken: 't', phoneNumberId: '1', graphApiVersion: 'v23.0', baseUrl: mockUrl() } }), 'US.13491208655302741918'],
	['connectly', connectlyAccepted, () => ({ connectlyApi: { apiKey: 'k', businessId: 'b', baseUrl: mockUrl() } }), '+91 98801 32082'],
	['texter', texterAccepted, () => ({ texterApi: { projectId: 'p', apiToken: 't', baseUrl: mockUrl() } }), '6650a1b2c3d4e5f6a7b8c9d0'],
];

const OPERATIONS: Array<[string, IDataObject]> = [
	['sendText', { textBody: 'Hello' }],
	['sendLocation', { latitude: 12.97, longitude: 77.59 }],
];

function jsonType(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	return typeof value;
}

describe.each(PROVIDERS)('%s (row %#)', (providerChoice, responder, credentials, recipient) => {
	it.each(OPERATIONS)('%s: every output key is in the schema, with its type, and every required key is there', async (operation, fields) => {
		provider.respondWith(responder);
		const result = await runNode({
			parameters: { provider: providerChoice, resource: 'message', operation, recipient, ...fields },
			credentials: credentials(),
		});
		expect(result.error).toBeUndefined();
		const [item] = result.output;
		const json: IDataObject = item?.json ?? {};
		const described: Record<string, { type: string }> = MESSAGE_OUTPUT_SCHEMA.properties;
		for (const [key, value] of Object.entries(json)) {
			expect([key, described[key]?.type]).toEqual([key, jsonType(value)]);
		}
		for (const key of MESSAGE_OUTPUT_SCHEMA.required) expect(Object.keys(json)).toContain(key);
	});
});

describe('Get Media', () => {
	const photo = { id: '1042', bytes: Buffer.from('photo bytes'), mimeType: 'image/jpeg' };

	it.each<[string, () => IDataObject, () => Record<string, ICredentialDataDecryptedObject>]>([
		['metaCloudApi', () => ({ receivedMediaId: photo.id }), () => ({ whatsAppCloudApi: { accessToken: 't', phoneNumberId: '1', graphApiVersion: 'v23.0', baseUrl: mockUrl() } })],
		['connectly', () => ({ receivedMediaUrl: servedFileUrl(mockUrl(), photo.id) }), () => ({ connectlyApi: { apiKey: 'k', businessId: 'b', baseUrl: mockUrl() } })],
	])('%s: its own schema describes its item, which is not a message\'s', async (providerChoice, inputOf, credentials) => {
		provider.respondWith(mediaResponder(mockUrl, [photo]));
		const input = inputOf();
		const result = await runNode({ parameters: { provider: providerChoice, resource: 'message', operation: 'getMedia', ...input }, credentials: credentials() });
		expect(result.error).toBeUndefined();
		const json: IDataObject = result.output[0]?.json ?? {};
		const schema = outputSchemaFor('getMedia');
		expect(schema).toBe(GET_MEDIA_OUTPUT_SCHEMA);
		const described: Record<string, { type: string }> = schema.properties;
		for (const [key, value] of Object.entries(json)) expect([key, described[key]?.type]).toEqual([key, jsonType(value)]);
		for (const key of schema.required) expect(Object.keys(json)).toContain(key);
		expect(outputSchemaFor('sendText')).toBe(MESSAGE_OUTPUT_SCHEMA);
	});
});
