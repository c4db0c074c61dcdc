// The output schema the build ships for n8n's field picker (nodes/WhatsAppSession/outputSchema.ts)
// must describe what the node really puts out, for every provider and operation: a key the schema
// lacks would be missing from the picker, a required key the output lacks would be a false promise.
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { GET_MEDIA_OUTPUT_SCHEMA, MESSAGE_OUTPUT_SCHEMA, outputSchemaFor, TRIGGER_OUTPUT_SCHEMA } from '../../nodes/WhatsAppSession/outputSchema';
import { decodeMetaWebhook } from '../../nodes/WhatsAppSession/providers/cloudApi/webhook';
import { toOutputItem } from '../../nodes/WhatsAppSession/trigger/item';
import {
	TEMPLATE_APPROVED,
	WINDOW_CLOSED_ERROR,
	metaAccountChangeBody,
	metaBody,
	metaContact,
	metaFlowReplyMessage,
	metaMessage,
	metaOrderMessage,
	metaStatus,
	metaSystemMessage,
	metaTextBody,
	metaValue,
} from '../support/inboundSamples';
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

describe('the trigger', () => {
	const image = { id: 'media-1', mime_type: 'image/jpeg', sha256: 'abc', caption: 'The parcel' };
	const bodies: Array<[string, unknown]> = [
		['a text', metaTextBody('wamid.in.1', 'Hello')],
		['a photo quoting a message', metaBody(metaValue({ contacts: [metaContact()], messages: [metaMessage('wamid.in.2', 'image', image, { context: { from: '15550000001', id: 'wamid.out.1' } })] }))],
		['a failed status', metaBody(metaValue({ statuses: [metaStatus('wamid.out.1', 'failed', { errors: [WINDOW_CLOSED_ERROR] })] }))],
		['a cart', metaBody(metaValue({ contacts: [metaContact()], messages: [metaOrderMessage('wamid.in.3')] }))],
		['a Flow\'s answers', metaBody(metaValue({ contacts: [metaContact()], messages: [metaFlowReplyMessage('wamid.in.4', '{"flow_token":"t","email":"a@b.c"}')] }))],
		['a changed number', metaBody(metaValue({ messages: [metaSystemMessage('wamid.in.5', { type: 'user_changed_number', body: 'changed', wa_id: '12195555358' })] }))],
		['a template approved', metaAccountChangeBody('message_template_status_update', TEMPLATE_APPROVED)],
		['a security change', metaAccountChangeBody('security', { display_phone_number: '15550783881', event: 'PIN_CHANGED' })],
	];

	it.each(bodies)('%s: every key of its item is in the trigger\'s schema with its type (or null), and every required key is there', (_what, body) => {
		const [event] = decodeMetaWebhook(body, { bodyDigest: 'digest-of-body' });
		if (event === undefined) throw new Error('the sample decodes to no event');
		const item = toOutputItem(event, 'metaCloudApi', '2026-12-06T05:00:00.000Z');
		const described: Record<string, { type: string }> = TRIGGER_OUTPUT_SCHEMA.properties;
		for (const [key, value] of Object.entries(item)) {
			expect([key, value === null ? described[key]?.type : jsonType(value)]).toEqual([key, described[key]?.type]);
			expect([key, described[key]]).not.toEqual([key, undefined]);
		}
		for (const key of TRIGGER_OUTPUT_SCHEMA.required) expect(Object.keys(item)).toContain(key);
		expect(nestedSchemaProblems(item, TRIGGER_OUTPUT_SCHEMA)).toEqual([]);
	});
});

/**
 * Inside objects and arrays the schema names (a cart's lines, a Flow reply, a template change),
 * every key is described with its type too; an object described without properties (raw, value,
 * a Flow's answers) may hold anything.
 */
function nestedSchemaProblems(value: unknown, schema: unknown, path = '$'): string[] {
	if (value === null || typeof schema !== 'object' || schema === null) return [];
	const type = 'type' in schema ? schema.type : undefined;
	if (type !== jsonType(value)) return [`${path}: ${jsonType(value)}, described as ${String(type)}`];
	if (Array.isArray(value)) {
		const items = 'items' in schema ? schema.items : undefined;
		return value.flatMap((entry, index) => nestedSchemaProblems(entry, items, `${path}[${index}]`));
	}
	const properties = 'properties' in schema ? schema.properties : undefined;
	if (typeof value !== 'object' || typeof properties !== 'object' || properties === null) return [];
	return Object.entries(value).flatMap(([key, entry]) =>
		key in properties ? nestedSchemaProblems(entry, Reflect.get(properties, key), `${path}.${key}`) : [`${path}.${key}: not described`],
	);
}
