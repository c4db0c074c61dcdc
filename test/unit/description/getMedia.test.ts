// Get Media's form: which input each provider asks for (derived from its adapter's declaration),
// what the other operations' fields do not show, and the descriptions an AI agent reads when it
// uses the node as a tool.
import { NodeHelpers, type INodeParameters, type INodeProperties } from 'n8n-workflow';

import { WhatsAppSession } from '../../../nodes/WhatsAppSession/WhatsAppSession.node';

const { description } = new WhatsAppSession();
const node = { typeVersion: 1 };

const form = (provider: string, extra: INodeParameters = {}): INodeParameters => ({ provider, resource: 'message', operation: 'getMedia', ...extra });

function visibleFields(values: INodeParameters): INodeProperties[] {
	return description.properties.filter((parameter) => NodeHelpers.displayParameter(values, parameter, node, description, values));
}

/** What n8n shows below the Operation field (the provider and the operation themselves left out). */
const fieldNames = (values: INodeParameters) =>
	visibleFields(values)
		.map((parameter) => parameter.name)
		.filter((name) => !['provider', 'resource', 'operation'].includes(name));

describe('the Get Media form', () => {
	it.each<[string, string[]]>([
		['metaCloudApi', ['receivedMediaId', 'outputBinaryPropertyName', 'options', 'delivery']],
		// First a notice: its credential's Media Download Path starts empty, and Get Media needs it.
		['cloudApiCompatible', ['getMediaSetupNotice', 'receivedMediaId', 'outputBinaryPropertyName', 'options', 'delivery']],
		['connectly', ['receivedMediaUrl', 'outputBinaryPropertyName', 'options', 'delivery']],
	])('%s asks for %j: no recipient, nothing of a message', (provider, names) => {
		expect(fieldNames(form(provider))).toEqual(names);
	});

	it('its Options are its own: other hosts, a file name, the size cap and the timeout, none of a message\'s', () => {
		const [options, ...more] = visibleFields(form('connectly')).filter((parameter) => parameter.name === 'options');
		expect(more).toEqual([]);
		expect((options?.options ?? []).map((option) => ('name' in option ? option.name : ''))).toEqual(['allowOtherHosts', 'fileName', 'maxFileSizeMb', 'timeoutSeconds']);
	});

	it('Allow Other Hosts is off unless turned on, and its hint says what it risks', () => {
		const [options] = visibleFields(form('connectly')).filter((parameter) => parameter.name === 'options');
		const allow = (options?.options ?? []).find((option) => 'name' in option && option.name === 'allowOtherHosts');
		expect(allow && 'default' in allow ? allow.default : undefined).toBe(false);
		expect(allow && 'description' in allow ? allow.description : '').toMatch(/anyone who can post an event to the trigger.*its own network/);
	});

	it('a message operation still shows the recipient and the message options, not Get Media\'s fields', () => {
		const names = fieldNames(form('metaCloudApi', { operation: 'sendText' }));
		expect(names).toEqual(expect.arrayContaining(['recipient', 'options']));
		expect(names).not.toEqual(expect.arrayContaining(['receivedMediaId']));
		expect(names).not.toContain('outputBinaryPropertyName');
	});

	it('the binary field defaults to "data", where n8n\'s nodes look for a file', () => {
		const field = description.properties.find((parameter) => parameter.name === 'outputBinaryPropertyName');
		expect([field?.default, field?.displayName]).toEqual(['data', 'Put Output File in Field']);
	});
});

describe('Get Media as an AI tool', () => {
	it('has an action an agent reads, and every input says what goes in it', () => {
		expect(description.usableAsTool).toBe(true);
		const operations = description.properties.filter((field) => field.name === 'operation').flatMap((field) => field.options ?? []);
		expect(operations).toContainEqual(expect.objectContaining({ name: 'Get Media', value: 'getMedia', action: 'Get media a customer sent' }));
		const byName = new Map(description.properties.map((field) => [field.name, field]));
		expect(byName.get('receivedMediaId')?.description).toMatch(/ID of the file the customer sent.*not the message's wamid/);
		expect(byName.get('receivedMediaUrl')?.description).toMatch(/URL of the file the customer sent/);
		expect(byName.get('outputBinaryPropertyName')?.description).toMatch(/binary field/);
	});
});
