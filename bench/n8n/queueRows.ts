// P6 of issue 15: the node in n8n's queue mode. Main, 2 workers and Redis, started as the
// queue-mode e2e suite starts them (test/e2e/lib/queueMode.ts), with the packed package installed
// the way n8n installs a community package. Four executions of 500 messages each start at once,
// all with one credential, against one mock provider on 127.0.0.1 that counts its limit of 100/s
// globally, whichever worker a request comes from. Once with the limit announced in RateLimit
// headers, once with bare 429s. The mock's ledger counts acceptances per message text, so lost and
// duplicated messages are the provider's view, not the node's.
//
// It prints nothing itself: rows go back to the runner (bench/n8n/run.ts, or bench/n8n/queueOnly.ts).
import * as path from 'node:path';

import { N8nSandbox, chainWorkflow, webhookNode, type N8nCredential, type N8nWorkflow } from '../../test/e2e/lib/n8n';
import { jsonRequest, type WebhookResponse } from '../../test/e2e/lib/n8nApi';
import { codeNode, whatsAppNode } from '../../test/e2e/lib/nodeFixture';
import { QueueModeCluster } from '../../test/e2e/lib/queueMode';
import { MockProvider } from '../../test/support/mockProvider';
import { fixedWindowResponder, type HeaderGeneration } from '../../test/support/rateLimitedResponder';
import { peakRssMb, resetPeakRss } from './measure';
import type { BenchContext, BenchRow } from './types';

// ---- The issue's parameters, in one place ---------------------------------------------------

const WORKERS = 2;
/** `n8n worker --concurrency`: 2 jobs each, so the 4 executions are split 2 + 2 over the workers. */
const JOBS_PER_WORKER = 2;
const EXECUTIONS = 4;
const MESSAGES_PER_EXECUTION = 500;
const LIMIT_PER_SECOND = 100;
const WINDOW_MS = 1_000;
/** As P5: every answer takes this long, so the node needs concurrency to reach the limit. */
const LATENCY_MS = 20;
/** The node's Concurrency setting in every execution (P5's). */
const NODE_CONCURRENCY = 4;

const GOAL = { ratio: 0.85, share429: 0.05 } as const;
const GOAL_TEXT = `>= ${GOAL.ratio} of limit, <= ${GOAL.share429 * 100}% 429s, 0 lost, 0 dup, both workers sending`;

/** 2,000 messages at 100/s take 20 s; anything near this is a hang. */
const EXECUTION_TIMEOUT_MS = 5 * 60_000;

interface QueueRowSpec {
	id: 'P6 headers' | 'P6 bare 429';
	announce: HeaderGeneration;
	subjectTail: string;
}

const ROWS: readonly QueueRowSpec[] = [
	{ id: 'P6 headers', announce: 'draft06', subjectTail: 'limit announced in RateLimit headers' },
	{ id: 'P6 bare 429', announce: 'none', subjectTail: 'bare 429s' },
];

// ---- Workflows and credentials -----------------------------------------------------------------

/** Own credential per row, so the limiter state a worker learned in one row cannot help the next. */
function credentialFor(spec: QueueRowSpec, baseUrl: string): N8nCredential {
	return {
		id: `bench-p6-${slug(spec.id)}`,
		name: `Bench ${spec.id}`,
		type: 'whatsAppSessionApi',
		data: { domain: baseUrl, phoneNumberId: '1555000600', apiKey: `bench-p6-key-${slug(spec.id)}`, accessToken: 'bench-p6-token' },
	};
}

function webhookPathFor(spec: QueueRowSpec): string {
	return `bench-${slug(spec.id)}`;
}

/**
 * Webhook → Code node (makes `count` items whose text is `<run>-<index>`, a key per message) →
 * WhatsApp Session. The webhook answers when the run ends, with the node's first output item.
 */
