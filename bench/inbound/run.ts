// `npm run bench:inbound` (issue 27): a campaign's storm of signed Meta status webhooks against
// the WhatsApp Session Trigger in the pinned real n8n (the packed package installed as n8n
// installs community packages), side by side with n8n's own Webhook node filtering with an If
// node, and again in queue mode. Prints one markdown table with every goal marked met or missed;
// it asserts nothing and is not a test. Progress goes to stderr, the table to stdout.
//
// INBOUND_SCALE=0.1 runs a tenth of the storm (for working on the bench on a shared machine);
// INBOUND_WEBHOOK_NODE_FRACTION (default 0.1) is the share of the storm the Webhook-node row
// posts, since every one of its POSTs is an execution; rates are compared, not totals.
// --lazy-isolates starts every n8n with N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true (an n8n setting,
// not the package's): n8n then builds an expression isolate for a webhook only when an expression
// needs one, instead of for every POST to a trigger other than its own Webhook node.
import { mkdir } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import * as path from 'node:path';

import { ensureN8nInstalled, chainWorkflow, N8nSandbox, npmPack, REPO_ROOT, webhookNode, type N8nWorkflow, type WorkflowNodeSpec } from '../../test/e2e/lib/n8n';
import { executionNodeOutput, KnownKeyApi, type N8nApi } from '../../test/e2e/lib/n8nApi';
import { N8nServer } from '../../test/e2e/lib/n8nServer';
import { sleep } from '../../test/e2e/lib/processes';
import { QueueModeCluster } from '../../test/e2e/lib/queueMode';
import { peakRssMb, resetPeakRss } from '../n8n/measure';
import { areaOf, cpuProfileEnvironment, profileReport, readProcessProfile, summariseProfile } from '../n8n/profile';
import { measureSeenEventMemory, type SeenMemoryFigures } from './seenMemory';
import { percentile, postStorm, type StormResult } from './post';
import { buildStorm, type Storm, type StormShape } from './storm';

const MINUTE = 60_000;
const CONCURRENCY = 20;
const APP_SECRET = 'bench-inbound-app-secret-27';
const TRIGGER_TYPE = 'n8n-nodes-whatsapp-session.whatsAppSessionTrigger';
const CREDENTIAL = { whatsAppCloudApi: { id: 'bench-inbound-meta', name: 'Bench Meta' } };
const HOOKS = { regular: '27a0c0de-0000-4000-8000-000000000001', queue: '27a0c0de-0000-4000-8000-000000000002' } as const;
const WEBHOOK_NODE_PATH = 'bench-inbound-webhook-node';

const GOALS = { p99Ms: 250, rateRatio: 5 } as const;

function envNumber(name: string, fallback: number): number {
	const value = Number(process.env[name]);
	return Number.isFinite(value) && value > 0 ? value : fallback;
}

function stormShape(scale: number): StormShape {
	const redeliveryMaxMs = 120_000 * Math.min(1, scale);
	return {
		campaignMessages: Math.round(10_000 * scale),
		// Not scaled: a smaller storm still hides exactly 70 events that must each start one execution.
		customerMessages: 50,
		failedStatuses: 20,
		redeliverEvery: 100,
		redeliveryDelayMs: { min: 1_000, max: redeliveryMaxMs },
	};
}


// ---- Workflows -----------------------------------------------------------------------------------

const NOOP: WorkflowNodeSpec = { name: 'Received', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} };

function triggerWorkflow(id: string, webhookId: string): N8nWorkflow {
	const trigger: WorkflowNodeSpec = {
		name: 'WhatsApp Session Trigger',
		type: TRIGGER_TYPE,
		// What the node panel adds now (see the trigger's description: n8n evaluates an expression per request for version 1).
		typeVersion: 1.1,
		webhookId,
		parameters: { provider: 'metaCloudApi', events: 'messagesAndStatuses', statuses: ['failed'] },
		credentials: CREDENTIAL,
	};
	return chainWorkflow(id, `Bench inbound ${id}`, trigger, [NOOP]);
}

