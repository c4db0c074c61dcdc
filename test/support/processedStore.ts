import { createHash } from 'node:crypto';

import type { DeduplicationItemTypes, DeduplicationScope, ICheckProcessedOptions, IDeduplicationOutput } from 'n8n-workflow';

/**
 * A stand-in for n8n's deduplication store (the one behind `this.helpers.checkProcessedAndRecord`)
 * that keeps real state and behaves as n8n 2.41's does: one row per workflow and context ("node"
 * scope: the node's id), holding the md5 hashes of the entries, read and written WHOLE, with an
 * await between the read and the write. So two calls that overlap lose one's update, as they do in
 * n8n; the node has to make its own calls one at a time for its claims to hold. Two processes
 * (queue-mode workers) cannot: `interleaveNext(n)` makes the next n calls all read before any of
 * them writes, the lost update n8n's store allows, every time. Like n8n's, the first write of a
 * row is an insert, which throws when another call inserted the row since this one read.
 */
export class ProcessedStore {
	private readonly rows = new Map<string, string[]>();

	/** The calls still to arrive at the armed interleaving, and what lets them all write. */
	private barrier: { waiting: number; open: Promise<void>; release: () => void } | undefined;

	/** How many inserts threw because another call had inserted the row first. */
	insertConflicts = 0;

	/** Every call the node made, in order: what the cost per message is made of. */
	readonly calls: Array<{ method: 'checkProcessedAndRecord' | 'removeProcessed'; items: DeduplicationItemTypes[]; scope: DeduplicationScope }> = [];

	/** The helpers as one node of one workflow sees them. */
	helpersFor(workflowId: string, nodeId: string) {
		const rowKey = (scope: DeduplicationScope) => `${workflowId}|${scope === 'node' ? `n:${nodeId}` : 'workflow'}`;
		return {
			checkProcessedAndRecord: async (
				items: DeduplicationItemTypes[],
				scope: DeduplicationScope,
				options: ICheckProcessedOptions,
			): Promise<IDeduplicationOutput> => {
				this.calls.push({ method: 'checkProcessedAndRecord', items, scope });
				const key = rowKey(scope);
				const row = await this.read(key);
				const stored = [...(row ?? [])];
				const output: IDeduplicationOutput = { new: [], processed: [] };
				for (const item of items) {
					const hash = md5(item);
					if (stored.includes(hash)) output.processed.push(item);
					else {
						output.new.push(item);
						stored.push(hash);
					}
				}
				const max = options.maxEntries;
				await this.write(key, max === undefined ? stored : stored.slice(Math.max(0, stored.length - max)), row === undefined);
				return output;
			},
			removeProcessed: async (items: DeduplicationItemTypes[], scope: DeduplicationScope): Promise<void> => {
				this.calls.push({ method: 'removeProcessed', items, scope });
				const key = rowKey(scope);
				const hashes = new Set(items.map(md5));
				const stored = await this.read(key);
				// n8n's removeProcessed does nothing to a row that does not exist.
				if (stored === undefined) return;
				await this.write(key, stored.filter((hash) => !hashes.has(hash)), false);
			},
		};
	}

	/** How many entries a scope's row holds. */
	size(workflowId: string, rowContext: string): number {
		return this.rows.get(`${workflowId}|${rowContext}`)?.length ?? 0;
	}

	/** Whether the scope's row holds this entry (by its hash, as n8n keeps it). */
	has(workflowId: string, rowContext: string, entry: string): boolean {
		return this.rows.get(`${workflowId}|${rowContext}`)?.includes(md5(entry)) ?? false;
	}

	/** The entries of a scope's row, as hashes. */
	entries(workflowId: string, rowContext: string): readonly string[] {
		return this.rows.get(`${workflowId}|${rowContext}`) ?? [];
	}

	/**
	 * The next `calls` store calls (from any helpers of this store) each read the row, then wait
	 * until all of them have read; then they write in the order they read, so the last one's write
	 * stands and every other one's additions or removals are lost.
	 */
	interleaveNext(calls: number): void {
		let release = (): void => undefined;
		const open = new Promise<void>((resolve) => {
			release = resolve;
		});
		this.barrier = { waiting: calls, open, release };
	}

	private async read(key: string): Promise<string[] | undefined> {
		await new Promise((resolve) => setImmediate(resolve));
		const row = this.rows.get(key);
		const { barrier } = this;
		if (barrier !== undefined) {
			barrier.waiting--;
			if (barrier.waiting === 0) {
				this.barrier = undefined;
				barrier.release();
			}
			await barrier.open;
		}
		return row;
	}

	private async write(key: string, entries: string[], inserting: boolean): Promise<void> {
		await new Promise((resolve) => setImmediate(resolve));
		if (inserting && this.rows.has(key)) {
			this.insertConflicts++;
			throw new Error('SQLITE_CONSTRAINT: UNIQUE constraint failed: processed_data.workflowId, processed_data.context');
		}
		this.rows.set(key, entries);
	}
}

function md5(value: DeduplicationItemTypes): string {
	return createHash('md5').update(value.toString()).digest('base64');
}
