/**
 * This process's calls to n8n's deduplication store, one at a time per scope: the store reads and
 * writes a scope's list whole, so two calls of one process that overlap would erase each other.
 * Made one at a time, each call is a database round trip that every item with a key waits for in
 * turn; so the marks recorded while a call runs are gathered and recorded together by the next
 * call (one call for many items' claims), which is what keeps the key's cost per message down.
 */

/** The chain's tail per queue (a queue is one scope of one workflow, or of one node). */
const queues = new Map<string, Promise<unknown>>();

export async function oneAtATime<T>(queue: string, work: () => Promise<T>): Promise<T> {
	const before = queues.get(queue) ?? Promise.resolve();
	const result = before.then(work, work);
	const tail = result.then(
		() => undefined,
		() => undefined,
	);
	queues.set(queue, tail);
	try {
		return await result;
	} finally {
		// The last one out empties the map, so a long-lived worker keeps no entry per finished run.
		if (queues.get(queue) === tail) queues.delete(queue);
	}
}

/** What one record call found for a caller's marks: those already there, and those it added. */
export interface Recorded {
	new: string[];
	processed: string[];
}

/** A caller's share, and how long the store call took (its wait in the queue left out). */
export interface RecordedTogether extends Recorded {
	callMs: number;
}

interface WaitingRecord {
	marks: readonly string[];
	resolve: (recorded: RecordedTogether) => void;
	reject: (error: unknown) => void;
}

/**
 * Each caller's share of one call that recorded every caller's marks. A mark two callers share
 * (two items with one key) is new only for the first: the second finds it recorded, as it would
 * had the two calls been made one after the other.
 */
export function splitRecorded<T extends { marks: readonly string[] }>(batch: readonly T[], therebefore: ReadonlySet<string>): Array<[T, Recorded]> {
	const there = new Set(therebefore);
	return batch.map((caller) => {
		const recorded: Recorded = { new: [], processed: [] };
		for (const mark of caller.marks) {
			if (there.has(mark)) recorded.processed.push(mark);
			else {
				recorded.new.push(mark);
				there.add(mark);
			}
		}
		return [caller, recorded];
	});
}

/** The batch per queue still taking marks; it closes when its call's turn in the queue comes. */
const gathering = new Map<string, WaitingRecord[]>();

/**
 * Records `marks` in the queue's next record call, together with every other caller's that
 * arrives before that call starts. `record` makes the call (every caller of one queue records
 * into the same scope of the same store).
 */
export async function recordTogether(
	queue: string,
	marks: readonly string[],
	record: (marks: string[]) => Promise<{ new: unknown[]; processed: unknown[] }>,
): Promise<RecordedTogether> {
	return await new Promise<RecordedTogether>((resolve, reject) => {
		const waiting: WaitingRecord = { marks, resolve, reject };
		const open = gathering.get(queue);
		if (open !== undefined) {
			open.push(waiting);
			return;
		}
		const batch = [waiting];
		gathering.set(queue, batch);
		void oneAtATime(queue, async () => {
			if (gathering.get(queue) === batch) gathering.delete(queue);
			try {
				const startedAt = Date.now();
				const answer = await record([...new Set(batch.flatMap((caller) => caller.marks))]);
				const callMs = Date.now() - startedAt;
				for (const [caller, recorded] of splitRecorded(batch, new Set(answer.processed.map(String)))) caller.resolve({ ...recorded, callMs });
			} catch (error) {
				for (const caller of batch) caller.reject(error);
			}
		});
	});
}
