// One `n8n start` (regular mode: webhooks and executions in the same process) on a sandbox's user
// folder, for tests of webhook-triggered workflows: trigger nodes, waiting executions and their
// resume URLs, which `n8n execute` cannot serve. All on 127.0.0.1, on free ports; the webhook URL
// points back at the server, so the URLs n8n builds lead to it.
//
// A test file starts one server in beforeAll with the credentials and workflows it knows up front
// (imported and published with the CLI before the boot), adds more while it runs (public API,
// about 0.1 s each, where each CLI call costs a 3-6 s boot), and stops it in afterAll. Queue mode
// (./queueMode) starts its main through the same boot() and talks to it through the same N8nApi.
import * as path from 'node:path';

import { freePort, secretLeaks, type LogText, type N8nCredential, type N8nSandbox, type N8nWorkflow } from './n8n';
import { N8nApi, requestWebhook, type ApiExecution, type WaitOptions, type WebhookRequest, type WebhookResponse } from './n8nApi';
import { BackgroundProcess, STOP_GRACE_MS, stopProcesses, type StopReport } from './processes';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

export interface N8nServerOptions {
	/** Imported with one `n8n import:credentials` before the boot. */
	credentials?: readonly N8nCredential[];
	/** Imported with one `n8n import:workflow` before the boot; they keep their ids. */
	workflows?: readonly N8nWorkflow[];
	/**
	 * Ids (of `workflows`) to publish before the boot, one CLI call each. n8n 2.41 registers their
	 * webhooks in the background after the boot (it logs nothing then): webhook() retries a 404.
	 */
	publish?: readonly string[];
	/** Extra environment for `n8n start`. */
	env?: Record<string, string>;
	/** How long the boot may take until the editor is up. */
	readyTimeoutMs?: number;
}

export interface BootOptions {
	/** Extra environment (queue mode's settings, log level). */
	env?: Record<string, string>;
	/** The process's name in messages and its log file `<runDir>/logs/<logName>.log`. */
	name?: string;
	logName?: string;
	readyTimeoutMs?: number;
}

/** How long each step of start() took, in ms. */
export interface StartTimings {
	/** Importing credentials and workflows (one CLI boot each, when there are any). */
	importMs: number;
	/** Publishing (one CLI boot per workflow). */
	publishMs: number;
	/** `n8n start` until the editor is up. */
	bootMs: number;
}

export class N8nServer {
	readonly api: N8nApi;
	/** Every webhook answer, for the secrets scan. */
	private readonly transcripts: LogText[] = [];
	private stopReport: Promise<StopReport> | undefined;
	/** Filled in by start(); boot() alone knows only the boot. */
	timings: StartTimings;

	private constructor(
		readonly sandbox: N8nSandbox,
		/** The `n8n start` process; its output is in `process.logFile`. */
		readonly process: BackgroundProcess,
		readonly port: number,
		bootMs: number,
	) {
		this.api = new N8nApi(this.baseUrl, sandbox.version);
		this.timings = { importMs: 0, publishMs: 0, bootMs };
	}

	/** Imports credentials and workflows, publishes those in `publish`, then boots. */
	static async start(sandbox: N8nSandbox, options: N8nServerOptions = {}): Promise<N8nServer> {
		const importStarted = Date.now();
		if (options.credentials?.length) await sandbox.importCredentials(options.credentials);
		if (options.workflows?.length) await sandbox.importWorkflows(options.workflows);
		const publishStarted = Date.now();
		const publish = options.publish ?? [];
		const unknown = publish.filter((id) => !options.workflows?.some((workflow) => workflow.id === id));
		if (unknown.length > 0) throw new Error(`N8nServer.start: publish names ${unknown.join(', ')}, which are not among the workflows to import`);
		await sandbox.publishWorkflows(publish);
		const bootStarted = Date.now();
		const server = await N8nServer.boot(sandbox, { env: options.env, readyTimeoutMs: options.readyTimeoutMs });
		server.timings = { importMs: publishStarted - importStarted, publishMs: bootStarted - publishStarted, bootMs: server.timings.bootMs };
		return server;
	}

