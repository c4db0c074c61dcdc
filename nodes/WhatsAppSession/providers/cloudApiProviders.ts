import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { MEDIA_KINDS } from '../message/types';
import { decodeCloudApiAccepted, decodeCloudApiError, encodeCloudApiBody } from './cloudApi';
import { classifyCredentialProbe, PROBE_BODY, runCredentialProbe } from './credentialProbe';
import { credentialText, encodePathSegment, fillPathTemplate, normaliseBaseUrl } from './endpoint';
import { isSuccessAnswer, NO_EXTRAS, rateLimitedBy } from './providerSupport';
import type { ProviderAdapter, ProviderCapabilities } from './types';

export const DEFAULT_SESSION_PATH = '/api/v1.0/{phoneNumberId}/{key}/simpleMessages';

/** The Cloud API message format carries every message type, file and option WhatsApp has. */
const CLOUD_API_FORMAT_CARRIES: ProviderCapabilities = {
	contentTypes: ['text', 'media', 'location', 'contacts', 'replyButtons', 'list', 'ctaUrl', 'locationRequest', 'reaction'],
	mediaKinds: MEDIA_KINDS,
	messageFields: ['previewUrl', 'replyToMessageId'],
};

/** Meta's API and every Cloud-API-format provider: the same bodies, answers and error codes. */
function cloudApiFormatProvider<Id extends string>(
	declaration: Pick<ProviderAdapter<never, Id>, 'id' | 'credentialType' | 'credentialFields' | 'choice' | 'credentialTest'>,
	urlOf: (credentials: IDataObject) => string,
	secretFields: string[],
): ProviderAdapter<never, Id> {
	return {
		...declaration,
		recipientKind: 'whatsAppUser',
		carries: CLOUD_API_FORMAT_CARRIES,
		extras: NO_EXTRAS,
		connect: (credentials) => {
			const url = urlOf(credentials);
			return {
				encode: (message) => ({ method: 'POST', url, body: encodeCloudApiBody(message) }),
				secrets: secretFields.map((field) => credentialText(credentials, field)),
				senderKey: url,
			};
		},
		isAccepted: isSuccessAnswer,
		isRateLimited: rateLimitedBy(decodeCloudApiError),
		decodeAccepted: decodeCloudApiAccepted,
		decodeError: decodeCloudApiError,
	};
}

/**
 * A Cloud-API-format provider on its own domain: key and phone number id in the path, Bearer
 * token. Its credential type keeps the name `whatsAppSessionApi`, which users' workflows store.
 */
export const cloudApiCompatibleProvider = cloudApiFormatProvider(
	{
		id: 'cloudApiCompatible',
		credentialType: 'whatsAppSessionApi',
		credentialFields: {
			address: 'Domain',
			endpoint: ['Domain', 'Phone Number ID', 'Session Endpoint Path'],
			secrets: ['API Key', 'Access Token'],
		},
		choice: {
			name: 'Cloud-API-Format Provider',
			description: 'A WhatsApp Business API provider on its own domain (domain, phone number ID, key, token)',
		},
		// A probe whose success is a 400 (a message with no recipient), which n8n's declarative test counts as a failure.
		credentialTest: { name: 'whatsAppSessionApiCredentialTest', test: testCloudApiCompatibleCredential },
	},
	cloudApiCompatibleUrl,
	['apiKey', 'accessToken'],
);

export function cloudApiCompatibleUrl(credentials: IDataObject): string {
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
export const metaCloudApiProvider = cloudApiFormatProvider(
	{
		id: 'metaCloudApi',
		credentialType: 'whatsAppCloudApi',
		credentialFields: {
			address: 'Base URL',
			endpoint: ['Phone Number ID', 'Graph API Version', 'Base URL'],
			secrets: ['Access Token'],
		},
		choice: { name: 'Meta WhatsApp Cloud API', description: 'Meta\'s own Cloud API at graph.facebook.com' },
	},
	metaCloudApiUrl,
	['accessToken'],
);

export function metaCloudApiUrl(credentials: IDataObject): string {
	const base = normaliseBaseUrl(credentialText(credentials, 'baseUrl') || 'https://graph.facebook.com', 'Base URL');
	const version = encodePathSegment(credentialText(credentials, 'graphApiVersion') || 'v23.0', 'Graph API Version');
	const phoneNumberId = encodePathSegment(credentialText(credentials, 'phoneNumberId'), 'Phone Number ID');
	return `${base}/${version}/${phoneNumberId}/messages`;
}

export async function testCloudApiCompatibleCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	return await runCredentialProbe.call(this, credential, {
		url: cloudApiCompatibleUrl,
		method: 'POST',
		body: PROBE_BODY,
		tokenField: 'accessToken',
		classify: classifyCredentialProbe,
		providerName: 'the provider',
		unreachableAdvice: 'Check the Domain.',
	});
}
