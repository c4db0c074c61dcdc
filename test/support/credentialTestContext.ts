import axios from 'axios';
import type { ICredentialTestFunctions, IDataObject } from 'n8n-workflow';

import { dataObjectOf, isDataObject } from './json';

/**
 * A stand-in for the context n8n gives a node's credential test function: its legacy `request`
 * helper over real HTTP, answering as n8n does for `simple: false, resolveWithFullResponse: true`.
 */
export function credentialTestContext(): ICredentialTestFunctions {
	return credentialTestContextWith(async (options) => {
		const response = await axios.request({
			method: String(options.method),
			url: String(options.uri),
			data: options.body,
			headers: stringValues(options.headers),
			timeout: typeof options.timeout === 'number' ? options.timeout : undefined,
			validateStatus: () => true,
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
