import { RateLimiter, type LimiterOptions, type RunResult } from '../../../nodes/WhatsAppSession/transport/limiter';
import { forgetSharedLimiters, getSharedLimiter } from '../../../nodes/WhatsAppSession/transport/sharedLimiters';
import type { ResponseHeaders } from '../../../nodes/WhatsAppSession/transport/rateLimitHeaders';
import { VirtualClock } from '../../support/virtualClock';

let clock: VirtualClock;
beforeEach(() => {
	clock = new VirtualClock(0);
	forgetSharedLimiters();
});
afterEach(() => expect(clock.pendingSleeps).toBe(0));

/** A provider's answer as the limiter sees it: only its headers teach it quotas. Pauses after a 429 are deliverMessage's (deliver.test.ts). */
interface ObservedResponse {
	statusCode: number;
	headers: ResponseHeaders;
}
const reply = (statusCode: number, headers: ResponseHeaders = {}): ObservedResponse => ({ statusCode, headers });
const OK = reply(200);

/** A fake request: records when it started, takes `latencyMs` of virtual time, then reports the quotas of `answer` through its slot. */
interface Probe {
	starts: number[];
	send(answer?: ObservedResponse, latencyMs?: number, signal?: AbortSignal, retry?: boolean): Promise<RunResult<number>>;
}

function probe(limiter: RateLimiter): Probe {
	const starts: number[] = [];
	return {
		starts,
		send: (answer = OK, latencyMs = 10, signal, retry) =>
			limiter.run(
				async (slot) => {
					const startedAt = clock.now();
					starts.push(startedAt);
					await clock.sleep(latencyMs);
					slot.learnQuotas(answer.headers);
					return startedAt;
				},
				{ signal, retry },
			),
	};
}

function limiterWith(options: LimiterOptions): [RateLimiter, Probe] {
	const limiter = new RateLimiter(clock, options);
	return [limiter, probe(limiter)];
}

