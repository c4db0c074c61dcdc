import type { Clock } from '../../nodes/WhatsAppSession/transport/limiter';

interface Timer {
	atMs: number;
	order: number;
	fire: () => void;
}

/**
 * Virtual time for the limiter and anything else taking a Clock. Time stands still while code
 * runs; once every pending promise has settled (checked with setImmediate), it jumps to the
 * earliest sleeper and wakes only that one. Hours of provider windows pass in milliseconds, and
 * the start times tests assert are exact.
 */
export class VirtualClock implements Clock {
	private nowMs: number;

	private timers: Timer[] = [];

	private nextOrder = 0;

	private advanceScheduled = false;

	constructor(startMs = 0) {
		this.nowMs = startMs;
	}

	now(): number {
		return this.nowMs;
	}

	sleep(ms: number, signal?: AbortSignal): Promise<void> {
		return new Promise<void>((resolve, reject) => {
			if (signal?.aborted === true) {
				reject(reasonOf(signal));
				return;
			}
			const timer: Timer = {
				atMs: this.nowMs + Math.max(0, ms),
				order: this.nextOrder++,
				fire: () => {
					signal?.removeEventListener('abort', onAbort);
					resolve();
				},
			};
			const onAbort = (): void => {
				this.timers = this.timers.filter((other) => other !== timer);
				reject(reasonOf(signal));
			};
			signal?.addEventListener('abort', onAbort, { once: true });
			this.timers.push(timer);
			this.scheduleAdvance();
		});
	}

	/** Sleepers not yet woken, for asserting that nothing is left waiting. */
	get pendingSleeps(): number {
		return this.timers.length;
	}

	private scheduleAdvance(): void {
		if (this.advanceScheduled) return;
		this.advanceScheduled = true;
		setImmediate(() => this.advance());
	}

	private advance(): void {
		this.advanceScheduled = false;
		if (this.timers.length === 0) return;
		const [earliest] = [...this.timers].sort((a, b) => a.atMs - b.atMs || a.order - b.order);
		this.timers = this.timers.filter((timer) => timer !== earliest);
		this.nowMs = Math.max(this.nowMs, earliest.atMs);
		earliest.fire();
		if (this.timers.length > 0) this.scheduleAdvance();
	}
}

function reasonOf(signal: AbortSignal | undefined): Error {
	const reason: unknown = signal?.reason;
	return reason instanceof Error ? reason : new Error('aborted');
}
