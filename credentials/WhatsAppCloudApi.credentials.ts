import type { Icon, ICredentialDataDecryptedObject, ICredentialTestRequest, ICredentialType, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { withSecretHeader } from '../nodes/WhatsAppSession/transport/credentialHeader';

/** Meta's own WhatsApp Cloud API: the same message bodies, sent to graph.facebook.com. */
export class WhatsAppCloudApi implements ICredentialType {
	name = 'whatsAppCloudApi';

	displayName = 'Meta WhatsApp Cloud API';

	icon: Icon = {
		light: 'file:../nodes/WhatsAppSession/whatsAppSession.svg',
		dark: 'file:../nodes/WhatsAppSession/whatsAppSession.dark.svg',
	};

	documentationUrl = 'https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'A system-user or temporary access token with the whatsapp_business_messaging permission',
		},
		{
			displayName: 'Phone Number ID',
			name: 'phoneNumberId',
			type: 'string',
			default: '',
			required: true,
			description: 'The ID of the sending phone number, from WhatsApp Manager or the App Dashboard',
		},
		{
			displayName: 'WhatsApp Business Account ID',
			name: 'businessAccountId',
			type: 'string',
			default: '',
			description: 'Optional: the account that owns the templates, for the template picker of Send Template. In WhatsApp Manager under Account tools, or in the App Dashboard.',
		},
		{
			displayName: 'Graph API Version',
			name: 'graphApiVersion',
			type: 'string',
			default: 'v23.0',
			description: 'The Graph API version in the request path, for example v23.0',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://graph.facebook.com',
			description: 'Change only to route through a proxy that forwards to the Graph API',
		},
		{
			displayName: 'App Secret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'For the WhatsApp Session Trigger: your Meta app\'s App Secret (App Dashboard → App settings → Basic). With it the trigger refuses any request Meta did not sign. Without it, anyone who knows the webhook URL can post to it.',
		},
		{
			displayName: 'Verify Token',
			name: 'verifyToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'For the WhatsApp Session Trigger: any text you choose. Type the same text as the Verify Token next to the Callback URL in the App Dashboard (WhatsApp → Configuration).',
		},
	];

	// A function, not a `={{$credentials.accessToken}}` template, so n8n evaluates no expression per request (see withSecretHeader).
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return withSecretHeader(credentials, requestOptions, { name: 'Authorization', secret: 'accessToken', prefix: 'Bearer ' });
	}

	// Reading the phone number's own record proves the token can act for it, and messages nobody.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}/{{$credentials.graphApiVersion}}',
			url: '=/{{encodeURIComponent($credentials.phoneNumberId)}}',
			method: 'GET',
			qs: { fields: 'id,display_phone_number' },
			// n8n would follow a redirect with the credential to any origin; the test does not follow one.
			disableFollowRedirect: true,
		},
	};
}