function workflowFor(spec: QueueRowSpec): N8nWorkflow {
	const credential = { whatsAppSessionApi: { id: `bench-p6-${slug(spec.id)}`, name: `Bench ${spec.id}` } };
	return chainWorkflow(`benchP6${slug(spec.id).replace(/-/g, '')}`, `Bench ${spec.id}`, webhookNode({ path: webhookPathFor(spec), responseMode: 'lastNode', responseData: 'firstEntryJson' }), [
		codeNode('const { run, count } = $input.first().json.body;\nreturn Array.from({ length: count }, (_, index) => ({ json: { text: `${run}-${index}` } }));'),
		whatsAppNode(
			{ operation: 'sendText', recipient: '+91 98801 32082', textBody: '={{ $json.text }}', delivery: { concurrency: NODE_CONCURRENCY } },
			{ credentials: credential },
		),
	]);
}

// ---- One row ---------------------------------------------------------------------------------------

async function measureRow(spec: QueueRowSpec, cluster: QueueModeCluster, provider: MockProvider, workflowId: string, log: (line: string) => void): Promise<BenchRow> {
	const responder = fixedWindowResponder({ limit: LIMIT_PER_SECOND, windowMs: WINDOW_MS, announce: spec.announce, wholeSeconds: false, latencyMs: LATENCY_MS });
	provider.reset();
	provider.respondWith(responder.respond);
	const runs = Array.from({ length: EXECUTIONS }, (_unused, index) => `${slug(spec.id)}-e${index + 1}`);
	const expected = runs.flatMap((run) => Array.from({ length: MESSAGES_PER_EXECUTION }, (_unused, index) => `${run}-${index}`));
	await Promise.all(cluster.workers.map(async (worker) => await resetPeakRss(worker.pid)));

	const startedAt = Date.now();
	const answeredAfterMs: number[] = [];
	const answers = await Promise.all(
		runs.map(async (run, index) =>
			await cluster.server
				.webhook(webhookPathFor(spec), { ...jsonRequest({ run, count: MESSAGES_PER_EXECUTION }), timeoutMs: EXECUTION_TIMEOUT_MS })
				.then((answer): WebhookResponse | Error => answer, (error: unknown) => (error instanceof Error ? error : new Error(String(error))))
				.finally(() => (answeredAfterMs[index] = Date.now() - startedAt)),
		),
	);
	const endToEndMs = Date.now() - startedAt;

	const ledger = responder.ledger;
	const firstRequestAt = Math.min(...provider.requests.map((request) => request.receivedAt));
	const lastAcceptedAt = Math.max(...ledger.acceptedAt);
	// The provider's view: from the first request it saw to the last message it accepted.
	const wallSeconds = Math.max(0.001, (lastAcceptedAt - firstRequestAt) / 1000);
	const accepted = ledger.acceptedByMarker.size;
	const duplicated = [...ledger.acceptedByMarker.values()].reduce((sum, count) => sum + Math.max(0, count - 1), 0);
	const lost = ledger.missing(expected).length;
	const share429 = ledger.requests === 0 ? 0 : ledger.rateLimited / ledger.requests;
	// The provider grants its first window at once, so a perfect client scores 1.00 (as in bench/throughput.ts).
	const achievedOverLimit = (accepted - LIMIT_PER_SECOND) / wallSeconds / LIMIT_PER_SECOND;

	const workersUsed = await workersThatRan(cluster, workflowId, log);
	const failed = answers.filter((answer) => answer instanceof Error || answer.status !== 200);
	for (const [index, answer] of answers.entries()) {
		if (answer instanceof Error) log(`  ${spec.id}: execution ${runs[index]} got no answer: ${answer.message}`);
		else if (answer.status !== 200) log(`  ${spec.id}: execution ${runs[index]} answered ${answer.status}: ${answer.text.slice(0, 300)}`);
	}
	for (const worker of cluster.workers) if (worker.exited) log(`  ${spec.id}: ${worker.name} exited (code ${String(worker.exited.exitCode)}, signal ${String(worker.exited.signal)})`);
	const firstPerRun = runs.map((run) => Math.min(...provider.requests.filter((request) => request.rawBody.includes(`"${run}-`)).map((request) => request.receivedAt)) - firstRequestAt);
	log(
		`  ${spec.id}: ${accepted} of ${expected.length} accepted, ${ledger.rateLimited} of ${ledger.requests} answers 429, ` +
			`provider-side ${wallSeconds.toFixed(1)} s, end to end ${(endToEndMs / 1000).toFixed(1)} s; ` +
			`each execution's first request after the first overall: ${firstPerRun.map((ms) => `${ms} ms`).join(', ')}; ` +
			`each execution's answer after the start: ${answeredAfterMs.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(', ')}; ` +
			`workers that ran an execution: ${workersUsed}; failed executions: ${failed.length}`,
	);

	const peaks = await Promise.all(cluster.workers.map(async (worker) => await peakRssMb(worker.pid)));
	const knownPeaks = peaks.filter((peak): peak is number => peak !== null);
	log(`  ${spec.id}: peak RSS per worker (MB): ${peaks.map((peak) => (peak === null ? 'n/a' : peak.toFixed(0))).join(', ')}`);

	return {
		id: spec.id,
		subject: `WhatsApp Session, ${WORKERS} workers, ${EXECUTIONS} executions × ${MESSAGES_PER_EXECUTION}, concurrency ${NODE_CONCURRENCY}, ${spec.subjectTail}`,
		messages: expected.length,
		wallSeconds,
		achievedPerSecond: accepted / wallSeconds,
		achievedOverLimit,
		responses429: ledger.rateLimited,
		share429,
		lost,
		duplicated,
		peakRssMb: knownPeaks.length === 0 ? null : Math.max(...knownPeaks),
		goal: GOAL_TEXT,
		met: achievedOverLimit >= GOAL.ratio && share429 <= GOAL.share429 && lost === 0 && duplicated === 0 && workersUsed === WORKERS && failed.length === 0,
	};
}

