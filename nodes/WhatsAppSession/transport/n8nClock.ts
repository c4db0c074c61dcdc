import { sleep } from 'n8n-workflow';

import type { Clock } from './limiter';

/**
 * The production clock: wall time, and n8n-workflow's `sleep` (community nodes may not use timers
 * themselves). n8n 1.x's `sleep` takes no abort signal, so the abort is also raced here: a
 * cancelled execution stops waiting at once on every n8n version.
 */
export const n8nClock: Clock = {
	now: () => Date.now(),
	sleep: async (ms, signal) => {
		if (signal === undefined) return await sleep(ms);
		if (signal.aborted) throw abortReason(signal);
		await new Promise<void>((resolve, reject) => {
			const onAbort = () => reject(abortReason(signal));
			signal.addEventListener('abort', onAbort, { once: true });
			sleep(ms, signal).then(
				() => {
					signal.removeEventListener('abort', onAbort);
					resolve();
				},
				(error: unknown) => {
					signal.removeEventListener('abort', onAbort);
					reject(error instanceof Error ? error : abortReason(signal));
				},
			);
		});
	},
};

function abortReason(signal: AbortSignal): Error {
	const reason: unknown = signal.reason;
	return reason instanceof Error ? reason : new Error('The execution was cancelled');
}
