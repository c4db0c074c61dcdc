// Rate-limit modes for the mock provider, as responders for `MockProvider.respondWith(...)`.
// A fixed window or a token bucket decides which requests get through; the provider announces
// itself in any of the header generations real servers send (or not at all); and a ledger counts
// accepted messages by a per-item marker, so tests can prove none was lost or accepted twice.

import { cloudApiAccepted, cloudApiError, type MockReply, type MockResponder, type RecordedRequest } from './mockProvider';

/** How the provider announces its limit. */
export type HeaderGeneration =
	| 'none' // bare 429s, no rate-limit fields at all
	| 'draft03' // RateLimit-Limit with an inline policy "10, 10;w=1", -Remaining, -Reset
	| 'draft06' // RateLimit-Limit/-Remaining/-Reset plus a separate RateLimit-Policy
	| 'draft07' // one dictionary: RateLimit: limit=10, remaining=0, reset=1
	| 'draft08' // RateLimit-Policy: "default";q=10;w=1 and RateLimit: "default";r=0;t=1
	| 'xratelimit' // X-RateLimit-Limit/-Remaining/-Reset
	| 'seed001' // exactly the Messangi seed: lowercase, "2;w= 300", reset as a Go duration
	| 'malformed'; // every field present but unreadable

export interface RateLimitedOptions {
	/** Requests per window; for the token bucket also its capacity (it refills `limit` per window). */
	limit: number;
	windowMs: number;
	announce: HeaderGeneration;
	/** Adds Retry-After to each 429. Default none. */
	retryAfter?: 'none' | 'seconds' | 'httpDate';
	/** Every answer, accepted or not, waits this long (the limit is counted on arrival). */
	latencyMs?: number;
	/**
	 * The drafts write resets and windows in whole seconds, rounded up here so a client never comes
	 * back early (default). false writes fractions, for windows scaled down below a second.
	 */
	wholeSeconds?: boolean;
	/** X-RateLimit-Reset as delay-seconds or as a Unix timestamp (default), both seen in the wild. */
	xResetAs?: 'seconds' | 'epochSeconds';
	/** The success answer; gets the count of accepted messages before this one. Default: Cloud API. */
	accept?: MockResponder;
	/** What identifies one item's message. Default: the Cloud API text body, else the raw body. */
	markerOf?: (request: RecordedRequest) => string;
	/** Injected for deterministic tests; real time by default. */
	now?: () => number;
}

/** What the provider accepted, by marker: the proof of exactly-once delivery. */
export class DeliveryLedger {
	/** marker → how many times it was accepted */
	readonly acceptedByMarker = new Map<string, number>();

	readonly acceptedAt: number[] = [];

	requests = 0;

	rateLimited = 0;

	get accepted(): number {
		return this.acceptedAt.length;
	}

	/** Markers accepted more than once: each is a message the recipient got twice. */
	duplicates(): string[] {
		return [...this.acceptedByMarker].filter(([, count]) => count > 1).map(([marker]) => marker);
	}

	/** Acceptances beyond the first of each marker: how many messages recipients got a second (third…) time. */
	extraDeliveries(): number {
		return [...this.acceptedByMarker.values()].reduce((sum, count) => sum + Math.max(0, count - 1), 0);
	}

	/** Expected markers never accepted: each is a lost message. */
	missing(expected: Iterable<string>): string[] {
		return [...expected].filter((marker) => !this.acceptedByMarker.has(marker));
	}

	record(marker: string, atMs: number): void {
		this.acceptedByMarker.set(marker, (this.acceptedByMarker.get(marker) ?? 0) + 1);
		this.acceptedAt.push(atMs);
	}
}

export interface RateLimitedResponder {
	respond: MockResponder;
	ledger: DeliveryLedger;
}

/** What a limiter tells the responder about one arriving request. */
export interface Admission {
	allowed: boolean;
	/** Requests left after this one, as the provider would announce it. */
	remaining: number;
	/** Until the quota is whole again: the window's end, or the bucket refilled to capacity. */
	resetMs: number;
}