describe('pacing by announced quotas', () => {
	// Each answer is observed at 10 ms (the first request's latency); the hold runs from there.
	test.each<[string, ResponseHeaders, number]>([
		['remaining 0 holds the next start until the reset', { 'RateLimit-Remaining': '0', 'RateLimit-Reset': '5' }, 5_010],
		['the window stands in for a missing reset', { 'RateLimit-Remaining': '0', 'RateLimit-Policy': '10;w=20' }, 20_010],
		['X-RateLimit-* with the reset in seconds', { 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '7' }, 7_010],
	])('%s', async (_name, headers, secondStart) => {
		const [, p] = limiterWith({ maxConcurrent: 1 });
		await p.send(reply(200, headers));
		await p.send();
		expect(p.starts).toEqual([0, secondStart]);
	});

	test('the seed dialect: 2 requests per 300 s, reset as a Go duration', async () => {
		const [, p] = limiterWith({ maxConcurrent: 1 });
		const seed = (remaining: number, reset: string): ObservedResponse =>
			reply(200, {
				'ratelimit-limit': '2',
				'ratelimit-policy': '2;w= 300',
				'ratelimit-remaining': String(remaining),
				'ratelimit-reset': reset,
			});
		await p.send(seed(1, '5m0s'));
		await p.send(seed(0, '4m59.99s'));
		await p.send(seed(1, '5m0s'));
		expect(p.starts).toEqual([0, 10, 20 + 299_990]);
	});

	test('a quota\'s count carries over: "remaining 1" allows exactly one more start before the reset', async () => {
		const [, p] = limiterWith({ maxConcurrent: 1 });
		await p.send(reply(200, { 'RateLimit-Remaining': '1', 'RateLimit-Reset': '60' }));
		await p.send(reply(200, { 'RateLimit-Policy': '100;w=60' })); // no count: the first answer's still binds
		await p.send(OK);
		expect(p.starts).toEqual([0, 10, 60_010]);
	});

	test('requests started after the observed one are taken off what remains', async () => {
		const [, p] = limiterWith({ maxConcurrent: 3 });
		const first = p.send(reply(200, { 'RateLimit-Remaining': '2', 'RateLimit-Reset': '1' }), 10);
		const others = [p.send(OK, 50), p.send(OK, 50)];
		const late = p.send();
		await Promise.all([first, ...others, late]);
		// The two still in flight started after the first, so the provider may not have counted
		// them: they use up "remaining 2", and the fourth waits for the reset.
		expect(p.starts).toEqual([0, 0, 0, 1_010]);
	});

	test('requests started before the observed one are taken as already counted', async () => {
		const [, p] = limiterWith({ maxConcurrent: 3 });
		const early = [p.send(OK, 50), p.send(OK, 50)];
		const last = p.send(reply(200, { 'RateLimit-Remaining': '2', 'RateLimit-Reset': '1' }), 10);
		const more = [p.send(), p.send(), p.send()];
		await Promise.all([...early, last, ...more]);
		// Two more starts fit the budget as slots free up; the third waits for the reset.
		expect(p.starts).toEqual([0, 0, 0, 10, 20, 1_010]);
	});

	test('a late answer from an older request does not undo a newer count', async () => {
		const [, p] = limiterWith({ maxConcurrent: 2 });
		const older = p.send(reply(200, { 'RateLimit-Remaining': '50', 'RateLimit-Reset': '1' }), 20);
		const newer = p.send(reply(200, { 'RateLimit-Remaining': '0', 'RateLimit-Reset': '1' }), 10);
		await Promise.all([older, newer]);
		await p.send();
		expect(p.starts).toEqual([0, 0, 1_010]);
	});

	test('draft-08: the most restrictive of several policies binds', async () => {
		const [, p] = limiterWith({ maxConcurrent: 1 });
		await p.send(
			reply(200, {
				'RateLimit-Policy': '"persec";q=10;w=1, "permin";q=50;w=60',
				RateLimit: '"persec";r=5;t=1, "permin";r=0;t=30',
			}),
		);
		await p.send();
		expect(p.starts).toEqual([0, 30_010]);
	});

	test('a quota whose reset has passed stops binding', async () => {
		const [, p] = limiterWith({ maxConcurrent: 1 });
		await p.send(reply(200, { 'RateLimit-Remaining': '0', 'RateLimit-Reset': '1' }));
		await p.send(OK, 5_000);
		await p.send();
		expect(p.starts).toEqual([0, 1_010, 6_010]);
	});

	test.each<[string, ResponseHeaders]>([
		['no headers', {}],
		['remaining 0 without reset or window', { 'RateLimit-Remaining': '0' }],
		['malformed values', { 'RateLimit-Remaining': 'none', 'RateLimit-Reset': 'soon', 'Retry-After': 'later' }],
		['remaining left', { 'RateLimit-Remaining': '7', 'RateLimit-Reset': '60' }],
		['Retry-After on a success', { 'Retry-After': '60' }],
	])('nothing to wait for: %s', async (_name, headers) => {
		const [, p] = limiterWith({ maxConcurrent: 1 });
		await p.send(reply(200, headers));
		await p.send();
		expect(p.starts).toEqual([0, 10]);
	});
});

describe('pauses (a 429\'s are applied by deliverMessage, see deliver.test.ts)', () => {
	test('a pause that grows while the head waits is honoured on waking, and order holds', async () => {
		const [limiter, p] = limiterWith({ maxConcurrent: 2 });
		limiter.pauseUntil(1_000);
		const first = p.send(OK, 10).then(() => 'first');
		await clock.sleep(500);
		limiter.pauseUntil(4_000);
		await clock.sleep(100);
		// Arrives after the pause grew: it must not overtake the head, whose sleep ended earlier.
		const second = p.send(OK, 10).then(() => 'second');
		const finished: string[] = [];
		await Promise.all([first, second].map(async (done) => finished.push(await done)));
		expect(p.starts).toEqual([4_000, 4_000]);
		expect(finished).toEqual(['first', 'second']);
	});
});

describe('client-side Max Requests per Second', () => {
	test('starts are spaced 1/rate apart even with free slots', async () => {
		const [, p] = limiterWith({ maxConcurrent: 10, maxRequestsPerSecond: 4 });
		await Promise.all(Array.from({ length: 6 }, () => p.send(OK, 1)));
		expect(p.starts).toEqual([0, 250, 500, 750, 1_000, 1_250]);
	});

	test('spacing and announced quotas combine: the later of the two wins', async () => {
		const [, p] = limiterWith({ maxConcurrent: 1, maxRequestsPerSecond: 2 });
		await p.send(reply(200, { 'RateLimit-Remaining': '0', 'RateLimit-Reset': '0.1' }));
		await p.send(reply(200, { 'RateLimit-Remaining': '0', 'RateLimit-Reset': '2' }));
		await p.send();
		expect(p.starts).toEqual([0, 500, 2_510]);
	});

	test.each([0, -5, Number.NaN])('a rate of %p means no cap', async (maxRequestsPerSecond) => {
		const [, p] = limiterWith({ maxConcurrent: 3, maxRequestsPerSecond });
		await Promise.all([p.send(), p.send(), p.send()]);
		expect(p.starts).toEqual([0, 0, 0]);
	});
});

