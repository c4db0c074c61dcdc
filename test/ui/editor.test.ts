// The node as a no-code builder meets it: the real n8n 2.41.1 editor in headless Chromium, with
// the packed package, the demo credentials and the examples set up exactly as `npm run demo` does.
// One n8n and one browser for the whole file; each test opens its own page. The page may reach
// 127.0.0.1 only. Assertions are on text and elements, never on pixels; screenshots of the last
// run go to .ui-screenshots/ (git-ignored), and three of them are the README's pictures.
import * as path from 'node:path';

import type { Page } from 'puppeteer-core';

import { DEMO_CREDENTIAL_REFS } from '../../scripts/demo/credentials';
import { NODE_TYPE } from '../../scripts/demo/instance';
import { DEFAULT_INSTALL_TIMEOUT_MS, manualWorkflow, type N8nWorkflow } from '../e2e/lib/n8n';
import { logIn, SCREENSHOT_DIR, startDemoEditor, type DemoEditor } from './lib/demoEditor';
import {
	closeNode,
	executeOpenNode,
	executeWorkflow,
	openDropdown,
	openNode,
	openWorkflow,
	operationOptionsOnceSettled,
	parameterPanelText,
	pickCredential,
	pickOperation,
	textOf,
} from './lib/editorPage';

const NODE = 'WhatsApp Session';
const SESSION_CREDENTIAL = { whatsAppSessionApi: DEMO_CREDENTIAL_REFS.whatsAppSessionApi };

/** The suite's own workflows: they get edited (n8n 2.x saves edits at once), the examples do not. */
const BAD_INPUT = 'ui-bad-input';
const PROVIDER_SWITCH = 'ui-provider-switch';
const CUSTOM_API_CALL = 'ui-custom-api-call';

function nodeWorkflow(id: string, name: string, parameters: Record<string, string | Record<string, unknown>>): N8nWorkflow {
	return manualWorkflow(id, name, [
		{ name: NODE, type: NODE_TYPE, typeVersion: 1, credentials: SESSION_CREDENTIAL, parameters: { resource: 'message', ...parameters } },
	]);
}

const SUITE_WORKFLOWS = [
	nodeWorkflow(BAD_INPUT, 'UI: a button title that is too long', {
		operation: 'sendReplyButtons',
		recipient: '+91 98801 32082',
		bodyText: 'How should we deliver?',
		buttons: { button: [{ id: 'door', title: 'Deliver to my front door' }] },
	}),
	nodeWorkflow(PROVIDER_SWITCH, 'UI: switching provider', { operation: 'sendText', recipient: '+91 98801 32082', textBody: 'Hello' }),
	nodeWorkflow(CUSTOM_API_CALL, 'UI: Custom API Call', { operation: 'sendText', recipient: '+91 98801 32082', textBody: 'Hello' }),
];

const CLOUD_API_OPERATIONS = [
	'Send and Wait for Reply',
	'Send Call-to-Action URL',
	'Send Contacts',
	'Send List',
	'Send Location',
	'Send Location Request',
	'Send Media',
	'Send Reaction',
	'Send Reply Buttons',
	'Send Text',
	'Custom API Call',
];

const STEP_MS = 90_000;

let editor: DemoEditor;
let pages: Page[] = [];

beforeAll(async () => {
	editor = await startDemoEditor(SUITE_WORKFLOWS);
	const page = await editor.newPage();
	await logIn(page, editor.baseUrl);
	await page.close();
}, DEFAULT_INSTALL_TIMEOUT_MS + 5 * 60_000);

afterEach(async () => {
	await Promise.all(pages.map(async (page) => await page.close().catch(() => undefined)));
	pages = [];
});

afterAll(async () => {
	await editor?.stop();
});

async function newPage(): Promise<Page> {
	const page = await editor.newPage();
	pages.push(page);
	return page;
}

async function screenshot(page: Page, name: string): Promise<void> {
	await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
}

async function bodyText(page: Page): Promise<string> {
	return await page.$eval('body', (body) => ('innerText' in body ? String(body.innerText) : ''));
}

