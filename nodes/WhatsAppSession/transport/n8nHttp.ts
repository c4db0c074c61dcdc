import type { ICredentialsDecrypted, IExecuteFunctions, IHttpRequestOptions, ILoadOptionsFunctions } from 'n8n-workflow';

import { isPlainObject } from '../util/values';
import type { HttpCall, HttpResponse } from './http';
import type { ResponseHeaders } from './rateLimitHeaders';

/**
 * n8n's helper follows redirects and, by default, sends the credential's Authorization along to
 * any origin (other headers, such as an API key, too). No request to a provider's API follows one:
 * a redirect comes back as the answer, so a send answered 307 is not an acceptance and no key
 * reaches the host it names. Downloads decide each hop themselves (download.ts).
 */
export const STAY_ON_THE_PROVIDER: Pick<IHttpRequestOptions, 'disableFollowRedirect'> = { disableFollowRedirect: true };

/**
 * The only place the node does HTTP: through n8n's request helper, which applies the credential's
 * `authenticate` (so the token is never handled here) and honours n8n's proxy and TLS settings.
 * Every status comes back as a response, so the transport alone decides what is an error.
 * The credentials the run already decrypted go along: without them n8n reads the credential from
 * its database and decrypts it again for every request (measured in bench/n8n: 12 to 14 % of
 * n8n's CPU per message).
 */
export function n8nHttpCall(context: IExecuteFunctions, credentials: ICredentialsDecrypted, timeoutMs: number): HttpCall {
	return async (request) => {
		const options: IHttpRequestOptions = {
			method: request.method,
			url: request.url,
			// n8n's helper sends a Buffer as it is when the Content-Type is given, boundary and all.
			...('multipart' in request
				? { body: request.multipart.bytes, headers: { 'Content-Type': request.multipart.contentType } }
				: { body: request.body }),
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			...STAY_ON_THE_PROVIDER,
			timeout: timeoutMs,
		};
		const response: unknown = await context.helpers.httpRequestWithAuthentication.call(context, credentials.type, options, {
			credentialsDecrypted: credentials,
		});
		return toHttpResponse(response);
	};
}

/** A GET of something the provider holds (Get Media's metadata and file): it has no body and changes nothing there. */
export interface ReadRequest {
	/** May hold secrets (a key in the path, a token in a download link's query): never shown to users or logged. */
	url: string;
}

/**
 * A GET of the provider's API (Get Media's metadata), with the run's decrypted credential applied
 * as n8nHttpCall does, so n8n does not decrypt it again per read. The file itself is a download
 * (download.ts): its host, size and redirects are decided there.
 */
export function n8nReadCall(context: IExecuteFunctions, credentials: ICredentialsDecrypted, timeoutMs: number): HttpCall<ReadRequest> {
	return async (request) => {
		const options: IHttpRequestOptions = {
			method: 'GET',
			url: request.url,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			...STAY_ON_THE_PROVIDER,
			timeout: timeoutMs,
			json: true,
		};
		const response: unknown = await context.helpers.httpRequestWithAuthentication.call(context, credentials.type, options, {
			credentialsDecrypted: credentials,
		});
		return toHttpResponse(response);
	};
}

/** A read for the form (a list to pick from): the same helper and credential, outside any execution. */
export async function n8nFormRequest(
	context: ILoadOptionsFunctions,
	credentialType: string,
	request: { method: 'GET' | 'POST'; url: string },
	timeoutMs: number,
): Promise<HttpResponse> {
	const options: IHttpRequestOptions = {
		method: request.method,
		url: request.url,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		...STAY_ON_THE_PROVIDER,
		timeout: timeoutMs,
	};
	return toHttpResponse(await context.helpers.httpRequestWithAuthentication.call(context, credentialType, options));
}

export function toHttpResponse(response: unknown): HttpResponse {
	if (!isPlainObject(response) || typeof response.statusCode !== 'number') {
		// Only a changed n8n helper contract could lead here; fail loudly rather than guess.
		throw new Error('n8n returned an HTTP response without a status code');
	}
	return {
		statusCode: response.statusCode,
		headers: isResponseHeaders(response.headers) ? response.headers : {},
		body: response.body,
	};
}

function isResponseHeaders(value: unknown): value is ResponseHeaders {
	return (
		isPlainObject(value) &&
		Object.values(value).every(
			(entry) =>
				entry === undefined ||
				typeof entry === 'string' ||
				typeof entry === 'number' ||
				(Array.isArray(entry) && entry.every((part) => typeof part === 'string')),
		)
	);
}
