// The credentials `npm run demo` imports into n8n, one per provider, all pointing at the local
// mock provider. The example workflows in examples/ refer to them by these ids and names (a unit
// test holds them to it), so they run in the demo as imported.

/** What a workflow node writes under `credentials: { <type>: { id, name } }`. */
export interface CredentialRef {
	id: string;
	name: string;
}

/** Credential type → the demo credential of that type. */
export const DEMO_CREDENTIAL_REFS = {
	whatsAppSessionApi: { id: 'demo-session', name: 'WhatsApp Session (demo)' },
	whatsAppCloudApi: { id: 'demo-meta', name: 'WhatsApp Cloud API (demo)' },
	connectlyApi: { id: 'demo-connectly', name: 'Connectly (demo)' },
	texterApi: { id: 'demo-texter', name: 'Texter (demo)' },
} as const satisfies Record<string, CredentialRef>;

export type DemoCredentialType = keyof typeof DEMO_CREDENTIAL_REFS;

/**
 * Made-up secrets. They only ever go to the mock on 127.0.0.1, which prints requests with them
 * replaced by <redacted>, as a log of a real provider's traffic should.
 */
export const DEMO_SECRETS = {
	sessionApiKey: 'demo-api-key',
	sessionAccessToken: 'demo-access-token',
	metaAccessToken: 'demo-meta-token',
	connectlyApiKey: 'demo-connectly-key',
	texterApiToken: 'demo-texter-token',
	// What the trigger checks webhooks against: `run.js customer` signs with these, as the
	// provider would, and the handshakes present the verify tokens.
	sessionWebhookSecret: 'demo-session-webhook-secret',
	sessionVerifyToken: 'demo-session-verify-token',
	metaAppSecret: 'demo-meta-app-secret',
	metaVerifyToken: 'demo-meta-verify-token',
	connectlyWebhookSecret: 'demo-connectly-webhook-secret',
} as const;

export const DEMO_PHONE_NUMBER_ID = '100000000000001';

export interface DemoCredential extends CredentialRef {
	type: DemoCredentialType;
	/** Plain fields; `n8n import:credentials` encrypts them. */
	data: Record<string, string>;
}

/** Every demo credential, with its URL fields set to the mock provider's base URL. */
export function demoCredentials(mockBaseUrl: string): DemoCredential[] {
	const ref = <T extends DemoCredentialType>(type: T) => ({ ...DEMO_CREDENTIAL_REFS[type], type });
	return [
		{
			...ref('whatsAppSessionApi'),
			data: {
				domain: mockBaseUrl,
				phoneNumberId: DEMO_PHONE_NUMBER_ID,
				apiKey: DEMO_SECRETS.sessionApiKey,
				accessToken: DEMO_SECRETS.sessionAccessToken,
				sessionPath: '/api/v1.0/{phoneNumberId}/{key}/simpleMessages',
				// Set, not left to defaults: Send Media from a binary file and Get Media need them.
				mediaUploadPath: '/api/v1.0/{phoneNumberId}/{key}/media',
				mediaDownloadPath: '/api/v1.0/{phoneNumberId}/{key}/media/{mediaId}',
				appSecret: DEMO_SECRETS.sessionWebhookSecret,
				verifyToken: DEMO_SECRETS.sessionVerifyToken,
			},
		},
		{
			...ref('whatsAppCloudApi'),
			data: {
				accessToken: DEMO_SECRETS.metaAccessToken,
				phoneNumberId: DEMO_PHONE_NUMBER_ID,
				graphApiVersion: 'v23.0',
				baseUrl: mockBaseUrl,
				// The template picker lists the account's templates: the mock serves a list for this id.
				businessAccountId: 'demo-waba',
				appSecret: DEMO_SECRETS.metaAppSecret,
				verifyToken: DEMO_SECRETS.metaVerifyToken,
			},
		},
		{
			...ref('connectlyApi'),
			data: {
				apiKey: DEMO_SECRETS.connectlyApiKey,
				businessId: 'demo-business',
				baseUrl: mockBaseUrl,
				webhookSecret: DEMO_SECRETS.connectlyWebhookSecret,
			},
		},
		{
			...ref('texterApi'),
			data: { projectId: 'demo-project', apiToken: DEMO_SECRETS.texterApiToken, baseUrl: mockBaseUrl },
		},
	];
}
