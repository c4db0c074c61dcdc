import type { Icon, ICredentialDataDecryptedObject, ICredentialType, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { withSecretHeader } from '../nodes/WhatsAppSession/transport/credentialHeader';

/**
 * A WhatsApp Business API provider that speaks the Meta Cloud API message format on its own
 * domain, with the phone number id and an API key in the URL path and a Bearer token.
 *
 * The credential test lives on the node (testedBy): a useful test must read "400 for a message
 * with no recipient" as "the token and key were accepted", and n8n's declarative credential test
 * treats every non-2xx answer as a failure.
 */
export class WhatsAppSessionApi implements ICredentialType {
	name = 'whatsAppSessionApi';

	displayName = 'Cloud-API-Format Provider (Domain and Key) API';

	icon: Icon = {
		light: 'file:../nodes/WhatsAppSession/whatsAppSession.svg',
		dark: 'file:../nodes/WhatsAppSession/whatsAppSession.dark.svg',
	};

	documentationUrl = 'https://github.com/n8n-nodes-whatsapp-session/n8n-nodes-whatsapp-session#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Domain',
			name: 'domain',
			type: 'string',
			default: '',
			placeholder: 'api.example.com',
			required: true,
			description: 'Base URL of your provider\'s API. https:// is assumed when no scheme is given.',
		},
		{
			displayName: 'Phone Number ID',
			name: 'phoneNumberId',
			type: 'string',
			default: '',
			required: true,
			description: 'The ID of the WhatsApp business phone number that sends the messages',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The key your provider issued; it is part of the request path',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Sent as "Authorization: Bearer &lt;token&gt;"',
		},
		{
			displayName: 'Session Endpoint Path',
			name: 'sessionPath',
			type: 'string',
			default: '/api/v1.0/{phoneNumberId}/{key}/simpleMessages',
			description:
				'Advanced: the path of the session-message endpoint. {phoneNumberId} and {key} are replaced by the values above. Change it only for another Cloud-API-format provider.',
		},
		{
			displayName: 'Hub Verification Token',
			name: 'verifyToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'For the WhatsApp Session Trigger only: any text you choose. Type the same text as the Hub Verification Token in your provider\'s webhook settings, so the trigger can answer its verification request.',
		},
		{
			displayName: 'Webhook Signing Secret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'For the WhatsApp Session Trigger only, if your provider signs webhooks the way Meta does (an X-Hub-Signature-256 header): the secret it signs with. Requests without a valid signature are then refused. Leave empty if it does not sign them.',
		},
		{
			displayName: 'Template Endpoint Path',
			name: 'templatePath',
			type: 'string',
			default: '/api/v1.0/{phoneNumberId}/{key}/messages',
			description:
				'Advanced: the path of the endpoint that takes template messages (Send Template, and the fallback when the 24-hour window is closed). {phoneNumberId} and {key} are replaced as above.',
		},
		{
			displayName: 'Media Upload Path',
			name: 'mediaUploadPath',
			type: 'string',
			default: '',
			placeholder: '/api/v1.0/{phoneNumberId}/{key}/media',
			description:
				'Advanced: where Send Media uploads an n8n binary file (a multipart form, as Meta\'s /media takes it). Empty by default, because the provider publishes no upload endpoint that we know of: until you set the path your provider confirms, send files by Public URL. {phoneNumberId} and {key} are replaced as above.',
		},
		{
			displayName: 'Media Download Path',
			name: 'mediaDownloadPath',
			type: 'string',
			default: '',
			placeholder: '/api/v1.0/{phoneNumberId}/{key}/media/{mediaId}',
			description:
				'Advanced, for Get Media: where the provider gives a received file\'s details (its URL, MIME type and sha256), as Meta does at /{version}/{mediaId}. Empty by default, because the provider publishes no such endpoint that we know of: Get Media works once you set the path your provider confirms. {mediaId} is the file\'s ID; {phoneNumberId} and {key} are replaced as above.',
		},
	];

	// A function, not a `={{$credentials.accessToken}}` template, so n8n evaluates no expression per request (see withSecretHeader).
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return withSecretHeader(credentials, requestOptions, { name: 'Authorization', secret: 'accessToken', prefix: 'Bearer ' });
	}
}
