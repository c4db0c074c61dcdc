// One demo n8n for the browser suite, brought up exactly as `npm run demo` does (scripts/demo/
// instance.ts: the packed package installed like a community package, the mock provider, the demo
// credentials and the examples), plus the suite's own workflows, and a headless Chromium that may
// reach 127.0.0.1 only.
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';

import chromium from '@sparticuz/chromium';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

import { DEMO_SECRETS } from '../../../scripts/demo/credentials';
import { DEMO_N8N_ENV, loadExamples, OWNER, prepareDemoUserFolder, setUpOwner, waitUntilReady, type Example } from '../../../scripts/demo/instance';
import { startMockProvider, type RunningMockProvider } from '../../../scripts/demo/mockProvider';
import { startDemoModel } from '../../../scripts/demo/model';
import { N8nSandbox, REPO_ROOT, type N8nWorkflow } from '../../e2e/lib/n8n';
import { BackgroundProcess } from '../../e2e/lib/processes';

/** Git-ignored: the suite's screenshots of its last run. */
export const SCREENSHOT_DIR = path.join(REPO_ROOT, '.ui-screenshots');
const READY_TIMEOUT_MS = 3 * 60_000;

export interface DemoEditor {
	baseUrl: string;
	examples: Example[];
	mock: RunningMockProvider;
	/** Everything the mock provider printed: one entry per request it received. */
	mockLog: string[];
	browser: Browser;
	/** Hosts the page tried to reach and was refused (anything but 127.0.0.1). */
	blockedHosts: Set<string>;
	newPage(): Promise<Page>;
	stop(): Promise<void>;
}

/** Loads the browser; @sparticuz/chromium unpacks its Chromium into /tmp on first use. */
async function launchBrowser(): Promise<Browser> {
	return await puppeteer.launch({
		executablePath: await chromium.executablePath(),
		headless: true,
		// As root there is no sandbox; the page only ever loads n8n from 127.0.0.1.
		args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--window-size=1440,900'],
		defaultViewport: { width: 1440, height: 900 },
	});
}

export async function startDemoEditor(extraWorkflows: readonly N8nWorkflow[]): Promise<DemoEditor> {
	const examples = loadExamples();
	const sandbox = await N8nSandbox.create({ label: 'ui', env: { N8N_HOST: '127.0.0.1', ...DEMO_N8N_ENV } });
	const mockLog: string[] = [];
	const mock = await startMockProvider({ secrets: Object.values(DEMO_SECRETS), print: (text) => mockLog.push(text) });
	const { model, baseUrl: modelBaseUrl } = await startDemoModel();
	let n8n: BackgroundProcess | undefined;
	let browser: Browser | undefined;
	const stop = async () => {
		await browser?.close().catch(() => undefined);
		await n8n?.stop();
		await mock.stop();
		await model.stop();
		await sandbox.cleanup();
	};
	try {
		await prepareDemoUserFolder(sandbox, mock, modelBaseUrl, examples);
		if (extraWorkflows.length > 0) await sandbox.importWorkflows(extraWorkflows);
		const baseUrl = `http://127.0.0.1:${sandbox.ports.http}`;
		const logFile = path.join(sandbox.runDir, 'logs', 'n8n-start.log');
		const started = BackgroundProcess.start('n8n start', sandbox.paths.nodeBin, [sandbox.paths.n8nBin, 'start'], {
			env: sandbox.env,
			cwd: sandbox.runDir,
			logFile,
		});
		n8n = started;
		const [launched] = await Promise.all([
			launchBrowser(),
			waitUntilReady(baseUrl, () => readLog(logFile), () => started.exited === undefined, READY_TIMEOUT_MS),
		]);
		browser = launched;
		await setUpOwner(baseUrl);
		await mkdir(SCREENSHOT_DIR, { recursive: true });
		const blockedHosts = new Set<string>();
		const opened = launched;
		return {
			baseUrl,
			examples,
			mock,
			mockLog,
			browser: opened,
			blockedHosts,
			newPage: async () => await loopbackOnlyPage(opened, blockedHosts),
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

/** A page whose requests to any host but 127.0.0.1 fail (the community-node panel calls npm). */
async function loopbackOnlyPage(browser: Browser, blockedHosts: Set<string>): Promise<Page> {
	const page = await browser.newPage();
	await page.setRequestInterception(true);
	page.on('request', (request) => {
		const url = new URL(request.url());
		if (url.protocol === 'data:' || url.protocol === 'blob:' || url.hostname === '127.0.0.1') {
			void request.continue();
			return;
		}
		blockedHosts.add(url.hostname);
		void request.abort('blockedbyclient');
	});
	return page;
}

export async function logIn(page: Page, baseUrl: string): Promise<void> {
	await page.goto(`${baseUrl}/signin`, { waitUntil: 'domcontentloaded' });
	const email = await page.waitForSelector('input[name="emailOrLdapLoginId"]', { timeout: 60_000 });
	await email?.type(OWNER.email);
	await page.type('input[name="password"]', OWNER.password);
	await page.keyboard.press('Enter');
	// Signed in once the editor leaves the sign-in page for the workflow list.
	await page.waitForSelector('[data-test-id="resources-list-wrapper"], [data-test-id="main-sidebar-settings"]', { timeout: 60_000 });
}

function readLog(file: string): string {
	try {
		return readFileSync(file, 'utf8');
	} catch {
		return '';
	}
}
