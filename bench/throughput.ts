// Throughput benchmark: the node's real execute() against the local mock provider (127.0.0.1
// only), side by side with simulations of what an n8n user would otherwise get. It prints
// figures as markdown tables; it asserts nothing and is not part of the test suite.
//
//   npm run bench
//
// Every strategy sends messages whose text is a unique marker, so the mock's DeliveryLedger can
// say exactly which messages were accepted never (lost) or more than once (duplicated).

import { Agent } from 'node:http';
import { cpus, loadavg } from 'node:os';

import axios from 'axios';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { forgetSharedLimiters } from '../nodes/WhatsAppSession/transport/sharedLimiters';
import { DEFAULT_RETRY_OPTIONS } from '../nodes/WhatsAppSession/transport/retryPolicy';
import { runNode } from '../test/support/executeNode';
import { MockProvider } from '../test/support/mockProvider';
import {
	acceptEveryResponder,
	DeliveryLedger,
	fixedWindowResponder,
	type HeaderGeneration,
	type RateLimitedResponder,
} from '../test/support/rateLimitedResponder';

// ---- Parameters (the brief's, in one place) -------------------------------------------------

const MESSAGES = 2_000;
const LIMIT_PER_SECOND = 100;
const WINDOW_MS = 1_000;
const LIMITED_LATENCY_MS = 20;
const NODE_CONCURRENCY = 4;

const UNLIMITED_MESSAGES = 200;
const UNLIMITED_LATENCY_MS = 50;
const HIGH_CONCURRENCY = 10;

/** n8n's declarative/HTTP Request batching as the brief describes it: fire 50, wait 1 s. */
const BATCH_SIZE = 50;
const BATCH_INTERVAL_MS = 1_000;
/** n8n's "Retry On Fail" defaults: 3 tries, 1 s between them, each try re-runs every item. */
const RETRY_ON_FAIL_TRIES = 3;
const RETRY_ON_FAIL_WAIT_MS = 1_000;
/** Extra row only: a limit below what sequential sends reach at 20 ms latency (~40–45/s). */
const LOW_LIMIT_PER_SECOND = 30;

const TARGETS = {
	announcedRatio: 0.95,
	announced429Share: 0.01,
	bareRatio: 0.85,
	speedup: 8,
};

// ---- One row of figures ----------------------------------------------------------------------

interface Row {
	id: string;
	strategy: string;
	setup: string;
	messages: number;
	/** Requests per second the provider allows; undefined when unlimited. */
	limit?: number;
	accepted: number;
	requests: number;
	rateLimited: number;
	lost: number;
	duplicated: number;
	wallMs: number;
	/** Items the client saw fail (the node's error, or the simulated n8n run's failed items). */
	failedItems: number;
}

/**
 * Achieved rate / limit. Every provider grants its first window's quota at t = 0, so the best any
 * client can do with N messages at L per window is (N − L) / L windows: a perfect client scores
 * 1.00 here, not 1.05 as accepted ÷ wall time would say for 2,000 messages at 100/s.
 */
function achievedRatio(row: Row): number | undefined {
	if (row.limit === undefined) return undefined;
	const seconds = row.wallMs / 1000;
	return (row.accepted - row.limit) / seconds / row.limit;
}

// ---- The mock provider and the messages --------------------------------------------------------

const provider = new MockProvider();
let baseUrl = '';
let credentialSerial = 0;

function markers(count: number, prefix: string): string[] {
	return Array.from({ length: count }, (_unused, index) => `${prefix}-${index}`);
}

function limitedResponder(announce: HeaderGeneration, limit = LIMIT_PER_SECOND): RateLimitedResponder {
	// Exact, fractional resets (not rounded up to whole seconds), as the seed's Go durations are.
	return fixedWindowResponder({ limit, windowMs: WINDOW_MS, announce, wholeSeconds: false, latencyMs: LIMITED_LATENCY_MS });
}

function rowFromLedger(
	base: Omit<Row, 'accepted' | 'requests' | 'rateLimited' | 'lost' | 'duplicated'>,
	ledger: DeliveryLedger,
	expected: string[],
): Row {
	return {
		...base,
		accepted: ledger.acceptedByMarker.size,
		requests: ledger.requests,
		rateLimited: ledger.rateLimited,
		lost: ledger.missing(expected).length,
		duplicated: ledger.extraDeliveries(),
	};
}

// ---- Strategy 1: the node's execute() ------------------------------------------------------------

