// Send Template and the closed-window fallback through the node's real execute(), against the mock
// provider over HTTP: the exact paths and bodies each provider receives, how many requests go out,
// and what the output item says was delivered.
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { runNode, type RunResult } from '../support/executeNode';
import { cloudApiAccepted, cloudApiError, useMockProvider, type MockReply, type RecordedRequest } from '../support/mockProvider';
import { CONNECTLY_WINDOW_CLOSED, connectlyAccepted, connectlyError } from '../support/providerReplies';
import { bodyOf } from '../support/recordedRequests';

const { provider, url: mockUrl } = useMockProvider();

const API_KEY = 'key_SECRET_91';
const TOKEN = 'token_SECRET_77';
const DIGITS = '919880132082';
const WINDOW_CLOSED = cloudApiError(400, 131047, 'Re-engagement message', 'More than 24 hours have passed since the recipient last replied.');

/** A Cloud-API-format credential as saved before the template path existed: no templatePath. */
const cloudApiCredentials = () => ({ whatsAppSessionApi: { domain: mockUrl(), phoneNumberId: '1', apiKey: API_KEY, accessToken: TOKEN } });
const metaCredentials = () => ({ whatsAppCloudApi: { accessToken: TOKEN, phoneNumberId: '1', graphApiVersion: 'v23.0', baseUrl: mockUrl() } });
const connectlyCredentials = () => ({ connectlyApi: { apiKey: API_KEY, businessId: 'b1', baseUrl: mockUrl() } });

const TEMPLATE_FIELDS: IDataObject = {
	templateName: 'order_update',
	templateLanguage: 'en',
	templateBodyParameters: { parameter: [{ text: '1042' }, { text: 'Friday' }] },
};

const CLOUD_TEMPLATE_BODY = {
	messaging_product: 'whatsapp',
	recipient_type: 'individual',
	to: DIGITS,
	type: 'template',
	template: {
		name: 'order_update',
		language: { code: 'en' },
		components: [{ type: 'body', parameters: [{ type: 'text', text: '1042' }, { type: 'text', text: 'Friday' }] }],
	},
};

const CONNECTLY_TEMPLATE_BODY = {
	number: `+${DIGITS}`,
	templateName: 'order_update',
	language: 'en',
	parameters: [
		{ name: 'body_1', value: '1042' },
		{ name: 'body_2', value: 'Friday' },
	],
};

const PATHS = {
	cloudApiSession: `/api/v1.0/1/${API_KEY}/simpleMessages`,
	cloudApiTemplate: `/api/v1.0/1/${API_KEY}/messages`,
	meta: '/v23.0/1/messages',
	connectlySession: '/v1/businesses/b1/send/messages',
	connectlyTemplate: '/v1/businesses/b1/send/whatsapp_templated_messages',
};

const sendText = (providerChoice: string, extra: IDataObject = {}): IDataObject => ({
	provider: providerChoice,
	resource: 'message',
	operation: 'sendText',
	recipient: '+91 98801 32082',
	textBody: 'Your order has shipped.',
	...extra,
});

const withFallback = (providerChoice: string, extra: IDataObject = {}): IDataObject =>
	sendText(providerChoice, { windowClosedAction: 'sendTemplate', ...TEMPLATE_FIELDS, ...extra });

/** Answers the session endpoint with `session`, and the template endpoint with the next of `templates`, then as accepted. */
function byEndpoint(templatePath: string, session: MockReply, templates: MockReply[], accepted: (request: RecordedRequest, index: number) => MockReply) {
	let templateAnswers = 0;
	return (request: RecordedRequest, index: number): MockReply => {
		if (request.path !== templatePath) return session;
		return templates[templateAnswers++] ?? accepted(request, index);
	};
}

const paths = () => provider.requests.map((request) => request.path);
const json = (result: RunResult): IDataObject => result.output[0]?.json ?? {};

