// The node as a no-code builder meets it: the real n8n 2.41.1 editor in headless Chromium, with
// the packed package, the demo credentials and the examples set up exactly as `npm run demo` does.
// One n8n and one browser for the whole file; each test opens its own page. The page may reach
// 127.0.0.1 only. Assertions are on text and elements, never on pixels; screenshots of the last
// run go to .ui-screenshots/ (git-ignored), and some of them are the documentation's pictures (docs/screenshots/).
import { createHmac } from 'node:crypto';
import * as path from 'node:path';

import type { Page } from 'puppeteer-core';

import { DEMO_CREDENTIAL_REFS, DEMO_PHONE_NUMBER_ID } from '../../scripts/demo/credentials';
import { waitForExecution } from '../../scripts/demo/demo';
import { buildSignedWebhook, DEMO_CUSTOMER, listensTo, productionUrl, providerOf, triggerOf } from '../../scripts/demo/inboundEvents';
import { authHeaders, login, NODE_TYPE, OWNER, triggerExamples } from '../../scripts/demo/instance';
import type { LoggedRequest } from '../../scripts/demo/mockProvider';
import { findQuestionChoice, type QuestionChoice } from '../../scripts/demo/questionTap';
import { chainWorkflow, DEFAULT_INSTALL_TIMEOUT_MS, manualWorkflow, type JsonObject, type N8nWorkflow } from '../e2e/lib/n8n';
import { CUSTOMER, metaTextBody } from '../support/inboundSamples';
import { logIn, SCREENSHOT_DIR, startDemoEditor, type DemoEditor } from './lib/demoEditor';
import {
	closeNode,
	executeOpenNode,
	executeWorkflow,
	listenForTestEvent,
	nodePanelEntries,
	nodeSelector,
	openDropdown,
	openNode,
	openWorkflow,
	operationOptions,
	operationOptionsOnceSettled,
	outputItemCount,
	parameterPanelText,
	parameterPanelTextOnceSettled,
	pickCredential,
	searchNodePanel,
	shownWebhookUrls,
	textOf,
} from './lib/editorPage';

const NODE = 'WhatsApp Session';
const SESSION_CREDENTIAL = { whatsAppSessionApi: DEMO_CREDENTIAL_REFS.whatsAppSessionApi };

/** The suite's own workflows: they get edited (n8n 2.x saves edits at once), the examples do not. */
const BAD_INPUT = 'ui-bad-input';
const PROVIDER_SWITCH = 'ui-provider-switch';
const CUSTOM_API_CALL = 'ui-custom-api-call';
const TEMPLATE_ON_TEXTER = 'ui-template-on-texter';
const TRIGGER_OPTIONS = 'ui-trigger-options';
const TRIGGER_PANEL = 'ui-trigger-panel';
const TRIGGER_TEST_EVENT = 'ui-trigger-test-event';

const TRIGGER = 'WhatsApp Session Trigger';
const TRIGGER_TYPE = 'n8n-nodes-whatsapp-session.whatsAppSessionTrigger';
/** The webhook ids make the URLs: `/webhook/<id>/webhook`, and `/webhook-test/<id>/webhook` while listening. */
const TRIGGER_HOOKS = {
	panel: '7d1c2b3a-5e6f-4a1b-9c2d-0000000000a1',
	testEvent: '7d1c2b3a-5e6f-4a1b-9c2d-0000000000a2',
	options: '7d1c2b3a-5e6f-4a1b-9c2d-0000000000a3',
} as const;

