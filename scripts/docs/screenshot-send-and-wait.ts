// `npm run docs:screenshots`: the pictures of Send and Wait for Reply in docs/send-and-wait.md, taken from a real
// n8n 2.41.1 editor in headless Chromium, never drawn by hand. It brings n8n up the way the browser
// suite does (test/ui/lib/demoEditor.ts: the packed package installed like a community package,
// the demo credentials pointing at the local mock provider, every example imported and the trigger
// examples active), then plays what a builder and a customer do:
//   1. the builder runs example 17 in the editor; the node sends the question and the execution waits;
//   2. screenshot of that execution in the workflow's Executions view (docs/screenshots/send-and-wait-waiting.png);
//   3. the customer taps "Confirm order": a webhook, signed as the provider signs it, reaches an
//      active WhatsApp Session Trigger (example 11's), which resumes the execution;
//   4. screenshot of the finished run with the node's output (docs/screenshots/send-and-wait-answered.png).
// Not part of `npm test`: it asserts only what it needs to be sure each picture shows what its
// caption says, and fails loudly otherwise. The page may reach 127.0.0.1 only.
import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';

import type { Page } from 'puppeteer-core';

import { REPO_ROOT } from '../../test/e2e/lib/n8n';
import { valueAt } from '../../test/support/json';
import { BUSINESS, metaBody, metaContact, metaMessage, metaValue } from '../../test/support/inboundSamples';
import { logIn, startDemoEditor, type DemoEditor } from '../../test/ui/lib/demoEditor';
import { nodeSelector, openNode, openWorkflow } from '../../test/ui/lib/editorPage';
import { DEMO_CUSTOMER, productionUrl, providerOf, signedWebhookHeaders, triggerOf } from '../demo/inboundEvents';
import { authHeaders, login, OWNER, type Example } from '../demo/instance';

const OUTPUT_DIR = path.join(REPO_ROOT, 'docs', 'screenshots');
const WAITING_PICTURE = path.join(OUTPUT_DIR, 'send-and-wait-waiting.png');
const ANSWERED_PICTURE = path.join(OUTPUT_DIR, 'send-and-wait-answered.png');
const ASKING_EXAMPLE = '17-send-and-wait-confirm-order.json';
/** Any active trigger of the same provider resumes the execution; example 11's is the simplest. */
const TRIGGER_EXAMPLE = '11-trigger-auto-reply.json';
const ASKING_NODE = 'Ask to confirm the order';
/** What the customer taps: the first of example 17's choices. */
const TAPPED = { id: 'confirm', title: 'Confirm order' } as const;
/** Readable in the documentation at GitHub's column width, and small as a PNG. */
const VIEWPORT = { width: 1280, height: 800 } as const;
const STEP_TIMEOUT_MS = 60_000;
/** The execution's canvas in the Executions view. */
const PREVIEW = '[data-test-id="execution-preview-host"]';

export async function main(): Promise<void> {
	const editor = await startDemoEditor([]);
	try {
		await takeScreenshots(editor);
	} finally {
		await editor.stop();
	}
}

async function takeScreenshots(editor: DemoEditor): Promise<void> {
	const asking = exampleNamed(editor.examples, ASKING_EXAMPLE);
	const listening = exampleNamed(editor.examples, TRIGGER_EXAMPLE);
	const cookie = await login(editor.baseUrl, OWNER.email, OWNER.password);
	const page = await editor.newPage();
	await page.setViewport(VIEWPORT);
	await logIn(page, editor.baseUrl);
	await mkdir(OUTPUT_DIR, { recursive: true });

	// 1. The builder runs the example from the editor, as its sticky note says.
	const sentBefore = editor.mock.requestCount;
	await openWorkflow(page, editor.baseUrl, asking.workflow.id);
	await page.click('[data-test-id="execute-workflow-button"]');
	const executionId = await waitForExecutionStatus(editor.baseUrl, cookie, asking.workflow.id, undefined, ['waiting']);
	const question = await sentQuestion(editor, sentBefore);
	process.stdout.write(`execution ${executionId} waits; the question went out with ${question.wireIds.length} buttons\n`);

	// 2. The waiting execution, as the builder finds it under the workflow's Executions tab.
	await openExecution(page, editor.baseUrl, asking.workflow.id, executionId);
	await page.waitForFunction(`document.body.innerText.includes('Waiting')`, { timeout: STEP_TIMEOUT_MS });
	await settle(page);
	await page.screenshot({ path: WAITING_PICTURE });
	process.stdout.write(`wrote ${path.relative(REPO_ROOT, WAITING_PICTURE)}\n`);

	// 3. The customer taps "Confirm order"; the provider posts the reply to the active trigger.
	const wireId = question.wireIds.find((id) => id.startsWith(`${TAPPED.id}~`));
	if (wireId === undefined) throw new Error(`the question offered no "${TAPPED.id}" button: ${question.wireIds.join(', ')}`);
	await postTap(editor.baseUrl, listening, wireId, question.messageId);
	await waitForExecutionStatus(editor.baseUrl, cookie, asking.workflow.id, executionId, ['success']);

	// 4. The finished run: the node's output holds the builder's choice id under `answer`.
	await openExecution(page, editor.baseUrl, asking.workflow.id, executionId);
	await openNode(page, ASKING_NODE);
	// JSON shows every field of the item one under another; the table would cut them off.
	await page.click('[data-test-id="output-panel"] [data-test-id="ndv-run-data-display-mode"] ::-p-text(JSON)');
	await page.waitForFunction(`(document.querySelector('[data-test-id="output-panel"]')?.innerText ?? '').includes('"answer"')`, {
		timeout: STEP_TIMEOUT_MS,
	});
	await settle(page);
	await page.screenshot({ path: ANSWERED_PICTURE });
	process.stdout.write(`wrote ${path.relative(REPO_ROOT, ANSWERED_PICTURE)}\n`);

	const blocked = [...editor.blockedHosts];
	if (blocked.length > 0) process.stdout.write(`the page was refused these hosts (as intended): ${blocked.join(', ')}\n`);
}