describe('Send Template', () => {
	it.each<[string, () => Record<string, ICredentialDataDecryptedObject>, string, IDataObject, (request: RecordedRequest, index: number) => MockReply]>([
		['cloudApiCompatible', cloudApiCredentials, PATHS.cloudApiTemplate, CLOUD_TEMPLATE_BODY, cloudApiAccepted],
		['metaCloudApi', metaCredentials, PATHS.meta, CLOUD_TEMPLATE_BODY, cloudApiAccepted],
		['connectly', connectlyCredentials, PATHS.connectlyTemplate, CONNECTLY_TEMPLATE_BODY, connectlyAccepted],
	])('%s: one POST of the exact body to its template endpoint; the output says template', async (choice, credentials, path, body, accepted) => {
		provider.respondWith(accepted);
		const result = await runNode({
			parameters: { provider: choice, resource: 'message', operation: 'sendTemplate', recipient: '+91 98801 32082', ...TEMPLATE_FIELDS },
			credentials: credentials(),
		});
		expect(result.error).toBeUndefined();
		expect(paths()).toEqual([path]);
		expect(provider.requests[0]?.body).toStrictEqual(body);
		expect(json(result)).toMatchObject({ recipient: DIGITS, provider: choice, status: 'accepted', sentAs: 'template' });
		expect(json(result)).not.toHaveProperty('windowClosedCode');
	});

	it('sends a document header, named parameters and buttons exactly as the Cloud API takes them', async () => {
		const result = await runNode({
			parameters: {
				provider: 'metaCloudApi',
				resource: 'message',
				operation: 'sendTemplate',
				recipient: '+91 98801 32082',
				templateName: 'invoice_ready',
				templateLanguage: 'en_US',
				templateHeaderType: 'document',
				templateHeaderMediaSource: 'url',
				templateHeaderMediaUrl: 'https://example.com/i.pdf',
				templateHeaderFilename: 'invoice.pdf',
				templateBodyInputMode: 'json',
				templateBodyParametersJson: '[{"name":"customer","text":"Asha"}]',
				templateButtons: { button: [{ type: 'url', index: 0, value: '1042' }, { type: 'copyCode', index: 1, value: 'SAVE10' }] },
			},
			credentials: metaCredentials(),
		});
		expect(result.error).toBeUndefined();
		expect(bodyOf(provider.requests[0])).toStrictEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: DIGITS,
			type: 'template',
			template: {
				name: 'invoice_ready',
				language: { code: 'en_US' },
				components: [
					{ type: 'header', parameters: [{ type: 'document', document: { link: 'https://example.com/i.pdf', filename: 'invoice.pdf' } }] },
					{ type: 'body', parameters: [{ type: 'text', parameter_name: 'customer', text: 'Asha' }] },
					{ type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: '1042' }] },
					{ type: 'button', sub_type: 'copy_code', index: '1', parameters: [{ type: 'coupon_code', coupon_code: 'SAVE10' }] },
				],
			},
		});
	});

	it('refuses a bad item by item, field and limit, and sends nothing for it', async () => {
		const result = await runNode({
			parameters: (itemIndex) => ({
				resource: 'message',
				operation: 'sendTemplate',
				recipient: '+91 98801 32082',
				templateName: 'order_update',
				templateLanguage: 'en',
				templateButtons: { button: [{ type: 'quickReply', index: itemIndex === 1 ? 10 : 0, value: 'stop' }] },
			}),
			items: [{ json: {} }, { json: {} }],
			credentials: cloudApiCredentials(),
			continueOnFail: true,
		});
		expect(provider.requests).toHaveLength(1);
		expect(result.output[1]?.json.error).toBe(
			'Item 1: "Button Parameters › Button 0 › Button Index" must be a whole number from 0 to 9, the button\'s position in the template (got 10)',
		);
	});

	it('is refused before sending with Texter, naming the operation', async () => {
		const result = await runNode({
			parameters: { provider: 'texter', resource: 'message', operation: 'sendTemplate', recipient: 'chat-1', ...TEMPLATE_FIELDS },
			credentials: { texterApi: { projectId: 'p', apiToken: TOKEN, baseUrl: mockUrl() } },
		});
		expect(provider.requests).toHaveLength(0);
		expect(result.error?.message).toBe(
			'Item 0: "Send Template" is not available with Texter: Texter sends templates through an endpoint of its own, which this node does not know. Choose another operation or provider',
		);
	});
});

