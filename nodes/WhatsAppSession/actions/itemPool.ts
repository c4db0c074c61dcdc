/** How one item's work ended; the router turns this into an output item or an error. */
export type ItemSettlement<T> = { index: number; ok: true; value: T } | { index: number; ok: false; error: unknown };

/**
 * Runs `work` for items 0…count-1 with at most `concurrency` at once and returns the settlements
 * in item order, whatever order they finished in. With `stopAtFirstFailure`, no item starts
 * after a failure is known; items already under way still finish, because their requests may
 * already be at the provider. With concurrency 1 that means nothing after the failed item is sent.
 */
export async function settleItems<T>(
	count: number,
	concurrency: number,
	stopAtFirstFailure: boolean,
	work: (index: number) => Promise<T>,
): Promise<Array<ItemSettlement<T>>> {
	const settlements: Array<ItemSettlement<T>> = [];
	let nextIndex = 0;
	let failed = false;

	const worker = async (): Promise<void> => {
		while (nextIndex < count && !(stopAtFirstFailure && failed)) {
			const index = nextIndex++;
			try {
				settlements.push({ index, ok: true, value: await work(index) });
			} catch (error) {
				failed = true;
				settlements.push({ index, ok: false, error });
			}
		}
	};

	const workers = Math.max(1, Math.min(Math.floor(concurrency), count));
	await Promise.all(Array.from({ length: workers }, worker));
	return settlements.sort((a, b) => a.index - b.index);
}
