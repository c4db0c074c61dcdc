import axios from 'axios';
import type { ICredentialTestFunctions, IDataObject } from 'n8n-workflow';

/**
 * A stand-in for the context n8n gives a node's credential test function: its legacy `request`
 * helper over real HTTP, answering as n8n does for `simple: false, resolveWithFullResponse: true`.
 */
export function credentialTestContext(): ICredentialTestFunctions {
	const context = {
		helpers: {
			request: async (options: { method: string; uri: string; body?: unknown; headers: Record<string, string>; timeout: number }) => {
				const response = await axios.request({
					method: options.method,
					url: options.uri,
					data: options.body,
					headers: options.headers,
					timeout: options.timeout,
					validateStatus: () => true,
				});
				return { statusCode: response.status, body: response.data as unknown };
			},
		},
	};
	return context as unknown as ICredentialTestFunctions;
}

/**
 * Resolves a credential's `={{ … }}` template the way n8n's expression engine would for the
 * simple expressions credentials use (`$credentials.x`, string methods, encodeURIComponent).
 */
export function resolveCredentialTemplate(template: string, credentials: IDataObject): string {
	const text = template.startsWith('=') ? template.slice(1) : template;
	return text.replace(/\{\{([\s\S]+?)\}\}/g, (_match, expression: string) => {
		// Test-only: evaluates the credential's own expression text against test data.
		const evaluate = new Function('$credentials', `return (${expression});`) as (values: IDataObject) => unknown;
		return String(evaluate(credentials));
	});
}
