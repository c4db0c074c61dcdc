// What a user reads in the n8n editor: credential type names (the provider list in n8n 2.x),
// the node panel's action list, visible hints under fields, the contact card's field order and
// choices, and how n8n's own parameter check treats "Custom API Call". The browser suite
// (test/ui) checks the same things as rendered; these checks are the fast, exact ones.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

import { NodeHelpers, type INode, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';

import { ConnectlyApi } from '../../../credentials/ConnectlyApi.credentials';
import { TexterApi } from '../../../credentials/TexterApi.credentials';
import { WhatsAppCloudApi } from '../../../credentials/WhatsAppCloudApi.credentials';
import { WhatsAppSessionApi } from '../../../credentials/WhatsAppSessionApi.credentials';
import { CUSTOM_API_CALL_OPERATION, OPERATION_OPTIONS } from '../../../nodes/WhatsAppSession/description/common';
import { WhatsAppSession } from '../../../nodes/WhatsAppSession/WhatsAppSession.node';

const REPO = path.resolve(__dirname, '..', '..', '..');
const description = new WhatsAppSession().description;

/** Every property at any depth (inside collections and fixed collections), with its path of names. */
function allProperties(properties: readonly INodeProperties[], trail: string[] = []): Array<{ path: string; property: INodeProperties }> {
	return properties.flatMap((property) => {
		const here = [...trail, property.name];
		const nested = (property.options ?? []).flatMap((option) => {
			if ('values' in option && Array.isArray(option.values)) return allProperties(option.values, [...here, option.name]);
			if ('displayName' in option && 'type' in option) return allProperties([option], here);
			return [];
		});
		return [{ path: here.join('.'), property }, ...nested];
	});
}

function property(pathName: string): INodeProperties {
	const found = allProperties(description.properties).filter((entry) => entry.path === pathName);
	if (found.length === 0) throw new Error(`no property ${pathName}`);
	const [first] = found;
	if (first === undefined) throw new Error(`no property ${pathName}`);
	return first.property;
}

function isPlainOption(option: unknown): option is INodePropertyOptions {
	return typeof option === 'object' && option !== null && 'value' in option && 'name' in option;
}

describe('credential types read as the list of providers (n8n 2.x offers them in "Create new credential")', () => {
	const credentialTypes = [new WhatsAppSessionApi(), new WhatsAppCloudApi(), new ConnectlyApi(), new TexterApi()];

	it('names each type after its provider, keeping the type names workflows refer to', () => {
		expect(credentialTypes.map((type) => [type.name, type.displayName])).toEqual([
			['whatsAppSessionApi', 'Cloud-API-Format Provider (Domain and Key) API'],
			['whatsAppCloudApi', 'Meta WhatsApp Cloud API'],
			['connectlyApi', 'Connectly API'],
			['texterApi', 'Texter API'],
		]);
		for (const type of credentialTypes) expect(type.displayName).not.toMatch(/API API$/);
	});

	it('the README describes the credential dropdown of 2.x, keeps the Provider field of 1.x, and names every type', () => {
		const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
		expect(readme).not.toContain('Pick the **Provider** on the node first');
		expect(readme).toMatch(/n8n 2\.x the node's \*\*Credential\*\* dropdown is the provider choice/);
		expect(readme).toMatch(/n8n 1\.x the \*\*Provider\*\* field is shown/);
		for (const type of credentialTypes) expect(readme).toContain(`**${type.displayName}**`);
	});

	const examplesDir = path.join(REPO, 'examples');
	it.each(readdirSync(examplesDir).filter((file) => file.endsWith('.json')))('%s: its sticky note says what 2.x and 1.x show', (file) => {
		const workflow: unknown = JSON.parse(readFileSync(path.join(examplesDir, file), 'utf8'));
		const nodes: unknown = typeof workflow === 'object' && workflow !== null ? Reflect.get(workflow, 'nodes') : undefined;
		const notes = (Array.isArray(nodes) ? nodes : [])
			.filter((node: unknown) => typeof node === 'object' && node !== null && Reflect.get(node, 'type') === 'n8n-nodes-base.stickyNote')
			.map((node: object) => String(Reflect.get(Reflect.get(node, 'parameters') ?? {}, 'content')))
			.join('\n');
		expect(notes).toContain('under **Credential**.');
		expect(notes).toContain('In n8n 1.x, pick the **Provider** first, then the credential under **Credential to connect with**');
		for (const type of credentialTypes) expect(notes).toContain(`*${type.displayName}*`);
	});
});

describe('the node panel lists each operation as an action', () => {
	it('in plain sentences, with their punctuation, matching the operation names', () => {
		const operationFields = description.properties.filter((entry) => entry.name === 'operation');
		const actions = new Map<string, string>();
		for (const field of operationFields) {
			for (const option of (field.options ?? []).filter(isPlainOption)) actions.set(option.name, String(option.action));
		}
		expect(Object.fromEntries(actions)).toEqual({
			'Get Media': 'Get media a customer sent',
			'Mark as Read': 'Mark as read',
			'Send and Wait for Reply': 'Send and wait for a reply',
			'Send Call-to-Action URL': 'Send call-to-action URL button',
			'Send Catalog': 'Send catalog message',
			'Send Contacts': 'Send contact cards',
			'Send Flow': 'Send flow form (WhatsApp Flow; button label up to 30 characters)',
			'Send List': 'Send list menu (up to 10 rows, titles up to 24 characters)',
			'Send Location': 'Send location pin',
			'Send Location Request': 'Send location request',
			'Send Media': 'Send media file',
			'Send Product': 'Send product from catalog',
			'Send Product List': 'Send product list (up to 30 products in up to 10 sections)',
			'Send Reaction': 'Send reaction',
			'Send Reply Buttons': 'Send reply buttons (1 to 3, titles up to 20 characters)',
			'Send Template': 'Send template message',
			'Send Text': 'Send text message (up to 4,096 characters)',
		});
		// n8n's panel keeps the options' order (by name): the actions must read sorted in it too.
		const inOrder = [...actions.values()];
		expect(inOrder).toEqual([...inOrder].sort((a, b) => a.localeCompare(b)));
	});
});

describe('the operation on the canvas and where a credential lacks it', () => {
	it('the canvas subtitle is the operation\'s own name', () => {
		const names = Object.fromEntries(OPERATION_OPTIONS.map((option) => [option.value, option.name]));
		expect(names.getMedia).toBe('Get Media');
		expect(description.subtitle).toBe(`={{ ${JSON.stringify(names)}[$parameter["operation"]] ?? $parameter["operation"] }}`);
	});

	it('an operation a provider lacks shows, for that provider only, which providers offer it and to pick another credential', () => {
		const notices = description.properties.filter((entry) => entry.name === 'operationNotOffered');
		const template = notices.find((entry) => entry.displayOptions?.show?.operation?.includes('sendTemplate'));
		expect(template?.displayOptions?.show?.provider).toEqual(['texter']);
		expect(template?.displayName).toBe(
			'The chosen credential\'s provider has no "Send Template". It is offered by: Cloud-API-Format Provider, Meta WhatsApp Cloud API, Connectly. Pick a credential of one of these under Credential to connect with, or choose another operation.',
		);
		// Send Text: every provider has it, so no notice.
		expect(notices.some((entry) => entry.displayOptions?.show?.operation?.includes('sendText'))).toBe(false);
	});
});

describe('visible hints where a user meets a limit or a format', () => {
	it('the recipient: country code, and that spaces and dots are fine', () => {
		const recipients = description.properties.filter((entry) => entry.name === 'recipient');
		const phone = recipients.find((entry) => entry.displayName === 'Recipient Phone Number');
		expect(phone?.hint).toMatch(/country code/);
		expect(phone?.hint).toMatch(/Spaces, dots/);
	});

	it("Texter's Chat ID: a placeholder and a hint that say a phone number works too, and what the lookup needs", () => {
		const chatId = description.properties.find((entry) => entry.name === 'recipient' && entry.displayName === 'Chat ID');
		expect(chatId?.placeholder).toMatch(/^\+972 52 555 0101, or a chat ID$/);
		expect(chatId?.hint).toMatch(/^The customer's phone number, with its country code/);
		expect(chatId?.hint).toMatch(/Search Chats \(the API token needs the "List all chats" scope\)/);
	});

	it.each([
		['buttons.button.title', /Up to 20 characters/],
		['sections.section.rows.row.title', /Up to 24 characters.*at most 10 rows/],
	])('%s', (pathName, hint) => {
		expect(property(pathName).hint).toMatch(hint);
	});
});

describe('the contact card form', () => {
	const contactValues = (() => {
		const contacts = property('contacts');
		const [entry] = contacts.options ?? [];
		if (entry === undefined || !('values' in entry) || !Array.isArray(entry.values)) throw new Error('contacts has no values');
		return entry.values;
	})();

	it('starts with the one required field, Formatted Name', () => {
		expect(contactValues.map((value) => value.name)).toEqual([
			'formattedName',
			'firstName',
			'lastName',
			'phones',
			'emails',
			'urls',
			'addresses',
			'company',
			'department',
			'jobTitle',
			'birthday',
		]);
	});

	it.each([
		['contacts.contact.phones.phone.type', ['', 'CELL', 'HOME', 'IPHONE', 'MAIN', 'WORK']],
		['contacts.contact.emails.email.type', ['', 'HOME', 'WORK']],
		['contacts.contact.urls.url.type', ['', 'HOME', 'WORK']],
		['contacts.contact.addresses.address.type', ['', 'HOME', 'WORK']],
	])("%s is a dropdown of WhatsApp's values that still takes an expression", (pathName, values) => {
		const field = property(pathName);
		expect(field.type).toBe('options');
		expect(field.noDataExpression).not.toBe(true);
		expect((field.options ?? []).filter(isPlainOption).map((option) => option.value)).toEqual(values);
	});

	it('its add buttons say "Add URL", not "Add url"', () => {
		expect(['phones', 'emails', 'urls', 'addresses'].map((name) => property(`contacts.contact.${name}`).placeholder)).toEqual([
			'Add phone',
			'Add email',
			'Add URL',
			'Add address',
		]);
	});
});

describe('"Custom API Call", which n8n adds to Resource and Operation', () => {
	/** n8n's own check before a run ("Parameter … is required"), on the description as n8n serves it. */
	function parameterIssues(parameters: INode['parameters']) {
		const served = structuredClone(description);
		for (const field of served.properties.filter((entry) => ['resource', 'operation'].includes(entry.name))) {
			field.options = [...(field.options ?? []), { name: 'Custom API Call', value: CUSTOM_API_CALL_OPERATION }];
		}
		const node: INode = {
			id: 'n1',
			name: 'WhatsApp Session',
			type: 'n8n-nodes-whatsapp-session.whatsAppSession',
			typeVersion: 1,
			position: [0, 0],
			parameters,
		};
		node.parameters = NodeHelpers.getNodeParameters(served.properties, parameters, true, false, node, served) ?? {};
		return NodeHelpers.getNodeParametersIssues(served.properties, node, served);
	}

	it.each(['cloudApiCompatible', 'metaCloudApi', 'connectly', 'texter'])(
		'with %s, picking it leaves no required field behind for n8n to complain about',
		(provider) => {
			expect(parameterIssues({ provider, resource: 'message', operation: CUSTOM_API_CALL_OPERATION })).toBeNull();
			// The same check does flag the recipient of a real operation, so it is looking.
			expect(parameterIssues({ provider, resource: 'message', operation: 'sendText', textBody: 'Hi' })?.parameters).toHaveProperty('recipient');
		},
	);
});