/** What a builder does without this package: n8n's Webhook node, then an If keeps messages and failed statuses. */
function webhookNodeWorkflow(): N8nWorkflow {
	const filter: WorkflowNodeSpec = {
		name: 'Message or failed status?',
		type: 'n8n-nodes-base.if',
		typeVersion: 2.2,
		parameters: {
			conditions: {
				options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 2 },
				conditions: [
					{
						id: '27c0ffee-0000-4000-8000-000000000001',
						leftValue: "={{ $json.body.entry[0].changes[0].value.messages !== undefined || $json.body.entry[0].changes[0].value.statuses?.[0]?.status === 'failed' }}",
						rightValue: '',
						operator: { type: 'boolean', operation: 'true', singleValue: true },
					},
				],
				combinator: 'and',
			},
			options: {},
		},
	};
	return chainWorkflow('inbWebhookNode', 'Bench inbound Webhook node', webhookNode({ path: WEBHOOK_NODE_PATH }), [filter, NOOP]);
}

// ---- Measuring ------------------------------------------------------------------------------------

interface RowFigures {
	id: string;
	subject: string;
	storm: Storm;
	result: StormResult;
	executions: number;
	/** Executions whose event another execution carried too (redeliveries that ran again). */
	repeatedExecutions: number | null;
	expectedExecutions: number;
	/** From the first POST until the last execution the storm started ended (or the last answer, if later). */
	settledMs: number;
	peakRssMb: number | null;
	compareWith?: string;
}

interface ExecutionTimes {
	id: string;
	status: string;
	/** Epoch ms; null while it runs. */
	stoppedAt: number | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A workflow's executions with when each ended (the e2e library's listing leaves the times out). */
async function executionTimes(api: N8nApi, workflowId: string): Promise<ExecutionTimes[]> {
	const found: ExecutionTimes[] = [];
	let cursor: string | undefined;
	do {
		const query = new URLSearchParams({ workflowId, includeData: 'false', limit: '250', ...(cursor !== undefined && { cursor }) });
		const answer = await api.publicApi(`executions?${query.toString()}`);
		const data = isRecord(answer) && Array.isArray(answer.data) ? answer.data : [];
		for (const entry of data) {
			if (!isRecord(entry)) continue;
			const stopped = typeof entry.stoppedAt === 'string' ? Date.parse(entry.stoppedAt) : Number.NaN;
			found.push({ id: String(entry.id), status: String(entry.status), stoppedAt: Number.isNaN(stopped) ? null : stopped });
		}
		cursor = isRecord(answer) && typeof answer.nextCursor === 'string' ? answer.nextCursor : undefined;
	} while (cursor !== undefined);
	return found;
}

/** Waits until the workflow has `expected` settled executions (then 3 s more), or its count stops growing for `quietMs`. */
async function settledExecutions(api: N8nApi, workflowId: string, expected: number, quietMs: number, deadlineMs: number): Promise<ExecutionTimes[]> {
	const deadline = Date.now() + deadlineMs;
	let last: ExecutionTimes[] = [];
	let stableSince = Date.now();
	for (;;) {
		const now = await executionTimes(api, workflowId);
		const settled = now.every((execution) => execution.status !== 'new' && execution.status !== 'running');
		if (now.length !== last.length || !settled) stableSince = Date.now();
		last = now;
		const quietFor = Date.now() - stableSince;
		if (settled && quietFor >= (now.length >= expected ? 3_000 : quietMs)) return now;
		if (Date.now() > deadline) return now;
		await sleep(1_000);
	}
}

/** Executions that carried an event another execution carried too; reads the run data of at most `limit` executions. */
async function repeatedEvents(api: N8nApi, executions: readonly ExecutionTimes[], node: string, limit: number): Promise<number | null> {
	if (executions.length > limit) return null;
	const seen = new Set<string>();
	let repeated = 0;
	for (const { id } of executions) {
		const execution = await api.execution(id);
		const items = executionNodeOutput(execution, node);
		const key = items.map((item) => `${String(item.messageId)}:${String(item.status ?? 'message')}`).join(',');
		if (seen.has(key)) repeated++;
		seen.add(key);
	}
	return repeated;
}

