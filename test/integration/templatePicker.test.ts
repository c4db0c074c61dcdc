// The Send Template picker: the node's own list search, with n8n's HTTP helper standing in, against
// the mock provider over real HTTP: which endpoint each provider is asked, what the list shows.
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { WhatsAppSession } from '../../nodes/WhatsAppSession/WhatsAppSession.node';
import { runNode } from '../support/executeNode';
import { loadOptionsContext } from '../support/loadOptionsContext';
import { cloudApiError, useMockProvider } from '../support/mockProvider';
import { CONNECTLY_TEMPLATES, META_TEMPLATES } from '../support/templateCatalogs';

const { provider, url: mockUrl } = useMockProvider();
const search = new WhatsAppSession().methods.listSearch.searchTemplates;

const META_TOKEN = 'meta_TOKEN_secret_31';
const meta = (extra: Record<string, string> = {}): Record<string, ICredentialDataDecryptedObject> => ({
	whatsAppCloudApi: { accessToken: META_TOKEN, phoneNumberId: '1', businessAccountId: 'waba-1', baseUrl: mockUrl(), ...extra },
});

it('Meta: asks the account\'s message_templates with the token, and lists the approved ones with what they take', async () => {
	provider.respondWith(() => ({ status: 200, body: META_TEMPLATES }));
	const result = await search.call(loadOptionsContext({ provider: 'metaCloudApi' }, meta()));
	expect(provider.requests.map((request) => [request.method, request.path, request.headers.authorization])).toEqual([
		['GET', '/v23.0/waba-1/message_templates?fields=name,language,status,components&limit=100', `Bearer ${META_TOKEN}`],
	]);
	expect(result.results).toStrictEqual([
		{ name: 'invoice_ready (en_US)', value: 'invoice_ready', description: 'en_US · body takes 2 parameters · header: document · buttons: url, quick_reply' },
		{ name: 'order_update (pt_BR)', value: 'order_update', description: 'pt_BR · body takes 1 parameter' },
	]);
});

it('filters by the search text, ignoring case', async () => {
	provider.respondWith(() => ({ status: 200, body: META_TEMPLATES }));
	const result = await search.call(loadOptionsContext({ provider: 'metaCloudApi' }, meta()), 'ORDER');
	expect(result.results.map((entry) => entry.value)).toEqual(['order_update']);
});

it('Connectly: posts to get/templates with its key', async () => {
	provider.respondWith(() => ({ status: 200, body: CONNECTLY_TEMPLATES }));
	const result = await search.call(
		loadOptionsContext({ provider: 'connectly' }, { connectlyApi: { apiKey: 'cnct_key', businessId: 'b1', baseUrl: mockUrl() } }),
	);
	expect(provider.requests.map((request) => [request.method, request.path, request.headers['x-api-key']])).toEqual([
		['POST', '/v1/businesses/b1/get/templates', 'cnct_key'],
	]);
	expect(result.results.map((entry) => entry.name)).toEqual(['order_confirmation (en)', 'welcome (en)']);
});

it('a refusal is worded in plain words, without the token', async () => {
	provider.respondWith(() => cloudApiError(401, 190, `Invalid OAuth access token ${META_TOKEN}`));
	await expect(search.call(loadOptionsContext({ provider: 'metaCloudApi' }, meta()))).rejects.toThrow(
		'Could not list the templates: The provider rejected the access token or API key (expired or invalid)',
	);
	await expect(search.call(loadOptionsContext({ provider: 'metaCloudApi' }, meta()))).rejects.not.toThrow(META_TOKEN);
});

it('names the missing WhatsApp Business Account ID, and asks nothing', async () => {
	await expect(search.call(loadOptionsContext({ provider: 'metaCloudApi' }, meta({ businessAccountId: '' })))).rejects.toThrow(
		"The credential's WhatsApp Business Account ID is empty. The template list needs it.",
	);
	expect(provider.requests).toHaveLength(0);
});

it('a provider without a template list says to write the name instead', async () => {
	await expect(
		search.call(loadOptionsContext({ provider: 'cloudApiCompatible' }, { whatsAppSessionApi: { domain: mockUrl(), phoneNumberId: '1', apiKey: 'k', accessToken: 't' } })),
	).rejects.toThrow("This provider has no template list; write the template's name instead (By Name)");
	expect(provider.requests).toHaveLength(0);
});

it('Send Template takes the name the picker stored', async () => {
	const result = await runNode({
		parameters: {
			provider: 'metaCloudApi',
			resource: 'message',
			operation: 'sendTemplate',
			recipient: '+91 98801 32082',
			templateName: { __rl: true, mode: 'list', value: 'invoice_ready', cachedResultName: 'invoice_ready (en_US)' },
			templateLanguage: 'en_US',
		},
		credentials: meta(),
	});
	expect(result.error).toBeUndefined();
	expect(provider.requests[0]?.body).toMatchObject({ type: 'template', template: { name: 'invoice_ready', language: { code: 'en_US' } } });
});
