// Steps in the n8n 2.41 editor, by the test ids it renders (see /work/shared/N8N-HEADLESS.md and
// test/ui/README.md). Every wait has a deadline and names what it waited for.
import type { Page } from 'puppeteer-core';

const STEP_TIMEOUT_MS = 30_000;
/**
 * Page-side checks, as source text because they run in the browser (this project's TypeScript has
 * no DOM types). Element Plus keeps closed dropdowns in the page, hidden, so "open" means an
 * option that is rendered visibly.
 */
const DROPDOWN_OPEN = "[...document.querySelectorAll('.el-select-dropdown__item')].some((item) => item.offsetParent !== null)";
const DROPDOWN_CLOSED = `!(${DROPDOWN_OPEN})`;
const PANEL_LOADED = "!(document.querySelector('.node-parameters-wrapper')?.innerText ?? '').includes('Loading fields')";

export async function openWorkflow(page: Page, baseUrl: string, workflowId: string): Promise<void> {
	await page.goto(`${baseUrl}/workflow/${workflowId}`, { waitUntil: 'domcontentloaded' });
	await page.waitForSelector('[data-test-id="canvas-node"]', { timeout: STEP_TIMEOUT_MS });
}

/** A node on the canvas, by its name. */
export function nodeSelector(nodeName: string): string {
	return `[data-test-id="canvas-node"][data-node-name="${nodeName.replace(/"/g, '\\"')}"]`;
}

/** Opens a node's details view (parameters in the middle, output on the right). */
export async function openNode(page: Page, nodeName: string): Promise<void> {
	const node = await page.waitForSelector(nodeSelector(nodeName), { timeout: STEP_TIMEOUT_MS });
	if (!node) throw new Error(`no canvas node "${nodeName}"`);
	await node.click({ count: 2 });
	// The credential field renders once the node's type and credentials have loaded.
	await page.waitForSelector('.node-parameters-wrapper [data-test-id="node-credentials-select"]', { timeout: STEP_TIMEOUT_MS });
	// Lists of fields (buttons, rows, contacts) render later, saying "Loading fields..." meanwhile.
	await page.waitForFunction(PANEL_LOADED, { timeout: STEP_TIMEOUT_MS });
}

export async function closeNode(page: Page): Promise<void> {
	await page.click('[data-test-id="ndv-close-button"]');
	await page.waitForSelector('.node-parameters-wrapper', { hidden: true, timeout: STEP_TIMEOUT_MS });
}

/** An element's text: `textContent` as written, or `innerText` as laid out (one line per block). */
export async function textOf(page: Page, selector: string, kind: 'textContent' | 'innerText' = 'textContent'): Promise<string> {
	await page.waitForSelector(selector, { timeout: STEP_TIMEOUT_MS });
	return await page.$eval(selector, (element, property) => String(Reflect.get(element, property) ?? ''), kind);
}

/** The node's parameter panel, one line per label, hint or value as the user reads it. */
export async function parameterPanelText(page: Page): Promise<string> {
	return await textOf(page, '.node-parameters-wrapper', 'innerText');
}

/** The first line of each option of the dropdown that is open now. */
export async function openDropdownOptions(page: Page): Promise<string[]> {
	await page.waitForFunction(DROPDOWN_OPEN, { timeout: STEP_TIMEOUT_MS });
	return await page.$$eval('.el-select-dropdown__item', (items) =>
		items
			.filter((item) => 'offsetParent' in item && item.offsetParent !== null)
			.map((item) => ('innerText' in item ? String(item.innerText) : '').split('\n')[0] ?? ''),
	);
}

/**
 * Opens a dropdown. On a loaded machine the editor may not handle the first click yet (it is
 * still wiring the field), so the click is repeated until the options show, within a deadline.
 */
export async function openDropdown(page: Page, trigger: string): Promise<string[]> {
	const deadline = Date.now() + STEP_TIMEOUT_MS;
	for (;;) {
		await page.click(trigger);
		const shown = await page.waitForFunction(DROPDOWN_OPEN, { timeout: 3_000 }).then(() => true, () => false);
		if (shown) return await openDropdownOptions(page);
		if (Date.now() > deadline) throw new Error(`clicking ${trigger} opened no dropdown`);
	}
}

