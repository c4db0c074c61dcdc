import { createHmac } from 'crypto';

/**
 * What n8n does for `getSignedResumeUrl(params)` (n8n-core's signature helpers, read in 2.41.1):
 * the waiting URL of the execution and node, the params in order, then `signature` = the hex
 * HMAC-SHA256 of the path and query (without the signature) under the instance's secret. The
 * unit tests sign and verify with it, so a tampered reference is shown to fail n8n's own check.
 */
export function signResumeUrl(
	waitingBaseUrl: string,
	executionId: string,
	nodeId: string,
	params: Record<string, string>,
	secret: string,
): string {
	const url = new URL(`${waitingBaseUrl}/${executionId}/${encodeURIComponent(nodeId)}`);
	for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
	url.searchParams.set('signature', signatureOf(url, secret));
	return url.toString();
}

/** Whether n8n would accept this resume URL's signature. */
export function n8nAcceptsSignature(resumeUrl: string, secret: string): boolean {
	const url = new URL(resumeUrl);
	const provided = url.searchParams.get('signature');
	return provided !== null && provided === signatureOf(url, secret);
}

function signatureOf(url: URL, secret: string): string {
	const unsigned = new URL(url.toString());
	unsigned.searchParams.delete('signature');
	return createHmac('sha256', secret).update(`${unsigned.pathname}${unsigned.search}`).digest('hex');
}
