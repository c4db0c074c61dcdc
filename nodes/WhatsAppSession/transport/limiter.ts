// Paces requests to what the provider announces and bounds how many are in flight. Time comes
// from an injected Clock: in production `Date.now` and n8n-workflow's `sleep(ms, signal)` (the
// community-node lint forbids timers here), in tests a virtual clock, so hours of provider
// windows run in milliseconds and every start time can be asserted exactly.

import { isInEpisode, paceAfterAccepted, paceAfterBareRateLimit, paceAfterIdle, UNKNOWN_PACE, type AdaptivePace } from './adaptivePace';
import { parseRateLimitHeaders, type ResponseHeaders } from './rateLimitHeaders';

export interface Clock {
	now(): number;
	/** Resolves after `ms`, or rejects as soon as `signal` aborts. */
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface LimiterOptions {
	/** At most this many tasks run at once; 1 keeps requests in order. */
	maxConcurrent: number;
	/** Client-side cap for providers that announce nothing; 0 or absent means no cap. */
	maxRequestsPerSecond?: number;
}

/** Handed to a running task so the quotas its answer reports are counted as "this request's". */
interface LimiterSlot {
	/**
	 * Learns the provider's quota budgets from an answer that was not a refusal for too many
	 * requests; a quota with no requests left holds starts until it resets. Pauses are the
	 * caller's (pauseUntil): this never pauses by itself.
	 */
	learnQuotas(headers: ResponseHeaders): void;
	/**
	 * Adapts the pace to a provider that announces nothing (see adaptivePace.ts): 'accepted' for a
	 * message taken, 'bareRateLimited' for a 429 that named no wait and no quota.
	 */
	learnPace(answer: 'accepted' | 'bareRateLimited'): void;
}

/** A quota the provider reported, turned into starts we may still make before it resets. */
interface QuotaBudget {
	startsLeft: number;
	resetAtMs: number;
}

/** How a task joins the queue. */
export interface RunOptions {
	signal?: AbortSignal;
	/**
	 * Join ahead of every waiter that is not itself a retry. For a message resent after a 429:
	 * with concurrency 1 it then still goes out before the items behind it, so item order holds.
	 */
	retry?: boolean;
	/**
	 * The longest the provider may hold this task back (a 429's pause, an exhausted quota). A
	 * longer hold ends the run at once ({ started: false }) instead of waiting it out, and the task
	 * is never started. The client-side spacing of Max Requests per Second does not count:
	 * the user chose it.
	 */
	maxProviderHoldMs?: number;
}

/**
 * How a run ended: the task ran (its value), or it never started because the provider holds every
 * start longer than RunOptions.maxProviderHoldMs allows.
 */
export type RunResult<T> = { started: true; value: T } | { started: false; providerHoldMs: number };

type Admission = { admitted: true; seq: number } | { admitted: false; providerHoldMs: number };

interface Waiter {
	readonly retry: boolean;
}

export class RateLimiter {
	private options: LimiterOptions;

	private readonly queue: Waiter[] = [];

	/** Start sequence numbers of the tasks now running. */
	private readonly inFlight = new Set<number>();

	private nextStartSeq = 0;

	private pausedUntilMs = Number.NEGATIVE_INFINITY;

	private lastStartMs = Number.NEGATIVE_INFINITY;

	private budgets: QuotaBudget[] = [];

	/** Responses arrive out of order under concurrency; an older one must not undo a newer count. */
	private newestObservedSeq = -1;

	private changeListeners = new Set<() => void>();

	/** The pace learned from bare 429s; it spaces starts like Max Requests per Second does. */
	private pace: AdaptivePace = UNKNOWN_PACE;

	/** When the last task finished with nobody waiting; undefined while there is work. */
	private idleSinceMs: number | undefined;

	constructor(
		private readonly clock: Clock,
		options: LimiterOptions,
	) {
		this.options = normaliseOptions(options);
	}

	/** Later callers of a shared limiter bring their own settings; the newest ones apply from the next start. */
	configure(options: LimiterOptions): void {
		this.options = normaliseOptions(options);
		this.notifyChange();
	}

