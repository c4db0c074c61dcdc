import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

import { toText } from '../util/values';

/**
 * What each credential's `authenticate` does: one secret of the credential, as one header.
 *
 * Why a function and not n8n's generic `={{$credentials.accessToken}}` template: n8n 2.x
 * resolves such a template as an expression, in its expression isolate, for every request, and
 * `npm run bench:n8n`'s profile measured 0.4 to 0.8 ms per message for it. A function is plain
 * JavaScript. n8n calls it wherever it applied the template (credentials-helper's `authenticate`,
 * in 1.x and 2.x alike): the node's requests, the credential's test, and the HTTP Request node
 * using this credential as a predefined credential type.
 *
 * The secret goes into the request's headers only; redaction (redact.ts) works on the
 * credential's values, wherever they appear, so it is not affected by how the header is made.
 */
export function withSecretHeader(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
	header: { name: string; secret: string; prefix?: string },
): IHttpRequestOptions {
	const secret = toText(credentials[header.secret]) ?? '';
	return { ...requestOptions, headers: { ...requestOptions.headers, [header.name]: `${header.prefix ?? ''}${secret}` } };
}