export async function pickCredential(page: Page, credentialId: string): Promise<void> {
	// On a loaded machine a click can land while the dropdown still slides open and pick nothing:
	// the pick counts only once the select shows the credential's name, and is made again if not.
	for (let attempt = 1; ; attempt += 1) {
		await openDropdown(page, '[data-test-id="node-credentials-select"]');
		const item = await page.waitForSelector(`[data-test-id="node-credentials-select-item-${credentialId}"]`, {
			visible: true,
			timeout: STEP_TIMEOUT_MS,
		});
		const label = ((await item?.evaluate((element) => element.textContent)) ?? '').trim();
		await item?.click();
		await page.waitForFunction(DROPDOWN_CLOSED, { timeout: STEP_TIMEOUT_MS });
		const picked = await page
			// The item reads "<name><credential type>"; the select shows the name alone.
			.waitForFunction(`((shown) => shown !== '' && ${JSON.stringify(label)}.startsWith(shown))((document.querySelector('[data-test-id="node-credentials-select"] input')?.value ?? '').trim())`, {
				timeout: 5_000,
			})
			.then(
				() => true,
				() => false,
			);
		if (picked) return;
		if (attempt === 3) {
			const shown = await page.evaluate(`JSON.stringify(document.querySelector('[data-test-id="node-credentials-select"] input')?.value)`);
			throw new Error(`the credential ${credentialId} ("${label}") was not picked after ${attempt} tries; the select shows ${String(shown)}`);
		}
	}
}

export async function operationOptions(page: Page): Promise<string[]> {
	const options = await openDropdown(page, '[data-test-id="parameter-input-operation"]');
	await page.keyboard.press('Escape');
	await page.waitForFunction(DROPDOWN_CLOSED, { timeout: STEP_TIMEOUT_MS });
	return options;
}

/**
 * The operation list once the editor has re-rendered it for the credential just picked: n8n swaps
 * the provider's operation field a moment after the credential changes, and a read in between
 * sees the previous provider's list. Reads until the list is the one wanted or the step's deadline
 * passes, and returns the last list read, so a wrong list still fails the caller's assertion.
 */