it(
	'the node panel lists WhatsApp Session with its icon, and its actions read as sentences',
	async () => {
		const page = await newPage();
		await page.goto(`${editor.baseUrl}/workflow/new`, { waitUntil: 'domcontentloaded' });
		await page.waitForSelector('[data-test-id="node-creator-plus-button"]');
		await page.click('[data-test-id="node-creator-plus-button"]');
		await page.waitForSelector('[data-test-id="node-creator-search-bar"]');
		await page.type('[data-test-id="node-creator-search-bar"]', 'WhatsApp Session');
		// The list filters as it is typed into; wait for the node's own entry.
		await page.waitForSelector('[data-test-id="item-iterator-item"] [data-test-id="node-creator-item-name"]::-p-text(WhatsApp Session)');
		// Loaded, not merely referenced: wait until the browser has decoded the SVG n8n served.
		await page.waitForFunction(
			"[...document.querySelectorAll('[data-test-id=\"item-iterator-item\"] img')].some((img) => img.naturalWidth > 0)",
			{ timeout: 30_000 },
		);
		const listed = await page.$$eval('[data-test-id="item-iterator-item"]', (items) =>
			items.map((entry) => ({
				name: (entry.querySelector('[data-test-id="node-creator-item-name"]')?.textContent ?? '').trim(),
				icon: entry.querySelector('img')?.getAttribute('src') ?? '',
				iconLoaded: Number(Reflect.get(entry.querySelector('img') ?? {}, 'naturalWidth')) > 0,
			})),
		);
		expect(listed).toContainEqual({
			name: 'WhatsApp Session',
			icon: '/icons/n8n-nodes-whatsapp-session/dist/nodes/WhatsAppSession/whatsAppSession.svg',
			iconLoaded: true,
		});
		await screenshot(page, 'node-panel');

		await page.click('[data-test-id="item-iterator-item"]');
		await page.waitForSelector('[data-test-id="node-creator"] ::-p-text(Actions)');
		const panelLines = (await textOf(page, '[data-test-id="node-creator"]', 'innerText')).split('\n').map((line) => line.trim());
		expect(panelLines).toEqual(
			expect.arrayContaining([
				'Send a call-to-action URL',
				"Ask for the customer's location",
				'Send an image, video, audio file, document or sticker',
				'Send a text message',
			]),
		);
		await screenshot(page, 'node-panel-actions');
	},
	STEP_MS,
);

it(
	"every demo credential's test succeeds, and the credential list names each provider",
	async () => {
		const page = await newPage();
		for (const [type, credential] of Object.entries(DEMO_CREDENTIAL_REFS)) {
			await page.goto(`${editor.baseUrl}/home/credentials/${credential.id}`, { waitUntil: 'domcontentloaded' });
			const success = await textOf(page, '[data-test-id="credentials-config-container-test-success"]');
			expect([type, success.trim()]).toEqual([type, expect.stringContaining('Connection tested successfully')]);
			await screenshot(page, `credential-${type}`);
		}
		await page.goto(`${editor.baseUrl}/home/credentials`, { waitUntil: 'domcontentloaded' });
		await page.waitForSelector('[data-test-id="resources-list-item"]');
		const cards = await page.$$eval('[data-test-id="resources-list-item"]', (items) => items.map((entry) => entry.textContent ?? ''));
		for (const typeName of ['Cloud-API-Format Provider (Domain and Key) API', 'Meta WhatsApp Cloud API', 'Connectly API', 'Texter API']) {
			expect(cards.some((card) => card.includes(typeName))).toBe(true);
		}
	},
	STEP_MS,
);