function triggerWorkflow(id: string, name: string, webhookId: string, parameters: JsonObject = {}): N8nWorkflow {
	return chainWorkflow(id, name, { name: TRIGGER, type: TRIGGER_TYPE, typeVersion: 1, webhookId, parameters, credentials: SESSION_CREDENTIAL }, []);
}

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
	// Saved when n8n still offered "Custom API Call" (its credentials then signed with a template).
	nodeWorkflow(CUSTOM_API_CALL, 'UI: Custom API Call', { operation: '__CUSTOM_API_CALL__', recipient: '+91 98801 32082', textBody: 'Hello' }),
	// As n8n leaves it when "Send template message" is picked in the node panel and Texter's is the newest credential.
	manualWorkflow(TEMPLATE_ON_TEXTER, 'UI: Send Template with a Texter credential', [
		{
			name: NODE,
			type: NODE_TYPE,
			typeVersion: 1,
			credentials: { texterApi: DEMO_CREDENTIAL_REFS.texterApi },
			parameters: { provider: 'texter', resource: 'message', operation: 'sendTemplate' },
		},
	]),
	triggerWorkflow(TRIGGER_OPTIONS, 'UI: the trigger\'s options per provider', TRIGGER_HOOKS.options, {
		options: { includeEchoes: false, resumeWaiting: true, outputResumingReplies: false },
	}),
	triggerWorkflow(TRIGGER_PANEL, 'UI: the trigger as a newcomer opens it', TRIGGER_HOOKS.panel),
	triggerWorkflow(TRIGGER_TEST_EVENT, 'UI: the trigger hears a test event', TRIGGER_HOOKS.testEvent),
];

