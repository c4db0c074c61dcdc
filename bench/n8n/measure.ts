// One measured run of a bench case: the mock provider set to the case's behaviour, the workflow
// started at its webhook, the execution waited for, and the figures read from where they are
// true: deliveries from the mock's ledger (by each message's marker), the sender's time from n8n's
// own run data (the node's execution time, so n8n's start-up and the Code node do not count), and
// memory from the kernel's record of the n8n process.
import { readFile, writeFile } from 'node:fs/promises';

import { jsonRequest, isSettled, type N8nApi } from '../../test/e2e/lib/n8nApi';
import { sleep } from '../../test/e2e/lib/processes';
import type { MockProvider } from '../../test/support/mockProvider';
import { acceptEveryResponder, fixedWindowResponder, type RateLimitedResponder } from '../../test/support/rateLimitedResponder';
import type { N8nServer } from '../../test/e2e/lib/n8nServer';
import type { BenchCase, ProviderBehaviour } from './cases';
import { marker, SENDER, webhookPath } from './workflows';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
/** The slowest row (HTTP Request's Retry On Fail, or a node waiting out bare 429s) ends well within this. */
const EXECUTION_TIMEOUT_MS = 15 * MINUTE;
const POLL_MS = 200;

export interface Measured {
	benchCase: BenchCase;
	/** The sender node's executionTime in n8n's run data (all of its tries, with Retry On Fail). */
	senderMs: number;
	executionStatus: string;
	/** What the node said when it failed the run, if it did (first line). */
	senderError: string | undefined;
	accepted: number;
	requests: number;
	rateLimited: number;
	lost: number;
	duplicated: number;
	/** n8n's main process, VmHWM when the run has settled; null unless the case runs in its own process. */
	peakRssMb: number | null;
	/** VmRSS just before the run started (the booted, idle n8n). */
	rssBeforeMb: number | null;
}

/** Where a case runs: the server, the API to read its executions, and the workflow's id there. */
export interface Target {
	server: N8nServer;
	api: N8nApi;
	workflowId: string;
}

function responderFor(behaviour: ProviderBehaviour): RateLimitedResponder {
	if (behaviour.limitPerSecond === null) return acceptEveryResponder(behaviour.latencyMs);
	// Exact fractional resets, as in bench/throughput.ts: a reset rounded up to whole seconds would
	// idle most of every 1 s window for any client that trusts it.
	return fixedWindowResponder({
		limit: behaviour.limitPerSecond,
		windowMs: SECOND,
		announce: behaviour.announce,
		wholeSeconds: false,
		latencyMs: behaviour.latencyMs,
	});
}

/** Writing 5 to clear_refs resets VmHWM, so each row measures its own peak. */
export async function resetPeakRss(pid: number): Promise<void> {
	await writeFile(`/proc/${pid}/clear_refs`, '5').catch(() => undefined);
}

/** VmHWM (peak RSS since the last reset) in MB; null when /proc has no figure (another OS, or the process ended). */
export async function peakRssMb(pid: number): Promise<number | null> {
	const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
	const kilobytes = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
	return kilobytes === undefined ? null : Number(kilobytes) / 1024;
}

/** VmRSS and VmHWM (peak RSS) of a process, in MB, from /proc. */
export async function processMemoryMb(pid: number): Promise<{ rssMb: number; peakRssMb: number }> {
	const status = await readFile(`/proc/${pid}/status`, 'utf8');
	const kilobytes = (field: string): number => {
		const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
		if (!match?.[1]) throw new Error(`/proc/${pid}/status has no ${field}`);
		return Number(match[1]);
	};
	return { rssMb: kilobytes('VmRSS') / 1024, peakRssMb: kilobytes('VmHWM') / 1024 };
}

/**
 * n8n answers 503 "Database is not ready" while its database health check is late, which happens
 * when a row keeps its event loop busy (thousands of requests in flight): that is a busy server,
 * not a failed row, so the call is repeated until the deadline.
 */