it(
	'the credential chosen is the provider: each shows its operations, Texter its Chat ID, and a phone number left in it is refused',
	async () => {
		const page = await newPage();
		await openWorkflow(page, editor.baseUrl, PROVIDER_SWITCH);
		await openNode(page, NODE);
		expect(await openDropdown(page, '[data-test-id="node-credentials-select"]')).toEqual([
			'WhatsApp Session (demo)',
			'WhatsApp Cloud API (demo)',
			'Connectly (demo)',
			'Texter (demo)',
		]);
		await page.keyboard.press('Escape');

		const expected: Record<string, string[]> = {
			[DEMO_CREDENTIAL_REFS.whatsAppCloudApi.id]: CLOUD_API_OPERATIONS,
			[DEMO_CREDENTIAL_REFS.connectlyApi.id]: ['Send List', 'Send Location', 'Send Media', 'Send Reply Buttons', 'Send Text', 'Custom API Call'],
			[DEMO_CREDENTIAL_REFS.whatsAppSessionApi.id]: CLOUD_API_OPERATIONS,
			[DEMO_CREDENTIAL_REFS.texterApi.id]: ['Send Contacts', 'Send List', 'Send Location', 'Send Media', 'Send Reply Buttons', 'Send Text', 'Custom API Call'],
		};
		for (const [credentialId, operations] of Object.entries(expected)) {
			await pickCredential(page, credentialId);
			expect([credentialId, await operationOptionsOnceSettled(page, operations)]).toEqual([credentialId, operations]);
		}

		// Texter now: the recipient field is its Chat ID, with a hint, still holding the phone number.
		const panel = await parameterPanelText(page);
		expect(panel).toContain('Chat ID');
		expect(panel).toContain("Not a phone number: the ID of an existing Texter chat. Look it up with Texter's Search Chats");
		const requestsBefore = editor.mockLog.length;
		await executeOpenNode(page);
		expect(await textOf(page, '[data-test-id="node-error-message"]')).toBe(
			'Item 0: "Chat ID" looks like a phone number ("+91 98801 32082"), not a Texter chat ID. Look the chat ID up with Texter\'s Search Chats by this phone number, or take it from a Texter webhook',
		);
		expect(editor.mockLog.length).toBe(requestsBefore);
		await screenshot(page, 'texter-phone-number-refused');
	},
	STEP_MS,
);

describe('every example', () => {
	const hintsByExample: Record<string, string[]> = {
		'01-text-reply.json': ['With the country code. Spaces, dots, dashes, brackets and a leading + or 00 are fine.'],
		'03-reply-buttons.json': ['Up to 20 characters; each button needs its own title'],
		'04-list-menu.json': ['Up to 24 characters. A list has at most 10 rows, counting every section.'],
	};

	it(
		'renders each WhatsApp Session form with no parameter issues, and shows the hints where limits are',
		async () => {
			const page = await newPage();
			for (const { file, workflow } of editor.examples) {
				await openWorkflow(page, editor.baseUrl, workflow.id);
				expect([file, await page.$$eval('[data-test-id="node-issues"]', (found) => found.length)]).toEqual([file, 0]);
				for (const node of workflow.nodes.filter((entry) => entry.type === NODE_TYPE)) {
					await openNode(page, node.name);
					expect([file, node.name, await page.$$eval('[data-test-id="parameter-issues"]', (found) => found.length)]).toEqual([file, node.name, 0]);
					const panel = await parameterPanelText(page);
					for (const hint of hintsByExample[file] ?? []) expect([file, panel]).toEqual([file, expect.stringContaining(hint)]);
					if (file === '03-reply-buttons.json') await screenshot(page, 'form-reply-buttons');
					await closeNode(page);
				}
			}
		},
		5 * STEP_MS,
	);

	it(
		'the contact card starts with Formatted Name, offers Type as a dropdown and says "Add URL"',
		async () => {
			const page = await newPage();
			const contacts = editor.examples.find((example) => example.file === '05-contacts.json');
			const node = contacts?.workflow.nodes.find((entry) => entry.type === NODE_TYPE);
			if (!contacts || !node) throw new Error('examples/05-contacts.json has no WhatsApp Session node');
			await openWorkflow(page, editor.baseUrl, contacts.workflow.id);
			await openNode(page, node.name);
			const firstField = await page.$eval('[data-test-id="fixed-collection-contacts"] [data-test-id="parameter-input-field"], [data-test-id="fixed-collection-contacts"] [data-test-id$="-parameter-input-options-container"]', (element) => element.getAttribute('data-test-id'));
			expect(firstField).toBe('formattedName-parameter-input-options-container');
			const typeFields = await page.$$eval('[data-test-id="parameter-input-type"]', (fields) => fields.map((field) => field.querySelector('.el-select') !== null));
			expect(typeFields).toEqual([true, true, true, true]);
			const panel = await parameterPanelText(page);
			expect(panel).toContain('Add URL');
			expect(panel).not.toContain('Add url');
			await screenshot(page, 'form-contacts');
		},
		STEP_MS,
	);
});

