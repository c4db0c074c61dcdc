import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { runCredentialProbe } from '../shared/credentialProbe';
import { TEXTER_API_PATH, texterBaseUrl } from './endpoint';

/**
 * The Texter credential test asks for a chat that cannot exist, with "Get Chat by Chat ID". That
 * endpoint needs the same "Send session message" scope as sending, so the answer proves what a
 * send needs without messaging anyone: 404 (no such chat) means the token and its scope were
 * accepted, 401 a rejected token, 403 a missing scope. n8n's declarative credential test counts
 * only 2xx as success, hence a test function on the node (testedBy).
 */
const TEXTER_PROBE_CHAT_ID = 'n8n-credential-test-no-such-chat';

export function texterProbeUrl(baseUrl: string): string {
	return `${baseUrl}${TEXTER_API_PATH}/chats/${TEXTER_PROBE_CHAT_ID}`;
}

/** Reads the probe's answer. Pure, so every status can be table-tested. */
export function classifyTexterProbe(status: number): INodeCredentialTestResult {
	if (status === 404 || (status >= 200 && status < 300)) {
		return { status: 'OK', message: 'Texter accepted the API token and its "Send session message" scope.' };
	}
	if (status === 401) {
		return { status: 'Error', message: 'Texter rejected the API token (HTTP 401). Check the API Token.' };
	}
	if (status === 403) {
		return {
			status: 'Error',
			message:
				'The API token lacks the "Send session message" scope (HTTP 403). Add it in Texter: gear icon → Developers → API Tokens.',
		};
	}
	return { status: 'Error', message: `Texter answered HTTP ${status}; the credential could not be confirmed.` };
}

export async function testTexterCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	return await runCredentialProbe.call(this, credential, {
		url: (data) => texterProbeUrl(texterBaseUrl(data)),
		method: 'GET',
		tokenField: 'apiToken',
		classify: classifyTexterProbe,
		providerName: 'Texter',
		unreachableAdvice: 'Check the Project ID and Base URL.',
	});
}