type Admit = (nowMs: number) => Admission;

/** Counts requests per window; windows follow one another from the first request on. */
export function fixedWindowResponder(options: RateLimitedOptions): RateLimitedResponder {
	let origin: number | undefined;
	let windowIndex = 0;
	let used = 0;
	return rateLimitedResponder(options, (nowMs) => {
		origin ??= nowMs;
		const index = Math.floor((nowMs - origin) / options.windowMs);
		if (index !== windowIndex) {
			windowIndex = index;
			used = 0;
		}
		const resetMs = origin + (index + 1) * options.windowMs - nowMs;
		if (used >= options.limit) return { allowed: false, remaining: 0, resetMs };
		used++;
		return { allowed: true, remaining: options.limit - used, resetMs };
	});
}

/** Starts full with `limit` tokens and refills `limit` per window, continuously. */
export function tokenBucketResponder(options: RateLimitedOptions): RateLimitedResponder {
	const refillPerMs = options.limit / options.windowMs;
	let tokens = options.limit;
	let last: number | undefined;
	return rateLimitedResponder(options, (nowMs) => {
		tokens = Math.min(options.limit, tokens + (nowMs - (last ?? nowMs)) * refillPerMs);
		last = nowMs;
		const allowed = tokens >= 1;
		if (allowed) tokens -= 1;
		return { allowed, remaining: Math.floor(tokens), resetMs: (options.limit - tokens) / refillPerMs };
	});
}

/** No limit at all: every request is accepted after `latencyMs`, still counted in a ledger by its marker. */
export function acceptEveryResponder(latencyMs: number, markerOf: (request: RecordedRequest) => string = textMarker): RateLimitedResponder {
	const ledger = new DeliveryLedger();
	const delay = latencyMs > 0 ? { delayMs: latencyMs } : {};
	return {
		ledger,
		respond: (request, index) => {
			ledger.requests++;
			ledger.record(markerOf(request), Date.now());
			return { ...cloudApiAccepted(request, index), ...delay };
		},
	};
}

function rateLimitedResponder(options: RateLimitedOptions, admit: Admit): RateLimitedResponder {
	const ledger = new DeliveryLedger();
	const now = options.now ?? Date.now;
	const accept = options.accept ?? cloudApiAccepted;
	const markerOf = options.markerOf ?? textMarker;
	const delay = options.latencyMs !== undefined && options.latencyMs > 0 ? { delayMs: options.latencyMs } : {};
	const respond: MockResponder = (request) => {
		const nowMs = now();
		ledger.requests++;
		const admission = admit(nowMs);
		const headers = announce(options, admission, nowMs);
		if (!admission.allowed) {
			ledger.rateLimited++;
			return { ...tooManyRequests(options, admission, nowMs, headers), ...delay };
		}
		const acceptedBefore = ledger.accepted;
		ledger.record(markerOf(request), nowMs);
		const reply = accept(request, acceptedBefore);
		return { ...reply, headers: { ...reply.headers, ...headers }, ...delay };
	};
	return { respond, ledger };
}

function tooManyRequests(
	options: RateLimitedOptions,
	admission: Admission,
	nowMs: number,
	headers: Record<string, string>,
): MockReply {
	const retryAfter = retryAfterHeader(options, admission.resetMs, nowMs);
	const body =
		options.announce === 'seed001'
			? { errors: { reason: 'Too Many Requests' } }
			: cloudApiError(429, 130429, '(#130429) Rate limit hit').body;
	return { status: 429, headers: { ...headers, ...retryAfter }, body };
}

function retryAfterHeader(options: RateLimitedOptions, resetMs: number, nowMs: number): Record<string, string> {
	if (options.announce === 'malformed') return { 'Retry-After': 'tomorrow' };
	if (options.retryAfter === 'seconds') return { 'Retry-After': seconds(options, resetMs) };
	// An HTTP-date has whole seconds; rounding up keeps the client from coming back early.
	if (options.retryAfter === 'httpDate') {
		return { 'Retry-After': new Date(Math.ceil((nowMs + resetMs) / 1000) * 1000).toUTCString() };
	}
	return {};
}