async function viaNode(
	id: string,
	strategy: string,
	setup: string,
	responder: RateLimitedResponder,
	count: number,
	delivery: IDataObject,
	limit: number | undefined,
): Promise<Row> {
	forgetSharedLimiters();
	provider.reset();
	provider.respondWith(responder.respond);
	const expected = markers(count, id);
	const items: INodeExecutionData[] = expected.map((text) => ({ json: { text } }));
	// A fresh credential per row, so no limiter state can carry over even without the reset above.
	const credentials = {
		whatsAppSessionApi: { domain: baseUrl, phoneNumberId: '555', apiKey: `bench-${++credentialSerial}`, accessToken: 'bench-token' },
	};
	const started = Date.now();
	const result = await runNode({
		items,
		parameters: (itemIndex) => ({
			operation: 'sendText',
			recipient: '+91 98801 32082',
			textBody: expected[itemIndex] ?? '',
			delivery,
		}),
		credentials,
	});
	const wallMs = Date.now() - started;
	const failedItems = result.error === undefined ? result.output.filter((item) => item.json.status !== 'accepted').length : count - result.output.length;
	if (result.error !== undefined) console.error(`  [${id}] the node stopped with: ${result.error.message}`);
	return rowFromLedger({ id, strategy, setup, messages: count, limit, wallMs, failedItems }, responder.ledger, expected);
}

// ---- Baselines: what a user gets without the node's pacing ---------------------------------------

// Own agent so baseline sockets never mix with the node's (axios default agent) between rows.
const baselineAgent = new Agent({ keepAlive: true });

/** One Cloud-API-format send, as a plain HTTP client would do it; resolves to the HTTP status (0: network error). */
async function plainSend(marker: string): Promise<number> {
	try {
		const response = await axios.post(
			`${baseUrl}/api/v1.0/555/bench-baseline/simpleMessages`,
			{ messaging_product: 'whatsapp', recipient_type: 'individual', to: '919880132082', type: 'text', text: { body: marker } },
			{ headers: { authorization: 'Bearer bench-token' }, validateStatus: () => true, httpAgent: baselineAgent, timeout: 30_000 },
		);
		return response.status;
	} catch {
		return 0;
	}
}

const isAccepted = (status: number): boolean => status >= 200 && status < 300;
const sleep = async (ms: number): Promise<void> => await new Promise((resolve) => setTimeout(resolve, ms));

async function withBaseline(
	id: string,
	strategy: string,
	setup: string,
	responder: RateLimitedResponder,
	limit: number,
	run: (expected: string[]) => Promise<number>,
): Promise<Row> {
	provider.reset();
	provider.respondWith(responder.respond);
	const expected = markers(MESSAGES, id);
	const started = Date.now();
	const failedItems = await run(expected);
	const wallMs = Date.now() - started;
	return rowFromLedger({ id, strategy, setup, messages: MESSAGES, limit, wallMs, failedItems }, responder.ledger, expected);
}

/** Fire a batch without waiting for its answers, sleep, fire the next; a 429 is a failed item, never retried. */
async function batchesPerInterval(expected: string[], batchSize: number, intervalMs: number): Promise<number> {
	const pending: Array<Promise<number>> = [];
	for (let start = 0; start < expected.length; start += batchSize) {
		if (start > 0) await sleep(intervalMs);
		for (const marker of expected.slice(start, start + batchSize)) pending.push(plainSend(marker));
	}
	const statuses = await Promise.all(pending);
	return statuses.filter((status) => !isAccepted(status)).length;
}

/**
 * n8n's Retry On Fail around a node that sends items one by one: the first failed item fails the
 * node, and the retry runs the node again on the WHOLE input, re-sending what already went out.
 */
async function sequentialWithWholeRunRetry(expected: string[]): Promise<number> {
	let failedAt = -1;
	for (let tryNumber = 1; tryNumber <= RETRY_ON_FAIL_TRIES; tryNumber++) {
		if (tryNumber > 1) await sleep(RETRY_ON_FAIL_WAIT_MS);
		failedAt = -1;
		for (let index = 0; index < expected.length; index++) {
			if (!isAccepted(await plainSend(expected[index] ?? ''))) {
				failedAt = index;
				break;
			}
		}
		if (failedAt < 0) return 0;
	}
	// The last try's failed item and everything after it never ran.
	return expected.length - failedAt;
}

// ---- Printing --------------------------------------------------------------------------------------

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const percent = (share: number): string => `${(share * 100).toFixed(1)} %`;

function tableRow(cells: string[]): string {
	return `| ${cells.join(' | ')} |`;
}

