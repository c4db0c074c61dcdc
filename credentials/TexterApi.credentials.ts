import type { Icon, ICredentialDataDecryptedObject, ICredentialType, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { withSecretHeader } from '../nodes/WhatsAppSession/transport/credentialHeader';

/**
 * Texter (texterchat.com): a project, which names the API host, and an API token sent as Bearer.
 *
 * The credential test lives on the node (testedBy): the read-only request that needs the same
 * scope as sending asks for a chat, and the useful test asks for one that does not exist, so a
 * good token answers 404, which n8n's declarative test would count as a failure.
 */
export class TexterApi implements ICredentialType {
	name = 'texterApi';

	displayName = 'Texter API';

	icon: Icon = {
		light: 'file:../nodes/WhatsAppSession/whatsAppSession.svg',
		dark: 'file:../nodes/WhatsAppSession/whatsAppSession.dark.svg',
	};

	documentationUrl = 'https://help.texterchat.com/api-reference/authentication';

	properties: INodeProperties[] = [
		{
			displayName: 'Project ID',
			name: 'projectId',
			type: 'string',
			default: '',
			placeholder: 'your-project',
			required: true,
			description: 'The first part of your Texter address: "your-project" in your-project.texterchat.com',
		},
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'In Texter: gear icon → Developers → API Tokens. The token needs the "Send session message" scope.',
		},
		{
			displayName: 'Webhook Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'For the WhatsApp Session Trigger only: a long random text you also put in the Texter subscription\'s request header X-Webhook-Secret. Texter signs nothing, so the trigger refuses every request without it.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://your-project.texterchat.com',
			description: 'Leave empty to use https://{Project ID}.texterchat.com. Set it only to route through a proxy.',
		},
	];

	// A function, not a `={{$credentials.apiToken}}` template, so n8n evaluates no expression per request (see withSecretHeader).
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return withSecretHeader(credentials, requestOptions, { name: 'Authorization', secret: 'apiToken', prefix: 'Bearer ' });
	}
}
