// n8n in queue mode for the e2e tests, all on 127.0.0.1: a private Redis (the redis-server that
// scripts/e2e/install-redis.sh finds or fetches; no persistence, its own temp dir), `n8n start` (main: webhooks, enqueues) and `n8n worker` (runs
// the jobs), sharing the sandbox's user folder and SQLite database. The recipe is the one
// scripts/e2e/queue-mode-probe.sh proved; test/e2e/README.md explains its why.
//
// Every process runs in its own process group (through runProcess from ./n8n), with its output in
// `<runDir>/logs/<name>.log`. stop() ends the groups (SIGTERM, then SIGKILL after a grace period)
// and checks with ps that nothing of theirs is left.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import {
	N8nCliError,
	REPO_ROOT,
	runProcess,
	type JsonObject,
	type N8nRun,
	type N8nSandbox,
	type ProcessResult,
	isN8nRun,
} from './n8n';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

/** Hard ceiling on a background process's life: runProcess kills its group after this. */
const MAX_LIFETIME_MS = 45 * MINUTE;
/** SIGTERM → SIGKILL. n8n waits for running executions on SIGTERM; nothing runs by then. */
const STOP_GRACE_MS = 15 * SECOND;
const OWNER = { email: 'owner@example.test', firstName: 'E2E', lastName: 'Owner', password: 'E2e-Passw0rd!' };

export async function freePort(): Promise<number> {
	return await new Promise<number>((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address !== null ? address.port : 0;
			server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
		});
	});
}

const sleep = async (ms: number) => await new Promise<void>((resolve) => setTimeout(resolve, ms));

function isJsonObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------
// Background processes

/** A long-running process in its own process group, its stdout and stderr in one log file. */
export class BackgroundProcess {
	private exitResult: ProcessResult | undefined;

	private constructor(
		readonly name: string,
		/** Leader of the process group (the process itself: the shell `exec`s it). */
		readonly pid: number,
		readonly logFile: string,
		private readonly done: Promise<ProcessResult>,
	) {
		void done.then((result) => (this.exitResult = result));
	}

	static start(name: string, file: string, args: readonly string[], options: { env: NodeJS.ProcessEnv; cwd: string; logFile: string }): BackgroundProcess {
		const leader: { pid?: number } = {};
		// runProcess collects output in memory until exit; the shell sends it to a file instead, so
		// readiness lines can be read while the process runs. `exec` keeps the pid and group.
		const done = runProcess('/bin/sh', ['-c', 'log="$1"; shift; exec "$@" >"$log" 2>&1', 'sh', options.logFile, file, ...args], {
			cwd: options.cwd,
			env: options.env,
			timeoutMs: MAX_LIFETIME_MS,
			track: (started, running) => {
				if (running) leader.pid = started;
			},
		});
		if (leader.pid === undefined) {
			void done.catch(() => undefined);
			throw new Error(`${name}: could not start ${file}`);
		}
		return new BackgroundProcess(name, leader.pid, options.logFile, done.catch((error: Error) => {
			throw new Error(`${name}: ${error.message}`);
		}));
	}

	get exited(): ProcessResult | undefined {
		return this.exitResult;
	}

	async log(): Promise<string> {
		return existsSync(this.logFile) ? await readFile(this.logFile, 'utf8') : '';
	}