	/**
	 * Runs `task` once it is admitted: first come, first served (retries first, see RunOptions),
	 * within the concurrency bound, after any pause and quota reset. Rejects with the abort reason
	 * as soon as the signal aborts while waiting; the task itself is never started then.
	 */
	async run<T>(task: (slot: LimiterSlot) => Promise<T>, options: RunOptions = {}): Promise<RunResult<T>> {
		const admission = await this.admit(options);
		if (!admission.admitted) return { started: false, providerHoldMs: admission.providerHoldMs };
		const { seq } = admission;
		try {
			return {
				started: true,
				value: await task({
					learnQuotas: (headers) => this.learnQuotas(seq, headers),
					learnPace: (answer) => this.learnPace(answer),
				}),
			};
		} finally {
			this.inFlight.delete(seq);
			if (this.inFlight.size === 0 && this.queue.length === 0) this.idleSinceMs = this.clock.now();
			this.notifyChange();
		}
	}

	/** Holds every start until `epochMs`; a shorter pause never cuts a longer one short. */
	pauseUntil(epochMs: number): void {
		if (Number.isFinite(epochMs)) this.pausedUntilMs = Math.max(this.pausedUntilMs, epochMs);
	}

	/** The earliest time the next start could happen, ignoring the concurrency bound. */
	nextStartAllowedAtMs(nowMs: number = this.clock.now()): number {
		// The slower of the user's cap and the learned pace spaces the starts.
		const rate = Math.min(this.options.maxRequestsPerSecond ?? Number.POSITIVE_INFINITY, this.pace.ratePerSecond ?? Number.POSITIVE_INFINITY);
		const spacedFrom = rate > 0 && Number.isFinite(rate) ? this.lastStartMs + 1000 / rate : Number.NEGATIVE_INFINITY;
		return Math.max(this.providerHoldUntilMs(nowMs), spacedFrom);
	}

	/** Whether a pause or an exhausted quota holds starts now (client-side spacing aside). */
	isHeldByProvider(nowMs: number = this.clock.now()): boolean {
		return this.providerHoldUntilMs(nowMs) > nowMs;
	}

	/** Until when the provider's own signals (a pause, an exhausted quota) hold every start. */
	private providerHoldUntilMs(nowMs: number): number {
		this.budgets = this.budgets.filter((budget) => budget.resetAtMs > nowMs);
		const exhaustedUntil = this.budgets
			.filter((budget) => budget.startsLeft <= 0)
			.map((budget) => budget.resetAtMs);
		return Math.max(nowMs, this.pausedUntilMs, ...exhaustedUntil);
	}

	private async admit({ signal, retry = false, maxProviderHoldMs }: RunOptions): Promise<Admission> {
		throwIfAborted(signal);
		this.forgetEpisodeAfterIdle();
		const waiter: Waiter = { retry };
		const firstNewcomer = this.queue.findIndex((other) => !other.retry);
		// Retries keep their own arrival order among themselves.
		if (retry && firstNewcomer >= 0) this.queue.splice(firstNewcomer, 0, waiter);
		else this.queue.push(waiter);
		let admitted = false;
		try {
			for (;;) {
				const isHead = this.queue[0] === waiter;
				if (isHead && this.inFlight.size < this.concurrencyNow()) {
					const nowMs = this.clock.now();
					// Checked by the head only, when it is next to start: a hold that ends while the task
					// queues behind others never made it wait.
					const holdMs = this.providerHoldUntilMs(nowMs) - nowMs;
					if (maxProviderHoldMs !== undefined && holdMs > maxProviderHoldMs) {
						return { admitted: false, providerHoldMs: holdMs };
					}
					const waitMs = this.nextStartAllowedAtMs(nowMs) - nowMs;
					if (waitMs <= 0) break;
					// Only the head sleeps on time, so one timer serves the whole queue. It re-checks on
					// waking: a 429 seen meanwhile may have pushed the pause further out.
					await this.clock.sleep(waitMs, signal);
				} else {
					await this.nextChange(signal);
				}
			}
			admitted = true;
		} finally {
			// A waiter aborted or held back leaves the queue (an error travels on untouched); the next one may now be the head.
			if (!admitted) {
				this.queue.splice(this.queue.indexOf(waiter), 1);
				this.notifyChange();
			}
		}
		this.queue.shift();
		return { admitted: true, seq: this.start() };
	}