function printRows(title: string, rows: Row[]): void {
	console.log(`\n### ${title}\n`);
	console.log(
		tableRow(['#', 'Strategy', 'Setup', 'Achieved / limit', 'Delivered/s', '429 responses', 'Lost', 'Duplicated', 'Failed items (client view)', 'Wall time']),
	);
	console.log(tableRow(['---', '---', '---', '--:', '--:', '--:', '--:', '--:', '--:', '--:']));
	for (const row of rows) {
		const ratio = achievedRatio(row);
		const share = row.requests === 0 ? 0 : row.rateLimited / row.requests;
		console.log(
			tableRow([
				row.id,
				row.strategy,
				row.setup,
				ratio === undefined ? 'n/a (no limit)' : ratio.toFixed(2),
				(row.accepted / (row.wallMs / 1000)).toFixed(1),
				`${row.rateLimited} of ${row.requests} (${percent(share)})`,
				`${row.lost} of ${row.messages}`,
				String(row.duplicated),
				String(row.failedItems),
				seconds(row.wallMs),
			]),
		);
	}
}

interface Verdict {
	target: string;
	measured: string;
	pass: boolean;
}

function printVerdicts(verdicts: Verdict[]): void {
	console.log('\n### Targets\n');
	console.log(tableRow(['Target', 'Measured', 'Result']));
	console.log(tableRow(['---', '---', '---']));
	for (const verdict of verdicts) console.log(tableRow([verdict.target, verdict.measured, verdict.pass ? 'PASS' : 'FAIL']));
}

// ---- The run ---------------------------------------------------------------------------------------