	/** Resolves with the log once `pattern` appears in it; rejects if the process exits first or time runs out. */
	async waitForLog(pattern: RegExp, timeoutMs: number): Promise<string> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const text = await this.log();
			if (pattern.test(text)) return text;
			if (this.exitResult) {
				throw new Error(`${this.name} exited (code ${String(this.exitResult.exitCode)}, signal ${String(this.exitResult.signal)}) before its log showed ${String(pattern)}:\n${tail(text)}`);
			}
			if (Date.now() > deadline) throw new Error(`${this.name}: no ${String(pattern)} in its log after ${timeoutMs} ms:\n${tail(text)}`);
			await sleep(200);
		}
	}

	/** SIGTERM to the group, then SIGKILL after graceMs; resolves when the leader has gone. */
	async stop(graceMs = STOP_GRACE_MS): Promise<{ name: string; graceful: boolean; ms: number }> {
		const started = Date.now();
		if (this.exitResult) return { name: this.name, graceful: true, ms: 0 };
		signalGroup(this.pid, 'SIGTERM');
		const graceful = await this.waitForExit(graceMs);
		if (!graceful) {
			signalGroup(this.pid, 'SIGKILL');
			await this.waitForExit(5 * SECOND);
		}
		// runProcess SIGKILLs the group as soon as its leader exits; repeat it for certainty.
		signalGroup(this.pid, 'SIGKILL');
		return { name: this.name, graceful, ms: Date.now() - started };
	}

	private async waitForExit(timeoutMs: number): Promise<boolean> {
		let timer: NodeJS.Timeout | undefined;
		const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
		const exited = this.done.then(
			() => true as const,
			() => true as const,
		);
		try {
			return await Promise.race([exited, timedOut]);
		} finally {
			clearTimeout(timer);
		}
	}
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		// the group is gone
	}
}

function tail(text: string, lines = 30): string {
	return text.trimEnd().split('\n').slice(-lines).join('\n');
}

// ---------------------------------------------------------------------------------------------
// Processes as ps sees them

export interface PsEntry {
	pid: number;
	ppid: number;
	pgid: number;
	stat: string;
	args: string;
}

export async function listProcesses(): Promise<PsEntry[]> {
	const stdout = await new Promise<string>((resolve, reject) =>
		execFile('ps', ['-eo', 'pid=,ppid=,pgid=,stat=,args='], { maxBuffer: 16 * 1024 * 1024 }, (error, out) => (error ? reject(error) : resolve(out))),
	);
	const entries: PsEntry[] = [];
	for (const line of stdout.split('\n')) {
		const match = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line);
		if (match) entries.push({ pid: Number(match[1]), ppid: Number(match[2]), pgid: Number(match[3]), stat: match[4] ?? '', args: match[5] ?? '' });
	}
	return entries;
}

/** The processes `roots` started, at any depth, and the roots themselves. */
function descendants(all: readonly PsEntry[], roots: readonly number[]): PsEntry[] {
	const found = new Map<number, PsEntry>();
	let frontier = new Set(roots);
	while (frontier.size > 0) {
		const next = new Set<number>();
		for (const entry of all) {
			if ((frontier.has(entry.pid) || frontier.has(entry.ppid)) && !found.has(entry.pid)) {
				found.set(entry.pid, entry);
				next.add(entry.pid);
			}
		}
		frontier = next;
	}
	return [...found.values()];
}

// ---------------------------------------------------------------------------------------------
// Redis

async function redisPing(port: number): Promise<boolean> {
	return await new Promise<boolean>((resolve) => {
		const socket = connect({ host: '127.0.0.1', port });
		let answer = '';
		const finish = (ok: boolean) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(1_000, () => finish(false));
		socket.once('error', () => finish(false));
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk: Buffer) => {
			answer += chunk.toString('utf8');
			if (answer.includes('\r\n')) finish(answer.startsWith('+PONG'));
		});
	});
}

export const REDIS_INSTALL_SCRIPT = path.join(REPO_ROOT, 'scripts', 'e2e', 'install-redis.sh');

let redisServer: Promise<string> | undefined;

/**
 * The redis-server to run: the one on PATH, else Debian's, fetched once by
 * scripts/e2e/install-redis.sh into the e2e cache folder (a few seconds; then ~50 ms).
 */
export async function ensureRedisServer(): Promise<string> {
	redisServer ??= (async () => {
		const result = await runProcess('bash', [REDIS_INSTALL_SCRIPT], { cwd: REPO_ROOT, env: process.env, timeoutMs: 10 * MINUTE });
		const found = /^REDIS_SERVER=(.+)$/m.exec(result.stdout)?.[1];
		if (result.exitCode !== 0 || found === undefined) throw new N8nCliError('finding or fetching redis-server for the queue-mode tests failed', result);
		return found;
	})();
	return await redisServer;
}

// ---------------------------------------------------------------------------------------------
// The cluster