export async function operationOptionsOnceSettled(page: Page, wanted: string[]): Promise<string[]> {
	const deadline = Date.now() + STEP_TIMEOUT_MS;
	for (;;) {
		const options = await operationOptions(page);
		const settled = options.length === wanted.length && options.every((option, index) => option === wanted[index]);
		if (settled || Date.now() > deadline) return options;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

export async function pickOperation(page: Page, optionName: string): Promise<void> {
	await openDropdown(page, '[data-test-id="parameter-input-operation"]');
	const clicked = await page.$$eval(
		'.el-select-dropdown__item',
		(items, wanted) => {
			const match = items.find((item) => 'offsetParent' in item && item.offsetParent !== null && (item.textContent ?? '').trim().startsWith(wanted));
			if (match && 'click' in match && typeof match.click === 'function') match.click();
			return match !== undefined;
		},
		optionName,
	);
	if (!clicked) throw new Error(`no operation "${optionName}" in the dropdown`);
	await page.waitForFunction(DROPDOWN_CLOSED, { timeout: STEP_TIMEOUT_MS });
}

/** Clicks "Execute workflow" and waits until the node shows success or failure on the canvas. */
export async function executeWorkflow(page: Page, nodeName: string): Promise<'success' | 'error'> {
	await page.click('[data-test-id="execute-workflow-button"]');
	return await waitForNodeRun(page, nodeName);
}

/** Clicks the open node's "Execute step" and waits for its output panel to show a result. */
export async function executeOpenNode(page: Page): Promise<void> {
	await page.click('[data-test-id="node-execute-button"]');
	await page.waitForSelector('[data-test-id="output-panel"] [data-test-id="ndv-items-count"], [data-test-id="output-panel"] [data-test-id="node-error-message"]', {
		timeout: STEP_TIMEOUT_MS,
	});
}

async function waitForNodeRun(page: Page, nodeName: string): Promise<'success' | 'error'> {
	const node = nodeSelector(nodeName);
	const success = `${node} [data-test-id="canvas-node-status-success"]`;
	const failure = `${node} [data-test-id="canvas-node-status-error"], ${node} [data-test-id="node-issues"]`;
	await page.waitForSelector(`${success}, ${failure}`, { timeout: STEP_TIMEOUT_MS });
	return (await page.$(success)) === null ? 'error' : 'success';
}

/**
 * The parameter panel's text once it passes `isSettled`: n8n re-renders the fields a moment after
 * the credential changes, and a read in between sees the previous provider's. Returns the last
 * text read when the deadline passes, so a wrong panel still fails the caller's assertion.
 */
export async function parameterPanelTextOnceSettled(page: Page, isSettled: (text: string) => boolean): Promise<string> {
	const deadline = Date.now() + STEP_TIMEOUT_MS;
	for (;;) {
		const text = await parameterPanelText(page);
		if (isSettled(text) || Date.now() > deadline) return text;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

export interface ShownWebhookUrl {
	method: string;
	url: string;
}

/**
 * The URLs a trigger's "Webhook URLs" section shows for `kind`, as the user reads them: the
 * section starts folded, and a Test URL / Production URL switch picks which URLs it lists.
 */
export async function shownWebhookUrls(page: Page, kind: 'test' | 'production'): Promise<ShownWebhookUrl[]> {
	await page.waitForSelector('.node-parameters-wrapper .webhooks .headline', { timeout: STEP_TIMEOUT_MS });
	if ((await page.$('.node-parameters-wrapper .webhooks .headline.expanded')) === null) {
		await page.click('.node-parameters-wrapper .webhooks .headline');
	}
	await page.click(`.node-parameters-wrapper .webhooks [data-test-id="radio-button-${kind}"]`);
	await page.waitForSelector(`.node-parameters-wrapper .webhooks [data-test-id="radio-button-${kind}"][aria-checked="true"]`, { timeout: STEP_TIMEOUT_MS });
	return await page.$$eval('.node-parameters-wrapper .webhooks .webhook-wrapper', (rows) =>
		rows.map((row) => ({
			method: (row.querySelector('.http-method')?.textContent ?? '').trim(),
			url: (row.querySelector('.webhook-url')?.textContent ?? '').trim(),
		})),
	);
}

/** Clicks the open trigger's execute button and waits until n8n says it is listening for a test event. */
export async function listenForTestEvent(page: Page): Promise<void> {
	await page.click('[data-test-id="trigger-execute-button"]');
	await page.waitForSelector('[data-test-id="trigger-listening"]', { timeout: STEP_TIMEOUT_MS });
}

/** Waits for the open node's output panel to show items, and returns the count line ("1 item"). */
export async function outputItemCount(page: Page): Promise<string> {
	return await textOf(page, '[data-test-id="output-panel"] [data-test-id="ndv-items-count"]');
}

/** Opens a new workflow's node panel (on an empty workflow it offers triggers) and types `search` into it. */
export async function searchNodePanel(page: Page, baseUrl: string, search: string): Promise<void> {
	await page.goto(`${baseUrl}/workflow/new`, { waitUntil: 'domcontentloaded' });
	await page.waitForSelector('[data-test-id="node-creator-plus-button"]', { timeout: STEP_TIMEOUT_MS });
	await page.click('[data-test-id="node-creator-plus-button"]');
	await page.waitForSelector('[data-test-id="node-creator-search-bar"]', { timeout: STEP_TIMEOUT_MS });
	await page.type('[data-test-id="node-creator-search-bar"]', search);
}

export interface NodePanelEntry {
	name: string;
	icon: string;
	/** Whether the browser decoded the icon n8n served, not merely referenced it. */
	iconLoaded: boolean;
}

/**
 * The node panel's entries that match `selector`, once at least one of their icons has loaded
 * (the list fills in as it is typed into, and icons load after the entries).
 */
export async function nodePanelEntries(page: Page, selector: string): Promise<NodePanelEntry[]> {
	await page.waitForSelector(selector, { timeout: STEP_TIMEOUT_MS });
	const icons = JSON.stringify(`${selector} img`);
	await page.waitForFunction(`[...document.querySelectorAll(${icons})].some((img) => img.naturalWidth > 0)`, { timeout: STEP_TIMEOUT_MS });
	return await page.$$eval(selector, (items) =>
		items.map((entry) => ({
			name: (entry.querySelector('[data-test-id="node-creator-item-name"]')?.textContent ?? '').trim(),
			icon: entry.querySelector('img')?.getAttribute('src') ?? '',
			iconLoaded: Number(Reflect.get(entry.querySelector('img') ?? {}, 'naturalWidth')) > 0,
		})),
	);
}
