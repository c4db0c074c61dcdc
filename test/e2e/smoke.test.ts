// Proves the e2e infrastructure without this project's node: a real n8n runs built-in nodes
// (Code through the task runner, expressions through the vm engine), imported credentials reach
// a node, a failed run is reported, and a community package installed from a tarball the way
// n8n installs one is loadable under its `<package>.<node>` type.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import {
	manualWorkflow,
	N8nSandbox,
	nodeError,
	nodeOutputJson,
	npmPack,
	runError,
	type InstalledPackage,
} from './lib/n8n';

// The first run on a machine installs n8n (5-6 min); later ones boot n8n per CLI call (~3 s).
jest.setTimeout(10 * 60_000);
const INSTALL_TIMEOUT_MS = 35 * 60_000;

const FAKE_PACKAGE = 'n8n-nodes-e2e-smoke-fake';
const FAKE_VERSION = '1.2.3';

/** A compiled community node with no dependencies: echoes a parameter, proves n8n-workflow resolves. */
const FAKE_NODE_JS = `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SmokeEcho = void 0;
const n8n_workflow_1 = require("n8n-workflow");
class SmokeEcho {
	constructor() {
		this.description = {
			displayName: "Smoke Echo",
			name: "smokeEcho",
			group: ["transform"],
			version: 1,
			description: "Echoes a message (e2e smoke test)",
			defaults: { name: "Smoke Echo" },
			inputs: ["main"],
			outputs: ["main"],
			properties: [
				{ displayName: "Message", name: "message", type: "string", default: "" },
			],
		};
	}
	async execute() {
		const items = this.getInputData();
		return [items.map((item, itemIndex) => ({
			json: {
				echoed: this.getNodeParameter("message", itemIndex),
				itemIndex,
				nodeOperationErrorIsClass: typeof n8n_workflow_1.NodeOperationError === "function",
			},
			pairedItem: { item: itemIndex },
		}))];
	}
}
exports.SmokeEcho = SmokeEcho;
`;