const CLOUD_API_OPERATIONS = [
	'Get Media',
	'Mark as Read',
	'Send and Wait for Reply',
	'Send Call-to-Action URL',
	'Send Catalog',
	'Send Contacts',
	'Send Flow',
	'Send List',
	'Send Location',
	'Send Location Request',
	'Send Media',
	'Send Product',
	'Send Product List',
	'Send Reaction',
	'Send Reply Buttons',
	'Send Template',
	'Send Text',
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
		await searchNodePanel(page, editor.baseUrl, 'WhatsApp Session');
		// The list filters as it is typed into; wait for the node's own entry.
		await page.waitForSelector('[data-test-id="item-iterator-item"] [data-test-id="node-creator-item-name"]::-p-text(WhatsApp Session)');
		const listed = await nodePanelEntries(page, '[data-test-id="item-iterator-item"]');
		expect(listed).toContainEqual({
			name: 'WhatsApp Session',
			icon: '/icons/n8n-nodes-whatsapp-session/dist/nodes/WhatsAppSession/whatsAppSession.svg',
			iconLoaded: true,
		});
		await screenshot(page, 'node-panel');

		await page.click(`[data-test-id="item-iterator-item"][data-keyboard-nav-id^="${NODE_TYPE}-"]`);
		await page.waitForSelector('[data-test-id="node-creator"] ::-p-text(Actions)');
		// An empty workflow's panel offers triggers first: with the package's trigger, n8n lists the
		// app's trigger events and folds its actions below them.
		const foldedActions = '[data-category-collapsed="true"] > [data-test-id="node-creator-category-item"][data-keyboard-nav-id="Actions"]';
		// The folded category can be in the DOM a moment before it can take a click (the panel slides in).
		if ((await page.$(foldedActions)) !== null) {
			const folded = await page.waitForSelector(foldedActions, { visible: true, timeout: 10_000 });
			await folded?.click();
		}
		await page.waitForSelector('[data-test-id="node-creator"] ::-p-text(Send text message)');
		const panelLines = (await textOf(page, '[data-test-id="node-creator"]', 'innerText')).split('\n').map((line) => line.trim());
		const actions = panelLines.filter((line) => /^(Get media|Mark as read|Send )/.test(line));
		expect(actions).toEqual([
			'Get media a customer sent',
			'Mark as read',
			'Send and wait for a reply',
			'Send call-to-action URL button',
			'Send catalog message',
			'Send contact cards',
			'Send flow form (WhatsApp Flow; button label up to 30 characters)',
			'Send list menu (up to 10 rows, titles up to 24 characters)',
			'Send location pin',
			'Send location request',
			'Send media file',
			'Send product from catalog',
			'Send product list (up to 30 products in up to 10 sections)',
			'Send reaction',
			'Send reply buttons (1 to 3, titles up to 20 characters)',
			'Send template message',
			'Send text message (up to 4,096 characters)',
		]);
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
	'the credential chosen is the provider: each shows its operations, Texter its Chat ID, and a phone number left in it finds its chat',
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
			[DEMO_CREDENTIAL_REFS.connectlyApi.id]: ['Get Media', 'Send List', 'Send Location', 'Send Media', 'Send Product', 'Send Product List', 'Send Reply Buttons', 'Send Template', 'Send Text'],
			[DEMO_CREDENTIAL_REFS.whatsAppSessionApi.id]: CLOUD_API_OPERATIONS,
			[DEMO_CREDENTIAL_REFS.texterApi.id]: ['Send Contacts', 'Send List', 'Send Location', 'Send Media', 'Send Reply Buttons', 'Send Text'],
		};
		for (const [credentialId, operations] of Object.entries(expected)) {
			await pickCredential(page, credentialId);
			expect([credentialId, await operationOptionsOnceSettled(page, operations)]).toEqual([credentialId, operations]);
		}

		// Texter now: the recipient field is its Chat ID, with a hint, still holding the phone number,
		// which the node looks up with Texter's Search Chats before it sends into the chat found.
		const panel = await parameterPanelText(page);
		expect(panel).toContain('Chat ID');
		expect(panel).toContain('The customer\'s phone number, with its country code: the node finds its chat with Texter\'s Search Chats');
		const requestsBefore = editor.mockLog.length;
		await executeOpenNode(page);
		expect(await page.$('[data-test-id="node-error-message"]')).toBeNull();
		const sent = editor.mockLog.slice(requestsBefore).join('\n');
		expect(sent).toMatch(/GET \/server\/api\/v2\/chats\/search/);
		expect(sent).toMatch(/POST \/server\/api\/v2\/messages\/send\/demo-chat-919880132082/);
		await screenshot(page, 'texter-phone-number-found');
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
				// Example 20's agent tool is the same node, under n8n's tool type.
				for (const node of workflow.nodes.filter((entry) => entry.type === NODE_TYPE || entry.type === `${NODE_TYPE}Tool`)) {
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
	'"Custom API Call" is not offered; a workflow saved with it says to use the HTTP Request node instead of a hidden field\'s error',
	async () => {
		const page = await newPage();
		await openWorkflow(page, editor.baseUrl, CUSTOM_API_CALL);
		await openNode(page, NODE);
		// n8n adds it only for credentials whose authenticate is declarative; these attach their secret with a function.
		expect(await operationOptions(page)).not.toContain('Custom API Call');
		await executeOpenNode(page);
		expect(await textOf(page, '[data-test-id="node-error-message"]')).toBe('"Custom API Call" is not an operation of this node: it sends messages and gets the files customers send');
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
		const operations = ['sendText', 'sendMedia', 'sendLocation', 'sendContacts', 'sendReplyButtons', 'sendList', 'sendCtaUrl', 'sendLocationRequest', 'sendProduct', 'sendProductList', 'sendCatalog', 'sendFlow', 'sendReaction', 'sendTemplate', 'markAsRead'];
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

it(
	'example 16 (Mark as Read) succeeds in the demo, and the mock received the read receipt',
	async () => {
		const page = await newPage();
		const example = editor.examples.find((entry) => entry.file === '16-mark-as-read-with-typing.json');
		const node = example?.workflow.nodes.find((entry) => entry.type === NODE_TYPE);
		if (!example || !node) throw new Error('examples/16-mark-as-read-with-typing.json has no WhatsApp Session node');
		const requestsBefore = editor.mockLog.length;
		await openWorkflow(page, editor.baseUrl, example.workflow.id);
		expect(await executeWorkflow(page, node.name)).toBe('success');
		expect(editor.mockLog.slice(requestsBefore).join('\n')).toContain('"status": "read"');
	},
	STEP_MS,
);

it(
	'example 17 waits, and a demo-style tap by the choice\'s ID resumes it with the builder\'s own title and the question\'s message ID',
	async () => {
		const page = await newPage();
		const example = editor.examples.find((entry) => entry.file === '17-send-and-wait-confirm-order.json');
		if (!example) throw new Error('examples/17-send-and-wait-confirm-order.json is missing');
		const requestsBefore = editor.mock.requestCount;
		await openWorkflow(page, editor.baseUrl, example.workflow.id);
		await page.click('[data-test-id="execute-workflow-button"]');
		// What `run.js customer --tap confirm` does: find the question the mock received, tap its "confirm".
		const question = await questionOffering('confirm', requestsBefore);
		const listener = triggerExamples(editor.examples).find((entry) => {
			const trigger = triggerOf(entry);
			return trigger !== undefined && listensTo(trigger).messages && providerOf(trigger).id === 'cloudApiCompatible';
		});
		const trigger = listener === undefined ? undefined : triggerOf(listener);
		if (!listener || !trigger) throw new Error('no active example listens for messages with the Cloud-API-format credential');
		const tap = buildSignedWebhook(listener, {
			kind: 'tap',
			replyId: question.wireId,
			title: question.title,
			contextId: question.questionMessageId,
			from: DEMO_CUSTOMER.phone,
			name: DEMO_CUSTOMER.name,
		});
		const posted = await fetch(productionUrl(editor.baseUrl, trigger), { method: 'POST', headers: tap.headers, body: tap.rawBody });
		expect(posted.status).toBe(200);

		const cookie = await login(editor.baseUrl, OWNER.email, OWNER.password);
		const execution = await waitForExecution(editor.baseUrl, cookie, question.reference.executionId);
		const asked = execution.runData?.['Ask to confirm the order']?.at(-1)?.data?.main?.[0]?.[0]?.json;
		expect([execution.status, asked]).toEqual([
			'success',
			expect.objectContaining({ answer: { id: 'confirm', title: 'Confirm order' }, messageId: question.questionMessageId, timedOut: false }),
		]);
		expect(execution.runData?.['Thank the customer']).toHaveLength(1);
		await page.waitForSelector(`${nodeSelector('Thank the customer')} [data-test-id="canvas-node-status-success"]`, { timeout: STEP_MS });
		await screenshot(page, 'send-and-wait-resumed-by-demo-tap');
	},
	2 * STEP_MS,
);

/** The question the mock received after request `after` that offers the builder's choice `choiceId`. */
async function questionOffering(choiceId: string, after: number): Promise<QuestionChoice> {
	const deadline = Date.now() + STEP_MS;
	while (Date.now() < deadline) {
		const log: unknown = await (await fetch(`${editor.mock.logUrl}?after=${after}`)).json();
		const requests: unknown = typeof log === 'object' && log !== null ? Reflect.get(log, 'requests') : undefined;
		// The mock (scripts/demo/mockProvider.ts) writes these entries; the demo reads them back the same way.
		const found = Array.isArray(requests) ? findQuestionChoice(requests.filter(isLoggedRequest), choiceId) : undefined;
		if (found !== undefined) return found;
		await new Promise<void>((resolve) => setTimeout(resolve, 300));
	}
	throw new Error(`the mock received no question offering "${choiceId}"`);
}

function isLoggedRequest(value: unknown): value is LoggedRequest {
	const answer: unknown = typeof value === 'object' && value !== null ? Reflect.get(value, 'answer') : undefined;
	return typeof answer === 'object' && answer !== null && typeof Reflect.get(answer, 'status') === 'number';
}

it(
	'Send Template with a credential whose provider lacks it says which providers offer it and to pick another credential',
	async () => {
		const page = await newPage();
		await openWorkflow(page, editor.baseUrl, TEMPLATE_ON_TEXTER);
		await openNode(page, NODE);
		const panel = await parameterPanelText(page);
		expect(panel).toContain('The chosen credential\'s provider has no "Send Template". It is offered by: Cloud-API-Format Provider, Meta WhatsApp Cloud API, Connectly.');
		expect(panel).toContain('Pick a credential of one of these under Credential to connect with, or choose another operation.');
		await screenshot(page, 'send-template-on-texter');
	},
	STEP_MS,
);

it(
	'n8n serves the trigger\'s output schema, for the next node\'s field picker',
	async () => {
		const page = await newPage();
		await page.goto(`${editor.baseUrl}/home/workflows`, { waitUntil: 'domcontentloaded' });
		const [status, keys] = await page.evaluate(async (nodeType) => {
			const response = await fetch(`/schemas/${nodeType}/1.0.0.json`);
			const schema: unknown = response.ok ? await response.json() : undefined;
			const properties = typeof schema === 'object' && schema !== null ? Reflect.get(schema, 'properties') : undefined;
			return [response.status, typeof properties === 'object' && properties !== null ? Object.keys(properties) : []] as const;
		}, TRIGGER_TYPE);
		expect([status, keys]).toEqual([200, expect.arrayContaining(['event', 'from', 'userId', 'messageId', 'text', 'media', 'reply', 'status', 'sessionWindowEndsAt'])]);
	},
	STEP_MS,
);

it(
	'no option is shown for a provider that cannot use it: the trigger\'s Send and Wait options go with Connectly\'s credential',
	async () => {
		const page = await newPage();
		await openWorkflow(page, editor.baseUrl, TRIGGER_OPTIONS);
		await openNode(page, TRIGGER);
		const withSession = await parameterPanelText(page);
		expect([withSession.includes('Include Own Messages'), withSession.includes('Resume Waiting Executions'), withSession.includes('Output Resuming Replies')]).toEqual([true, true, true]);
		await screenshot(page, 'trigger-options-session');
		await pickCredential(page, DEMO_CREDENTIAL_REFS.connectlyApi.id);
		const withConnectly = await parameterPanelTextOnceSettled(page, (text) => !text.includes('Resume Waiting Executions'));
		expect([withConnectly.includes('Include Own Messages'), withConnectly.includes('Resume Waiting Executions'), withConnectly.includes('Output Resuming Replies')]).toEqual([true, false, false]);
		await screenshot(page, 'trigger-options-connectly');
	},
	STEP_MS,
);

describe('the WhatsApp Session Trigger', () => {
	const SETUP_HELP = {
		session: "In your provider's dashboard (Settings → API → Webhook), paste this URL and the credential's Hub Verification Token.",
		meta: 'In the Meta App Dashboard (WhatsApp → Configuration → Webhook), paste this URL as the Callback URL',
		connectly: "Register this URL for the \"messages\" and \"delivery_status\" topics with Connectly's Create Webhook API",
	};
	// A provider that signs refuses unsigned events by default; the one that documents no signature warns.
	const SECURITY_NOTICES: Record<keyof typeof SETUP_HELP, string> = {
		session: 'If it has none, anyone who knows this URL can post events to it: its unguessable path is then the only protection.',
		meta: 'Events must be signed with the credential\'s App Secret. If the credential has none, every event is refused (401) unless "Accept Unsigned Events" is on.',
		connectly: 'Events must be signed with the credential\'s Webhook Secret. If the credential has none, every event is refused (401) unless "Accept Unsigned Events" is on.',
	};
	/** Which providers' setup notices the panel shows. */
	const shownSetupHelp = (panel: string) => Object.entries(SETUP_HELP).filter(([, help]) => panel.includes(help)).map(([provider]) => provider);
	const showsOnlySetupHelp = (wanted: keyof typeof SETUP_HELP) => (panel: string) => shownSetupHelp(panel).join() === wanted;

	it(
		'the node panel offers it among the triggers: the app "WhatsApp Session" with the trigger\'s events and icon, and picking one adds the trigger',
		async () => {
			const page = await newPage();
			await searchNodePanel(page, editor.baseUrl, 'WhatsApp');
			// An empty workflow's node panel lists triggers only.
			expect(await textOf(page, '[data-test-id="nodes-list-header"]', 'innerText')).toContain('What triggers this workflow?');
			// n8n lists a package's trigger under its app node's name, with the trigger's description.
			const app = `[data-test-id="item-iterator-item"][data-keyboard-nav-id^="${NODE_TYPE}-"]`;
			await page.waitForSelector(app, { timeout: 30_000 });
			const appLines = (await textOf(page, app, 'innerText')).split('\n').map((line) => line.trim()).filter((line) => line !== '');
			// n8n shows the trigger's description for the merged entry, also where the user wants to send: it says both.
			expect(appLines).toEqual([
				NODE,
				'Reply to WhatsApp customers in their 24-hour window, and start workflows when they write, tap a button, or a message is delivered, read or fails',
			]);
			await page.click(app);

			// The app's page: its triggers are the trigger's "Trigger On" choices, with the trigger's icon.
			const triggerEvents = `[data-test-id="item-iterator-item"][data-keyboard-nav-type="action"][data-keyboard-nav-id^="${TRIGGER_TYPE}-"]`;
			const events = await nodePanelEntries(page, triggerEvents);
			const icon = '/icons/n8n-nodes-whatsapp-session/dist/nodes/WhatsAppSession/whatsAppSessionTrigger.svg';
			expect(events).toEqual(['On messages', 'On statuses', 'On messages and statuses', 'On account events'].map((name) => ({ name, icon, iconLoaded: true })));
			expect(await textOf(page, '[data-test-id="node-creator"]', 'innerText')).toContain('Triggers (4)');
			await screenshot(page, 'trigger-node-panel');

			await page.click(triggerEvents);
			await page.waitForSelector('.node-parameters-wrapper [data-test-id="node-credentials-select"]', { timeout: 30_000 });
			expect((await textOf(page, '[data-test-id="node-title-container"]', 'innerText')).trim()).toBe(TRIGGER);
		},
		STEP_MS,
	);

	it(
		'opened, it shows its webhook URLs, the credentials that can listen, the setup notice of the credential chosen and the security notice',
		async () => {
			const page = await newPage();
			await openWorkflow(page, editor.baseUrl, TRIGGER_PANEL);
			await openNode(page, TRIGGER);
			expect(await shownWebhookUrls(page, 'production')).toEqual([
				{ method: 'GET', url: `${editor.baseUrl}/webhook/${TRIGGER_HOOKS.panel}/webhook` },
				{ method: 'POST', url: `${editor.baseUrl}/webhook/${TRIGGER_HOOKS.panel}/webhook` },
			]);
			expect(await shownWebhookUrls(page, 'test')).toEqual([
				{ method: 'GET', url: `${editor.baseUrl}/webhook-test/${TRIGGER_HOOKS.panel}/webhook` },
				{ method: 'POST', url: `${editor.baseUrl}/webhook-test/${TRIGGER_HOOKS.panel}/webhook` },
			]);

			const credentials = await openDropdown(page, '[data-test-id="node-credentials-select"]');
			expect(credentials).toEqual(
				expect.arrayContaining([DEMO_CREDENTIAL_REFS.whatsAppSessionApi.name, DEMO_CREDENTIAL_REFS.whatsAppCloudApi.name, DEMO_CREDENTIAL_REFS.connectlyApi.name]),
			);
			// Texter listens too now, behind the shared secret of its credential.
			expect(credentials).toContain(DEMO_CREDENTIAL_REFS.texterApi.name);
			await page.keyboard.press('Escape');

			const panel = await parameterPanelText(page);
			expect(shownSetupHelp(panel)).toEqual(['session']);
			expect(panel).toContain(SECURITY_NOTICES.session);
			await screenshot(page, 'trigger-panel');

			const switches: Array<[string, keyof typeof SETUP_HELP]> = [
				[DEMO_CREDENTIAL_REFS.whatsAppCloudApi.id, 'meta'],
				[DEMO_CREDENTIAL_REFS.connectlyApi.id, 'connectly'],
				[DEMO_CREDENTIAL_REFS.whatsAppSessionApi.id, 'session'],
			];
			for (const [credentialId, provider] of switches) {
				await pickCredential(page, credentialId);
				const switched = await parameterPanelTextOnceSettled(page, showsOnlySetupHelp(provider));
				const notices = Object.entries(SECURITY_NOTICES).filter(([, notice]) => switched.includes(notice)).map(([shown]) => shown);
				expect([credentialId, shownSetupHelp(switched), notices]).toEqual([credentialId, [provider], [provider]]);
			}
		},
		STEP_MS,
	);

	it(
		'listening for a test event, it outputs the message a signed webhook posts to the Test URL it shows',
		async () => {
			const appSecret = 'ui-META-app-secret-3f9c';
			const cookie = await login(editor.baseUrl, OWNER.email, OWNER.password);
			const created = await fetch(`${editor.baseUrl}/rest/credentials`, {
				method: 'POST',
				headers: authHeaders(cookie),
				body: JSON.stringify({
					name: 'Meta, signed (UI test)',
					type: 'whatsAppCloudApi',
					data: { accessToken: 'ui-meta-token', phoneNumberId: DEMO_PHONE_NUMBER_ID, graphApiVersion: 'v23.0', baseUrl: editor.mock.baseUrl, appSecret, verifyToken: 'ui-verify-token' },
				}),
			});
			const answer: unknown = await created.json();
			const data = typeof answer === 'object' && answer !== null ? Reflect.get(answer, 'data') : undefined;
			const credentialId: unknown = typeof data === 'object' && data !== null ? Reflect.get(data, 'id') : undefined;
			if (typeof credentialId !== 'string') throw new Error(`creating a credential: HTTP ${created.status} ${JSON.stringify(answer)}`);
			try {
				const page = await newPage();
				await openWorkflow(page, editor.baseUrl, TRIGGER_TEST_EVENT);
				await openNode(page, TRIGGER);
				await pickCredential(page, credentialId);
				expect(shownSetupHelp(await parameterPanelTextOnceSettled(page, showsOnlySetupHelp('meta')))).toEqual(['meta']);
				const testUrl = (await shownWebhookUrls(page, 'test')).find((shown) => shown.method === 'POST')?.url ?? '';
				expect(testUrl).toBe(`${editor.baseUrl}/webhook-test/${TRIGGER_HOOKS.testEvent}/webhook`);

				await listenForTestEvent(page);
				const raw = Buffer.from(JSON.stringify(metaTextBody('wamid.ui.test.1', 'Hello from the browser suite')));
				const posted = await fetch(testUrl, {
					method: 'POST',
					headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', appSecret).update(raw).digest('hex')}` },
					body: raw,
				});
				expect(posted.status).toBe(200);
				expect(await outputItemCount(page)).toMatch(/1 item/);
				// The item count shows a moment before the table's cells fill in.
				await page.waitForSelector('[data-test-id="output-panel"] [data-test-id="ndv-data-container"] ::-p-text(Hello from the browser suite)', { timeout: 30_000 });
				const output = await textOf(page, '[data-test-id="output-panel"] [data-test-id="ndv-data-container"]', 'innerText');
				expect(output).toContain('Hello from the browser suite');
				expect(output).toContain(CUSTOMER.phone);
				expect(await bodyText(page)).not.toContain(appSecret);
				await screenshot(page, 'trigger-test-event');
			} finally {
				await fetch(`${editor.baseUrl}/rest/credentials/${credentialId}`, { method: 'DELETE', headers: authHeaders(cookie) });
			}
		},
		STEP_MS,
	);
});
