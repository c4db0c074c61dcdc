// Send Product List and Send Flow inside a real n8n (issue 26): the packed package installed as
// users get it, each workflow run with `n8n execute`, and the exact body the mock provider received.
import { cloudApiAccepted, MockProvider } from '../support/mockProvider';
import { manualWorkflow, nodeOutputJson, type JsonObject, type N8nWorkflow } from './lib/n8n';
import { codeNode as code, NODE, sandboxWithPackage, whatsAppNode as whatsApp, WorkflowRunner } from './lib/nodeFixture';

jest.setTimeout(15 * 60_000);

const TOKEN = 'e2e_TOKEN_commerce_4d2b';
const KEY = 'e2e-KEY-commerce';
const SESSION_PATH = `/api/v1.0/1555000111/${KEY}/simpleMessages`;
const RECIPIENT = '+91 98801-32082';
const ENVELOPE = { messaging_product: 'whatsapp', recipient_type: 'individual', to: '919880132082', type: 'interactive' };

/** The Flow's token and first-screen data come from the previous node, as a workflow would map them. */
const BOOKING = `return [{ json: { order: 'booking-1042', data: { customer_name: 'Asha', slots: [9, 10] } } }];`;

const WORKFLOWS: N8nWorkflow[] = [
	manualWorkflow('product-list', 'product-list', [
		whatsApp({
			provider: 'cloudApiCompatible',
			operation: 'sendProductList',
			recipient: RECIPIENT,
			catalogId: '1234567890123456',
			headerText: 'Kitchen favourites',
			bodyText: 'Pick what you need',
			footerText: 'Prices include tax',
			productSections: {
				section: [
					{ title: 'Kettles', products: { product: [{ retailerId: 'sku-1042' }, { retailerId: 'sku-1043' }] } },
					{ title: 'Mugs', products: { product: [{ retailerId: 'sku-2077' }] } },
				],
			},
		}),
	]),
	manualWorkflow('flow', 'flow', [
		code(BOOKING),
		whatsApp({
			provider: 'cloudApiCompatible',
			operation: 'sendFlow',
			recipient: RECIPIENT,
			bodyText: 'Book your next visit',
			flowReference: 'name',
			flowName: 'booking',
			flowButtonText: 'Book now',
			flowAction: 'navigate',
			flowScreen: 'BOOKING',
			flowScreenData: '={{ $json.data }}',
			flowCorrelationId: '={{ $json.order }}',
			flowMode: 'draft',
			headerText: 'Appointments',
		}),
	]),
];

const provider = new MockProvider();
let runner: WorkflowRunner;
let dispose: (() => Promise<void>) | undefined;

beforeAll(async () => {
	const baseUrl = await provider.start();
	const made = await sandboxWithPackage({ label: 'commerce-flow', installTimeoutMs: 35 * 60_000, cliTimeoutMs: 8 * 60_000 });
	dispose = made.dispose;
	runner = new WorkflowRunner(made.sandbox, provider);
	await made.sandbox.importCredentials([
		{
			id: 'cred-session',
			name: 'Session provider',
			type: 'whatsAppSessionApi',
			data: { domain: baseUrl, phoneNumberId: '1555000111', apiKey: KEY, accessToken: TOKEN, sessionPath: '/api/v1.0/{phoneNumberId}/{key}/simpleMessages' },
		},
	]);
	await made.sandbox.importWorkflows(WORKFLOWS);
}, 40 * 60_000);

afterAll(async () => {
	await dispose?.();
	await provider.stop();
});

it.each<[string, JsonObject]>([
	[
		'product-list',
		{
			type: 'product_list',
			header: { type: 'text', text: 'Kitchen favourites' },
			body: { text: 'Pick what you need' },
			footer: { text: 'Prices include tax' },
			action: {
				catalog_id: '1234567890123456',
				sections: [
					{ title: 'Kettles', product_items: [{ product_retailer_id: 'sku-1042' }, { product_retailer_id: 'sku-1043' }] },
					{ title: 'Mugs', product_items: [{ product_retailer_id: 'sku-2077' }] },
				],
			},
		},
	],
	[
		'flow',
		{
			type: 'flow',
			header: { type: 'text', text: 'Appointments' },
			body: { text: 'Book your next visit' },
			action: {
				name: 'flow',
				parameters: {
					flow_message_version: '3',
					flow_name: 'booking',
					flow_cta: 'Book now',
					flow_token: 'booking-1042',
					mode: 'draft',
					flow_action: 'navigate',
					flow_action_payload: { screen: 'BOOKING', data: { customer_name: 'Asha', slots: [9, 10] } },
				},
			},
		},
	],
])('%s: the mock provider receives the exact body, and n8n outputs the accepted message', async (id, interactive) => {
	const result = await runner.execute(id, cloudApiAccepted);
	expect(result.exitCode).toBe(0);
	expect(provider.requests).toHaveLength(1);
	const [request] = provider.requests;
	expect(request.path).toBe(SESSION_PATH);
	expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
	expect(request.body).toStrictEqual({ ...ENVELOPE, interactive });
	expect(nodeOutputJson(result.run, NODE)).toEqual([expect.objectContaining({ messageId: 'wamid.mock.1', provider: 'cloudApiCompatible', status: 'accepted' })]);
});
