import type { IDataObject } from 'n8n-workflow';

import { toText } from '../message/formValues';
import { decodeCloudApiAccepted, decodeCloudApiError, encodeCloudApiBody } from './cloudApi';
import { encodePathSegment, fillPathTemplate, normaliseBaseUrl } from './endpoint';
import type { ProviderAdapter } from './types';

export const DEFAULT_SESSION_PATH = '/api/v1.0/{phoneNumberId}/{key}/simpleMessages';

/** A Cloud-API-format provider on its own domain: key and phone number id in the path, Bearer token. */
export const sessionApiProvider: ProviderAdapter = {
	name: 'whatsAppSessionApi',
	credentialType: 'whatsAppSessionApi',
	connect: (credentials) => {
		const url = sessionApiUrl(credentials);
		return {
			encode: (message) => ({ method: 'POST', url, body: encodeCloudApiBody(message) }),
			secrets: [credentialText(credentials, 'apiKey'), credentialText(credentials, 'accessToken')],
			senderKey: url,
		};
	},
	decodeAccepted: decodeCloudApiAccepted,
	decodeError: decodeCloudApiError,
};

export function sessionApiUrl(credentials: IDataObject): string {
	const base = normaliseBaseUrl(credentialText(credentials, 'domain'), 'Domain');
	const template = credentialText(credentials, 'sessionPath') || DEFAULT_SESSION_PATH;
	const path = fillPathTemplate(
		template,
		{
			phoneNumberId: encodePathSegment(credentialText(credentials, 'phoneNumberId'), 'Phone Number ID'),
			key: encodePathSegment(credentialText(credentials, 'apiKey'), 'API Key'),
		},
		'Session Endpoint Path',
	);
	return `${base}${path}`;
}

/** Meta's own Cloud API: the same bodies at graph.facebook.com/{version}/{phone-number-id}/messages. */
export const metaCloudApiProvider: ProviderAdapter = {
	name: 'whatsAppCloudApi',
	credentialType: 'whatsAppCloudApi',
	connect: (credentials) => {
		const url = metaCloudApiUrl(credentials);
		return {
			encode: (message) => ({ method: 'POST', url, body: encodeCloudApiBody(message) }),
			secrets: [credentialText(credentials, 'accessToken')],
			senderKey: url,
		};
	},
	decodeAccepted: decodeCloudApiAccepted,
	decodeError: decodeCloudApiError,
};

export function metaCloudApiUrl(credentials: IDataObject): string {
	const base = normaliseBaseUrl(credentialText(credentials, 'baseUrl') || 'https://graph.facebook.com', 'Base URL');
	const version = encodePathSegment(credentialText(credentials, 'graphApiVersion') || 'v23.0', 'Graph API Version');
	const phoneNumberId = encodePathSegment(credentialText(credentials, 'phoneNumberId'), 'Phone Number ID');
	return `${base}/${version}/${phoneNumberId}/messages`;
}

export function credentialText(credentials: IDataObject, key: string): string {
	return toText(credentials[key]) ?? '';
}
