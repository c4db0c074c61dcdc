// n8n in queue mode for the e2e tests, all on 127.0.0.1: a private Redis (the redis-server that
// scripts/e2e/install-redis.sh finds or fetches; no persistence, its own temp dir), `n8n start`
// (main: webhooks, enqueues) and `n8n worker` (runs the jobs), sharing the sandbox's user folder
// and SQLite database. The recipe is the one scripts/e2e/queue-mode-probe.sh proved;
// test/e2e/README.md explains its why.
//
// Every process is a BackgroundProcess (./processes): its own process group, its output in
// `<runDir>/logs/<name>.log`. Main boots the way a single `n8n start` does (./n8nServer) with queue
// mode's environment, so webhooks and the public API work on it as on a single server.
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { freePort, N8nCliError, REPO_ROOT, runProcess, type N8nSandbox } from './n8n';
import { N8nServer } from './n8nServer';
import { BackgroundProcess, sleep, STOP_GRACE_MS, stopProcesses, tail, type StopReport } from './processes';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

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

async function redisCommand(port: number, args: readonly string[]): Promise<string> {
	return await new Promise<string>((resolve, reject) => {
		const socket = connect({ host: '127.0.0.1', port });
		let answer = '';
		socket.setTimeout(5_000, () => {
			socket.destroy();
			reject(new Error(`Redis did not answer ${args[0] ?? ''} within 5 s`));
		});
		socket.once('error', reject);
		socket.once('connect', () => socket.write(`*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`));
		socket.on('data', (chunk: Buffer) => {
			answer += chunk.toString('utf8');
			if (!answer.includes('\r\n')) return;
			socket.destroy();
			resolve(answer.slice(0, answer.indexOf('\r\n')));
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
	/** How many `n8n worker` processes share the queue (default 1). */
	workers?: number;
	/** Extra environment for main and worker (e.g. N8N_LOG_LEVEL). */
	env?: Record<string, string>;
	/** How long main and worker may take to become ready. */
	readyTimeoutMs?: number;
}

export class QueueModeCluster {
	private stopReport: Promise<StopReport> | undefined;

	private constructor(
		readonly sandbox: N8nSandbox,
		private redisProcess: BackgroundProcess,
		readonly redisPort: number,
		private readonly redisDir: string,
		/** Main: `n8n start` in queue mode, with the same webhook and API access as a single server. */
		readonly server: N8nServer,
		/** Every `n8n worker`; the first logs to `logs/worker.log`, the n-th to `logs/worker-<n>.log`. */
		readonly workers: readonly BackgroundProcess[],
	) {}

	get main(): BackgroundProcess {
		return this.server.process;
	}

	/** The Redis now running (a new process after startRedisAgain). */
	get redis(): BackgroundProcess {
		return this.redisProcess;
	}

	/** Stops Redis while main and the workers keep running, as when the queue's server goes down. */
	async stopRedis(): Promise<void> {
		await this.redisProcess.stop(5 * SECOND);
	}

	/** Sends one command to Redis and returns its first answer line ("+OK", "-ERR …"). */
	async redisCommand(...args: string[]): Promise<string> {
		return await redisCommand(this.redisPort, args);
	}

	/** Starts Redis again on the same port (empty: it keeps nothing on disk); main and the workers reconnect to it. */
	async startRedisAgain(): Promise<void> {
		const logFile = path.join(this.sandbox.runDir, 'logs', 'redis-again.log');
		this.redisProcess = await launchRedis(this.redisPort, this.redisDir, logFile, this.sandbox.runDir);
		if (this.redisProcess.exited) throw new Error(`redis-server did not start again on 127.0.0.1:${this.redisPort}:\n${tail(await this.redisProcess.log())}`);
	}

	/** The first worker: with one worker, the one that runs every job. */
	get worker(): BackgroundProcess {
		const [first] = this.workers;
		if (first === undefined) throw new Error('the queue-mode cluster has no worker');
		return first;
	}

	/** Every process, in start order: Redis, main, the workers. */
	get processes(): BackgroundProcess[] {
		return [this.redis, this.main, ...this.workers];
	}

	/**
	 * Starts Redis, main and the workers on the sandbox's user folder and waits until main has its
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

			const queueEnv: Record<string, string> = {
				EXECUTIONS_MODE: 'queue',
				QUEUE_BULL_REDIS_HOST: '127.0.0.1',
				QUEUE_BULL_REDIS_PORT: String(redisPort),
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
				QUEUE_HEALTH_CHECK_ACTIVE: 'false',
				N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
				...options.env,
			};
			const { nodeBin, n8nBin } = sandbox.paths;
			const readyTimeoutMs = options.readyTimeoutMs ?? 2 * MINUTE;
			const workers: BackgroundProcess[] = [];
			for (let index = 1; index <= Math.max(1, options.workers ?? 1); index++) {
				const worker = BackgroundProcess.start(index === 1 ? 'n8n worker' : `n8n worker ${index}`, nodeBin, [n8nBin, 'worker', `--concurrency=${options.workerConcurrency ?? 2}`], {
					cwd: sandbox.runDir,
					logFile: path.join(logs, index === 1 ? 'worker.log' : `worker-${index}.log`),
					env: {
						...sandbox.env,
						...queueEnv,
						N8N_PORT: String(await freePort()),
						N8N_RUNNERS_BROKER_PORT: String(await freePort()),
						QUEUE_HEALTH_CHECK_PORT: String(await freePort()),
					},
				});
				started.push(worker);
				workers.push(worker);
			}
			const [main, ...workersReady] = await Promise.allSettled([
				N8nServer.boot(sandbox, { name: 'n8n main', logName: 'main', env: queueEnv, readyTimeoutMs }),
				...workers.map(async (worker) => await worker.waitForLog(/n8n worker is now ready/, readyTimeoutMs)),
			]);
			if (main.status === 'fulfilled') started.push(main.value.process);
			for (const outcome of [main, ...workersReady]) if (outcome.status === 'rejected') throw outcome.reason;
			if (main.status !== 'fulfilled') throw new Error('n8n main did not start');
			return new QueueModeCluster(sandbox, redis, redisPort, redisDir, main.value, workers);
		} catch (error) {
			for (const child of [...started].reverse()) await child.stop(5 * SECOND);
			await rm(redisDir, { recursive: true, force: true });
			throw error;
		}
	}

	/**
	 * Stops worker and main (SIGTERM to each process group, SIGKILL after the grace period), then
	 * Redis, deletes Redis's temp dir, and lists with ps whatever of theirs is still there.
	 * Safe to call more than once.
	 */
	async stop(graceMs = STOP_GRACE_MS): Promise<StopReport> {
		// n8n first (it shuts down with its queue still there), Redis last.
		this.stopReport ??= stopProcesses({
			stages: [[...this.workers, this.main], [this.redis]],
			markers: [this.sandbox.runDir, this.redisDir],
			graceMs,
			afterStop: async () => await rm(this.redisDir, { recursive: true, force: true }),
		});
		return await this.stopReport;
	}
}

async function startRedis(
	dir: string,
	logFile: string,
	cwd: string,
	started: BackgroundProcess[],
): Promise<{ redis: BackgroundProcess; port: number }> {
	// A port found free can be taken before Redis binds it: try a few.
	for (let attempt = 1; ; attempt++) {
		const port = await freePort();
		const redis = await launchRedis(port, dir, logFile, cwd);
		started.push(redis);
		if (!redis.exited && (await redisPing(port))) return { redis, port };
		await redis.stop(2 * SECOND);
		started.pop();
		if (attempt >= 3) throw new Error(`redis-server did not answer PING on 127.0.0.1:${port}:\n${tail(await redis.log())}`);
	}
}

/** One redis-server on 127.0.0.1:port, returned once it answers PING (or has exited, or 15 s passed). */
async function launchRedis(port: number, dir: string, logFile: string, cwd: string): Promise<BackgroundProcess> {
	const redisServer = await ensureRedisServer();
	const redis = BackgroundProcess.start(
		'redis',
		redisServer,
		['--port', String(port), '--bind', '127.0.0.1', '--protected-mode', 'yes', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--logfile', ''],
		{ cwd, logFile, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir } },
	);
	const deadline = Date.now() + 15 * SECOND;
	while (!redis.exited && Date.now() < deadline) {
		if (await redisPing(port)) return redis;
		await sleep(100);
	}
	return redis;
}
