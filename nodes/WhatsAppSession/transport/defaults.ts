/**
 * Every delivery default in one place: the retry policy, the router and the node's form all read
 * these, so what the form shows is what an untouched field does.
 */
export const DELIVERY_DEFAULTS = Object.freeze({
	/** A provider that answers nothing for this long fails the item (Options › Timeout). */
	timeoutMs: 30_000,
	/** 1 keeps requests in item order. */
	concurrency: 1,
	/** 0: no client-side cap; pacing follows what the provider announces. */
	maxRequestsPerSecond: 0,
	// A 429 means the message was not accepted, so resending is safe; enough retries that bare 429s
	// (base 250 ms, doubling to 30 s) are waited out for about two minutes before an item fails.
	maxRetries: 10,
	// A 5-minute window (the Messangi seed: 2 requests per 300 s) plus slack for a reset that the
	// provider rounds up or that the clock sees a little late.
	maxWaitMs: 310_000,
	// Short enough that a provider announcing nothing is not left idle for most of its next window
	// (measured: 1 s cost about 15 % of a 100/s limit in bench/throughput.ts).
	baseDelayMs: 250,
	maxBackoffMs: 30_000,
	// A resend after a 5xx may deliver the message twice: only the user may accept that risk.
	retryServerErrors: false,
});