describe('If the 24-Hour Window Is Closed → Send a Template Instead', () => {
	it.each<[string, () => Record<string, ICredentialDataDecryptedObject>, MockReply, string[], IDataObject, string, (request: RecordedRequest, index: number) => MockReply]>([
		['cloudApiCompatible', cloudApiCredentials, WINDOW_CLOSED, [PATHS.cloudApiSession, PATHS.cloudApiTemplate], CLOUD_TEMPLATE_BODY, '131047', cloudApiAccepted],
		['metaCloudApi', metaCredentials, WINDOW_CLOSED, [PATHS.meta, PATHS.meta], CLOUD_TEMPLATE_BODY, '131047', cloudApiAccepted],
		[
			'connectly',
			connectlyCredentials,
			CONNECTLY_WINDOW_CLOSED,
			[PATHS.connectlySession, PATHS.connectlyTemplate],
			CONNECTLY_TEMPLATE_BODY,
			'ERROR_CODE_MESSAGE_OUTSIDE_OF_ELIGIBILITY_WINDOW',
			connectlyAccepted,
		],
	])('%s: the window is closed → exactly one session request, then exactly one template', async (choice, credentials, refusal, expectedPaths, templateBody, code, accepted) => {
		provider.respondWith((request, index) => (index === 0 ? refusal : accepted(request, index)));
		const result = await runNode({ parameters: withFallback(choice), credentials: credentials() });
		expect(result.error).toBeUndefined();
		expect(paths()).toEqual(expectedPaths);
		expect(provider.requests[1]?.body).toStrictEqual(templateBody);
		expect(json(result)).toMatchObject({ provider: choice, status: 'accepted', sentAs: 'template', windowClosedCode: code });
		expect(json(result).messageId).toBeTruthy();
	});

	it.each<[string, () => Record<string, ICredentialDataDecryptedObject>, string, (request: RecordedRequest, index: number) => MockReply]>([
		['cloudApiCompatible', cloudApiCredentials, PATHS.cloudApiSession, cloudApiAccepted],
		['connectly', connectlyCredentials, PATHS.connectlySession, connectlyAccepted],
	])('%s: the window is open → the session message only; the output says session', async (choice, credentials, path, accepted) => {
		provider.respondWith(accepted);
		const result = await runNode({ parameters: withFallback(choice), credentials: credentials() });
		expect(result.error).toBeUndefined();
		expect(paths()).toEqual([path]);
		expect(json(result)).toMatchObject({ status: 'accepted', sentAs: 'session' });
		expect(json(result)).not.toHaveProperty('windowClosedCode');
	});

	it('without the option, a closed window fails as before: one request, no template', async () => {
		provider.respondWith(() => WINDOW_CLOSED);
		const result = await runNode({ parameters: sendText('cloudApiCompatible', TEMPLATE_FIELDS), credentials: cloudApiCredentials() });
		expect(paths()).toEqual([PATHS.cloudApiSession]);
		expect(result.error?.message).toBe('The 24-hour session window is closed for this contact; send a template message instead');
	});

	it('any other refusal fails the item without a template', async () => {
		provider.respondWith(() => cloudApiError(400, 131026, 'Message undeliverable'));
		const result = await runNode({ parameters: withFallback('cloudApiCompatible'), credentials: cloudApiCredentials() });
		expect(paths()).toEqual([PATHS.cloudApiSession]);
		expect(result.error?.message).toBe('WhatsApp could not deliver the message to this number');
	});

	it('a 429 on the template is retried through the same pacing: the template is delivered once', async () => {
		provider.respondWith(
			byEndpoint(PATHS.cloudApiTemplate, WINDOW_CLOSED, [{ status: 429, headers: { 'retry-after': '0' }, body: { errors: { reason: 'Too Many Requests' } } }], cloudApiAccepted),
		);
		const result = await runNode({ parameters: withFallback('cloudApiCompatible'), credentials: cloudApiCredentials() });
		expect(result.error).toBeUndefined();
		expect(paths()).toEqual([PATHS.cloudApiSession, PATHS.cloudApiTemplate, PATHS.cloudApiTemplate]);
		expect(json(result)).toMatchObject({ sentAs: 'template', windowClosedCode: '131047', messageId: 'wamid.mock.3' });
	});

	it('a refused template, with continue-on-error, becomes the item\'s error naming both refusals; the next item still goes', async () => {
		provider.respondWith((request, index) => {
			if (index === 0) return CONNECTLY_WINDOW_CLOSED;
			if (index === 1) return connectlyError(400, 'ERROR_CODE_TEMPLATE_NOT_FOUND', 'Template order_update does not exist');
			return connectlyAccepted(request, index);
		});
		const result = await runNode({
			parameters: withFallback('connectly'),
			items: [{ json: {} }, { json: {} }],
			credentials: connectlyCredentials(),
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		expect(paths()).toEqual([PATHS.connectlySession, PATHS.connectlyTemplate, PATHS.connectlySession]);
		const failed = result.output[0]?.json ?? {};
		expect(failed.error).toBe(
			'The 24-hour window was closed (ERROR_CODE_MESSAGE_OUTSIDE_OF_ELIGIBILITY_WINDOW) and the template sent instead failed too: The provider rejected a parameter of the message',
		);
		expect(String(failed.description)).toContain('ERROR_CODE_MESSAGE_OUTSIDE_OF_ELIGIBILITY_WINDOW');
		expect(String(failed.description)).toContain('Template order_update does not exist');
		expect(String(failed.description)).not.toContain(API_KEY);
		expect(result.output[1]?.json).toMatchObject({ status: 'accepted', sentAs: 'session' });
	});

	it('a template the provider cannot carry fails the item before anything is sent', async () => {
		const result = await runNode({
			parameters: withFallback('connectly', { templateButtons: { button: [{ type: 'quickReply', index: 0, value: 'stop' }] } }),
			credentials: connectlyCredentials(),
		});
		expect(provider.requests).toHaveLength(0);
		expect(result.error?.message).toBe(
			'Item 0: "Button Parameters › Button 0 › Button Type" is not available with Connectly: its template parameters only fill URL buttons',
		);
	});

	it('a document header fails a Connectly template before anything is sent: header_document is not documented', async () => {
		const result = await runNode({
			parameters: withFallback('connectly', { templateHeaderType: 'document', templateHeaderMediaSource: 'url', templateHeaderMediaUrl: 'https://example.com/i.pdf' }),
			credentials: connectlyCredentials(),
		});
		expect(provider.requests).toHaveLength(0);
		expect(result.error?.message).toBe(
			'Item 0: "Template Header" is not available with Connectly: its documented template parameters have no document header (header_text, header_image, header_video only); use an image or video header, or another provider',
		);
	});

	it('an invalid template fails the item before the session message is sent', async () => {
		const result = await runNode({ parameters: withFallback('metaCloudApi', { templateName: '  ' }), credentials: metaCredentials() });
		expect(provider.requests).toHaveLength(0);
		expect(result.error?.message).toBe('Item 0: "Template Name" is required');
	});

	it('the template quotes nothing, though the session message did', async () => {
		provider.respondWith((request, index) => (index === 0 ? WINDOW_CLOSED : cloudApiAccepted(request, index)));
		const result = await runNode({
			parameters: withFallback('metaCloudApi', { options: { replyToMessageId: 'wamid.IN' } }),
			credentials: metaCredentials(),
		});
		expect(result.error).toBeUndefined();
		expect(bodyOf(provider.requests[0]).context).toStrictEqual({ message_id: 'wamid.IN' });
		expect(bodyOf(provider.requests[1])).toStrictEqual(CLOUD_TEMPLATE_BODY);
	});
});
