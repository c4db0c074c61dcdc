import { settleItems } from '../../../nodes/WhatsAppSession/actions/itemPool';

/** A task that finishes after `delays[index]` ms of real time, recording start order and overlap. */
function recorder(delays: number[], failAt: number[] = []) {
	const started: number[] = [];
	let running = 0;
	let maxRunning = 0;
	const work = async (index: number) => {
		started.push(index);
		running++;
		maxRunning = Math.max(maxRunning, running);
		await new Promise((resolve) => setTimeout(resolve, delays[index] ?? 0));
		running--;
		if (failAt.includes(index)) throw new Error(`item ${index} failed`);
		return `done ${index}`;
	};
	return { work, started, maxRunning: () => maxRunning };
}

describe('settleItems', () => {
	it('returns settlements in item order although later items finish first', async () => {
		const { work, maxRunning } = recorder([30, 5, 15, 1]);
		const settled = await settleItems(4, 4, false, work);
		expect(settled.map((s) => s.index)).toEqual([0, 1, 2, 3]);
		expect(settled.map((s) => (s.ok ? s.value : 'error'))).toEqual(['done 0', 'done 1', 'done 2', 'done 3']);
		expect(maxRunning()).toBe(4);
	});

	it.each([1, 2, 3])('never runs more than %i at once', async (concurrency) => {
		const { work, maxRunning } = recorder([5, 5, 5, 5, 5, 5, 5]);
		await settleItems(7, concurrency, false, work);
		expect(maxRunning()).toBe(concurrency);
	});

	it('with concurrency 1 and stop-at-first-failure, starts nothing after the failed item', async () => {
		const { work, started } = recorder([1, 1, 1, 1], [1]);
		const settled = await settleItems(4, 1, true, work);
		expect(started).toEqual([0, 1]);
		expect(settled.map((s) => s.ok)).toEqual([true, false]);
	});

	it('without stop-at-first-failure, runs every item and keeps each failure in place', async () => {
		const { work } = recorder([1, 1, 1], [1]);
		const settled = await settleItems(3, 2, false, work);
		expect(settled.map((s) => s.ok)).toEqual([true, false, true]);
		const failure = settled[1];
		expect(failure !== undefined && !failure.ok && failure.error instanceof Error && failure.error.message).toBe('item 1 failed');
	});

	it('handles no items and treats a concurrency below 1 as 1', async () => {
		await expect(settleItems(0, 3, true, async () => 'x')).resolves.toEqual([]);
		const { work, maxRunning } = recorder([1, 1]);
		await settleItems(2, 0, false, work);
		expect(maxRunning()).toBe(1);
	});
});