async function measureRow(
	spec: {
		id: string;
		subject: string;
		url: string;
		storm: Storm;
		expectedExecutions: number;
		workflowId: string;
		pid: number;
		api: N8nApi;
		eventNode: string | null;
		compareWith?: string;
		/** Queue mode: main's and the worker's logs, which count executions where the public API did not list them all. */
		queueLogs?: { main: () => Promise<string>; worker: () => Promise<string> };
	},
	log: (line: string) => void,
): Promise<RowFigures> {
	log(`${spec.id}: posting ${spec.storm.posts.length} webhooks and ${spec.storm.redeliveries.length} redeliveries at concurrency ${CONCURRENCY} …`);
	await resetPeakRss(spec.pid);
	const startedAt = Date.now();
	const result = await postStorm(spec.url, spec.storm, CONCURRENCY, log);
	log(`  answered in ${(result.stormMs / 1000).toFixed(1)} s (redeliveries done after ${(result.totalMs / 1000).toFixed(1)} s); waiting for the executions to end …`);
	// Below the expected count, wait for a minute of quiet: in queue mode the worker lags behind the storm, and the public API listed 47 of 70 executions 13 s after it (all 70 were in the database, run, a little later).
	if (spec.queueLogs !== undefined) return await measureQueueRow(spec, spec.queueLogs, { startedAt, result }, log);
	const executions = await settledExecutions(spec.api, spec.workflowId, spec.expectedExecutions, MINUTE, 30 * MINUTE);
	const lastStoppedAt = Math.max(startedAt, ...executions.map((execution) => execution.stoppedAt ?? Date.now()));
	const settledMs = Math.max(result.stormMs, lastStoppedAt - startedAt);
	const peak = await peakRssMb(spec.pid);
	const repeatedExecutions = spec.eventNode === null ? null : await repeatedEvents(spec.api, executions, spec.eventNode, 500);
	log(`  ${executions.length} executions, all ended after ${(settledMs / 1000).toFixed(1)} s; peak RSS ${peak?.toFixed(0) ?? '?'} MB`);
	return { ...spec, result, executions: executions.length, repeatedExecutions, settledMs, peakRssMb: peak };
}

/**
 * In queue mode the public API listed fewer executions than ran (47 of 70 in one run, while the
 * database held all 70, run): main's log counts the enqueued ones ("Enqueued execution"), the
 * worker's the finished ones, and the row ends when the worker has finished all it was given.
 */
async function measureQueueRow(
	spec: Parameters<typeof measureRow>[0],
	logs: { main: () => Promise<string>; worker: () => Promise<string> },
	run: { startedAt: number; result: StormResult },
	log: (line: string) => void,
): Promise<RowFigures> {
	const count = (text: string, pattern: RegExp): number => text.split('\n').filter((line) => pattern.test(line)).length;
	const deadline = Date.now() + 10 * MINUTE;
	let enqueued = 0;
	let finished = 0;
	do {
		enqueued = count(await logs.main(), /Enqueued execution/);
		finished = count(await logs.worker(), /Worker finished execution/);
		if (finished >= enqueued && Date.now() - run.startedAt > run.result.totalMs + 2_000) break;
		await sleep(500);
	} while (Date.now() < deadline);
	const settledMs = Math.max(run.result.stormMs, Date.now() - run.startedAt);
	const peak = await peakRssMb(spec.pid);
	const listed = await executionTimes(spec.api, spec.workflowId);
	const repeatedExecutions = spec.eventNode === null ? null : await repeatedEvents(spec.api, listed, spec.eventNode, 500);
	log(`  ${enqueued} executions enqueued (main's log), ${finished} finished (worker's log), ${listed.length} listed by the public API; peak RSS ${peak?.toFixed(0) ?? '?'} MB`);
	return { ...spec, result: run.result, executions: enqueued, repeatedExecutions, settledMs, peakRssMb: peak };
}

