/** What the trigger watches of n8n's HTTP response: Node's ServerResponse, which Express's extends. */
export interface WatchedResponse {
	readonly statusCode: number;
	readonly writableFinished: boolean;
	once(event: 'finish' | 'close', listener: () => void): unknown;
}

/**
 * Calls `settle` once, with whether n8n took the events: it answers the provider 2xx only after it
 * has started (or, in queue mode, enqueued) the execution, and 5xx when that failed
 * (webhook-helpers.js, executeWebhook: WorkflowRunner.run, then the response; its catch answers
 * with an error). A connection closed before the answer was written counts as not taken: the
 * provider got no 2xx, so it delivers again, and running twice is better than never.
 */
export function settleWhenAnswered(response: WatchedResponse, settle: (taken: boolean) => void): void {
	let settled = false;
	const once = (taken: boolean): void => {
		if (settled) return;
		settled = true;
		settle(taken);
	};
	response.once('finish', () => once(isSuccess(response.statusCode)));
	response.once('close', () => once(response.writableFinished && isSuccess(response.statusCode)));
}

function isSuccess(statusCode: number): boolean {
	return statusCode >= 200 && statusCode < 300;
}