describe('the pace learned from bare 429s (adaptivePace.ts)', () => {
	/** Runs one task that reports `answer` to the pace after `latencyMs`. */
	const answer = (limiter: RateLimiter, pace: 'accepted' | 'bareRateLimited', latencyMs = 0) =>
		limiter.run(async (slot) => {
			const startedAt = clock.now();
			await clock.sleep(latencyMs);
			slot.learnPace(pace);
			return startedAt;
		});

	/** Two episodes 1 s apart with 20 acceptances between: a measured share of 20/s, paced at 18/s. */
	async function measure(limiter: RateLimiter): Promise<void> {
		await answer(limiter, 'bareRateLimited');
		for (let index = 0; index < 20; index++) await answer(limiter, 'accepted', 10);
		await clock.sleep(1_000 - clock.now());
		await answer(limiter, 'bareRateLimited');
	}

	test('once measured, starts are spaced by the learned rate, like Max Requests per Second', async () => {
		const [limiter, p] = limiterWith({ maxConcurrent: 4 });
		await measure(limiter);
		await Promise.all([p.send(OK, 0), p.send(OK, 0), p.send(OK, 0)]);
		const gaps = p.starts.slice(1).map((start, index) => start - (p.starts[index] ?? 0));
		// 18/s (these sends teach the pace nothing, so it does not grow): 55.6 ms apart.
		expect(gaps).toHaveLength(2);
		for (const gap of gaps) expect(gap).toBeCloseTo(1_000 / 18, 6);
	});

	test('the user\'s Max Requests per Second still applies when it is the slower of the two', async () => {
		const [limiter, p] = limiterWith({ maxConcurrent: 4 });
		await measure(limiter);
		// A later execution's settings; the learned pace (18/s) stays, the cap of 5/s is slower.
		limiter.configure({ maxConcurrent: 4, maxRequestsPerSecond: 5 });
		await Promise.all([p.send(OK, 0), p.send(OK, 0), p.send(OK, 0)]);
		expect(p.starts.slice(1).map((start, index) => start - (p.starts[index] ?? 0))).toEqual([200, 200]);
	});

	test('after a bare 429 one request goes at a time until one is accepted, then all slots again', async () => {
		const limiter = new RateLimiter(clock, { maxConcurrent: 3 });
		await answer(limiter, 'bareRateLimited');
		const startedAt = await Promise.all([answer(limiter, 'accepted', 10), answer(limiter, 'accepted', 10), answer(limiter, 'accepted', 10)]);
		expect(startedAt.map((run) => (run.started ? run.value : Number.NaN))).toEqual([0, 10, 10]);
	});

	test('an idle second between executions restarts the measurement instead of counting as refused time', async () => {
		const [limiter, p] = limiterWith({ maxConcurrent: 1 });
		await answer(limiter, 'bareRateLimited');
		await clock.sleep(60_000);
		await answer(limiter, 'accepted');
		await answer(limiter, 'bareRateLimited');
		// Counted across the idle minute, 1 acceptance would pace at 0.9 per minute.
		await p.send(OK, 0);
		await p.send(OK, 0);
		expect(p.starts).toEqual([60_000, 60_000]);
	});
});

