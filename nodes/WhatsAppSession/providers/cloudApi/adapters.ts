import { randomBytes } from 'node:crypto';
import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { MEDIA_KINDS, type SessionContentType } from '../../message/types';
import { encodeCloudApiBody } from './encode';
import { decodeCloudApiAccepted, decodeCloudApiError } from './answers';
import { CLOUD_API_COMPATIBLE_MEDIA_HOSTS, decodeCloudApiMediaMetadata, META_MEDIA_HOSTS } from './media';
import { metaTemplateCatalog } from './template';
import { metaGraphUrl } from './metaEndpoint';
import { classifyCredentialProbe, PROBE_BODY, runCredentialProbe } from '../shared/credentialProbe';
import { credentialText, CredentialSettingError, encodePathSegment, fillPathTemplate, normaliseBaseUrl } from '../shared/endpoint';
import { encodeMultipartForm } from '../shared/multipart';
import { isSuccessAnswer, NO_EXTRAS, rateLimitedBy } from '../shared/providerSupport';
import { decodeMetaWebhook } from './webhook';
import type { InboundDeclaration } from '../contract/inbound';
import type { ProviderCapabilities } from '../contract/sending';
import type { MediaUpload, UploadFile, UploadRequest } from '../contract/media';
import type { ProviderAdapter } from '../contract/adapter';
import { isPlainObject, toText } from '../../util/values';

export const DEFAULT_SESSION_PATH = '/api/v1.0/{phoneNumberId}/{key}/simpleMessages';

/** The seed's provider takes templates at `…/messages`, beside its `…/simpleMessages` session endpoint. */
export const DEFAULT_TEMPLATE_PATH = '/api/v1.0/{phoneNumberId}/{key}/messages';

/**
 * The seed's provider publishes no upload or download endpoint (its examples send media by link):
 * the Media Upload and Download Paths start empty, and a file from n8n or Get Media needs the user
 * to set the path their provider confirms. A guessed path would send files, and the API key in its
 * path, to an endpoint nobody promised.
 */
const MEDIA_PATH_UNSET =
	'is empty: this provider publishes no such endpoint that we know of (its own examples send media by link). Ask your provider for the path, set it in the credential, and run again; or send the file by Public URL';

/** Where a Cloud-API-format provider takes session messages and templates; Meta takes both at one URL. */
interface CloudApiFormatUrls {
	session: string;
	template: string;
}

/**
 * Templates go to the template endpoint. So do read receipts: they are no session message, and the
 * seed's provider takes Meta's full message API (read receipts included, unverified) at that
 * `…/messages` path, keeping `…/simpleMessages` for session messages.
 */
function endpointFor(type: SessionContentType, urls: CloudApiFormatUrls): string {
	return type === 'template' || type === 'readReceipt' ? urls.template : urls.session;
}

/** The Cloud API message format carries every message type, file and option WhatsApp has. */
const CLOUD_API_FORMAT_CARRIES: ProviderCapabilities = {
	contentTypes: [
		'text', 'media', 'location', 'contacts', 'replyButtons', 'list', 'ctaUrl', 'locationRequest',
		'product', 'productList', 'catalog', 'flow', 'reaction', 'template', 'readReceipt',
	],
	mediaKinds: MEDIA_KINDS,
	messageFields: ['previewUrl', 'replyToMessageId', 'voiceNote'],
};

/** Meta's webhooks, which Cloud-API-format providers forward: signed like Meta's when signed at all. */
const META_FORMAT_WEBHOOKS = {
	signature: { header: 'x-hub-signature-256', encoding: 'hex', prefix: 'sha256=' },
	decode: decodeMetaWebhook,
	repliesCarryChoiceIds: true,
	decodesFlowReplies: true,
	reportsAccountEvents: true,
} satisfies Pick<InboundDeclaration, 'signature' | 'decode' | 'repliesCarryChoiceIds' | 'decodesFlowReplies' | 'reportsAccountEvents'>;

