import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { isPlainObject } from '../message/formValues';
import { credentialText, sessionApiUrl } from './cloudApiProviders';
import { CredentialSettingError } from './endpoint';

/**
 * A body with no recipient: a provider that accepted the token and key rejects it as invalid
 * (400/422), one that did not answers 401/403. Nobody can receive a message from it.
 */
export const PROBE_BODY = { messaging_product: 'whatsapp' } as const;

/** Reads the probe's answer. Pure, so every status can be table-tested. */
export function classifyCredentialProbe(status: number): INodeCredentialTestResult {
	if (status === 401) {
		return { status: 'Error', message: 'The provider rejected the access token (HTTP 401). Check the Access Token.' };
	}
	if (status === 403) {
		return {
			status: 'Error',
			message: 'The provider refused these credentials (HTTP 403). Check the API Key and Phone Number ID.',
		};
	}
	if (status === 404) {
		return {
			status: 'Error',
			message: 'No session endpoint at this address (HTTP 404). Check the Domain and Session Endpoint Path.',
		};
	}
	if ((status >= 200 && status < 300) || status === 400 || status === 422) {
		return { status: 'OK', message: 'The provider accepted the access token and key.' };
	}
	return { status: 'Error', message: `The provider answered HTTP ${status}; the credentials could not be confirmed.` };
}

function tryResult<T>(compute: () => T): T | Error {
	try {
		return compute();
	} catch (error) {
		return error instanceof Error ? error : new Error(String(error));
	}
}

export async function testSessionApiCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const url = tryResult(() => sessionApiUrl(data));
	if (url instanceof Error) {
		const message = url instanceof CredentialSettingError ? url.message : 'The credential could not be read.';
		return { status: 'Error', message };
	}
	try {
		// ICredentialTestFunctions offers no other HTTP helper; `authenticate` is not applied to
		// credential tests, so the Bearer header is set here.
		// eslint-disable-next-line @n8n/community-nodes/no-deprecated-workflow-functions
		const response: unknown = await this.helpers.request({
			method: 'POST',
			uri: url,
			body: PROBE_BODY,
			json: true,
			headers: { Authorization: `Bearer ${credentialText(data, 'accessToken')}` },
			simple: false,
			resolveWithFullResponse: true,
			timeout: 15_000,
		});
		const status = isPlainObject(response) ? response.statusCode : undefined;
		if (typeof status !== 'number') {
			return { status: 'Error', message: 'The provider gave no HTTP status.' };
		}
		return classifyCredentialProbe(status);
	} catch (error) {
		// The error text of a failed connection can hold the URL, and the URL holds the key.
		const code = isPlainObject(error) && typeof error.code === 'string' ? ` (${error.code})` : '';
		return { status: 'Error', message: `Could not reach the provider${code}. Check the Domain.` };
	}
}
