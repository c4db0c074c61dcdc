import axios from 'axios';
import type { ICredentialTestFunctions, IDataObject } from 'n8n-workflow';

import { dataObjectOf, isDataObject } from './json';

/**
 * A stand-in for the context n8n gives a node's credential test function: its legacy `request`
 * helper over real HTTP, answering as n8n does for `simple: false, resolveWithFullResponse: true`.
 * Redirects as n8n 2.41's legacy adapter takes them: a GET follows unless `followRedirect: false`,
 * any method follows with `followAllRedirects`, and Authorization goes along to any origin.
 */
export function credentialTestContext(): ICredentialTestFunctions {
	return credentialTestContextWith(async (options) => {
		const method = String(options.method ?? 'GET');
		const headers = stringValues(options.headers);
		const follows = (options.followRedirect !== false && (method === 'GET' || method === 'HEAD')) || options.followAllRedirects === true;
		const response = await axios.request({
			method,
			url: String(options.uri),
			data: options.body,
			headers,
			timeout: typeof options.timeout === 'number' ? options.timeout : undefined,
			validateStatus: () => true,
			maxRedirects: follows ? 5 : 0,
			beforeRedirect: (redirected: { headers?: Record<string, unknown> }) => {
				if (headers.Authorization !== undefined && redirected.headers !== undefined) redirected.headers.Authorization = headers.Authorization;
			},
		});
		const body: unknown = response.data;
		return { statusCode: response.status, body };
	});
}

/**
 * The whole credential-test context, typed as n8n declares it, with its one HTTP helper given by
 * the test. A credential test has no business with SSH tunnels or the logger, so those fail loudly.
 */
export function credentialTestContextWith(request: (options: IDataObject) => Promise<unknown>): ICredentialTestFunctions {
	const unexpected = (what: string) => () => {
		throw new Error(`a credential test used ${what}, which the test context does not provide`);
	};
	return {
		logger: { error: unexpected('logger.error'), warn: unexpected('logger.warn'), info: unexpected('logger.info'), debug: unexpected('logger.debug') },
		helpers: {
			request: async (uriOrObject: string | object) => await request(dataObjectOf(uriOrObject)),
			getSSHClient: async () => await Promise.reject(new Error('a credential test asked for an SSH client')),
			updateLastUsed: unexpected('helpers.updateLastUsed'),
		},
	};
}

/** HTTP header values as text; a header n8n's helper would drop (undefined, null) is left out. */
function stringValues(headers: unknown): Record<string, string> {
	if (!isDataObject(headers)) return {};
	return Object.fromEntries(
		Object.entries(headers).flatMap(([name, value]) => (value === undefined || value === null ? [] : [[name, String(value)]])),
	);
}

/**
 * Resolves a credential's `={{ … }}` template the way n8n's expression engine would for the
 * simple expressions credentials use (`$credentials.x`, string methods, encodeURIComponent).
 */
export function resolveCredentialTemplate(template: string, credentials: IDataObject): string {
	const text = template.startsWith('=') ? template.slice(1) : template;
	return text.replace(/\{\{([\s\S]+?)\}\}/g, (_match, expression: string) => {
		// Test-only: evaluates the credential's own expression text against test data.
		const evaluate = new Function('$credentials', `return (${expression});`);
		const value: unknown = evaluate(credentials);
		return String(value);
	});
}