export interface QueueModeOptions {
	/** `n8n worker --concurrency`; n8n warns below 5 but runs. */
	workerConcurrency?: number;
	/** Extra environment for main and worker (e.g. N8N_LOG_LEVEL). */
	env?: Record<string, string>;
	/** How long main and worker may take to become ready. */
	readyTimeoutMs?: number;
}

export interface WebhookResponse {
	status: number;
	/** Parsed JSON, or the text when it is not JSON. */
	body: unknown;
	text: string;
	/** How many 404s (webhook not registered yet) came before it. */
	notRegisteredRetries: number;
}

/** An execution as the public API returns it with includeData=true. */
export interface ApiExecution {
	id: string;
	workflowId: string;
	mode: string;
	status: string;
	finished: boolean;
	data?: N8nRun['data'];
}

export interface StopReport {
	stopped: Array<{ name: string; graceful: boolean; ms: number }>;
	/** Processes of ours that ps still lists after stop (zombies excluded: they run nothing). */
	leftovers: PsEntry[];
	/** Zombies of ours waiting for a parent to reap them (not running, but listed). */
	zombies: PsEntry[];
	/** What ran in our process groups just before stopping (the task runners among them). */
	seenBeforeStop: PsEntry[];
}

export class QueueModeCluster {
	private apiKey: string | undefined;
	private stopReport: Promise<StopReport> | undefined;

