import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { isPlainObject } from '../../util/values';
import { credentialText, CredentialSettingError } from './endpoint';

/**
 * A body with no recipient: a provider that accepted the token and key rejects it as invalid
 * (400/422), one that did not answers 401/403. Nobody can receive a message from it.
 */
export const PROBE_BODY: IDataObject = { messaging_product: 'whatsapp' };

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

interface CredentialProbe {
	/** Builds the probe URL from the credential; a CredentialSettingError names the bad field. */
	url: (data: IDataObject) => string;
	method: 'GET' | 'POST';
	body?: IDataObject;
	/** The credential field holding the Bearer token. */
	tokenField: string;
	classify: (status: number) => INodeCredentialTestResult;
	/** Who answers, as it reads inside a sentence: "the provider", "Texter". */
	providerName: string;
	/** What to check when the provider cannot be reached. */
	unreachableAdvice: string;
}

/**
 * One request that proves the credential without messaging anyone, read by its status alone.
 * ICredentialTestFunctions offers only the legacy request helper (no httpRequest, in n8n-workflow's
 * type and in n8n core's CredentialTestContext), and `authenticate` is not applied to credential
 * tests, so the Bearer header is set here. n8n's scanner flags that helper as deprecated; the
 * one exception in eslint.config.js says why this file keeps it.
 */
export async function runCredentialProbe(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
	probe: CredentialProbe,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const url = tryResult(() => probe.url(data));
	if (url instanceof Error) {
		const message = url instanceof CredentialSettingError ? url.message : 'The credential could not be read.';
		return { status: 'Error', message };
	}
	try {
		const response: unknown = await this.helpers.request({
			method: probe.method,
			uri: url,
			...(probe.body !== undefined && { body: probe.body }),
			json: true,
			headers: { Authorization: `Bearer ${credentialText(data, probe.tokenField)}` },
			simple: false,
			resolveWithFullResponse: true,
			// A redirect is the answer: n8n would re-send the token to whatever origin it names.
			followRedirect: false,
			followAllRedirects: false,
			timeout: 15_000,
		});
		const status = isPlainObject(response) ? response.statusCode : undefined;
		if (typeof status !== 'number') {
			return { status: 'Error', message: `${capitalise(probe.providerName)} gave no HTTP status.` };
		}
		return probe.classify(status);
	} catch (error) {
		// The error text of a failed connection can hold the URL, and the URL may hold the key.
		const code = isPlainObject(error) && typeof error.code === 'string' ? ` (${error.code})` : '';
		return { status: 'Error', message: `Could not reach ${probe.providerName}${code}. ${probe.unreachableAdvice}` };
	}
}

function tryResult<T>(compute: () => T): T | Error {
	try {
		return compute();
	} catch (error) {
		return error instanceof Error ? error : new Error(String(error));
	}
}

function capitalise(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}
