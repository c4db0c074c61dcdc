// Posts a storm as Meta does: one event per POST, a fixed number of requests in flight on
// kept-alive connections, the next sent as soon as one is answered, and each redelivery once its
// delay after the first delivery's answer has passed (due redeliveries go before new events).
import { Agent, request } from 'node:http';

import type { Storm } from './storm';

export interface PostedSide {
	posted: number;
	/** Answer times in ms, from the request's start to the end of its answer. */
	latenciesMs: number[];
	/** Answers other than 2xx, and requests that got no answer, by status ("error" for none). */
	failures: Map<string, number>;
}

export interface StormResult {
	first: PostedSide;
	redeliveries: PostedSide;
	/** From the first POST to the last answer of a first delivery. */
	stormMs: number;
	/** From the first POST to the last answer of all, redeliveries included. */
	totalMs: number;
}

const ANSWER_TIMEOUT_MS = 60_000;

function emptySide(): PostedSide {
	return { posted: 0, latenciesMs: [], failures: new Map() };
}

async function postOnce(agent: Agent, url: URL, body: Buffer, signature: string): Promise<number | 'error'> {
	return await new Promise((resolve) => {
		const outgoing = request(
			url,
			{
				method: 'POST',
				agent,
				headers: { 'content-type': 'application/json', 'content-length': String(body.length), 'x-hub-signature-256': signature },
				timeout: ANSWER_TIMEOUT_MS,
			},
			(answer) => {
				answer.resume();
				answer.on('end', () => resolve(answer.statusCode ?? 0));
				answer.on('error', () => resolve('error'));
			},
		);
		outgoing.on('timeout', () => outgoing.destroy(new Error('timeout')));
		outgoing.on('error', () => resolve('error'));
		outgoing.end(body);
	});
}

function record(side: PostedSide, status: number | 'error', startedAt: number): void {
	side.posted++;
	side.latenciesMs.push(performance.now() - startedAt);
	if (status === 'error' || status < 200 || status >= 300) {
		const key = String(status);
		side.failures.set(key, (side.failures.get(key) ?? 0) + 1);
	}
}

const pause = async (ms: number): Promise<void> => await new Promise((resolve) => setTimeout(resolve, ms));

export async function postStorm(url: string, storm: Storm, concurrency: number, progress: (line: string) => void): Promise<StormResult> {
	const target = new URL(url);
	const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
	const first = emptySide();
	const again = emptySide();
	const delayByPost = new Map(storm.redeliveries.map((redelivery) => [redelivery.of, redelivery.delayMs]));
	/** Redeliveries whose first delivery was answered, with when they fall due. */
	const due: Array<{ of: number; at: number }> = [];
	let pendingRedeliveries = storm.redeliveries.length;
	let next = 0;
	const startedAt = performance.now();
	let stormEndedAt = startedAt;
	let lastReport = startedAt;

	const worker = async (): Promise<void> => {
		for (;;) {
			const now = performance.now();
			const dueIndex = due.findIndex((entry) => entry.at <= now);
			if (dueIndex >= 0) {
				const [entry] = due.splice(dueIndex, 1);
				const post = entry === undefined ? undefined : storm.posts[entry.of];
				if (post === undefined) continue;
				const sentAt = performance.now();
				record(again, await postOnce(agent, target, post.body, post.signature), sentAt);
				pendingRedeliveries--;
				continue;
			}
			if (next < storm.posts.length) {
				const index = next++;
				const post = storm.posts[index];
				if (post === undefined) continue;
				const sentAt = performance.now();
				record(first, await postOnce(agent, target, post.body, post.signature), sentAt);
				stormEndedAt = Math.max(stormEndedAt, performance.now());
				const delayMs = delayByPost.get(index);
				if (delayMs !== undefined) due.push({ of: index, at: performance.now() + delayMs });
				if (performance.now() - lastReport > 10_000) {
					lastReport = performance.now();
					progress(`  ${first.posted} of ${storm.posts.length} posted, ${again.posted} redelivered, ${(first.posted / ((lastReport - startedAt) / 1000)).toFixed(0)}/s`);
				}
				continue;
			}
			if (pendingRedeliveries - due.length <= 0 && due.length === 0) return;
			await pause(50);
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	agent.destroy();
	return { first, redeliveries: again, stormMs: stormEndedAt - startedAt, totalMs: performance.now() - startedAt };
}

/** The p-th percentile (0-100) of the values, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}