function exampleNamed(examples: readonly Example[], file: string): Example {
	const example = examples.find((entry) => entry.file === file);
	if (!example) throw new Error(`examples/${file} is missing`);
	return example;
}

async function openExecution(page: Page, baseUrl: string, workflowId: string, executionId: string): Promise<void> {
	await page.goto(`${baseUrl}/workflow/${workflowId}/executions/${executionId}`, { waitUntil: 'domcontentloaded' });
	await page.waitForSelector(`${PREVIEW} ${nodeSelector(ASKING_NODE)}`, { timeout: STEP_TIMEOUT_MS });
}

/** Lets the canvas finish fitting itself to the view and the fonts load before the picture. */
async function settle(page: Page): Promise<void> {
	await page.evaluate('document.fonts.ready');
	await new Promise((resolve) => setTimeout(resolve, 1_500));
}

interface SentQuestion {
	/** The id the provider handed out for the message: what the customer's reply points at. */
	messageId: string;
	/** The buttons' ids as they went on the wire: the choice id followed by the signed reference. */
	wireIds: string[];
}

/** The interactive message the mock received after request `after`, as it logged it. */
async function sentQuestion(editor: DemoEditor, after: number): Promise<SentQuestion> {
	const deadline = Date.now() + STEP_TIMEOUT_MS;
	for (;;) {
		const response = await fetch(`${editor.mock.logUrl}?after=${after}`);
		const requests = valueAt(await response.json(), 'requests');
		const question = Array.isArray(requests) ? requests.map((entry: unknown) => readQuestion(entry)).find((entry) => entry !== undefined) : undefined;
		if (question) return question;
		if (Date.now() > deadline) throw new Error('the mock provider received no interactive message');
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/** A logged request (see LoggedRequest in ../demo/mockProvider.ts) that sent reply buttons, read from its JSON. */
function readQuestion(entry: unknown): SentQuestion | undefined {
	const buttons = valueAt(entry, 'body', 'interactive', 'action', 'buttons');
	const messages = valueAt(entry, 'answer', 'body', 'messages');
	const messageId = Array.isArray(messages) ? valueAt(messages[0], 'id') : undefined;
	if (!Array.isArray(buttons) || typeof messageId !== 'string') return undefined;
	const wireIds = buttons.map((button: unknown) => String(valueAt(button, 'reply', 'id')));
	return { messageId, wireIds };
}

/** The customer's tap, as the provider posts it: signed with the demo credential's webhook secret. */
async function postTap(baseUrl: string, example: Example, wireId: string, answeredMessageId: string): Promise<void> {
	const trigger = triggerOf(example);
	if (!trigger) throw new Error(`${example.file} has no trigger`);
	// Stamped now, so the picture's `respondedAt` is the moment of the tap. A fixed message id is
	// safe: every run starts a fresh n8n, whose trigger has seen no id yet (it drops redeliveries).
	const message = metaMessage(
		'wamid.demo.tap.1',
		'interactive',
		{ type: 'button_reply', button_reply: { id: wireId, title: TAPPED.title } },
		{ from: DEMO_CUSTOMER.phone, timestamp: String(Math.floor(Date.now() / 1000)), context: { from: BUSINESS.displayNumber, id: answeredMessageId } },
	);
	const body = metaBody(metaValue({ contacts: [metaContact(DEMO_CUSTOMER.phone, DEMO_CUSTOMER.name)], messages: [message] }));
	const rawBody = Buffer.from(JSON.stringify(body));
	const provider = providerOf(trigger);
	const headers = signedWebhookHeaders(provider, rawBody);
	// Unsigned, the trigger would refuse the tap and the run would only time out: say why at once.
	if (headers[provider.inbound.signature.header] === undefined) throw new Error(`the demo credential for ${provider.id} has no signing secret`);
	const response = await fetch(productionUrl(baseUrl, trigger), { method: 'POST', headers, body: rawBody });
	if (!response.ok) throw new Error(`the trigger answered the tap with HTTP ${response.status}`);
}

/**
 * Polls the workflow's executions until one (the given one, or the newest) has one of `statuses`;
 * returns its id. Fails on any other settled status, so a failed run never becomes a picture.
 */
async function waitForExecutionStatus(
	baseUrl: string,
	cookie: string,
	workflowId: string,
	executionId: string | undefined,
	statuses: readonly string[],
): Promise<string> {
	const deadline = Date.now() + STEP_TIMEOUT_MS;
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	for (;;) {
		const response = await fetch(`${baseUrl}/rest/executions?filter=${filter}&limit=10`, { headers: authHeaders(cookie) });
		if (!response.ok) throw new Error(`listing executions answered HTTP ${response.status}`);
		const listed = valueAt(await response.json(), 'data', 'results');
		const executions = Array.isArray(listed) ? listed.map((entry: unknown) => ({ id: String(valueAt(entry, 'id')), status: String(valueAt(entry, 'status')) })) : [];
		const execution = executionId === undefined ? executions[0] : executions.find((entry) => entry.id === executionId);
		if (execution && statuses.includes(execution.status)) return execution.id;
		if (execution && ['error', 'crashed', 'canceled'].includes(execution.status)) throw new Error(`execution ${execution.id} ended ${execution.status}`);
		if (Date.now() > deadline) throw new Error(`no execution of ${workflowId} became ${statuses.join(' or ')} (last seen: ${JSON.stringify(execution)})`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}