describe('bounded concurrency, first come first served', () => {
	test.each([1, 3, 7])('never more than %p at once, started in submission order', async (maxConcurrent) => {
		const limiter = new RateLimiter(clock, { maxConcurrent });
		let running = 0;
		let mostRunning = 0;
		const startOrder: number[] = [];
		const tasks = Array.from({ length: 25 }, (_, index) =>
			limiter.run(async () => {
				startOrder.push(index);
				running++;
				mostRunning = Math.max(mostRunning, running);
				await clock.sleep(((index * 7) % 13) + 1);
				running--;
				return index;
			}),
		);
		expect(await Promise.all(tasks)).toEqual(Array.from({ length: 25 }, (_, index) => ({ started: true, value: index })));
		expect(mostRunning).toBe(maxConcurrent);
		expect(startOrder).toEqual(Array.from({ length: 25 }, (_, index) => index));
		// Nothing is left running or queued: the next run starts at once.
		const idleAt = clock.now();
		await expect(limiter.run(async () => clock.now())).resolves.toEqual({ started: true, value: idleAt });
	});

	test('a retry joins ahead of newcomers but behind earlier retries, so item order holds', async () => {
		const limiter = new RateLimiter(clock, { maxConcurrent: 1 });
		const order: string[] = [];
		const item = (name: string, retry = false): Promise<RunResult<void>> =>
			limiter.run(
				async () => {
					order.push(name);
					await clock.sleep(10);
				},
				{ retry },
			);
		const running = item('first');
		const newcomers = [item('item 2'), item('item 3')];
		const retries = [item('retry of item 1', true), item('retry of item 0', true)];
		await Promise.all([running, ...newcomers, ...retries]);
		expect(order).toEqual(['first', 'retry of item 1', 'retry of item 0', 'item 2', 'item 3']);
	});

	test('a retry arriving while the head sleeps out a pause goes first when it ends', async () => {
		const [limiter, p] = limiterWith({ maxConcurrent: 1 });
		limiter.pauseUntil(1_000);
		const newcomer = p.send(OK, 10).then(() => 'newcomer');
		await clock.sleep(100);
		const retry = p.send(OK, 10, undefined, true).then(() => 'retry');
		const finished: string[] = [];
		await Promise.all([newcomer, retry].map(async (done) => finished.push(await done)));
		expect(finished).toEqual(['retry', 'newcomer']);
		expect(p.starts).toEqual([1_000, 1_010]);
	});

	test('a failing task frees its slot and its error reaches the caller', async () => {
		const [limiter, p] = limiterWith({ maxConcurrent: 1 });
		const failing = limiter.run(async () => {
			await clock.sleep(10);
			throw new Error('provider exploded');
		});
		const next = p.send();
		await expect(failing).rejects.toThrow('provider exploded');
		await next;
		expect(p.starts).toEqual([10]);
	});

	test.each([0, -1, 0.5, Number.NaN])('maxConcurrent %p still lets one task run', async (maxConcurrent) => {
		const [, p] = limiterWith({ maxConcurrent });
		await Promise.all([p.send(), p.send()]);
		expect(p.starts).toEqual([0, 10]);
	});
});

describe('cancellation', () => {
	test('an abort ends a wait for a pause at once, and the task never runs', async () => {
		const [limiter, p] = limiterWith({ maxConcurrent: 1 });
		limiter.pauseUntil(300_000);
		const controller = new AbortController();
		const waiting = p.send(OK, 10, controller.signal);
		const behind = p.send();
		await clock.sleep(1_000);
		controller.abort(new Error('execution cancelled'));
		await expect(waiting).rejects.toThrow('execution cancelled');
		expect(clock.now()).toBe(1_000);
		// The one behind it becomes the head and still starts when the pause ends.
		await behind;
		expect(p.starts).toEqual([300_000]);
	});

	test('an abort ends a wait for a free slot at once', async () => {
		const [, p] = limiterWith({ maxConcurrent: 1 });
		const long = p.send(OK, 10_000);
		const controller = new AbortController();
		const waiting = p.send(OK, 10, controller.signal);
		const behind = p.send();
		await clock.sleep(100);
		controller.abort();
		await expect(waiting).rejects.toThrow();
		expect(clock.now()).toBe(100);
		await Promise.all([long, behind]);
		expect(p.starts).toEqual([0, 10_000]);
	});

	test('an abort with no reason still rejects with an Error', async () => {
		const [limiter, p] = limiterWith({ maxConcurrent: 1 });
		limiter.pauseUntil(5_000);
		const controller = new AbortController();
		const waiting = p.send(OK, 10, controller.signal);
		await clock.sleep(1);
		controller.abort();
		await expect(waiting).rejects.toBeInstanceOf(Error);
	});

	test('an already aborted signal rejects without queueing or running the task', async () => {
		const limiter = new RateLimiter(clock, { maxConcurrent: 1 });
		const controller = new AbortController();
		controller.abort(new Error('cancelled before'));
		const task = jest.fn(async () => 'sent');
		await expect(limiter.run(task, { signal: controller.signal })).rejects.toThrow('cancelled before');
		expect(task).not.toHaveBeenCalled();
		// It never queued: the next run starts at once.
		await expect(limiter.run(async () => 'next')).resolves.toEqual({ started: true, value: 'next' });
	});

	test('a signal that never aborts changes nothing', async () => {
		const [, p] = limiterWith({ maxConcurrent: 1 });
		const controller = new AbortController();
		await Promise.all([p.send(OK, 10, controller.signal), p.send(OK, 10, controller.signal)]);
		expect(p.starts).toEqual([0, 10]);
	});
});