async function writeFakePackage(root: string): Promise<string> {
	const dir = path.join(root, 'fake-package');
	await mkdir(path.join(dir, 'dist', 'nodes', 'SmokeEcho'), { recursive: true });
	const manifest = {
		name: FAKE_PACKAGE,
		version: FAKE_VERSION,
		description: 'Throwaway community package for the e2e smoke test',
		keywords: ['n8n-community-node-package'],
		license: 'MIT',
		files: ['dist'],
		n8n: { n8nNodesApiVersion: 1, nodes: ['dist/nodes/SmokeEcho/SmokeEcho.node.js'], credentials: [] },
		// Dropped by the installer, as n8n does: the package then uses n8n's own n8n-workflow.
		peerDependencies: { 'n8n-workflow': '*' },
		devDependencies: { typescript: '5.9.3' },
	};
	await writeFile(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
	await writeFile(path.join(dir, 'dist', 'nodes', 'SmokeEcho', 'SmokeEcho.node.js'), FAKE_NODE_JS);
	return dir;
}

interface HeaderEcho {
	server: Server;
	port: number;
}

/** A loopback HTTP server that answers with the header n8n's credential adds. */
async function startHeaderEcho(): Promise<HeaderEcho> {
	const server = createServer((request: IncomingMessage, response: ServerResponse) => {
		response.setHeader('content-type', 'application/json');
		response.end(JSON.stringify({ token: request.headers['x-smoke-token'] ?? null, path: request.url ?? '' }));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address: string | AddressInfo | null = server.address();
	if (address === null || typeof address === 'string') throw new Error('the echo server has no port');
	return { server, port: address.port };
}

describe('e2e infrastructure: a real n8n 2.41.1', () => {
	let n8n: N8nSandbox;
	let scratch: string;

	beforeAll(async () => {
		n8n = await N8nSandbox.create({ label: 'smoke' });
		scratch = await mkdtemp(path.join(tmpdir(), 'n8n-e2e-smoke-'));
	}, INSTALL_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.cleanup();
		if (scratch) await rm(scratch, { recursive: true, force: true });
	});

	it('runs built-in nodes: Code (task runner), Set with an expression (vm engine), NoOp', async () => {
		await n8n.importWorkflow(
			manualWorkflow('smokeBuiltins01', 'Smoke: built-in nodes', [
				{
					name: 'Code',
					type: 'n8n-nodes-base.code',
					typeVersion: 2,
					parameters: { jsCode: "return [{ json: { n: 2, word: 'two' } }, { json: { n: 5, word: 'five' } }];" },
				},
				{
					name: 'Set',
					type: 'n8n-nodes-base.set',
					typeVersion: 3.4,
					parameters: {
						assignments: {
							assignments: [
								{ id: 'a1', name: 'squared', value: '={{ $json.n * $json.n }}', type: 'number' },
								{ id: 'a2', name: 'shout', value: '={{ $json.word.toUpperCase() }}', type: 'string' },
							],
						},
						includeOtherFields: true,
						options: {},
					},
				},
				{ name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1 },
			]),
		);

		const result = await n8n.executeWorkflow('smokeBuiltins01');

		expect(result.exitCode).toBe(0);
		expect(result.run.status).toBe('success');
		expect(runError(result.run)).toBeUndefined();
		expect(nodeOutputJson(result.run, 'Done')).toEqual([
			{ n: 2, word: 'two', squared: 4, shout: 'TWO' },
			{ n: 5, word: 'five', squared: 25, shout: 'FIVE' },
		]);
	});

	it('reports a failed run: exit code 1 and the error in the run JSON', async () => {
		await n8n.importWorkflow(
			manualWorkflow('smokeFailure001', 'Smoke: failure', [
				{
					name: 'Boom',
					type: 'n8n-nodes-base.code',
					typeVersion: 2,
					parameters: { jsCode: "throw new Error('smoke test failure 7731');" },
				},
			]),
		);

		const result = await n8n.executeWorkflow('smokeFailure001');

		expect(result.exitCode).toBe(1);
		expect(result.run.status).toBe('error');
		expect(runError(result.run)?.message).toContain('smoke test failure 7731');
		expect(nodeError(result.run, 'Boom')?.message).toContain('smoke test failure 7731');
	});

	it('imports credentials that a node then uses (HTTP Request with header auth, loopback)', async () => {
		const echo = await startHeaderEcho();
		try {
			await n8n.importCredentials([
				{
					id: 'smokeCred000001',
					name: 'Smoke header',
					type: 'httpHeaderAuth',
					data: { name: 'X-Smoke-Token', value: 'smoke-secret-4242' },
				},
			]);
			await n8n.importWorkflow(
				manualWorkflow('smokeCredent001', 'Smoke: credentials', [
					{
						name: 'Request',
						type: 'n8n-nodes-base.httpRequest',
						typeVersion: 4.2,
						parameters: {
							url: `http://127.0.0.1:${echo.port}/smoke`,
							authentication: 'genericCredentialType',
							genericAuthType: 'httpHeaderAuth',
							options: {},
						},
						credentials: { httpHeaderAuth: { id: 'smokeCred000001', name: 'Smoke header' } },
					},
				]),
			);

			const result = await n8n.executeWorkflow('smokeCredent001');

			expect(result.exitCode).toBe(0);
			expect(nodeOutputJson(result.run, 'Request')).toEqual([{ token: 'smoke-secret-4242', path: '/smoke' }]);
		} finally {
			await new Promise<void>((resolve) => echo.server.close(() => resolve()));
		}
	});

	describe('a community package installed from its tarball', () => {
		let installed: InstalledPackage;

		beforeAll(async () => {
			const tarball = await npmPack(await writeFakePackage(scratch), path.join(scratch, 'packed'));
			installed = await n8n.installCommunityPackage(tarball);
		});

		it('lands where n8n puts it, without peer or dev dependencies, recorded in the ledger', async () => {
			expect(installed).toEqual({
				name: FAKE_PACKAGE,
				version: FAKE_VERSION,
				dir: path.join(n8n.nodesDir, 'node_modules', FAKE_PACKAGE),
			});
			const manifest: unknown = JSON.parse(await readFile(path.join(installed.dir, 'package.json'), 'utf8'));
			expect(manifest).toMatchObject({ name: FAKE_PACKAGE, n8n: { n8nNodesApiVersion: 1 } });
			expect(manifest).not.toHaveProperty('peerDependencies');
			expect(manifest).not.toHaveProperty('devDependencies');
			expect(existsSync(path.join(installed.dir, 'node_modules', 'n8n-workflow'))).toBe(false);
			const ledger: unknown = JSON.parse(await readFile(path.join(n8n.nodesDir, 'package.json'), 'utf8'));
			expect(ledger).toMatchObject({ dependencies: { [FAKE_PACKAGE]: FAKE_VERSION } });
		});

		it(`runs its node as type ${FAKE_PACKAGE}.smokeEcho, with expressions and n8n's n8n-workflow`, async () => {
			await n8n.importWorkflow(
				manualWorkflow('smokeCommunity1', 'Smoke: community package', [
					{
						name: 'Names',
						type: 'n8n-nodes-base.code',
						typeVersion: 2,
						parameters: { jsCode: "return [{ json: { who: 'Ada' } }, { json: { who: 'Linus' } }];" },
					},
					{
						name: 'Echo',
						type: `${FAKE_PACKAGE}.smokeEcho`,
						typeVersion: 1,
						parameters: { message: "={{ 'hello ' + $json.who }}" },
					},
				]),
			);

			const result = await n8n.executeWorkflow('smokeCommunity1');

			expect(result.exitCode).toBe(0);
			expect(nodeOutputJson(result.run, 'Echo')).toEqual([
				{ echoed: 'hello Ada', itemIndex: 0, nodeOperationErrorIsClass: true },
				{ echoed: 'hello Linus', itemIndex: 1, nodeOperationErrorIsClass: true },
			]);
		});
	});
});