/** Meta's API and every Cloud-API-format provider: the same bodies, answers and error codes. */
function cloudApiFormatProvider<Id extends string>(
	declaration: Pick<
		ProviderAdapter<never, Id>,
		'id' | 'credentialType' | 'credentialFields' | 'choice' | 'credentialTest' | 'inbound' | 'media' | 'templates'
	>,
	urlsOf: (credentials: IDataObject) => CloudApiFormatUrls,
	secretFields: string[],
): ProviderAdapter<never, Id> {
	return {
		...declaration,
		recipientKind: 'whatsAppUser',
		carries: CLOUD_API_FORMAT_CARRIES,
		extras: NO_EXTRAS,
		connect: (credentials) => {
			const urls = urlsOf(credentials);
			return {
				encode: (message) => ({
					method: 'POST',
					url: endpointFor(message.content.type, urls),
					body: encodeCloudApiBody(message),
				}),
				// Webhook secrets are optional: an empty one is no secret to hide.
				secrets: secretFields.map((field) => credentialText(credentials, field)).filter((secret) => secret !== ''),
				// Both endpoints draw on the same number's quota.
				senderKey: urls.session,
			};
		},
		isAccepted: isSuccessAnswer,
		isRateLimited: rateLimitedBy(decodeCloudApiError),
		decodeAccepted: decodeCloudApiAccepted,
		decodeError: decodeCloudApiError,
	};
}

/**
 * Meta's media upload (`POST …/media`): a multipart form with `messaging_product`, `type` (the
 * MIME type) and `file`; the answer is `{"id": "<media id>"}`. Cloud-API-format providers copy it.
 */
function cloudApiMediaUpload(uploadUrlOf: (credentials: IDataObject) => string): MediaUpload {
	return {
		// The URL is made for each upload, not when the run starts: a credential whose upload path is
		// unset fails the items that upload a file, and no other item.
		connect: (credentials) => (file) => encodeCloudApiUpload(uploadUrlOf(credentials), file, randomBytes(16).toString('hex')),
		decodeMediaId: (body) => (isPlainObject(body) ? toText(body.id) : undefined),
	};
}

/** The boundary is a parameter so that tests can rebuild the exact bytes. */
export function encodeCloudApiUpload(url: string, file: UploadFile, boundary: string): UploadRequest {
	const multipart = encodeMultipartForm(
		[
			{ field: 'messaging_product', text: 'whatsapp' },
			// Absent from Meta's OpenAPI spec's upload schema, but asked for by its media guide: kept.
			{ field: 'type', text: file.mimeType },
			{ field: 'file', file },
		],
		`----whatsAppSessionUpload${boundary}`,
	);
	return { method: 'POST', url, multipart };
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
			endpoint: ['Domain', 'Phone Number ID', 'Session Endpoint Path', 'Template Endpoint Path'],
			secrets: ['API Key', 'Access Token'],
		},
		choice: {
			name: 'Cloud-API-Format Provider',
			description: 'A WhatsApp Business API provider on its own domain (domain, phone number ID, key, token)',
		},
		// A probe whose success is a 400 (a message with no recipient), which n8n's declarative test counts as a failure.
		credentialTest: { name: 'whatsAppSessionApiCredentialTest', test: testCloudApiCompatibleCredential },
		inbound: {
			...META_FORMAT_WEBHOOKS,
			signingSecret: { name: 'appSecret', label: 'Webhook Signing Secret' },
			// Its documentation describes no signature: an unset secret cannot mean "refuse everything".
			signatureOptional: true,
			// Its dashboard posts the challenge in a JSON body; Meta-style GETs may come from a provider that forwards Meta's.
			handshakes: ['queryChallenge', 'bodyChallenge'],
			verifyToken: { name: 'verifyToken', label: 'Hub Verification Token' },
			setupHelp:
				'In your provider\'s dashboard (Settings → API → Webhook), paste this URL and the credential\'s Hub Verification Token',
		},
		media: {
			// Both paths start empty (MEDIA_PATH_UNSET): an item that needs one fails before any request.
			upload: {
				...cloudApiMediaUpload((credentials) => cloudApiCompatibleUrl(credentials, 'upload')),
				setupHint: 'With a Cloud-API-format provider, a file from n8n needs the credential\'s Media Upload Path, which starts empty: set the upload path your provider confirms, or send the file by Public URL.',
			},
			download: {
				takes: 'mediaId',
				metadataUrl: (credentials, mediaId) =>
					cloudApiCompatibleUrl(credentials, 'mediaDownload', { mediaId: encodeURIComponent(mediaId) }),
				decodeMetadata: decodeCloudApiMediaMetadata,
				hosts: CLOUD_API_COMPATIBLE_MEDIA_HOSTS,
				setupHint: 'With a Cloud-API-format provider, Get Media needs the credential\'s Media Download Path, which starts empty: set the path your provider confirms for a file\'s details.',
			},
		},
	},
	(credentials) => ({
		session: cloudApiCompatibleUrl(credentials),
		template: cloudApiCompatibleUrl(credentials, 'template'),
	}),
	['apiKey', 'accessToken', 'appSecret', 'verifyToken'],
);