describe('shared registry', () => {
	test('the same key gives the same limiter, so executions pace together', async () => {
		const a = getSharedLimiter('cred:1|sender:1', { maxConcurrent: 1 }, clock);
		const b = getSharedLimiter('cred:1|sender:1', { maxConcurrent: 1 }, clock);
		expect(b).toBe(a);
		const [pa, pb] = [probe(a), probe(b)];
		await pa.send(reply(200, { 'RateLimit-Remaining': '0', 'RateLimit-Reset': '60' }));
		await pb.send();
		expect(pb.starts).toEqual([60_010]);
	});

	test('different keys never share state', async () => {
		const a = getSharedLimiter('cred:1|sender:1', { maxConcurrent: 1 }, clock);
		const otherSender = getSharedLimiter('cred:1|sender:2', { maxConcurrent: 1 }, clock);
		const otherCredential = getSharedLimiter('cred:2|sender:1', { maxConcurrent: 1 }, clock);
		expect(new Set([a, otherSender, otherCredential]).size).toBe(3);
		a.pauseUntil(1_000_000);
		const [po, pc] = [probe(otherSender), probe(otherCredential)];
		await Promise.all([po.send(), pc.send()]);
		expect([...po.starts, ...pc.starts]).toEqual([0, 0]);
		expect(a.nextStartAllowedAtMs(0)).toBe(1_000_000);
	});

	test('the newest caller\'s options apply to a shared limiter', async () => {
		getSharedLimiter('key', { maxConcurrent: 1 }, clock);
		const limiter = getSharedLimiter('key', { maxConcurrent: 2, maxRequestsPerSecond: 10 }, clock);
		const p = probe(limiter);
		await Promise.all([p.send(OK, 1_000), p.send(OK, 1_000), p.send(OK, 1_000)]);
		expect(p.starts).toEqual([0, 100, 1_000]);
	});

	test('forgetSharedLimiters starts afresh', () => {
		const before = getSharedLimiter('key', { maxConcurrent: 1 }, clock);
		forgetSharedLimiters();
		expect(getSharedLimiter('key', { maxConcurrent: 1 }, clock)).not.toBe(before);
	});
});

describe('maxProviderHoldMs: a hold longer than the caller allows ends the run unstarted', () => {
	const task = jest.fn(async () => 'sent');

	beforeEach(() => task.mockClear());

	test("a 429's pause beyond the bound: not started, the hold reported, the queue left clean", async () => {
		const limiter = new RateLimiter(clock, { maxConcurrent: 1 });
		limiter.pauseUntil(clock.now() + 60_000);
		await expect(limiter.run(task, { maxProviderHoldMs: 59_999 })).resolves.toEqual({ started: false, providerHoldMs: 60_000 });
		expect(task).not.toHaveBeenCalled();
		expect(clock.now()).toBe(0);
		// The queue is clean: a later run is not stuck behind the one held back.
		await expect(limiter.run(task, { maxProviderHoldMs: 60_000 })).resolves.toEqual({ started: true, value: 'sent' });
	});

	test('a pause within the bound is waited out', async () => {
		const limiter = new RateLimiter(clock, { maxConcurrent: 1 });
		limiter.pauseUntil(clock.now() + 60_000);
		await expect(limiter.run(task, { maxProviderHoldMs: 60_000 })).resolves.toEqual({ started: true, value: 'sent' });
		expect(clock.now()).toBe(60_000);
	});

	test("the user's own Max Requests per Second spacing is not a provider hold", async () => {
		const limiter = new RateLimiter(clock, { maxConcurrent: 1, maxRequestsPerSecond: 0.1 });
		await limiter.run(task, { maxProviderHoldMs: 1_000 });
		await expect(limiter.run(task, { maxProviderHoldMs: 1_000 })).resolves.toEqual({ started: true, value: 'sent' });
		expect(clock.now()).toBe(10_000);
	});

	test('the waiter behind a held-back head becomes the head and is judged by its own bound', async () => {
		const limiter = new RateLimiter(clock, { maxConcurrent: 1 });
		limiter.pauseUntil(clock.now() + 30_000);
		const [strict, patient] = await Promise.all([
			limiter.run(task, { maxProviderHoldMs: 10_000 }),
			limiter.run(task, { maxProviderHoldMs: 60_000 }),
		]);
		expect(strict).toEqual({ started: false, providerHoldMs: 30_000 });
		expect(patient).toEqual({ started: true, value: 'sent' });
		expect(clock.now()).toBe(30_000);
	});
});
