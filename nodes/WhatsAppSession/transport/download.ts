import type { ICredentialsDecrypted, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { parseAbsoluteUrl } from '../util/values';
import { isSuccessStatus, type HttpCall, type HttpResponse } from './http';
import { toHttpResponse } from './n8nHttp';
import type { ResponseHeaders } from './rateLimitHeaders';

/** Redirects a download may follow; each hop is decided like the first URL. */
const MAX_REDIRECTS = 5;

/** One hop of a download: its URL (which may hold a token) and whether the credential goes with it. */
export interface DownloadHop {
	url: string;
	withCredential: boolean;
}

/** Why a download was stopped on purpose; sendOnce only sees a network failure, so the reader keeps this for the item's error. */
export type DownloadStop =
	| { kind: 'tooLarge'; limitBytes: number }
	| { kind: 'redirectRefused'; host: string }
	| { kind: 'tooManyRedirects' };

export class DownloadStopped extends Error {
	constructor(readonly stop: DownloadStop) {
		super(`The download was stopped: ${stop.kind}`);
	}
}

interface DownloadSettings {
	timeoutMs: number;
	maxBytes: number;
	signal: AbortSignal | undefined;
	/** The next hop of a redirect, or undefined when it may not be followed. */
	nextHop(from: DownloadHop, to: URL): DownloadHop | undefined;
}

/**
 * A file's GET: n8n follows no redirect (its helper would re-send the credential to any origin),
 * so each hop is decided here; the bytes are counted as they arrive and the download stops past
 * the cap, whatever Content-Length claims. The run's cancel signal aborts it.
 */
export function n8nDownloadCall(
	context: IExecuteFunctions,
	credentials: ICredentialsDecrypted,
	settings: DownloadSettings,
): HttpCall<DownloadHop> {
	return async (first) => {
		let hop = first;
		for (let redirects = 0; ; redirects++) {
			const response = await getOnce(context, hop.withCredential ? credentials : undefined, hop.url, settings);
			const location = redirectLocation(response, new URL(hop.url));
			if (location === undefined) return await withCappedBody(response, settings);
			discard(response.body);
			if (redirects >= MAX_REDIRECTS) throw new DownloadStopped({ kind: 'tooManyRedirects' });
			const next = settings.nextHop(hop, location);
			if (next === undefined) throw new DownloadStopped({ kind: 'redirectRefused', host: location.host });
			hop = next;
		}
	};
}

async function getOnce(
	context: IExecuteFunctions,
	credentials: ICredentialsDecrypted | undefined,
	url: string,
	{ timeoutMs, signal }: DownloadSettings,
): Promise<HttpResponse> {
	const options: IHttpRequestOptions = {
		method: 'GET',
		url,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		disableFollowRedirect: true,
		timeout: timeoutMs,
		json: false,
		encoding: 'stream',
		...(signal !== undefined && { abortSignal: signal }),
	};
	const response: unknown =
		credentials === undefined
			? await context.helpers.httpRequest(options)
			: await context.helpers.httpRequestWithAuthentication.call(context, credentials.type, options, {
					credentialsDecrypted: credentials,
				});
	return toHttpResponse(response);
}

/** A 3xx's target, resolved against the URL that answered; undefined for any other answer. */
function redirectLocation(response: HttpResponse, from: URL): URL | undefined {
	if (response.statusCode < 300 || response.statusCode > 399) return undefined;
	const location = headerText(response.headers, 'location');
	if (location === undefined) return undefined;
	return parseAbsoluteUrl(new URL(location, from).href);
}

async function withCappedBody(response: HttpResponse, { maxBytes, signal }: DownloadSettings): Promise<HttpResponse> {
	if (!isSuccessStatus(response.statusCode)) {
		// A refusal's body is not read: nothing in it is used, and it could be as large as a file.
		discard(response.body);
		return { ...response, body: undefined };
	}
	const announced = Number(headerText(response.headers, 'content-length'));
	if (Number.isFinite(announced) && announced > maxBytes) {
		discard(response.body);
		throw new DownloadStopped({ kind: 'tooLarge', limitBytes: maxBytes });
	}
	return { ...response, body: await readCapped(response.body, maxBytes, signal) };
}

/** The body's bytes, up to `maxBytes`: one byte more stops the download. */
async function readCapped(body: unknown, maxBytes: number, signal: AbortSignal | undefined): Promise<Buffer> {
	if (Buffer.isBuffer(body)) return capped([body], body.length, maxBytes);
	if (!isByteStream(body)) throw new Error('n8n returned the file without its bytes');
	const stop = (): void => body.destroy(new Error('The execution was cancelled during the download'));
	signal?.addEventListener('abort', stop, { once: true });
	try {
		const chunks: Buffer[] = [];
		let total = 0;
		// Leaving the loop early (the cap) destroys the stream: the rest is never read.
		for await (const chunk of body) {
			const bytes = chunkBytes(chunk);
			total += bytes.length;
			if (total > maxBytes) throw new DownloadStopped({ kind: 'tooLarge', limitBytes: maxBytes });
			chunks.push(bytes);
		}
		return Buffer.concat(chunks, total);
	} finally {
		signal?.removeEventListener('abort', stop);
	}
}

function capped(chunks: Buffer[], total: number, maxBytes: number): Buffer {
	if (total > maxBytes) throw new DownloadStopped({ kind: 'tooLarge', limitBytes: maxBytes });
	return Buffer.concat(chunks, total);
}

function chunkBytes(chunk: unknown): Buffer {
	if (Buffer.isBuffer(chunk)) return chunk;
	if (chunk instanceof Uint8Array) return Buffer.from(chunk);
	if (typeof chunk === 'string') return Buffer.from(chunk, 'latin1');
	throw new Error('n8n returned a file chunk that is not bytes');
}

interface ByteStream extends AsyncIterable<unknown> {
	destroy(error?: Error): void;
}

function isByteStream(value: unknown): value is ByteStream {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof Reflect.get(value, Symbol.asyncIterator) === 'function' &&
		typeof Reflect.get(value, 'destroy') === 'function'
	);
}

/** An answer whose bytes are not wanted: its stream is closed so the connection is freed. */
function discard(body: unknown): void {
	if (isByteStream(body)) body.destroy();
}

function headerText(headers: ResponseHeaders, name: string): string | undefined {
	const value = headers[name] ?? headers[name.toLowerCase()];
	if (Array.isArray(value)) return value[0];
	return value === undefined ? undefined : String(value);
}
