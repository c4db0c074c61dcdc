// Long-running processes of the e2e tests (`n8n start`, `n8n worker`, Redis): each in its own
// process group (through runProcess from ./n8n), its output in one log file that can be read while
// it runs, and a stop that ends the groups (SIGTERM, then SIGKILL after a grace period) and checks
// with ps that nothing of theirs is left.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

import { runProcess, type ProcessResult } from './n8n';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

/** Hard ceiling on a background process's life: runProcess kills its group after this. */
const MAX_LIFETIME_MS = 45 * MINUTE;
/** SIGTERM → SIGKILL. n8n waits for running executions on SIGTERM; nothing runs by then. */
export const STOP_GRACE_MS = 15 * SECOND;

export const sleep = async (ms: number): Promise<void> => await new Promise<void>((resolve) => setTimeout(resolve, ms));

export function tail(text: string, lines = 30): string {
	return text.trimEnd().split('\n').slice(-lines).join('\n');
}

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
	async stop(graceMs = STOP_GRACE_MS): Promise<StoppedProcess> {
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
// Stopping a set of processes and checking that they are gone

export interface StoppedProcess {
	name: string;
	graceful: boolean;
	ms: number;
}

export interface StopReport {
	stopped: StoppedProcess[];
	/** Processes of ours that ps still lists after stop (zombies excluded: they run nothing). */
	leftovers: PsEntry[];
	/** Zombies of ours waiting for a parent to reap them (not running, but listed). */
	zombies: PsEntry[];
	/** What ran in our process groups just before stopping (n8n's task runners among them). */
	seenBeforeStop: PsEntry[];
}

export interface StopPlan {
	/** Stopped one stage after the other; the processes of one stage together. */
	stages: ReadonlyArray<readonly BackgroundProcess[]>;
	/** A process whose command line holds one of these (a run folder, a temp dir) counts as ours. */
	markers: readonly string[];
	graceMs?: number;
	/** Runs after the processes are stopped and before the final look (e.g. deleting a temp dir). */
	afterStop?: () => Promise<void>;
}

/**
 * Stops the stages' processes (SIGTERM to each group, SIGKILL after the grace period) and lists
 * with ps whatever of theirs is still there: those are SIGKILLed too, but reported, because a
 * stop that left them is broken.
 */
export async function stopProcesses(plan: StopPlan): Promise<StopReport> {
	const groups = plan.stages.flat().map((child) => child.pid);
	const before = await listProcesses();
	const seenBeforeStop = descendants(before, groups).concat(before.filter((entry) => groups.includes(entry.pgid)));
	const seen = new Map(seenBeforeStop.map((entry) => [entry.pid, entry]));

	const stopped: StoppedProcess[] = [];
	for (const stage of plan.stages) stopped.push(...(await Promise.all(stage.map(async (child) => await child.stop(plan.graceMs)))));
	await plan.afterStop?.();

	// Give the kernel a moment to reap, then look.
	let ours: PsEntry[] = [];
	for (let attempt = 0; attempt < 20; attempt++) {
		const after = await listProcesses();
		ours = after.filter(
			(entry) =>
				groups.includes(entry.pgid) ||
				seen.get(entry.pid)?.args === entry.args ||
				plan.markers.some((marker) => entry.args.includes(marker)),
		);
		if (ours.every((entry) => entry.stat.startsWith('Z'))) break;
		await sleep(250);
	}
	const leftovers = ours.filter((entry) => !entry.stat.startsWith('Z'));
	// Reported, and still ended, so that none outlives the test (ps listed them a moment ago).
	for (const entry of leftovers) {
		try {
			process.kill(entry.pid, 'SIGKILL');
		} catch {
			// gone
		}
	}
	return {
		stopped,
		leftovers,
		zombies: ours.filter((entry) => entry.stat.startsWith('Z')),
		seenBeforeStop: [...seen.values()],
	};
}

/**
 * The afterAll of a file that started processes: stops them, then cleans up the rest (the sandbox,
 * mock servers) even if stopping failed, then fails naming any process the stop left running.
 */
export async function stopThenCleanUp(what: string, stop: () => Promise<StopReport | undefined>, cleanUp: () => Promise<void>): Promise<void> {
	let report: StopReport | undefined;
	try {
		report = await stop();
	} finally {
		await cleanUp();
	}
	if (report && report.leftovers.length > 0) {
		throw new Error(`processes left after stopping ${what}:\n${report.leftovers.map((entry) => `${entry.pid} ${entry.args}`).join('\n')}`);
	}
}