it(
	'executing an example shows its output item with a messageId',
	async () => {
		const page = await newPage();
		const buttons = editor.examples.find((example) => example.file === '03-reply-buttons.json');
		const node = buttons?.workflow.nodes.find((entry) => entry.type === NODE_TYPE);
		if (!buttons || !node) throw new Error('examples/03-reply-buttons.json has no WhatsApp Session node');
		await openWorkflow(page, editor.baseUrl, buttons.workflow.id);
		expect(await executeWorkflow(page, node.name)).toBe('success');
		await openNode(page, node.name);
		expect(await textOf(page, '[data-test-id="output-panel"] [data-test-id="ndv-items-count"]')).toMatch(/1 item/);
		const output = await textOf(page, '[data-test-id="output-panel"] [data-test-id="ndv-data-container"]');
		expect(output).toContain('messageId');
		expect(output).toMatch(/wamid\.demo\.\d+/);
		await screenshot(page, 'output');
	},
	STEP_MS,
);

it(
	'a bad input shows the item, the field and the limit, and nothing is sent',
	async () => {
		const page = await newPage();
		const requestsBefore = editor.mockLog.length;
		await openWorkflow(page, editor.baseUrl, BAD_INPUT);
		expect(await executeWorkflow(page, NODE)).toBe('error');
		await openNode(page, NODE);
		expect(await textOf(page, '[data-test-id="node-error-message"]')).toBe(
			'Item 0: "Buttons › Button 0 › Title" is 24 characters long; the limit is 20',
		);
		expect(await textOf(page, '[data-test-id="node-error-description"]')).toBe(
			'"Buttons › Button 0 › Title" is 24 characters long; the limit is 20. Nothing was sent for this item.',
		);
		expect(editor.mockLog.length).toBe(requestsBefore);
		await screenshot(page, 'error');
	},
	STEP_MS,
);

it(
	'"Custom API Call": n8n points to the HTTP Request node, and running it says the same instead of a hidden field\'s error',
	async () => {
		const page = await newPage();
		await openWorkflow(page, editor.baseUrl, CUSTOM_API_CALL);
		await openNode(page, NODE);
		await pickOperation(page, 'Custom API Call');
		expect(await parameterPanelText(page)).toContain('Use the HTTP Request node to make a custom API call');
		await executeOpenNode(page);
		expect(await textOf(page, '[data-test-id="node-error-message"]')).toBe('"Custom API Call" is not an operation of this node: it only sends messages');
		expect(await bodyText(page)).not.toMatch(/Parameter .* is required/);
		await screenshot(page, 'custom-api-call');
	},
	STEP_MS,
);

it(
	'n8n serves an output schema for every operation, for the next node\'s field picker',
	async () => {
		const page = await newPage();
		await page.goto(`${editor.baseUrl}/home/workflows`, { waitUntil: 'domcontentloaded' });
		const operations = ['sendText', 'sendMedia', 'sendLocation', 'sendContacts', 'sendReplyButtons', 'sendList', 'sendCtaUrl', 'sendLocationRequest', 'sendReaction'];
		const answers = await page.evaluate(
			async (nodeType, names) =>
				await Promise.all(
					names.map(async (operation) => {
						const response = await fetch(`/schemas/${nodeType}/1.0.0/message/${operation}.json`);
						const schema: unknown = response.ok ? await response.json() : undefined;
						const properties = typeof schema === 'object' && schema !== null ? Reflect.get(schema, 'properties') : undefined;
						return [operation, response.status, typeof properties === 'object' && properties !== null ? Object.keys(properties) : []];
					}),
				),
			NODE_TYPE,
			operations,
		);
		for (const [operation, status, keys] of answers) {
			expect([operation, status, keys]).toEqual([operation, 200, expect.arrayContaining(['messageId', 'recipient', 'provider', 'status', 'response'])]);
		}
	},
	STEP_MS,
);

it(
	'the page reaches nothing but 127.0.0.1',
	async () => {
		const page = await newPage();
		await page.goto(`${editor.baseUrl}/home/workflows`, { waitUntil: 'domcontentloaded' });
		const outcome = await page.evaluate(async () => await fetch('https://registry.npmjs.org/n8n').then(() => 'reached', () => 'refused'));
		expect(outcome).toBe('refused');
		expect(editor.blockedHosts.has('registry.npmjs.org')).toBe(true);
	},
	STEP_MS,
);