/** How many workers ran one of the workflow's executions, from their logs ("Worker started execution N"). */
async function workersThatRan(cluster: QueueModeCluster, workflowId: string, log: (line: string) => void): Promise<number> {
	const executionIds = (await cluster.server.executions(workflowId)).map((execution) => execution.id);
	let used = 0;
	for (const worker of cluster.workers) {
		const text = await worker.log();
		const ran = executionIds.filter((id) => new RegExp(`Worker started execution ${id} `).test(text));
		log(`  ${worker.name} ran executions ${ran.join(', ') || 'none'}`);
		if (ran.length > 0) used++;
	}
	return used;
}


// ---- The rows -------------------------------------------------------------------------------------

/** Both P6 rows on one cluster (its boot costs about a minute on 2 shared cores). */
export async function runQueueRows(context: BenchContext): Promise<BenchRow[]> {
	useN8nInstall(context.n8nInstallDir);
	const provider = new MockProvider();
	const baseUrl = await provider.start();
	let sandbox: N8nSandbox | undefined;
	let cluster: QueueModeCluster | undefined;
	try {
		sandbox = await N8nSandbox.create({ label: 'bench-p6' });
		await sandbox.installCommunityPackage(context.packedNodeTarball);
		await sandbox.importCredentials(ROWS.map((spec) => credentialFor(spec, baseUrl)));
		const workflows = ROWS.map(workflowFor);
		await sandbox.importWorkflows(workflows);
		await sandbox.publishWorkflows(workflows.map((workflow) => workflow.id));
		context.log(`P6: starting main, ${WORKERS} workers (concurrency ${JOBS_PER_WORKER}) and Redis …`);
		cluster = await QueueModeCluster.start(sandbox, { workers: WORKERS, workerConcurrency: JOBS_PER_WORKER });
		const rows: BenchRow[] = [];
		for (const [index, spec] of ROWS.entries()) {
			context.log(`P6: ${spec.id} …`);
			rows.push(await measureRow(spec, cluster, provider, workflows[index]?.id ?? '', context.log));
		}
		return rows;
	} finally {
		const report = await cluster?.stop();
		if (report && report.leftovers.length > 0) context.log(`P6: processes left after stopping the cluster: ${report.leftovers.map((entry) => entry.pid).join(', ')}`);
		await sandbox?.cleanup();
		await provider.stop();
	}
}

/**
 * The e2e library finds n8n through N8N_E2E_CACHE_DIR (see n8nPaths); the runner names the install
 * as its node_modules folder or the folder holding it.
 */
function useN8nInstall(n8nInstallDir: string): void {
	process.env.N8N_E2E_CACHE_DIR = path.basename(n8nInstallDir) === 'node_modules' ? path.dirname(n8nInstallDir) : n8nInstallDir;
}

function slug(text: string): string {
	return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
