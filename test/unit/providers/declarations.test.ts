import { NodeHelpers, type INodeParameters, type INodeProperties } from 'n8n-workflow';

import { InvalidMessageError } from '../../../nodes/WhatsAppSession/message/errors';
import {
	MEDIA_KINDS,
	type OptionalMessageField,
	type SessionContent,
	type SessionContentType,
	type SessionMessage,
} from '../../../nodes/WhatsAppSession/message/types';
import { OPERATION_CONTENT_TYPES, OPERATIONS } from '../../../nodes/WhatsAppSession/message/operations';
import { allProviders, isProviderChoice, PROVIDERS, type ProviderChoice } from '../../../nodes/WhatsAppSession/providers';
import type { ProviderRequest } from '../../../nodes/WhatsAppSession/providers/contract/sending';
import type { ProviderAdapter } from '../../../nodes/WhatsAppSession/providers/contract/adapter';
import { WhatsAppSession } from '../../../nodes/WhatsAppSession/WhatsAppSession.node';
import { SAMPLE_CONTENT, SAMPLE_CREDENTIALS, sampleRecipient } from '../../support/providerSamples';

/**
 * Every adapter's declaration is what the form offers, so it must be exactly what its encoder
 * accepts: each declared thing encodes, each undeclared one is refused before sending (or, for an
 * optional part of the message, has no effect on the request).
 */

const CHOICES: ProviderChoice[] = Object.keys(PROVIDERS).filter(isProviderChoice);

const CONTENT_TYPES: SessionContentType[] = OPERATIONS.map((operation) => OPERATION_CONTENT_TYPES[operation]);

function messageFor(adapter: ProviderAdapter, content: SessionContent, extra: Partial<SessionMessage> = {}): SessionMessage {
	return {
		recipient: sampleRecipient(adapter.recipientKind),
		content,
		...extra,
	};
}

/** The request, or "refused" when the encoder reports bad input for this provider. */
function encode(provider: ProviderChoice, message: SessionMessage): ProviderRequest | 'refused' {
	const connection = PROVIDERS[provider].connect(SAMPLE_CREDENTIALS[provider]);
	try {
		return connection.encode(message);
	} catch (error) {
		if (error instanceof InvalidMessageError) return 'refused';
		throw error;
	}
}

describe.each(CHOICES)('%s: its declaration is what its encoder accepts', (provider) => {
	const adapter: ProviderAdapter = PROVIDERS[provider];

	it('has its registry key as its id', () => {
		expect(adapter.id).toBe(provider);
	});

	it.each(CONTENT_TYPES)('message type %s: encodes if and only if declared', (type) => {
		const outcome = encode(provider, messageFor(adapter, SAMPLE_CONTENT[type]));
		expect([type, outcome === 'refused']).toEqual([type, !adapter.carries.contentTypes.includes(type)]);
	});

	it.each(MEDIA_KINDS)('media kind %s: encodes if and only if declared', (mediaKind) => {
		const outcome = encode(provider, messageFor(adapter, { ...SAMPLE_CONTENT.media, mediaKind }));
		expect([mediaKind, outcome === 'refused']).toEqual([mediaKind, !adapter.carries.mediaKinds.includes(mediaKind)]);
	});

	const VOICE_NOTE = { type: 'media', mediaKind: 'audio', source: { link: 'https://x.io/v.ogg' } } as const;
	/** The field, a message with it and the same message without it. */
	const OPTIONAL_FIELDS: Array<[OptionalMessageField, SessionContent, SessionContent, Partial<SessionMessage>]> = [
		['previewUrl', { type: 'text', body: 'https://x.io', previewUrl: true }, { type: 'text', body: 'https://x.io', previewUrl: false }, {}],
		['replyToMessageId', SAMPLE_CONTENT.text, SAMPLE_CONTENT.text, { replyToMessageId: 'wamid.IN' }],
		['clientMessageId', SAMPLE_CONTENT.text, SAMPLE_CONTENT.text, { clientMessageId: 'mine-1' }],
		['voiceNote', { ...VOICE_NOTE, voice: true }, VOICE_NOTE, {}],
	];

	it.each(OPTIONAL_FIELDS)('%s: sent if declared; otherwise refused or without effect', (field, content, contentWithout, extra) => {
		const without = encode(provider, messageFor(adapter, contentWithout));
		const withField = encode(provider, messageFor(adapter, content, extra));
		// A provider with a client message id makes a random one when none is given; compare the rest.
		const comparable = (outcome: ProviderRequest | 'refused') =>
			outcome === 'refused' ? outcome : JSON.stringify(outcome.body).replace(/[0-9a-f-]{36}/g, 'random-id');
		if (adapter.carries.messageFields.includes(field)) {
			expect(withField).not.toBe('refused');
			expect(comparable(withField)).not.toEqual(comparable(without));
		} else if (withField !== 'refused') {
			expect(comparable(withField)).toEqual(comparable(without));
		}
	});
});

