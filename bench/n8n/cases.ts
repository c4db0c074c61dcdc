// The rows of `npm run bench:n8n` (issue 15: P5, P5b, P7, Memory), as data: what the provider does,
// which sender runs, and the goal the row is held to. run.ts measures them; judge() marks them.
import type { HeaderGeneration } from '../../test/support/rateLimitedResponder';
import type { Sender } from './workflows';

export const LIMIT_PER_SECOND = 100;
const PACED_MESSAGES = 2_000;
const PACED_LATENCY_MS = 20;
const OVERHEAD_MESSAGES = 5_000;
const OVERHEAD_CONCURRENCY = 10;
const MEMORY_MESSAGES = 10_000;
/** The paced goal: share of the limit our node must reach with 0 lost and 0 duplicated. */
const PACED_GOAL = 0.9;
/** P7's goal (issue 27): our node sends at least this many times HTTP Request's messages per second. */
const OVERHEAD_GOAL_RATIO = 2.0;
/** Memory goal: our node's peak RSS at most this much above HTTP Request's. */
const MEMORY_MARGIN = 0.1;
/** Idempotency Key row: messages per round, and the share of the node's own time per message the key may add. */
const KEY_MESSAGES = 1_000;
const KEY_COST_GOAL = 0.1;
const KEY_ROUNDS = 3;
/** Interleaved rounds of P7, so a burst of load from the machine's other jobs hits both senders alike. */
const OVERHEAD_ROUNDS = 3;

export interface ProviderBehaviour {
	/** Requests per 1 s fixed window; null: no limit at all. */
	limitPerSecond: number | null;
	announce: HeaderGeneration;
	latencyMs: number;
}

/** How a row is judged once every row is measured. */
export type Target =
	| { kind: 'reference' }
	/** achieved ÷ limit ≥ min, 0 lost, 0 duplicated. */
	| { kind: 'paced'; minOverLimit: number }
	/** 0 lost, 0 duplicated; the rate is bounded by the provider's latency, not by the node. */
	| { kind: 'exactlyOnce' }
	/** Messages per second ≥ minRatio × the reference row's, 0 lost, 0 duplicated. */
	| { kind: 'fasterThan'; referenceKey: string; minRatio: number }
	/** Sender time per message ≤ (1 + maxExtra) × the reference row's, 0 lost, 0 duplicated. */
	| { kind: 'costWithin'; referenceKey: string; maxExtra: number }
	/** Peak RSS ≤ (1 + margin) × the reference row's, 0 lost, 0 duplicated. */
	| { kind: 'peakRssWithin'; referenceKey: string; margin: number };

export interface BenchCase {
	/** BenchRow.id: 'P5', 'P5b', 'P7', 'Memory'. */
	id: string;
	/** Unique per measured run: webhook path, markers and credential derive from it. */
	key: string;
	/** Rows with the same group are rounds of one table row (P7). */
	group: string;
	subject: string;
	messages: number;
	provider: ProviderBehaviour;
	sender: Sender;
	goal: string;
	target: Target;
	/** Memory rows run in a freshly started n8n of their own: a process's peak RSS cannot be reset fairly. */
	freshProcess: boolean;
}

const HTTP_BEST_BATCHING = { itemsPerBatch: LIMIT_PER_SECOND, intervalMs: 1_000 };

function pacedCases(id: 'P5' | 'P5b', announce: HeaderGeneration): BenchCase[] {
	const provider: ProviderBehaviour = { limitPerSecond: LIMIT_PER_SECOND, announce, latencyMs: PACED_LATENCY_MS };
	const slug = id.toLowerCase();
	const base = { id, messages: PACED_MESSAGES, provider, freshProcess: false };
	const reference = { goal: 'reference', target: { kind: 'reference' } } as const;
	return [
		{
			...base,
			key: `${slug}-ours-c1`,
			group: `${slug}-ours-c1`,
			subject: 'WhatsApp Session, concurrency 1',
			sender: { kind: 'whatsAppSession', concurrency: 1 },
			goal: `0 lost, 0 dup (one at a time: ≤ ${1000 / PACED_LATENCY_MS}/s at ${PACED_LATENCY_MS} ms latency)`,
			target: { kind: 'exactlyOnce' },
		},
		{
			...base,
			key: `${slug}-ours-c4`,
			group: `${slug}-ours-c4`,
			subject: 'WhatsApp Session, concurrency 4',
			sender: { kind: 'whatsAppSession', concurrency: 4 },
			goal: `≥ ${PACED_GOAL} of limit, 0 lost, 0 dup`,
			target: { kind: 'paced', minOverLimit: PACED_GOAL },
		},
		{
			...base,
			...reference,
			key: `${slug}-http-batching`,
			group: `${slug}-http-batching`,
			subject: `HTTP Request, batching ${HTTP_BEST_BATCHING.itemsPerBatch} per ${HTTP_BEST_BATCHING.intervalMs} ms`,
			sender: { kind: 'httpRequest', batching: HTTP_BEST_BATCHING },
		},
		{
			...base,
			...reference,
			key: `${slug}-http-retry`,
			group: `${slug}-http-retry`,
			subject: 'HTTP Request, no batching, Retry On Fail (3 tries, 1 s)',
			sender: { kind: 'httpRequest', retryOnFail: true },
		},
	];
}