/** The path settings of the credential: each with its field, its label and its default. */
const CLOUD_API_COMPATIBLE_PATHS = {
	session: { field: 'sessionPath', label: 'Session Endpoint Path', fallback: DEFAULT_SESSION_PATH },
	// Credentials saved before templates existed have no such field: they get the default.
	template: { field: 'templatePath', label: 'Template Endpoint Path', fallback: DEFAULT_TEMPLATE_PATH },
	upload: { field: 'mediaUploadPath', label: 'Media Upload Path', fallback: '' },
	mediaDownload: { field: 'mediaDownloadPath', label: 'Media Download Path', fallback: '' },
} as const;

export function cloudApiCompatibleUrl(
	credentials: IDataObject,
	endpoint: keyof typeof CLOUD_API_COMPATIBLE_PATHS = 'session',
	/** Per-request segments (a media id), already encoded. */
	requestSegments: Record<string, string> = {},
): string {
	const base = normaliseBaseUrl(credentialText(credentials, 'domain'), 'Domain');
	const setting = CLOUD_API_COMPATIBLE_PATHS[endpoint];
	const written = credentialText(credentials, setting.field).trim() || setting.fallback;
	if (written === '') throw new CredentialSettingError(`The credential's ${setting.label} ${MEDIA_PATH_UNSET}.`);
	const path = fillPathTemplate(
		written,
		{
			phoneNumberId: encodePathSegment(credentialText(credentials, 'phoneNumberId'), 'Phone Number ID'),
			key: encodePathSegment(credentialText(credentials, 'apiKey'), 'API Key'),
			...requestSegments,
		},
		setting.label,
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
		inbound: {
			...META_FORMAT_WEBHOOKS,
			signingSecret: { name: 'appSecret', label: 'App Secret' },
			handshakes: ['queryChallenge'],
			verifyToken: { name: 'verifyToken', label: 'Verify Token' },
			setupHelp:
				'In the Meta App Dashboard (WhatsApp → Configuration → Webhook), paste this URL as the Callback URL and the credential\'s Verify Token, then subscribe to the "messages" field',
		},
		templates: metaTemplateCatalog,
		media: {
			upload: cloudApiMediaUpload((credentials) => metaCloudApiUrl(credentials, 'media')),
			download: {
				takes: 'mediaId',
				metadataUrl: (credentials, mediaId) => `${metaGraphUrl(credentials)}/${encodeURIComponent(mediaId)}`,
				decodeMetadata: decodeCloudApiMediaMetadata,
				hosts: META_MEDIA_HOSTS,
			},
		},
	},
	(credentials) => {
		const url = metaCloudApiUrl(credentials);
		return { session: url, template: url };
	},
	['accessToken', 'appSecret', 'verifyToken'],
);

/** The phone number's edge: `messages` takes every message, `media` takes uploads. */
export function metaCloudApiUrl(credentials: IDataObject, edge: 'messages' | 'media' = 'messages'): string {
	const phoneNumberId = encodePathSegment(credentialText(credentials, 'phoneNumberId'), 'Phone Number ID');
	return `${metaGraphUrl(credentials)}/${phoneNumberId}/${edge}`;
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