/** The rate-limit fields of one answer, in the chosen generation's spelling. */
export function announce(options: RateLimitedOptions, admission: Admission, nowMs: number): Record<string, string> {
	const limit = String(options.limit);
	const window = seconds(options, options.windowMs);
	const reset = seconds(options, admission.resetMs);
	const remaining = String(admission.remaining);
	switch (options.announce) {
		case 'none':
			return {};
		case 'draft03':
			return { 'RateLimit-Limit': `${limit}, ${limit};w=${window}`, 'RateLimit-Remaining': remaining, 'RateLimit-Reset': reset };
		case 'draft06':
			return {
				'RateLimit-Limit': limit,
				'RateLimit-Remaining': remaining,
				'RateLimit-Reset': reset,
				'RateLimit-Policy': `${limit};w=${window}`,
			};
		case 'draft07':
			return { RateLimit: `limit=${limit}, remaining=${remaining}, reset=${reset}`, 'RateLimit-Policy': `${limit};w=${window}` };
		case 'draft08':
			return { 'RateLimit-Policy': `"default";q=${limit};w=${window}`, RateLimit: `"default";r=${remaining};t=${reset}` };
		case 'xratelimit':
			return {
				'X-RateLimit-Limit': limit,
				'X-RateLimit-Remaining': remaining,
				'X-RateLimit-Reset':
					options.xResetAs === 'seconds' ? reset : String(Math.ceil((nowMs + admission.resetMs) / 1000)),
			};
		case 'seed001':
			return {
				'ratelimit-limit': limit,
				// Its reset is exact (a Go duration), so the window is too: `w= 0.4` for a scaled-down test.
				'ratelimit-policy': `${limit};w= ${exactSeconds(options.windowMs)}`,
				// The seed's 429 still says "remaining: 1" of 2: reproduced, so clients learn not to trust it.
				'ratelimit-remaining': admission.allowed ? remaining : String(Math.max(0, options.limit - 1)),
				'ratelimit-reset': goDuration(admission.resetMs),
			};
		case 'malformed':
			return {
				'RateLimit-Limit': 'many',
				'RateLimit-Remaining': '-1',
				'RateLimit-Reset': 'soon',
				'RateLimit-Policy': 'q=?;w=',
				RateLimit: 'limit=?, remaining, reset=later',
				'X-RateLimit-Reset': 'NaN',
			};
	}
}

/** Go's time.Duration.String() at millisecond precision: "5m0s", "1m30s", "300ms", "1h2m3.5s", "0s". */
export function goDuration(ms: number): string {
	const total = Math.max(0, Math.round(ms));
	if (total === 0) return '0s';
	if (total < 1000) return `${total}ms`;
	const hours = Math.floor(total / 3_600_000);
	const minutes = Math.floor((total % 3_600_000) / 60_000);
	const secondsText = `${Number(((total % 60_000) / 1000).toFixed(3))}s`;
	if (hours > 0) return `${hours}h${minutes}m${secondsText}`;
	if (minutes > 0) return `${minutes}m${secondsText}`;
	return secondsText;
}

function seconds(options: RateLimitedOptions, ms: number): string {
	return options.wholeSeconds === false ? exactSeconds(ms) : String(Math.ceil(ms / 1000));
}

function exactSeconds(ms: number): string {
	return String(Number((ms / 1000).toFixed(3)));
}

function textMarker(request: RecordedRequest): string {
	const body = request.body;
	if (typeof body === 'object' && body !== null && 'text' in body) {
		const text: unknown = body.text;
		if (typeof text === 'object' && text !== null && 'body' in text && typeof text.body === 'string') return text.body;
	}
	return request.rawBody;
}
