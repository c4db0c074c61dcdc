import type { IDataObject } from 'n8n-workflow';

import { credentialText, encodePathSegment, normaliseBaseUrl } from '../shared/endpoint';

/** `{Base URL}/{version}`, under which every Graph API object lives: a phone number, a template list, a media file. */
export function metaGraphUrl(credentials: IDataObject): string {
	const base = normaliseBaseUrl(credentialText(credentials, 'baseUrl') || 'https://graph.facebook.com', 'Base URL');
	const version = encodePathSegment(credentialText(credentials, 'graphApiVersion') || 'v23.0', 'Graph API Version');
	return `${base}/${version}`;
}