describe('the form offers exactly what the chosen provider declares (issue 10, finding 3)', () => {
	const description = new WhatsAppSession().description;
	const node = { typeVersion: 1 };
	const visible = (values: INodeParameters, name: string): INodeProperties[] =>
		description.properties.filter(
			(parameter) => parameter.name === name && NodeHelpers.displayParameter(values, parameter, node, description, values),
		);
	const form = (provider: ProviderChoice, operation: string): INodeParameters => ({ provider, resource: 'message', operation });

	it.each(CHOICES)('%s: Show Link Preview only where it is sent', (provider) => {
		expect(visible(form(provider, 'sendText'), 'previewUrl')).toHaveLength(
			PROVIDERS[provider].carries.messageFields.includes('previewUrl') ? 1 : 0,
		);
	});

	it.each(CHOICES)('%s: Media Type offers exactly the declared kinds', (provider) => {
		const [mediaType, ...others] = visible(form(provider, 'sendMedia'), 'mediaType');
		expect(others).toHaveLength(0);
		const offered = (mediaType?.options ?? []).map((option) => ('value' in option ? option.value : undefined));
		expect([...offered].sort()).toEqual([...PROVIDERS[provider].carries.mediaKinds].sort());
	});

	it('offers no Sticker with Connectly, and a Sticker with the Cloud API format', () => {
		const kinds = (provider: ProviderChoice) =>
			(visible(form(provider, 'sendMedia'), 'mediaType')[0]?.options ?? []).map((option) => option.name);
		expect(kinds('connectly')).not.toContain('Sticker');
		expect(kinds('cloudApiCompatible')).toContain('Sticker');
	});

	it('lists each adapter\'s credential, shown for its own choice, with the node test it names', () => {
		expect(description.credentials).toEqual(
			allProviders().map((adapter) => ({
				name: adapter.credentialType,
				required: true,
				displayOptions: { show: { provider: [adapter.id] } },
				...(adapter.credentialTest !== undefined && { testedBy: adapter.credentialTest.name }),
			})),
		);
		const tests = new WhatsAppSession().methods.credentialTest;
		for (const adapter of allProviders()) {
			if (adapter.credentialTest !== undefined) expect(tests[adapter.credentialTest.name]).toBe(adapter.credentialTest.test);
		}
	});

	it.each(CHOICES)('%s: Operation offers exactly the declared message types', (provider) => {
		const [operation] = visible(form(provider, 'sendText'), 'operation');
		const offered = (operation?.options ?? []).map((option) => ('value' in option ? String(option.value) : ''));
		const declared: string[] = OPERATIONS.filter((name) => PROVIDERS[provider].carries.contentTypes.includes(OPERATION_CONTENT_TYPES[name]));
		// Waiting for a tap needs buttons, lists, and a webhook that brings back the tapped id.
		if (PROVIDERS[provider].inbound?.repliesCarryChoiceIds === true) declared.push('sendAndWait');
		// Getting a received file, where the adapter declares how its provider serves one.
		if (PROVIDERS[provider].media?.download !== undefined) declared.push('getMedia');
		expect([...offered].sort()).toEqual([...declared].sort());
	});
});

describe('acceptance and rate limits, as each adapter reads its answers', () => {
	it.each<[ProviderChoice, number, unknown, boolean]>([
		['cloudApiCompatible', 200, { messages: [{ id: 'wamid.1' }] }, true],
		['metaCloudApi', 201, {}, true],
		['connectly', 200, { id: 'c-1' }, true],
		['texter', 200, { success: true, messages: [] }, true],
		['texter', 200, { success: false }, false],
		['cloudApiCompatible', 400, {}, false],
		['texter', 500, {}, false],
	])('%s: HTTP %i %j accepted: %s', (provider, statusCode, body, accepted) => {
		expect(PROVIDERS[provider].isAccepted({ statusCode, body })).toBe(accepted);
	});

	it.each<[ProviderChoice, number, unknown, boolean]>([
		['cloudApiCompatible', 429, {}, true],
		['cloudApiCompatible', 400, { error: { code: 130429, message: 'Rate limit hit' } }, true],
		['cloudApiCompatible', 400, { error: { code: 131056 } }, false],
		['connectly', 429, { code: 'ERROR_CODE_RATE_LIMITED' }, true],
		['connectly', 400, { code: 'ERROR_CODE_PHONE_NUMBER_BAD_FORMAT' }, false],
		['texter', 429, {}, true],
		['texter', 404, {}, false],
	])('%s: HTTP %i %j rate-limited: %s', (provider, statusCode, body, rateLimited) => {
		expect(PROVIDERS[provider].isRateLimited({ statusCode, body })).toBe(rateLimited);
	});
});