function overheadCases(): BenchCase[] {
	const provider: ProviderBehaviour = { limitPerSecond: null, announce: 'none', latencyMs: 0 };
	const base = { id: 'P7', messages: OVERHEAD_MESSAGES, provider, freshProcess: false };
	const cases: BenchCase[] = [];
	for (let round = 1; round <= OVERHEAD_ROUNDS; round++) {
		// Alternate who goes first, so neither always runs on a warmer (or busier) process.
		const pair: BenchCase[] = [
			{
				...base,
				key: `p7-ours-r${round}`,
				group: 'p7-ours',
				subject: `WhatsApp Session, concurrency ${OVERHEAD_CONCURRENCY}`,
				sender: { kind: 'whatsAppSession', concurrency: OVERHEAD_CONCURRENCY },
				goal: `msgs/s ≥ ${OVERHEAD_GOAL_RATIO} × HTTP Request, 0 lost, 0 dup`,
				target: { kind: 'fasterThan', referenceKey: 'p7-http', minRatio: OVERHEAD_GOAL_RATIO },
			},
			{
				...base,
				key: `p7-http-r${round}`,
				group: 'p7-http',
				subject: 'HTTP Request, no batching (every request at once)',
				sender: { kind: 'httpRequest' },
				goal: 'reference',
				target: { kind: 'reference' },
			},
		];
		cases.push(...(round % 2 === 1 ? pair : pair.reverse()));
	}
	return cases;
}

function memoryCases(): BenchCase[] {
	const provider: ProviderBehaviour = { limitPerSecond: null, announce: 'none', latencyMs: 0 };
	const base = { id: 'Memory', messages: MEMORY_MESSAGES, provider, freshProcess: true };
	return [
		{
			...base,
			key: 'mem-ours',
			group: 'mem-ours',
			subject: `WhatsApp Session, concurrency ${OVERHEAD_CONCURRENCY}`,
			sender: { kind: 'whatsAppSession', concurrency: OVERHEAD_CONCURRENCY },
			goal: `peak RSS ≤ HTTP Request + ${MEMORY_MARGIN * 100} %, 0 lost, 0 dup`,
			target: { kind: 'peakRssWithin', referenceKey: 'mem-http', margin: MEMORY_MARGIN },
		},
		{
			...base,
			key: 'mem-http',
			group: 'mem-http',
			subject: 'HTTP Request, no batching (every request at once)',
			sender: { kind: 'httpRequest' },
			goal: 'reference',
			target: { kind: 'reference' },
		},
	];
}

/**
 * Idempotency Key (issue 28): the same send with and without a key per item, in interleaved
 * rounds; the key's claim in n8n's deduplication store may add at most KEY_COST_GOAL of the
 * node's own time per message.
 */
function idempotencyKeyCases(): BenchCase[] {
	const provider: ProviderBehaviour = { limitPerSecond: null, announce: 'none', latencyMs: 0 };
	const base = { id: 'Key', messages: KEY_MESSAGES, provider, freshProcess: false };
	const cases: BenchCase[] = [];
	for (let round = 1; round <= KEY_ROUNDS; round++) {
		const pair: BenchCase[] = [
			{
				...base,
				key: `key-with-r${round}`,
				group: 'key-with',
				subject: `WhatsApp Session, concurrency ${OVERHEAD_CONCURRENCY}, Idempotency Key per item`,
				sender: { kind: 'whatsAppSession', concurrency: OVERHEAD_CONCURRENCY, idempotencyKey: true },
				goal: `time per message ≤ without key + ${KEY_COST_GOAL * 100} %, 0 lost, 0 dup`,
				target: { kind: 'costWithin', referenceKey: 'key-without', maxExtra: KEY_COST_GOAL },
			},
			{
				...base,
				key: `key-without-r${round}`,
				group: 'key-without',
				subject: `WhatsApp Session, concurrency ${OVERHEAD_CONCURRENCY}, no key`,
				sender: { kind: 'whatsAppSession', concurrency: OVERHEAD_CONCURRENCY },
				goal: 'reference',
				target: { kind: 'reference' },
			},
		];
		cases.push(...(round % 2 === 1 ? pair : pair.reverse()));
	}
	return cases;
}

/** Every row in the order it runs: the in-process rows, then the memory rows in their own processes. */
export function benchCases(): BenchCase[] {
	return [...pacedCases('P5', 'draft06'), ...pacedCases('P5b', 'none'), ...overheadCases(), ...idempotencyKeyCases(), ...memoryCases()];
}
