import type { IDataObject } from 'n8n-workflow';

import { credentialText, CredentialSettingError, normaliseBaseUrl } from '../shared/endpoint';

/** Texter's API lives on the project's own host; sending and the credential test both start here. */
export const TEXTER_API_PATH = '/server/api/v2';

// A project ID is the first label of a host name.
const PROJECT_ID = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** `https://{projectId}.texterchat.com`, or the credential's Base URL when it overrides that. */
export function texterBaseUrl(credentials: IDataObject): string {
	const override = credentialText(credentials, 'baseUrl').trim();
	if (override !== '') return normaliseBaseUrl(override, 'Base URL');
	const projectId = credentialText(credentials, 'projectId').trim();
	if (projectId === '') throw new CredentialSettingError('The credential\'s Project ID is empty.');
	if (!PROJECT_ID.test(projectId)) {
		throw new CredentialSettingError(
			'The credential\'s Project ID may only contain letters, digits and hyphens: it is "your-project" in your-project.texterchat.com.',
		);
	}
	return `https://${projectId.toLowerCase()}.texterchat.com`;
}

export function texterSendUrl(baseUrl: string, chatId: string): string {
	// The chat ID was checked when the form was read ("." and ".." refused), so encoding suffices.
	return `${baseUrl}${TEXTER_API_PATH}/messages/send/${encodeURIComponent(chatId)}`;
}
