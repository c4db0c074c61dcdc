import type { IDataObject } from 'n8n-workflow';

import type { MediaHosts } from '../contract/media';
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
	const base = connectlyBaseUrl(credentials);
	const businessId = encodePathSegment(credentialText(credentials, 'businessId'), 'Business ID');
	return `${base}/v1/businesses/${businessId}`;
}

/**
 * Where Get Media may fetch Connectly's attachments: its CDN (cdn.connectly.ai in Connectly's
 * webhook payload pages, probable) without the key, and its own API (the Base URL) with it.
 */
export const CONNECTLY_MEDIA_HOSTS: MediaHosts = {
	apiOrigin: (credentials) => new URL(connectlyBaseUrl(credentials)).origin,
	fileHosts: ['cdn.connectly.ai'],
	credentialGoesToFileHosts: false,
};

function connectlyBaseUrl(credentials: IDataObject): string {
	return normaliseBaseUrl(credentialText(credentials, 'baseUrl') || CONNECTLY_DEFAULT_BASE_URL, 'Base URL');
}
