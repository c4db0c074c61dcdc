// What makes a demo n8n, shared by `npm run demo` (demo.ts) and the browser suite (test/ui): the
// packed package installed into a sandbox's user folder the way n8n installs a community package,
// the mock provider, the demo credentials and the example workflows imported, and, once `n8n start`
// runs, its readiness check and first-run owner account. Whoever calls these sees what a user of
// the demo sees.
import { readdirSync } from 'node:fs';
import * as path from 'node:path';

import { N8nCliError, npmPack, readWorkflowFile, REPO_ROOT, type InstalledPackage, type N8nSandbox, type N8nWorkflow } from '../../test/e2e/lib/n8n';
import { demoCredentials } from './credentials';
import { demoModelCredential } from './model';
import type { RunningMockProvider } from './mockProvider';

export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');
export const NODE_TYPE = 'n8n-nodes-whatsapp-session.whatsAppSession';
export const TRIGGER_NODE_TYPE = 'n8n-nodes-whatsapp-session.whatsAppSessionTrigger';
/** The editor's owner account, made through n8n's own first-run setup. Loopback only. */
export const OWNER = { email: 'demo@example.com', firstName: 'Demo', lastName: 'Owner', password: 'Demo-n8n-2026' };
/**
 * What a demo n8n needs in its environment: n8n offers a community package's nodes as an AI
 * agent's tools only with this set (examples/20 uses WhatsApp Session as its agent's tool).
 */
export const DEMO_N8N_ENV = { N8N_COMMUNITY_PACKAGES_ALLOW_TOOL_USAGE: 'true' } as const;

/** n8n ties its session cookie to a browser id; REST calls outside a browser use this one. */
const BROWSER_ID = 'whatsapp-session-demo';

export interface Example {
	file: string;
	workflow: N8nWorkflow;
}

export function loadExamples(): Example[] {
	return readdirSync(EXAMPLES_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => ({ file, workflow: readWorkflowFile(path.join(EXAMPLES_DIR, file)) }));
}

/** The examples a webhook starts (a WhatsApp Session Trigger): the demo makes them active. */
export function triggerExamples(examples: readonly Example[]): Example[] {
	return examples.filter(({ workflow }) => workflow.nodes.some((node) => node.type === TRIGGER_NODE_TYPE));
}

/**
 * The package as users get it: packed from the build (`npm run build` ran before this), installed
 * into the sandbox's user folder the way n8n installs a community package; then the demo
 * credentials (pointing at `mock`, and the agent example's model credential at `modelBaseUrl`) and
 * the examples imported; those a trigger starts are published (n8n 2.x's activation), so
 * `n8n start` registers their Production URLs.
 */
export async function prepareDemoUserFolder(
	sandbox: N8nSandbox,
	mock: RunningMockProvider,
	modelBaseUrl: string,
	examples: readonly Example[],
): Promise<{ tarball: string; installed: InstalledPackage }> {
	const tarball = await npmPack(REPO_ROOT, path.join(sandbox.runDir, 'packed'));
	const installed = await sandbox.installCommunityPackage(tarball);
	await sandbox.importCredentials([...demoCredentials(mock.baseUrl), demoModelCredential(modelBaseUrl)]);
	await sandbox.importWorkflows(examples.map((example) => example.workflow));
	for (const { workflow } of triggerExamples(examples)) {
		const result = await sandbox.runCli(['publish:workflow', `--id=${workflow.id}`]);
		// It logs a failure and still exits 0 on some errors.
		if (result.exitCode !== 0 || /error/i.test(result.stderr)) throw new N8nCliError(`publishing workflow ${workflow.id} failed`, result);
	}
	return { tarball, installed };
}

/**
 * Waits until `n8n start` serves the editor: its log says so (after the node types are loaded)
 * and its readiness check answers. `isRunning` stops the wait when n8n has exited.
 */
export async function waitUntilReady(
	baseUrl: string,
	readLog: () => string,
	isRunning: () => boolean,
	timeoutMs: number,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (!isRunning()) throw new Error('n8n exited while starting');
		if (readLog().includes('Editor is now accessible')) {
			const status = await fetch(`${baseUrl}/healthz/readiness`).then((response) => response.status, () => 0);
			if (status === 200) return;
		}
		await sleep(250);
	}
	throw new Error(`n8n was not ready after ${timeoutMs / 1000} s`);
}

/** n8n's first-run owner setup, so the editor opens at its login page. Returns the session cookie. */
export async function setUpOwner(baseUrl: string): Promise<string> {
	const response = await fetch(`${baseUrl}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': BROWSER_ID },
		body: JSON.stringify(OWNER),
	});
	if (!response.ok) throw new Error(`owner setup answered HTTP ${response.status}: ${await response.text()}`);
	return sessionCookie(response);
}

export async function login(baseUrl: string, email: string, password: string): Promise<string> {
	const response = await fetch(`${baseUrl}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': BROWSER_ID },
		body: JSON.stringify({ emailOrLdapLoginId: email, password }),
	});
	if (!response.ok) throw new Error(`login answered HTTP ${response.status}: ${await response.text()}`);
	return sessionCookie(response);
}

function sessionCookie(response: Response): string {
	const cookie = response.headers
		.getSetCookie()
		.map((header) => header.split(';')[0] ?? '')
		.find((pair) => pair.startsWith('n8n-auth='));
	if (!cookie) throw new Error('n8n set no session cookie');
	return cookie;
}

export function authHeaders(cookie: string): Record<string, string> {
	return { cookie, 'browser-id': BROWSER_ID, 'content-type': 'application/json' };
}

/** The node list the editor loads: is our node in it? */
export async function nodeTypeIsKnown(baseUrl: string, cookie: string): Promise<boolean> {
	return (await knownNodeTypes(baseUrl, cookie)).has(NODE_TYPE);
}

/** Every node type the editor loads (`/types/nodes.json`), by name, with the versions n8n has of it. */
export async function knownNodeTypes(baseUrl: string, cookie: string): Promise<Map<string, number[]>> {
	const response = await fetch(`${baseUrl}/types/nodes.json`, { headers: authHeaders(cookie) });
	if (!response.ok) throw new Error(`/types/nodes.json answered HTTP ${response.status}`);
	const listed: unknown = await response.json();
	if (!Array.isArray(listed)) throw new Error('/types/nodes.json is not a list');
	const known = new Map<string, number[]>();
	for (const type of listed) {
		// Shallow on purpose: the list is several MB, and only the name and the versions matter here.
		if (typeof type !== 'object' || type === null || !('name' in type) || typeof type.name !== 'string') continue;
		const version: unknown = 'version' in type ? type.version : undefined;
		const versions = (Array.isArray(version) ? version : [version]).filter((entry): entry is number => typeof entry === 'number');
		known.set(type.name, [...(known.get(type.name) ?? []), ...versions]);
	}
	return known;
}

async function sleep(ms: number): Promise<void> {
	await new Promise<void>((resolve) => setTimeout(resolve, ms));
}
