import { NodeHelpers, type INodeParameters, type INodeProperties } from 'n8n-workflow';

import { OPERATION_CONTENT_TYPES, OPERATIONS, type Operation } from '../../../nodes/WhatsAppSession/message/operations';
import { InvalidMessageError } from '../../../nodes/WhatsAppSession/message/errors';
import type { SessionMessage } from '../../../nodes/WhatsAppSession/message/types';
import { isProviderChoice, PROVIDERS, type ProviderChoice } from '../../../nodes/WhatsAppSession/providers';
import { WhatsAppSession } from '../../../nodes/WhatsAppSession/WhatsAppSession.node';
import { SAMPLE_CONTENT, SAMPLE_CREDENTIALS, sampleRecipient } from '../../support/providerSamples';

const description = new WhatsAppSession().description;
const node = { typeVersion: 1 };
const CHOICES = Object.keys(PROVIDERS).filter(isProviderChoice);

const shown = (parameter: INodeProperties, values: INodeParameters): boolean =>
	NodeHelpers.displayParameter(values, parameter, node, description, values);

const formFor = (provider: ProviderChoice, extra: INodeParameters = {}): INodeParameters => ({
	provider,
	resource: 'message',
	operation: 'sendText',
	...extra,
});

function visibleNamed(name: string, values: INodeParameters): INodeProperties[] {
	return description.properties.filter((parameter) => parameter.name === name && shown(parameter, values));
}

function offeredOperations(provider: ProviderChoice): string[] {
	const [operation, ...others] = visibleNamed('operation', formFor(provider));
	expect(others).toHaveLength(0);
	return (operation?.options ?? []).map((option) => ('value' in option ? String(option.value) : ''));
}

function encodes(provider: ProviderChoice, operation: Operation): boolean {
	const adapter = PROVIDERS[provider];
	const message: SessionMessage = {
		recipient: sampleRecipient(adapter.recipientKind),
		content: SAMPLE_CONTENT[OPERATION_CONTENT_TYPES[operation]],
	};
	try {
		adapter.connect(SAMPLE_CREDENTIALS[provider]).encode(message);
		return true;
	} catch (error) {
		if (error instanceof InvalidMessageError) return false;
		throw error;
	}
}

