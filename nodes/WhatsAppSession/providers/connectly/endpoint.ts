import type { IDataObject } from 'n8n-workflow';

import { credentialText, encodePathSegment, normaliseBaseUrl } from '../shared/endpoint';

const CONNECTLY_DEFAULT_BASE_URL = 'https://api.connectly.ai';

/** Session messages and templates go to two endpoints of the same business. */
export interface ConnectlyUrls {
	session: string;
	template: string;
	/** `{base}/v1/businesses/{businessId}`, under which every other endpoint lives. */
	business: string;
}

export function connectlyUrl(credentials: IDataObject): string {
	return `${connectlyBusinessUrl(credentials)}/send/messages`;
}

export function connectlyUrls(credentials: IDataObject): ConnectlyUrls {
	const business = connectlyBusinessUrl(credentials);
	return { session: `${business}/send/messages`, template: `${business}/send/whatsapp_templated_messages`, business };
}

function connectlyBusinessUrl(credentials: IDataObject): string {
	const base = normaliseBaseUrl(credentialText(credentials, 'baseUrl') || CONNECTLY_DEFAULT_BASE_URL, 'Base URL');
	const businessId = encodePathSegment(credentialText(credentials, 'businessId'), 'Business ID');
	return `${base}/v1/businesses/${businessId}`;
}

/**
 * Whether a URL is on Connectly's own API (the credential's Base URL): only there does the API key
 * go with a download. Attachment URLs on any other host are fetched without it.
 */
export function isConnectlyApiUrl(credentials: IDataObject, url: URL): boolean {
	const base = new URL(normaliseBaseUrl(credentialText(credentials, 'baseUrl') || CONNECTLY_DEFAULT_BASE_URL, 'Base URL'));
	return url.origin === base.origin;
}
