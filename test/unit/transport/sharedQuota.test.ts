// Two n8n queue-mode workers, each with its own limiter (a community node cannot share state
// between processes), sending for one credential to a provider that counts them together and
// answers bare 429s. Virtual time: 20 s of provider windows run in a few seconds, and with a
// seeded jitter the figures are the same on every run. bench/n8n/queueRows.ts measures the same
// thing in a real n8n.
import type { OutgoingRequest } from '../../../nodes/WhatsAppSession/providers/contract/media';
import { deliverMessage } from '../../../nodes/WhatsAppSession/transport/deliver';
import type { HttpResponse } from '../../../nodes/WhatsAppSession/transport/http';
import { RateLimiter } from '../../../nodes/WhatsAppSession/transport/limiter';
import { DEFAULT_RETRY_OPTIONS } from '../../../nodes/WhatsAppSession/transport/retryPolicy';
import { fixedWindowResponder } from '../../support/rateLimitedResponder';
import { STATUS_VERDICTS } from '../../support/statusVerdicts';
import { VirtualClock } from '../../support/virtualClock';

const LIMIT = 100;
const WINDOW_MS = 1_000;
const LATENCY_MS = 20;
const WORKERS = 2;
const MESSAGES_PER_WORKER = 1_000;
/** Two executions per worker, each with Concurrency 4, as in the P6 bench. */
const LANES_PER_WORKER = 8;

/** A small linear congruential generator: the backoff jitter, the same on every run. */
function seededRandom(seed: number): () => number {
	let state = seed;
	return () => {
		state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
		return state / 2 ** 32;
	};
}

async function twoWorkersAgainstOneLimit(seed: number) {
	const clock = new VirtualClock(0);
	const provider = fixedWindowResponder({ limit: LIMIT, windowMs: WINDOW_MS, announce: 'none', now: () => clock.now() });
	const random = seededRandom(seed);
	const call = async (request: OutgoingRequest): Promise<HttpResponse> => {
		if (!('body' in request)) throw new Error('this test sends messages only');
		// The ledger keys each acceptance by the Cloud API text body, one per message.
		const reply = provider.respond({ method: 'POST', path: '/', headers: {}, body: request.body, rawBody: '', bodyBytes: Buffer.alloc(0), receivedAt: clock.now() }, 0);
		await clock.sleep(LATENCY_MS);
		return { statusCode: reply.status, headers: {}, body: reply.body };
	};
	const workers = Array.from({ length: WORKERS }, async (_unused, worker) => {
		const context = { call, verdicts: STATUS_VERDICTS, limiter: new RateLimiter(clock, { maxConcurrent: 4 }), clock, retryOptions: DEFAULT_RETRY_OPTIONS, random };
		const queue = Array.from({ length: MESSAGES_PER_WORKER }, (_none, index) => `w${worker}-${index}`);
		const lane = async (): Promise<void> => {
			for (let marker = queue.shift(); marker !== undefined; marker = queue.shift()) {
				await deliverMessage({ method: 'POST', url: 'http://127.0.0.1/x', body: { text: { body: marker } } }, context);
			}
		};
		await Promise.all(Array.from({ length: LANES_PER_WORKER }, lane));
	});
	await Promise.all(workers);
	const { ledger } = provider;
	const expected = Array.from({ length: WORKERS * MESSAGES_PER_WORKER }, (_none, index) => `w${Math.floor(index / MESSAGES_PER_WORKER)}-${index % MESSAGES_PER_WORKER}`);
	const lastAcceptedAt = Math.max(...ledger.acceptedAt);
	return {
		lost: ledger.missing(expected).length,
		duplicated: ledger.duplicates().length,
		share429: ledger.rateLimited / ledger.requests,
		// As the benches count it: the first window is granted at once, so a perfect client scores 1.
		achievedOverLimit: (ledger.accepted - LIMIT) / (lastAcceptedAt / 1000) / LIMIT,
	};
}

describe('two workers, one unannounced limit: each paces itself by the bare 429s it sees', () => {
	// Several jitter seeds: which worker wins the first windows is luck, and so is how fairly they share.
	it.each([1, 4, 8, 15])('keeps 429s to a few per cent of answers and most of the limit used, losing and duplicating nothing (seed %p)', async (seed) => {
		const figures = await twoWorkersAgainstOneLimit(seed);
		expect(figures.lost).toBe(0);
		expect(figures.duplicated).toBe(0);
		// Each worker bursting on its own until refused (no learned pace) gets 13-16 % 429s here.
		expect(figures.share429).toBeLessThan(0.06);
		expect(figures.achievedOverLimit).toBeGreaterThan(0.8);
	});
});