	private constructor(
		readonly sandbox: N8nSandbox,
		readonly redis: BackgroundProcess,
		readonly redisPort: number,
		private readonly redisDir: string,
		readonly main: BackgroundProcess,
		readonly worker: BackgroundProcess,
		readonly mainPort: number,
	) {}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.mainPort}`;
	}

	/** All three processes, in start order. */
	get processes(): BackgroundProcess[] {
		return [this.redis, this.main, this.worker];
	}

	/**
	 * Starts Redis, main and worker on the sandbox's user folder and waits until main has its
	 * editor up (the published workflows' webhooks follow within a second) and the worker is ready.
	 * Import and publish the workflows before: main registers the webhooks of published workflows at boot.
	 * On failure everything started so far is stopped again.
	 */
	static async start(sandbox: N8nSandbox, options: QueueModeOptions = {}): Promise<QueueModeCluster> {
		const logs = path.join(sandbox.runDir, 'logs');
		const started: BackgroundProcess[] = [];
		const redisDir = await mkdtemp(path.join(tmpdir(), 'e2e-redis-'));
		try {
			const { redis, port: redisPort } = await startRedis(redisDir, path.join(logs, 'redis.log'), sandbox.runDir, started);

			const queueEnv: NodeJS.ProcessEnv = {
				...sandbox.env,
				EXECUTIONS_MODE: 'queue',
				QUEUE_BULL_REDIS_HOST: '127.0.0.1',
				QUEUE_BULL_REDIS_PORT: String(redisPort),
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
				QUEUE_HEALTH_CHECK_ACTIVE: 'false',
				N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
				...options.env,
			};
			const { nodeBin, n8nBin } = sandbox.paths;
			const mainPort = await freePort();
			const main = BackgroundProcess.start('n8n main', nodeBin, [n8nBin, 'start'], {
				cwd: sandbox.runDir,
				logFile: path.join(logs, 'main.log'),
				env: { ...queueEnv, N8N_PORT: String(mainPort), N8N_RUNNERS_BROKER_PORT: String(await freePort()) },
			});
			started.push(main);
			const worker = BackgroundProcess.start('n8n worker', nodeBin, [n8nBin, 'worker', `--concurrency=${options.workerConcurrency ?? 2}`], {
				cwd: sandbox.runDir,
				logFile: path.join(logs, 'worker.log'),
				env: {
					...queueEnv,
					N8N_PORT: String(await freePort()),
					N8N_RUNNERS_BROKER_PORT: String(await freePort()),
					QUEUE_HEALTH_CHECK_PORT: String(await freePort()),
				},
			});
			started.push(worker);

			const readyTimeoutMs = options.readyTimeoutMs ?? 2 * MINUTE;
			// /healthz/readiness answers before webhooks are registered; this line comes after.
			await Promise.all([
				main.waitForLog(/Editor is now accessible/, readyTimeoutMs),
				worker.waitForLog(/n8n worker is now ready/, readyTimeoutMs),
			]);
			return new QueueModeCluster(sandbox, redis, redisPort, redisDir, main, worker, mainPort);
		} catch (error) {
			for (const child of [...started].reverse()) await child.stop(5 * SECOND);
			await rm(redisDir, { recursive: true, force: true });
			throw error;
		}
	}

	/**
	 * POSTs JSON to a production webhook (`/webhook/<path>`). A 404 means the webhook is not
	 * registered yet (nothing ran), so it retries those for up to registrationTimeoutMs.
	 */
	async postWebhook(webhookPath: string, payload: JsonObject, { registrationTimeoutMs = 30 * SECOND, timeoutMs = 2 * MINUTE } = {}): Promise<WebhookResponse> {
		const deadline = Date.now() + registrationTimeoutMs;
		for (let retries = 0; ; retries++) {
			const response = await fetch(`${this.baseUrl}/webhook/${webhookPath}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(payload),
				signal: AbortSignal.timeout(timeoutMs),
			});
			const text = await response.text();
			if (response.status === 404 && Date.now() < deadline) {
				await sleep(250);
				continue;
			}
			let body: unknown = text;
			try {
				body = JSON.parse(text);
			} catch {
				// not JSON: keep the text
			}
			return { status: response.status, body, text, notRegisteredRetries: retries };
		}
	}

	/** Owner set-up, then an API key for the public API (`execution:read`, `execution:list`). */
	async publicApiKey(): Promise<string> {
		if (this.apiKey) return this.apiKey;
		const setup = await fetch(`${this.baseUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(OWNER),
		});
		if (!setup.ok) throw new Error(`owner setup: HTTP ${setup.status} ${await setup.text()}`);
		const cookie = setup.headers
			.getSetCookie()
			.map((header) => header.split(';')[0])
			.join('; ');
		const created = await fetch(`${this.baseUrl}/rest/api-keys`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie },
			body: JSON.stringify({ label: 'e2e', scopes: ['execution:read', 'execution:list'], expiresAt: null }),
		});
		const answer: unknown = await created.json();
		const data = isJsonObject(answer) && isJsonObject(answer.data) ? answer.data : undefined;
		if (!created.ok || typeof data?.rawApiKey !== 'string') throw new Error(`creating an API key: HTTP ${created.status} ${JSON.stringify(answer)}`);
		this.apiKey = data.rawApiKey;
		return this.apiKey;
	}

	/** `GET /api/v1/<resource>` with the API key. */
	async publicApi(resource: string): Promise<unknown> {
		const response = await fetch(`${this.baseUrl}/api/v1/${resource}`, { headers: { 'x-n8n-api-key': await this.publicApiKey() } });
		if (!response.ok) throw new Error(`GET /api/v1/${resource}: HTTP ${response.status} ${await response.text()}`);
		return await response.json();
	}

	/** Ids of a workflow's executions, newest first. */
	async executionIds(workflowId: string): Promise<string[]> {
		const answer = await this.publicApi(`executions?workflowId=${encodeURIComponent(workflowId)}&limit=100`);
		const list = isJsonObject(answer) && Array.isArray(answer.data) ? answer.data : [];
		return list
			.map((entry) => (isJsonObject(entry) ? String(entry.id) : ''))
			.filter((id) => id !== '')
			.sort((a, b) => Number(b) - Number(a));
	}

	/** One execution with its run data (the same `data.resultData.runData` shape as `n8n execute`). */
	async execution(id: string): Promise<ApiExecution> {
		const answer = await this.publicApi(`executions/${encodeURIComponent(id)}?includeData=true`);
		if (!isJsonObject(answer) || answer.id === undefined) throw new Error(`execution ${id}: unexpected answer ${JSON.stringify(answer)}`);
		// The public API numbers executions; the tests only print and match the id.
		return {
			id: String(answer.id),
			workflowId: String(answer.workflowId),
			mode: String(answer.mode),
			status: String(answer.status),
			finished: answer.finished === true,
			...(isN8nRun(answer) && { data: answer.data }),
		};
	}

	/**
	 * The newest execution of a workflow, once it is finished (the webhook's answer can come a
	 * moment before the execution's final save).
	 */
	async latestExecution(workflowId: string, timeoutMs = 30 * SECOND): Promise<ApiExecution> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const [id] = await this.executionIds(workflowId);
			if (id !== undefined) {
				const execution = await this.execution(id);
				if (!['new', 'running', 'waiting'].includes(execution.status)) return execution;
			}
			if (Date.now() > deadline) throw new Error(`workflow ${workflowId}: no finished execution after ${timeoutMs} ms`);
			await sleep(250);
		}
	}

	/**
	 * Stops worker and main (SIGTERM to each process group, SIGKILL after the grace period), then
	 * Redis, deletes Redis's temp dir, and lists with ps whatever of theirs is still there.
	 * Safe to call more than once.
	 */
	async stop(graceMs = STOP_GRACE_MS): Promise<StopReport> {
		this.stopReport ??= this.stopOnce(graceMs);
		return await this.stopReport;
	}

	private async stopOnce(graceMs: number): Promise<StopReport> {
		const groups = this.processes.map((child) => child.pid);
		const before = await listProcesses();
		const seenBeforeStop = descendants(before, groups).concat(before.filter((entry) => groups.includes(entry.pgid)));
		const seen = new Map(seenBeforeStop.map((entry) => [entry.pid, entry]));

		// n8n first (it shuts down with its queue still there), Redis last.
		const stopped = await Promise.all([this.worker.stop(graceMs), this.main.stop(graceMs)]);
		stopped.push(await this.redis.stop(graceMs));
		// Anything of ours that left our groups (none is expected) goes the same way; the args
		// must still match, so a reused pid is left alone.
		for (const entry of await listProcesses()) {
			if (seen.get(entry.pid)?.args !== entry.args || entry.stat.startsWith('Z')) continue;
			try {
				process.kill(entry.pid, 'SIGKILL');
			} catch {
				// gone
			}
		}
		await rm(this.redisDir, { recursive: true, force: true });

		// Give the kernel a moment to reap, then look.
		let ours: PsEntry[] = [];
		for (let attempt = 0; attempt < 20; attempt++) {
			const after = await listProcesses();
			ours = after.filter(
				(entry) =>
					groups.includes(entry.pgid) ||
					seen.get(entry.pid)?.args === entry.args ||
					entry.args.includes(this.sandbox.runDir) ||
					entry.args.includes(this.redisDir),
			);
			if (ours.every((entry) => entry.stat.startsWith('Z'))) break;
			await sleep(250);
		}
		return {
			stopped,
			leftovers: ours.filter((entry) => !entry.stat.startsWith('Z')),
			zombies: ours.filter((entry) => entry.stat.startsWith('Z')),
			seenBeforeStop: [...seen.values()],
		};
	}
}

async function startRedis(
	dir: string,
	logFile: string,
	cwd: string,
	started: BackgroundProcess[],
): Promise<{ redis: BackgroundProcess; port: number }> {
	const redisServer = await ensureRedisServer();
	// A port found free can be taken before Redis binds it: try a few.
	for (let attempt = 1; ; attempt++) {
		const port = await freePort();
		const redis = BackgroundProcess.start(
			'redis',
			redisServer,
			['--port', String(port), '--bind', '127.0.0.1', '--protected-mode', 'yes', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--logfile', ''],
			{ cwd, logFile, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir } },
		);
		started.push(redis);
		const deadline = Date.now() + 15 * SECOND;
		while (!redis.exited && Date.now() < deadline) {
			if (await redisPing(port)) return { redis, port };
			await sleep(100);
		}
		await redis.stop(2 * SECOND);
		started.pop();
		if (attempt >= 3) throw new Error(`redis-server did not answer PING on 127.0.0.1:${port}:\n${tail(await redis.log())}`);
	}
}

/** `n8n publish:workflow --id=<id>` for each id (one n8n boot each). */
export async function publishWorkflows(sandbox: N8nSandbox, ids: readonly string[]): Promise<void> {
	for (const id of ids) {
		const result = await sandbox.runCli(['publish:workflow', `--id=${id}`]);
		if (result.exitCode !== 0) throw new N8nCliError(`publishing workflow ${id} failed`, result);
	}
}