	/**
	 * `n8n start` on the sandbox as it is, until its log says the editor is up (after the node types
	 * are loaded; /healthz/readiness answers earlier). The process is stopped again if it does not
	 * get there.
	 */
	static async boot(sandbox: N8nSandbox, options: BootOptions = {}): Promise<N8nServer> {
		const started = Date.now();
		const port = await freePort();
		const name = options.name ?? 'n8n start';
		const main = BackgroundProcess.start(name, sandbox.paths.nodeBin, [sandbox.paths.n8nBin, 'start'], {
			cwd: sandbox.runDir,
			logFile: path.join(sandbox.runDir, 'logs', `${options.logName ?? 'n8n-start'}.log`),
			env: {
				...sandbox.env,
				N8N_PORT: String(port),
				N8N_RUNNERS_BROKER_PORT: String(await freePort()),
				// 2.x reads N8N_WEBHOOK_URL (WEBHOOK_URL still works there, with a deprecation warning); 1.x only WEBHOOK_URL.
				[sandbox.version.startsWith('1.') ? 'WEBHOOK_URL' : 'N8N_WEBHOOK_URL']: `http://127.0.0.1:${port}/`,
				// SIGTERM waits this long for running executions; stop() escalates after STOP_GRACE_MS.
				N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
				...options.env,
			},
		});
		try {
			await main.waitForLog(/Editor is now accessible/, options.readyTimeoutMs ?? 2 * MINUTE);
		} catch (error) {
			await main.stop(5 * SECOND);
			throw error;
		}
		return new N8nServer(sandbox, main, port, Date.now() - started);
	}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	/** The production URL of a webhook path, as n8n shows it (WEBHOOK_URL + `webhook/<path>`). */
	webhookUrl(webhookPath: string): string {
		return `${this.baseUrl}/webhook/${webhookPath.replace(/^\/+/, '')}`;
	}

	/**
	 * Creates and publishes workflows while the server runs (public API); resolves with the ids n8n
	 * gave them, in order. n8n 2.41 registers their webhooks a moment later (webhook() retries the 404s).
	 */
	async addWorkflows(workflows: readonly N8nWorkflow[]): Promise<string[]> {
		const ids: string[] = [];
		for (const workflow of workflows) {
			const id = await this.api.createWorkflow(workflow);
			await this.api.publishWorkflow(id);
			ids.push(id);
		}
		return ids;
	}

	/**
	 * A request to the production webhook `/webhook/<webhookPath>`: the body goes out byte for byte,
	 * the answer comes back whole (status, headers, raw bytes). Retries a 404 while the webhook is
	 * not registered yet (see WebhookRequest).
	 */
	async webhook(webhookPath: string, request: WebhookRequest = {}): Promise<WebhookResponse> {
		const response = await requestWebhook(this.baseUrl, webhookPath, request);
		this.transcripts.push({ source: `answer of ${request.method ?? (request.body === undefined ? 'GET' : 'POST')} /webhook/${webhookPath}`, text: response.text });
		return response;
	}

	/** A workflow's executions, oldest first, with their run data. */
	async executions(workflowId: string): Promise<ApiExecution[]> {
		return await this.api.executions(workflowId);
	}

	/** See N8nApi.waitForExecutions: resolves once `count` executions are settled, fails listing what there is. */
	async waitForExecutions(workflowId: string, count: number, options: WaitOptions = {}): Promise<ApiExecution[]> {
		return await this.api.waitForExecutions(workflowId, count, options);
	}

	/** See N8nApi.expectNoNewExecutions: fails if an execution besides `known` appears within settleMs. */
	async expectNoNewExecutions(workflowId: string, known: ReadonlyArray<ApiExecution | string>, settleMs?: number): Promise<void> {
		await this.api.expectNoNewExecutions(workflowId, known, settleMs);
	}

	/**
	 * Where the secrets appear in the sandbox's logs (every CLI call and this server's output) or in
	 * a webhook answer: "secret 2 in logs/n8n-start.log". Empty when nowhere.
	 */
	async secretLeaks(secrets: readonly string[], extra: readonly LogText[] = []): Promise<string[]> {
		return secretLeaks([...(await this.sandbox.logs()), ...this.transcripts, ...extra], secrets);
	}

	/**
	 * Stops `n8n start` and its task runner (SIGTERM, SIGKILL after the grace period) and lists with
	 * ps whatever of theirs is still there. Safe to call more than once; the sandbox's cleanup() stays
	 * the caller's (the logs live in its folder).
	 */
	async stop(graceMs = STOP_GRACE_MS): Promise<StopReport> {
		this.stopReport ??= stopProcesses({ stages: [[this.process]], markers: [this.sandbox.runDir], graceMs });
		return await this.stopReport;
	}
}