	private start(): number {
		const seq = this.nextStartSeq++;
		this.inFlight.add(seq);
		this.lastStartMs = this.clock.now();
		for (const budget of this.budgets) budget.startsLeft--;
		// The new head may be admitted at once when concurrency allows.
		this.notifyChange();
		return seq;
	}

	/**
	 * After a bare 429, one request at a time until one is accepted: the provider's window may still
	 * be closed when the pause ends, and a probe costs one 429 where a full slot count costs many.
	 */
	private concurrencyNow(): number {
		return isInEpisode(this.pace) ? 1 : this.options.maxConcurrent;
	}

	private learnPace(answer: 'accepted' | 'bareRateLimited'): void {
		const nowMs = this.clock.now();
		// No waiter to wake: only the head sleeps on time, and it reads the pace again when it wakes.
		this.pace = answer === 'accepted' ? paceAfterAccepted(this.pace, nowMs) : paceAfterBareRateLimit(this.pace, nowMs);
	}

	/** See paceAfterIdle: a gap without work must not count as time the provider refused. */
	private forgetEpisodeAfterIdle(): void {
		if (this.idleSinceMs === undefined) return;
		if (this.clock.now() - this.idleSinceMs >= IDLE_FORGETS_EPISODE_MS) this.pace = paceAfterIdle(this.pace);
		this.idleSinceMs = undefined;
	}

	private learnQuotas(seq: number, headers: ResponseHeaders): void {
		const nowMs = this.clock.now();
		const signal = parseRateLimitHeaders(headers, nowMs);
		if (seq < this.newestObservedSeq) return;
		this.newestObservedSeq = seq;
		// The provider counted this request and those that reached it earlier. Requests started after
		// this one may not have been counted yet, so they come off what is left; assuming they were
		// not is the side that never overshoots.
		const uncounted = [...this.inFlight].filter((other) => other > seq).length;
		const budgets = signal.quotas.flatMap((quota) => {
			// The window stands in for an unknown reset: it is the most the reset can be. A quota
			// with neither cannot be waited out, so it is left to the 429 and the retry policy's
			// backoff rather than allowed to hold starts forever.
			const resetAfterMs = quota.resetAfterMs ?? quota.windowMs;
			if (quota.remaining === undefined || resetAfterMs === undefined) return [];
			return [{ startsLeft: quota.remaining - uncounted, resetAtMs: nowMs + resetAfterMs }];
		});
		// An answer without a usable count (no headers, a policy alone) leaves the last count in
		// force until its reset; only a newer count replaces it.
		if (budgets.length === 0) return;
		this.budgets = budgets;
		this.notifyChange();
	}

	private nextChange(signal: AbortSignal | undefined): Promise<void> {
		return new Promise<void>((resolve, reject) => {
			const onAbort = (): void => {
				this.changeListeners.delete(onChange);
				reject(abortReason(signal));
			};
			const onChange = (): void => {
				signal?.removeEventListener('abort', onAbort);
				resolve();
			};
			this.changeListeners.add(onChange);
			signal?.addEventListener('abort', onAbort, { once: true });
		});
	}

	private notifyChange(): void {
		const listeners = this.changeListeners;
		this.changeListeners = new Set();
		for (const listener of listeners) listener();
	}
}

/**
 * Within a run the next item is admitted microseconds after the last one finished; a limiter idle
 * this long is between executions.
 */
const IDLE_FORGETS_EPISODE_MS = 1_000;

function normaliseOptions(options: LimiterOptions): LimiterOptions {
	// A form may hand over 0, a fraction or NaN; below 1 nothing could ever start.
	const maxConcurrent = Number.isFinite(options.maxConcurrent) ? Math.max(1, Math.floor(options.maxConcurrent)) : 1;
	const rate = options.maxRequestsPerSecond;
	return rate !== undefined && Number.isFinite(rate) && rate > 0
		? { maxConcurrent, maxRequestsPerSecond: rate }
		: { maxConcurrent };
}

function throwIfAborted(signal: AbortSignal | undefined): void {
	if (signal?.aborted === true) throw abortReason(signal);
}

function abortReason(signal: AbortSignal | undefined): Error {
	const reason: unknown = signal?.reason;
	return reason instanceof Error ? reason : new Error('The wait for the rate limiter was cancelled');
}