describe('the Provider choice', () => {
	it('offers every registered provider, and nothing else', () => {
		const provider = description.properties.find((parameter) => parameter.name === 'provider');
		const values = (provider?.options ?? []).map((option) => ('value' in option ? option.value : undefined));
		expect([...values].sort()).toEqual([...CHOICES].sort());
	});

	it.each<[ProviderChoice, string]>([
		['cloudApiCompatible', 'whatsAppSessionApi'],
		['metaCloudApi', 'whatsAppCloudApi'],
		['connectly', 'connectlyApi'],
		['texter', 'texterApi'],
	])('%s shows exactly the %s credential, the one its adapter sends with', (provider, credential) => {
		const visible = (description.credentials ?? []).filter((entry) =>
			NodeHelpers.displayParameter(formFor(provider), entry, node, description),
		);
		expect(visible.map((entry) => entry.name)).toEqual([credential]);
		expect(PROVIDERS[provider].credentialType).toBe(credential);
	});

	it('names a test for every credential the node uses by testedBy', () => {
		const tests = Object.keys(new WhatsAppSession().methods.credentialTest);
		for (const entry of description.credentials ?? []) {
			if (entry.testedBy !== undefined) expect(tests).toContain(entry.testedBy);
		}
		expect(description.credentials?.find((entry) => entry.name === 'texterApi')?.testedBy).toBe('texterApiCredentialTest');
	});

	it.each<[ProviderChoice, string[]]>([
		// Send and Wait for Reply only where a tap comes back with its button's id (not Connectly's webhooks; Texter has none).
		// Get Media where we know how the provider serves received files (not Texter).
		['cloudApiCompatible', [...OPERATIONS, 'sendAndWait', 'getMedia']],
		['metaCloudApi', [...OPERATIONS, 'sendAndWait', 'getMedia']],
		['connectly', ['getMedia', 'sendList', 'sendLocation', 'sendMedia', 'sendProduct', 'sendProductList', 'sendReplyButtons', 'sendTemplate', 'sendText']],
		['texter', ['sendContacts', 'sendList', 'sendLocation', 'sendMedia', 'sendReplyButtons', 'sendText']],
	])('%s offers only the operations it can send', (provider, operations) => {
		expect([...offeredOperations(provider)].sort()).toEqual([...operations].sort());
	});

	// The lint rule that keeps options sorted cannot see lists built by a function.
	it.each(CHOICES)('%s lists its operations sorted by name, as n8n\'s lint asks', (provider) => {
		const [operation] = visibleNamed('operation', formFor(provider));
		const names = (operation?.options ?? []).map((option) => option.name);
		expect(names.length).toBeGreaterThan(0);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
	});

	it.each(CHOICES)('%s: the operations offered are exactly the ones its encoder accepts', (provider) => {
		const offered = offeredOperations(provider);
		for (const operation of OPERATIONS) {
			expect([operation, encodes(provider, operation)]).toEqual([operation, offered.includes(operation)]);
		}
	});

	it.each<[ProviderChoice, string]>([
		['cloudApiCompatible', 'Recipient Phone Number'],
		['metaCloudApi', 'Recipient Phone Number'],
		['connectly', 'Recipient Phone Number'],
		['texter', 'Chat ID'],
	])('%s labels the recipient "%s", under the one name "recipient"', (provider, label) => {
		const visible = visibleNamed('recipient', formFor(provider));
		expect(visible.map((parameter) => parameter.displayName)).toEqual([label]);
		expect(PROVIDERS[provider].recipientKind).toBe(label === 'Chat ID' ? 'chatId' : 'whatsAppUser');
	});

	it.each<[ProviderChoice, string, boolean]>([
		['texter', 'sendMedia', true],
		['texter', 'sendText', false],
		['connectly', 'sendMedia', false],
		['cloudApiCompatible', 'sendMedia', false],
	])('%s / %s shows Additional Files: %s', (provider, operation, expected) => {
		expect(visibleNamed('additionalFiles', formFor(provider, { operation }))).toHaveLength(expected ? 1 : 0);
	});

	describe('options per provider', () => {
		const options = description.properties.find((parameter) => parameter.name === 'options');
		const optionNames = (provider: ProviderChoice): string[] =>
			(options?.options ?? [])
				.filter((option): option is INodeProperties => 'displayName' in option && 'type' in option)
				.filter((option) => NodeHelpers.displayParameter({}, option, node, description, formFor(provider)))
				.map((option) => option.name);

		it.each<[ProviderChoice, string[]]>([
			['cloudApiCompatible', ['forgetIdempotencyKey', 'idempotencyKey', 'idempotencyScope', 'replyToMessageId', 'timeoutSeconds']],
			['metaCloudApi', ['forgetIdempotencyKey', 'idempotencyKey', 'idempotencyScope', 'replyToMessageId', 'timeoutSeconds']],
			['connectly', ['callbackData', 'campaignName', 'clientMessageId', 'forgetIdempotencyKey', 'idempotencyKey', 'idempotencyScope', 'recipientName', 'orderParentId', 'orderStrategy', 'senderPhoneNumber', 'timeoutSeconds']],
			['texter', ['clientMessageId', 'forgetIdempotencyKey', 'idempotencyKey', 'idempotencyScope', 'replyToMessageId', 'timeoutSeconds']],
		])('%s: %j', (provider, names) => {
			expect(optionNames(provider)).toEqual(names);
		});

		it.each<[ProviderChoice, INodeParameters]>([
			['connectly', { callbackData: '{"a":1}' }],
			['cloudApiCompatible', { replyToMessageId: 'wamid.1' }],
			['texter', { replyToMessageId: 'wamid.1' }],
		])('as n8n saves the node, %s keeps only its own options: %j', (provider, kept) => {
			const saved = NodeHelpers.getNodeParameters(
				description.properties,
				formFor(provider, { options: { callbackData: '{"a":1}', replyToMessageId: 'wamid.1' } }),
				false,
				false,
				node,
				description,
			);
			expect(saved?.options).toEqual(kept);
		});
	});
});