// ---- Report -----------------------------------------------------------------------------------------

/** Until the last execution the storm started has ended: answering fast while executions pile up is not keeping up. */
function sustainedRate(row: RowFigures): number {
	return row.storm.posts.length / (row.settledMs / 1000);
}

function failures(row: RowFigures): number {
	return [...row.result.first.failures.values(), ...row.result.redeliveries.failures.values()].reduce((sum, count) => sum + count, 0);
}

function judge(row: RowFigures, reference: RowFigures | undefined): { goal: string; met: boolean | null } {
	if (row.compareWith === undefined) return { goal: 'reference', met: null };
	const latencies = [...row.result.first.latenciesMs, ...row.result.redeliveries.latenciesMs];
	const p99 = percentile(latencies, 99);
	const ratio = reference === undefined ? Number.NaN : sustainedRate(row) / sustainedRate(reference);
	const met =
		failures(row) === 0 &&
		row.executions === row.expectedExecutions &&
		row.repeatedExecutions === 0 &&
		p99 <= GOALS.p99Ms &&
		(reference === undefined || ratio >= GOALS.rateRatio);
	return {
		goal: `0 non-2xx, exactly ${row.expectedExecutions} executions, 0 repeated, p99 ≤ ${GOALS.p99Ms} ms${reference === undefined ? '' : `, ≥ ${GOALS.rateRatio}× the Webhook node's rate (${ratio.toFixed(1)}×)`}`,
		met,
	};
}

function table(rows: readonly RowFigures[]): string {
	const cells = (values: readonly string[]): string => `| ${values.join(' | ')} |`;
	const lines = [
		cells(['Row', 'Receiver', 'Webhooks (+ redeliveries)', 'Answered in', 'Until executions ended', 'Webhooks/s sustained', 'p50 / p99 / max answer', 'Non-2xx', 'Executions (expected)', 'Repeated executions', 'Peak RSS, main', 'Goal', 'Result']),
		cells(['---', '---', '--:', '--:', '--:', '--:', '--:', '--:', '--:', '--:', '--:', '---', '---']),
	];
	for (const row of rows) {
		const latencies = [...row.result.first.latenciesMs, ...row.result.redeliveries.latenciesMs];
		const verdict = judge(row, rows.find((candidate) => candidate.id === row.compareWith));
		lines.push(
			cells([
				row.id,
				row.subject,
				`${row.storm.posts.length.toLocaleString('en')} (+ ${row.storm.redeliveries.length})`,
				`${(row.result.stormMs / 1000).toFixed(1)} s`,
				`${(row.settledMs / 1000).toFixed(1)} s`,
				sustainedRate(row).toFixed(0),
				`${percentile(latencies, 50).toFixed(0)} / ${percentile(latencies, 99).toFixed(0)} / ${Math.max(...latencies).toFixed(0)} ms`,
				String(failures(row)) + (failures(row) === 0 ? '' : ` (${[...row.result.first.failures, ...row.result.redeliveries.failures].map(([status, count]) => `${status}×${count}`).join(', ')})`),
				`${row.executions} (${row.expectedExecutions})`,
				row.repeatedExecutions === null ? 'n/a' : String(row.repeatedExecutions),
				row.peakRssMb === null ? 'n/a' : `${row.peakRssMb.toFixed(0)} MB`,
				verdict.goal,
				verdict.met === null ? 'reference' : verdict.met ? 'met' : 'missed',
			]),
		);
	}
	return lines.join('\n');
}

function memoryLine(figures: SeenMemoryFigures): string {
	return (
		`- Seen-event memory (measured in this process with the trigger's own code): ${figures.keys.toLocaleString('en')} keys (the cap) take ` +
		`${figures.megabytes.toFixed(1)} MB, ${figures.bytesPerKey.toFixed(0)} bytes a key; a redelivery after ${figures.keys.toLocaleString('en')} others is ${figures.recognised ? 'recognised' : 'NOT recognised'}.`
	);
}

