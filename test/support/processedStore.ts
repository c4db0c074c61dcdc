import { createHash } from 'node:crypto';

import type { DeduplicationItemTypes, DeduplicationScope, ICheckProcessedOptions, IDeduplicationOutput } from 'n8n-workflow';

/**
 * A stand-in for n8n's deduplication store (the one behind `this.helpers.checkProcessedAndRecord`)
 * that keeps real state and behaves as n8n 2.41's does: one row per workflow and context ("node"
 * scope: the node's id), holding the md5 hashes of the entries, read and written WHOLE, with an
 * await between the read and the write. So two calls that overlap lose one's update, as they do in
 * n8n; the node has to make its own calls one at a time for its claims to hold.
 */
export class ProcessedStore {
	private readonly rows = new Map<string, string[]>();

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
				const stored = [...(await this.read(key))];
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
				await this.write(key, max === undefined ? stored : stored.slice(Math.max(0, stored.length - max)));
				return output;
			},
			removeProcessed: async (items: DeduplicationItemTypes[], scope: DeduplicationScope): Promise<void> => {
				this.calls.push({ method: 'removeProcessed', items, scope });
				const key = rowKey(scope);
				const hashes = new Set(items.map(md5));
				const stored = await this.read(key);
				await this.write(key, stored.filter((hash) => !hashes.has(hash)));
			},
		};
	}

	/** How many entries a scope's row holds. */
	size(workflowId: string, rowContext: string): number {
		return this.rows.get(`${workflowId}|${rowContext}`)?.length ?? 0;
	}

	private async read(key: string): Promise<string[]> {
		await new Promise((resolve) => setImmediate(resolve));
		return this.rows.get(key) ?? [];
	}

	private async write(key: string, entries: string[]): Promise<void> {
		await new Promise((resolve) => setImmediate(resolve));
		this.rows.set(key, entries);
	}
}

function md5(value: DeduplicationItemTypes): string {
	return createHash('md5').update(value.toString()).digest('base64');
}