async function unlessBusy<T>(call: () => Promise<T>, deadline: number): Promise<T> {
	for (;;) {
		try {
			return await call();
		} catch (error) {
			if (!(error instanceof Error && / HTTP 503 /.test(error.message)) || Date.now() > deadline) throw error;
			await sleep(POLL_MS);
		}
	}
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat (clock ticks of 1/100 s). */
async function cpuSeconds(pid: number): Promise<number> {
	const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
	// Fields after the command name, which is in parentheses and may hold spaces: state is field 3, utime 14, stime 15.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(fields[11]) + Number(fields[12])) / 100;
}

const IDLE_WINDOW_MS = 2 * SECOND;
/** Below this share of one core over the window, n8n is only running its timers. */
const IDLE_CPU_SHARE = 0.05;
const IDLE_TIMEOUT_MS = 2 * MINUTE;

/**
 * Waits until n8n's process is idle. After "Editor is now accessible" n8n 2.x still compiles the
 * editor's static files in the background (seen in CPU profiles as start.js compileFile streams),
 * and a finished row may still be saving its execution: a row started then would pay for both.
 * Returns how long it waited; gives up (and says so through `log`) after IDLE_TIMEOUT_MS.
 */
export async function waitUntilIdle(pid: number, log: (line: string) => void): Promise<number> {
	const started = Date.now();
	let previous = await cpuSeconds(pid);
	for (;;) {
		await sleep(IDLE_WINDOW_MS);
		const current = await cpuSeconds(pid);
		if (current - previous < (IDLE_WINDOW_MS / SECOND) * IDLE_CPU_SHARE) return Date.now() - started;
		if (Date.now() - started > IDLE_TIMEOUT_MS) {
			log(`  n8n (pid ${pid}) was still busy after ${IDLE_TIMEOUT_MS / SECOND} s; measuring anyway`);
			return Date.now() - started;
		}
		previous = current;
	}
}

async function settledExecutionId(api: N8nApi, workflowId: string, deadline: number): Promise<string> {
	for (;;) {
		const settled = (await unlessBusy(async () => await api.executions(workflowId, { includeData: false }), deadline)).find(isSettled);
		if (settled) return settled.id;
		if (Date.now() > deadline) throw new Error(`workflow ${workflowId}: no settled execution after ${EXECUTION_TIMEOUT_MS / SECOND} s`);
		await sleep(POLL_MS);
	}
}

function firstLine(value: unknown): string | undefined {
	return typeof value === 'string' ? value.split('\n')[0] : undefined;
}

export async function measure(benchCase: BenchCase, target: Target, mock: MockProvider, log: (line: string) => void): Promise<Measured> {
	const { server, api, workflowId } = target;
	await waitUntilIdle(server.process.pid, log);
	const responder = responderFor(benchCase.provider);
	mock.reset();
	mock.respondWith(responder.respond);
	const before = benchCase.freshProcess ? await processMemoryMb(server.process.pid) : undefined;

	const answer = await server.webhook(webhookPath(benchCase.key), jsonRequest({}));
	if (answer.status !== 200) throw new Error(`${benchCase.key}: the webhook answered HTTP ${answer.status}: ${answer.text.slice(0, 300)}`);
	const deadline = Date.now() + EXECUTION_TIMEOUT_MS;
	const executionId = await settledExecutionId(api, workflowId, deadline);
	// Read before the run data is fetched: serving 10,000 items through the API costs memory too.
	const after = benchCase.freshProcess ? await processMemoryMb(server.process.pid) : undefined;

	const execution = await unlessBusy(async () => await api.execution(executionId), deadline);
	const senderRun = execution.data?.resultData.runData[SENDER]?.[0];
	if (senderRun?.executionTime === undefined) {
		const error = execution.data?.resultData.error;
		throw new Error(`${benchCase.key}: execution ${executionId} (${execution.status}) has no run of "${SENDER}"${error ? `: ${JSON.stringify(error).slice(0, 500)}` : ''}`);
	}
	const { ledger } = responder;
	const expected = Array.from({ length: benchCase.messages }, (_unused, index) => marker(benchCase.key, index));
	return {
		benchCase,
		senderMs: senderRun.executionTime,
		executionStatus: execution.status,
		senderError: firstLine(senderRun.error?.message),
		accepted: ledger.acceptedByMarker.size,
		requests: ledger.requests,
		rateLimited: ledger.rateLimited,
		lost: ledger.missing(expected).length,
		duplicated: ledger.extraDeliveries(),
		peakRssMb: after?.peakRssMb ?? null,
		rssBeforeMb: before?.rssMb ?? null,
	};
}
