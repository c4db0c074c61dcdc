// What every real-n8n suite of this node shares: the node as workflows reference it, the packed
// package installed into a sandbox, and a runner that points the mock provider at a workflow,
// runs it with `n8n execute` and keeps everything n8n printed for the secrets scan.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { jsonObjectOf } from '../../support/json';
import { cloudApiAccepted, type MockProvider, type MockResponder, type RecordedRequest } from '../../support/mockProvider';
import {
	N8nSandbox,
	npmPack,
	REPO_ROOT,
	type ExecutionResult,
	type JsonObject,
	type N8nCredential,
	type N8nSandboxOptions,
	type N8nWorkflow,
	type WorkflowNodeSpec,
} from './n8n';
import { N8nServer } from './n8nServer';
import { stopThenCleanUp } from './processes';

export const NODE_TYPE = 'n8n-nodes-whatsapp-session.whatsAppSession';
export const NODE = 'WhatsApp Session';
export const SESSION_CREDENTIAL = { whatsAppSessionApi: { id: 'cred-session', name: 'Session provider' } };

/** A WhatsApp Session node (Session API credential unless `extra` names another). */
export function whatsAppNode(parameters: JsonObject, extra: Partial<WorkflowNodeSpec> = {}): WorkflowNodeSpec {
	return {
		name: NODE,
		type: NODE_TYPE,
		typeVersion: 1,
		credentials: SESSION_CREDENTIAL,
		...extra,
		parameters: { resource: 'message', ...parameters },
	};
}

/** A Code node named "Items" that returns the items `js` builds. */
export function codeNode(js: string): WorkflowNodeSpec {
	return { name: 'Items', type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { jsCode: js } };
}

/**
 * A sandbox with this package installed from `npm pack`, as a publisher ships it. `npm test`
 * builds dist/ before jest runs.
 */
export async function sandboxWithPackage(options: N8nSandboxOptions): Promise<{ sandbox: N8nSandbox; dispose: () => Promise<void> }> {
	const sandbox = await N8nSandbox.create(options);
	const packDir = await mkdtemp(path.join(tmpdir(), 'wa-session-pack-'));
	await sandbox.installCommunityPackage(await npmPack(REPO_ROOT, packDir));
	return {
		sandbox,
		dispose: async () => {
			await sandbox.cleanup();
			await rm(packDir, { recursive: true, force: true });
		},
	};
}

/** What a test file's server starts with, once the mock provider's URL is known. */
export interface ServerSetup {
	credentials: readonly N8nCredential[];
	/** Imported, and every one published before the boot. */
	workflows: readonly N8nWorkflow[];
}

/** The running server of a test file, for its tests. */
export interface FileServer {
	running(): N8nServer;
	providerUrl(): string;
}

/**
 * One `n8n start` for a whole test file (in beforeAll): the mock provider first, since the
 * credentials point at it, then the packed package, the file's credentials and workflows. After
 * the file, the server, the sandbox and the mock stop, whatever failed on the way.
 */
export function useServerWithPackage(label: string, provider: MockProvider, setup: (providerUrl: string) => ServerSetup): FileServer {
	let baseUrl = '';
	let dispose: (() => Promise<void>) | undefined;
	let server: N8nServer | undefined;
	beforeAll(async () => {
		baseUrl = await provider.start();
		const { credentials, workflows } = setup(baseUrl);
		const installed = await sandboxWithPackage({ label, installTimeoutMs: 35 * 60_000 });
		dispose = installed.dispose;
		server = await N8nServer.start(installed.sandbox, { credentials, workflows, publish: workflows.map((workflow) => workflow.id) });
	}, 40 * 60_000);
	afterAll(async () => {
		await stopThenCleanUp('n8n start', async () => await server?.stop(), async () => {
			await dispose?.();
			await provider.stop();
		});
	}, 2 * 60_000);
	return {
		running: () => {
			if (!server) throw new Error('n8n start did not come up (see beforeAll)');
			return server;
		},
		providerUrl: () => baseUrl,
	};
}

export class WorkflowRunner {
	/** Everything n8n printed in every run, for the secrets scan. */
	readonly transcripts: string[] = [];

	constructor(
		private readonly sandbox: N8nSandbox,
		private readonly provider: MockProvider,
	) {}

	/** Runs a workflow with the mock provider answering through `responder`. */
	async execute(id: string, responder: MockResponder = cloudApiAccepted): Promise<ExecutionResult> {
		this.provider.reset();
		this.provider.respondWith(responder);
		const result = await this.sandbox.executeWorkflow(id);
		this.transcripts.push(result.stdout, result.stderr);
		// A killed or timed-out CLI call says nothing about the node; make that visible in the failure.
		if (result.exitCode === null) {
			throw new Error(
				`n8n execute ${id} did not exit by itself (signal ${String(result.signal)}, timed out: ${String(result.timedOut)}, ${result.durationMs} ms)\n${result.stderr.slice(-2_000)}`,
			);
		}
		return result;
	}

	/** The bodies the provider received in the last run, in arrival order. */
	bodies(): JsonObject[] {
		return this.provider.requests.map((request: RecordedRequest) => jsonObjectOf(request.body));
	}
}
