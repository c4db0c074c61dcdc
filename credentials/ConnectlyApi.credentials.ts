import type { Icon, ICredentialDataDecryptedObject, ICredentialTestRequest, ICredentialType, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { withSecretHeader } from '../nodes/WhatsAppSession/transport/credentialHeader';

/** Connectly (connectly.ai): an API key sent as X-API-Key, scoped to one business. */
export class ConnectlyApi implements ICredentialType {
	name = 'connectlyApi';

	displayName = 'Connectly API';

	icon: Icon = {
		light: 'file:../nodes/WhatsAppSession/whatsAppSession.svg',
		dark: 'file:../nodes/WhatsAppSession/whatsAppSession.dark.svg',
	};

	documentationUrl = 'https://docs.connectly.ai/messaging/session-messages';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'From the Connectly dashboard, or your account manager. Sent as the X-API-Key header.',
		},
		{
			displayName: 'Business ID',
			name: 'businessId',
			type: 'string',
			default: '',
			required: true,
			description: 'Your Connectly business ID; it is part of every request path',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.connectly.ai',
			description: 'Change only to route through a proxy that forwards to Connectly',
		},
		{
			displayName: 'Webhook Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'For the WhatsApp Session Trigger: the secret Connectly signs webhooks with (the x-connectly-hmac-sha256 header). With it the trigger refuses any request Connectly did not sign. Without it, anyone who knows the webhook URL can post to it.',
		},
	];

	// A function, not a `={{$credentials.apiKey}}` template, so n8n evaluates no expression per request (see withSecretHeader).
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return withSecretHeader(credentials, requestOptions, { name: 'X-API-Key', secret: 'apiKey' });
	}

	// Listing the business's webhook registrations is read-only, so it messages nobody, and it
	// needs both the key (401 otherwise) and the business ID (404 otherwise): a 2xx proves both,
	// which is exactly what n8n's declarative test counts as success.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '=/v1/businesses/{{encodeURIComponent($credentials.businessId)}}/webhooks',
			method: 'GET',
			// n8n would follow a redirect with the credential to any origin; the test does not follow one.
			disableFollowRedirect: true,
		},
	};
}