async function main(): Promise<void> {
	baseUrl = await provider.start();
	const runStarted = Date.now();
	const load = loadavg().map((value) => value.toFixed(2)).join(' / ');
	console.log(`# Throughput benchmark (${new Date().toISOString()})`);
	console.log(
		`Node ${process.version}, ${cpus().length} CPU(s), load average ${load} (1/5/15 min) at start; mock provider at ${baseUrl}.`,
	);
	console.log('Progress goes to stderr; the tables below are markdown.');

	const limited = `${MESSAGES} msgs, ${LIMIT_PER_SECOND}/s fixed window, ${LIMITED_LATENCY_MS} ms latency`;
	const progress = (label: string): void => console.error(`  running ${label} …`);

	progress('1: node, announced limit');
	const announced = await viaNode(
		'1',
		'Node execute()',
		`${limited}; RateLimit-* headers (draft-06, exact fractional resets); concurrency ${NODE_CONCURRENCY}`,
		limitedResponder('draft06'),
		MESSAGES,
		{ concurrency: NODE_CONCURRENCY },
		LIMIT_PER_SECOND,
	);

	progress('2: node, bare 429s');
	const bare = await viaNode(
		'2',
		'Node execute()',
		`${limited}; bare 429s (no headers); concurrency ${NODE_CONCURRENCY}; default retries (${DEFAULT_RETRY_OPTIONS.maxRetries}, backoff from ${DEFAULT_RETRY_OPTIONS.baseDelayMs} ms)`,
		limitedResponder('none'),
		MESSAGES,
		{ concurrency: NODE_CONCURRENCY },
		LIMIT_PER_SECOND,
	);

	progress('2b: node, bare 429s with Max Requests per Second');
	const bareCapped = await viaNode(
		'2b',
		'Node execute() (extra)',
		`as 2, plus Max Requests per Second = ${LIMIT_PER_SECOND}`,
		limitedResponder('none'),
		MESSAGES,
		{ concurrency: NODE_CONCURRENCY, maxRequestsPerSecond: LIMIT_PER_SECOND },
		LIMIT_PER_SECOND,
	);

	progress('3: node, no limit, concurrency 10');
	const unlimitedSetup = `${UNLIMITED_MESSAGES} msgs, no limit, ${UNLIMITED_LATENCY_MS} ms latency`;
	const parallel = await viaNode(
		'3a',
		'Node execute()',
		`${unlimitedSetup}; concurrency ${HIGH_CONCURRENCY}`,
		acceptEveryResponder(UNLIMITED_LATENCY_MS),
		UNLIMITED_MESSAGES,
		{ concurrency: HIGH_CONCURRENCY },
		undefined,
	);
	progress('3: node, no limit, concurrency 1');
	const sequential = await viaNode(
		'3b',
		'Node execute()',
		`${unlimitedSetup}; concurrency 1`,
		acceptEveryResponder(UNLIMITED_LATENCY_MS),
		UNLIMITED_MESSAGES,
		{ concurrency: 1 },
		undefined,
	);

	progress('4a: baseline, batches of 50 per second');
	const batched = await withBaseline(
		'4a',
		'Baseline: batches of 50 per 1 s, no retry',
		`as 1 (headers ignored); fire ${BATCH_SIZE}, wait ${BATCH_INTERVAL_MS / 1000} s, fire next ${BATCH_SIZE}`,
		limitedResponder('draft06'),
		LIMIT_PER_SECOND,
		async (expected) => await batchesPerInterval(expected, BATCH_SIZE, BATCH_INTERVAL_MS),
	);

	progress('4b: baseline, sequential with whole-run Retry On Fail');
	const retryOnFail = await withBaseline(
		'4b',
		'Baseline: sequential + Retry On Fail (whole run)',
		`as 1; on the first failure re-run all items, ${RETRY_ON_FAIL_TRIES} tries, ${RETRY_ON_FAIL_WAIT_MS / 1000} s apart`,
		limitedResponder('draft06'),
		LIMIT_PER_SECOND,
		sequentialWithWholeRunRetry,
	);

	progress('4c: baseline, all at once');
	const allAtOnce = await withBaseline(
		'4c',
		'Baseline (extra): all at once, no retry',
		`as 1; every request fired immediately (HTTP Request without batching)`,
		limitedResponder('draft06'),
		LIMIT_PER_SECOND,
		async (expected) => await batchesPerInterval(expected, expected.length, 0),
	);

	progress('4d: baseline, Retry On Fail at a lower limit');
	const retryOnFailLow = await withBaseline(
		'4d',
		'Baseline (extra): sequential + Retry On Fail (whole run)',
		`as 4b, but limit ${LOW_LIMIT_PER_SECOND}/s (below the sequential send rate)`,
		limitedResponder('draft06', LOW_LIMIT_PER_SECOND),
		LOW_LIMIT_PER_SECOND,
		sequentialWithWholeRunRetry,
	);

	printRows('Rate-limited provider', [announced, bare, bareCapped, batched, retryOnFail, allAtOnce, retryOnFailLow]);
	printRows('No limit: concurrency', [parallel, sequential]);

	const speedup = sequential.wallMs / parallel.wallMs;
	console.log(`\nSpeed-up, concurrency ${HIGH_CONCURRENCY} vs 1: ${speedup.toFixed(1)}× (wall time ${seconds(sequential.wallMs)} → ${seconds(parallel.wallMs)}).`);

	const ratio1 = achievedRatio(announced) ?? 0;
	const share1 = announced.requests === 0 ? 0 : announced.rateLimited / announced.requests;
	const ratio2 = achievedRatio(bare) ?? 0;
	printVerdicts([
		{ target: `1: achieved/limit ≥ ${TARGETS.announcedRatio}`, measured: ratio1.toFixed(3), pass: ratio1 >= TARGETS.announcedRatio },
		{ target: '1: 0 lost, 0 duplicated', measured: `${announced.lost} lost, ${announced.duplicated} duplicated`, pass: announced.lost === 0 && announced.duplicated === 0 },
		{ target: `1: ≤ ${percent(TARGETS.announced429Share)} of responses 429`, measured: percent(share1), pass: share1 <= TARGETS.announced429Share },
		{ target: `2: achieved/limit ≥ ${TARGETS.bareRatio}`, measured: ratio2.toFixed(3), pass: ratio2 >= TARGETS.bareRatio },
		{ target: '2: 0 lost, 0 duplicated', measured: `${bare.lost} lost, ${bare.duplicated} duplicated`, pass: bare.lost === 0 && bare.duplicated === 0 },
		{ target: `3: concurrency ${HIGH_CONCURRENCY} vs 1 ≥ ${TARGETS.speedup}×`, measured: `${speedup.toFixed(1)}×`, pass: speedup >= TARGETS.speedup },
	]);

	console.log(
		[
			'',
			'Notes:',
			`- Achieved / limit = (delivered − ${LIMIT_PER_SECOND}) ÷ wall time ÷ limit: the provider grants its first window at once, so a perfect client scores 1.00. Delivered/s is plain accepted ÷ wall time.`,
			'- A client-side cap (2b) spreads even the first window, so its best possible score is (N − L) ÷ N = 0.95 here. For rows that lose messages the ratio counts only what was delivered.',
			'- Lost = messages never accepted; Duplicated = extra acceptances of a message already accepted (the recipient gets it twice). Both come from the mock\'s ledger, not from the client.',
			'- Node rows run the real execute() with default Continue On Fail (off) and default retry settings unless stated.',
			`- One run on a shared ${cpus().length}-core machine with client and mock in one Node process: expect a few percent of run-to-run noise.`,
			`Total bench time: ${seconds(Date.now() - runStarted)}.`,
		].join('\n'),
	);
}

main()
	.catch((error: unknown) => {
		console.error(error);
		process.exitCode = 1;
	})
	.finally(async () => {
		baselineAgent.destroy();
		await provider.stop();
	});