// ---- Main -----------------------------------------------------------------------------------------

const load = (): string => loadavg().map((value) => value.toFixed(2)).join(' / ');

export async function main(args: readonly string[] = []): Promise<void> {
	const log = (line: string): void => void process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
	const startedAt = new Date();
	const loadAtStart = load();
	const scale = envNumber('INBOUND_SCALE', 1);
	const webhookNodeFraction = Math.min(1, envNumber('INBOUND_WEBHOOK_NODE_FRACTION', 0.1));
	const shape = stormShape(scale);
	const lazyIsolates = args.includes('--lazy-isolates');
	const n8nEnv: Record<string, string> = lazyIsolates ? { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' } : {};
	const setting = lazyIsolates ? ', n8n set to N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true' : '';
	const storms = {
		regular: buildStorm(shape, 'R', APP_SECRET),
		// No redeliveries: the Webhook node cannot drop them, and their late tail would only lengthen its time.
		webhookNode: { ...buildStorm(stormShape(scale * webhookNodeFraction), 'W', APP_SECRET), redeliveries: [] },
		queue: buildStorm(shape, 'Q', APP_SECRET),
	};
	const memory = measureSeenEventMemory();

	const paths = await ensureN8nInstalled(40 * MINUTE);
	const sandbox = await N8nSandbox.create({ label: 'bench-inbound' });
	const rows: RowFigures[] = [];
	const profiles: string[] = [];
	try {
		const tarball = await npmPack(REPO_ROOT, path.join(sandbox.runDir, 'packed'));
		await sandbox.installCommunityPackage(tarball);
		const workflows = [triggerWorkflow('inbRegular', HOOKS.regular), triggerWorkflow('inbQueue', HOOKS.queue), webhookNodeWorkflow()];
		const credentials = [{ id: CREDENTIAL.whatsAppCloudApi.id, name: CREDENTIAL.whatsAppCloudApi.name, type: 'whatsAppCloudApi', data: { accessToken: 'bench-token', phoneNumberId: '106540352242922', appSecret: APP_SECRET } }];
		log(`starting n8n ${sandbox.version} (${sandbox.runDir}) …`);
		// --profile: n8n runs under V8's CPU profiler (rates are slowed by it) and its busiest code is printed.
		const profileDir = path.join(sandbox.runDir, 'profile');
		const profiling = args.includes('--profile');
		if (profiling) await mkdir(profileDir, { recursive: true });
		const server = await N8nServer.start(sandbox, { credentials, workflows, publish: workflows.map((workflow) => workflow.id), env: { ...n8nEnv, ...(profiling ? cpuProfileEnvironment(profileDir) : {}) } });
		const apiKey = await server.api.publicApiKey();
		// --queue-only: the queue-mode row alone (its reference row is then missing).
		const regularRows = !args.includes('--queue-only');
		try {
			// n8n registers published webhooks just after the boot; one signed request waits for that.
			await server.webhook(`${HOOKS.regular}/webhook`, { method: 'GET', query: { probe: '1' } });
			await sleep(2_000);
			const selected = storms.regular.selected;
			if (regularRows) rows.push(
				await measureRow(
					{ id: 'P8', subject: `WhatsApp Session Trigger ("Messages and failed statuses")${setting}`, url: server.webhookUrl(`${HOOKS.regular}/webhook`), storm: storms.regular, expectedExecutions: selected, workflowId: 'inbRegular', pid: server.process.pid, api: server.api, eventNode: 'WhatsApp Session Trigger', compareWith: 'P8 ref' },
					log,
				),
			);
			const webhookNodeStorm = storms.webhookNode;
			if (regularRows) rows.push(
				await measureRow(
					{
						id: 'P8 ref',
						subject: `n8n Webhook node + If (${(webhookNodeFraction * 100).toFixed(0)} % of the storm: every POST is an execution)${setting}`,
						url: server.webhookUrl(WEBHOOK_NODE_PATH),
						storm: webhookNodeStorm,
						expectedExecutions: webhookNodeStorm.posts.length,
						workflowId: 'inbWebhookNode',
						pid: server.process.pid,
						api: server.api,
						eventNode: null,
					},
					log,
				),
			);
		} finally {
			await server.stop();
		}
		if (profiling) {
			const summary = summariseProfile(await readProcessProfile(profileDir, server.process.pid), (frame) => areaOf(frame) === 'WhatsApp Session (ours)');
			profiles.push(profileReport('n8n main during P8 (from the first to the last sample with the trigger on the stack)', storms.regular.posts.length, summary, 25));
		}
		if (!args.includes('--no-queue')) {
			log('queue mode: starting Redis, main and 1 worker …');
			const cluster = await QueueModeCluster.start(sandbox, { workers: 1, workerConcurrency: 5, env: n8nEnv });
			try {
				await cluster.server.webhook(`${HOOKS.queue}/webhook`, { method: 'GET', query: { probe: '1' } });
				await sleep(2_000);
				rows.push(
					await measureRow(
						{ id: 'P8 queue', subject: `WhatsApp Session Trigger, queue mode (main + 1 worker + Redis)${setting}`, url: cluster.server.webhookUrl(`${HOOKS.queue}/webhook`), storm: storms.queue, expectedExecutions: storms.queue.selected, workflowId: 'inbQueue', pid: cluster.server.process.pid, api: new KnownKeyApi(cluster.server.baseUrl, sandbox.version, apiKey), eventNode: 'WhatsApp Session Trigger', compareWith: 'P8 ref', queueLogs: { main: async () => await cluster.main.log(), worker: async () => await cluster.worker.log() } },
						log,
					),
				);
			} finally {
				await cluster.stop();
			}
		}
	} finally {
		await sandbox.cleanup();
	}

	console.log(`# WhatsApp Session Trigger under a campaign's storm of statuses, n8n ${sandbox.version} (${startedAt.toISOString()})\n`);
	console.log(
		`${cpus().length} CPU(s) (${cpus()[0]?.model.trim() ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(1)} GB; load average (1/5/15 min) ${loadAtStart} at start, ${load()} at the end. ` +
			`n8n on ${path.basename(path.dirname(path.dirname(paths.nodeBin)))}; the poster runs on the same machine. Scale ${scale}.\n`,
	);
	console.log(table(rows));
	if (profiles.length > 0) console.log(`\n## CPU profile (profiler on: rates above are slowed by it)\n\n${profiles.join('\n\n')}`);
	console.log(
		[
			'',
			`- Storm: ${shape.campaignMessages.toLocaleString('en')} message IDs × sent, delivered, read (one event per POST, signed as Meta signs), with ${shape.customerMessages} customer messages and ${shape.failedStatuses} failed statuses at random points; ${CONCURRENCY} POSTs in flight.`,
			`- Redeliveries: every ${shape.redeliverEvery}th event and every customer message and failed status is posted a second time ${(shape.redeliveryDelayMs.min / 1000).toFixed(0)}-${(shape.redeliveryDelayMs.max / 1000).toFixed(0)} s after its first answer${scale < 1 ? ' (the 120 s window scaled with the storm)' : ''}; "Repeated executions" counts executions whose event an earlier one carried.`,
			'- Webhooks/s sustained: webhooks ÷ the time from the first POST until every execution they started had ended (an answer that comes while executions pile up is not keeping up).',
			`- The Webhook-node row posts ${(webhookNodeFraction * 100).toFixed(0)} % of the storm (every POST is an execution there); its rate is compared, not its totals. It checks no signature (n8n's Webhook node cannot) and cannot drop a redelivery.`,
			'- Peak RSS is VmHWM of n8n\'s main process, reset before each row (its own peak since then).',
			memoryLine(memory),
			`- Total bench time: ${((Date.now() - startedAt.getTime()) / MINUTE).toFixed(1)} min.`,
		].join('\n'),
	);
}
