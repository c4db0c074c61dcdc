import type { IDataObject } from 'n8n-workflow';

import { valueAt } from '../support/json';
import { runNode, type RunResult } from '../support/executeNode';
import { useMockProvider } from '../support/mockProvider';
import { bodyOf, theOnlyPost } from '../support/recordedRequests';
import { CONNECTLY_WINDOW_CLOSED, connectlyAccepted, connectlyError } from '../support/providerReplies';

const API_KEY = 'cnct_key_SECRET_7f6e5d4c';
const BUSINESS_ID = 'biz 01/ä';
const EXPECTED_PATH = `/v1/businesses/${encodeURIComponent(BUSINESS_ID)}/send/messages`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const { provider, url: mockUrl } = useMockProvider();

beforeEach(() => provider.respondWith(connectlyAccepted));

const credentials = (overrides: IDataObject = {}) => ({
	connectlyApi: { apiKey: API_KEY, businessId: BUSINESS_ID, baseUrl: mockUrl(), ...overrides },
});

const form = (operation: string, extra: IDataObject): IDataObject => ({
	provider: 'connectly',
	resource: 'message',
	operation,
	recipient: '+91 98801-32082',
	...extra,
});

const descriptionOf = (result: RunResult): string => String(Reflect.get(result.error ?? {}, 'description'));

/** Each operation Connectly carries: the form, and the `message` it must produce besides `id`. */
const OPERATIONS: Array<[string, IDataObject, IDataObject]> = [
	['sendText', { textBody: 'Hello!', previewUrl: true }, { text: 'Hello!' }],
	[
		'sendMedia',
		{ mediaType: 'document', mediaSource: 'url', mediaUrl: 'https://example.com/a.pdf', caption: 'Invoice', filename: 'a.pdf' },
		{ attachments: [{ type: 'document', url: 'https://example.com/a.pdf', caption: 'Invoice', filename: 'a.pdf' }] },
	],
	[
		'sendLocation',
		{ latitude: 12.9716, longitude: 77.5946, locationName: 'Office', address: 'MG Road' },
		{ location: { latitude: 12.9716, longitude: 77.5946, name: 'Office', address: 'MG Road' } },
	],
	[
		'sendReplyButtons',
		{
			bodyText: 'Confirm?',
			buttons: { button: [{ id: 'y', title: 'Yes' }, { id: 'n', title: 'No' }] },
			headerType: 'image',
			headerMediaSource: 'url',
			headerMediaUrl: 'https://example.com/p.jpg',
			footerText: 'Reply below',
		},
		{
			text: 'Confirm?',
			replyButtonMessage: {
				header: { attachment: { type: 'image', url: 'https://example.com/p.jpg' } },
				footer: { text: 'Reply below' },
				buttons: [{ id: 'y', text: 'Yes' }, { id: 'n', text: 'No' }],
			},
		},
	],
	[
		'sendList',
		{
			bodyText: 'Pick a plan',
			listButtonText: 'Plans',
			headerText: 'Plans',
			sections: { section: [{ title: 'All', rows: { row: [{ id: 'b', title: 'Basic', description: 'One user' }] } }] },
		},
		{
			text: 'Pick a plan',
			listMessage: {
				header: { text: 'Plans' },
				button: { text: 'Plans' },
				sections: [{ title: 'All', rows: [{ id: 'b', text: 'Basic', description: 'One user' }] }],
			},
		},
	],
	[
		'sendProduct',
		{ catalogId: 'cat-1', productRetailerId: 'sku-1042', footerText: 'Free delivery' },
		{ singleProductMessage: { catalogId: 'cat-1', productItem: { productRetailerId: 'sku-1042' }, footer: { text: 'Free delivery' } } },
	],
	[
		'sendProductList',
		{ catalogId: 'cat-1', headerText: 'Kitchen', bodyText: 'Pick', productSections: { section: [{ title: 'Kettles', products: { product: [{ retailerId: 'sku-1042' }] } }] } },
		{
			text: 'Pick',
			multiProductMessage: { header: { text: 'Kitchen' }, catalogId: 'cat-1', sections: [{ title: 'Kettles', productItems: [{ productRetailerId: 'sku-1042' }] }] },
		},
	],
];

describe('Connectly through execute() over real HTTP', () => {
	it.each(OPERATIONS)('%s: path, X-API-Key, exact body and output', async (operation, fields, expectedMessage) => {
		const result = await runNode({ parameters: form(operation, fields), credentials: credentials() });

		const request = theOnlyPost(result, provider, EXPECTED_PATH);
		expect(request.headers['x-api-key']).toBe(API_KEY);
		expect(request.headers.authorization).toBeUndefined();
		const body = bodyOf(request);
		const clientMessageId = valueAt(body, 'message', 'id');
		expect(clientMessageId).toMatch(UUID);
		expect(body).toEqual({
			recipient: { id: '+919880132082', channelType: 'whatsapp' },
			message: { id: clientMessageId, ...expectedMessage },
		});
		expect(result.output).toEqual([
			{
				json: {
					messageId: 'cnct-msg-1',
					recipient: '919880132082',
					provider: 'connectly',
					status: 'accepted',
					response: { id: 'cnct-msg-1' },
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('sends the Connectly-only options', async () => {
		const result = await runNode({
			parameters: form('sendText', {
				textBody: 'Hi',
				options: {
					clientMessageId: '01FPW47QF69Y5JZH24605VAKQB',
					callbackData: '{"orderId": 1042, "tags": ["vip"]}',
					campaignName: 'spring_2025',
					senderPhoneNumber: '+1 415 111 1234',
					recipientName: 'Asha Rao',
					orderParentId: 'cnct-msg-0',
					orderStrategy: 'shortCircuit',
				},
			}),
			credentials: credentials(),
		});
		expect(result.error).toBeUndefined();
		expect(bodyOf(provider.requests[0])).toEqual({
			sender: { id: '+14151111234', channelType: 'whatsapp' },
			recipient: { id: '+919880132082', channelType: 'whatsapp', name: 'Asha Rao' },
			message: { id: '01FPW47QF69Y5JZH24605VAKQB', text: 'Hi' },
			callbackData: { orderId: 1042, tags: ['vip'] },
			campaignName: 'spring_2025',
			order: { parentId: 'cnct-msg-0', strategy: 'short_circuit' },
		});
	});

	it('sends to a business-scoped user ID (BSUID) in recipient.userId, bare and without an id, and outputs it as given', async () => {
		const bsuid = 'US.13491208655302741918';
		const result = await runNode({
			parameters: form('sendText', { recipient: `${bsuid}\n`, textBody: 'Hi', options: { clientMessageId: 'c-1', recipientName: 'Asha Rao' } }),
			credentials: credentials(),
		});
		expect(bodyOf(theOnlyPost(result, provider, EXPECTED_PATH))).toStrictEqual({
			recipient: { userId: bsuid, channelType: 'whatsapp', name: 'Asha Rao' },
			message: { id: 'c-1', text: 'Hi' },
		});
		expect(result.output[0]?.json).toStrictEqual({
			messageId: 'cnct-msg-1',
			recipient: bsuid,
			provider: 'connectly',
			status: 'accepted',
			response: { id: 'cnct-msg-1' },
		});
	});

	it('gives every item its own client message id', async () => {
		const items = [{ json: {} }, { json: {} }, { json: {} }];
		const result = await runNode({ parameters: form('sendText', { textBody: 'Hi' }), items, credentials: credentials() });
		expect(result.output).toHaveLength(3);
		const ids = provider.requests.map((request) => valueAt(request.body, 'message', 'id'));
		expect(new Set(ids).size).toBe(3);
	});

	it('reads a closed window as "send a template instead", with the code in the description', async () => {
		provider.respondWith(() => CONNECTLY_WINDOW_CLOSED);
		const result = await runNode({ parameters: form('sendText', { textBody: 'Hi' }), credentials: credentials() });
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toBe('The 24-hour session window is closed for this contact; send a template message instead');
		const description = descriptionOf(result);
		expect(description).toContain('HTTP 400');
		expect(description).toContain('provider code ERROR_CODE_MESSAGE_OUTSIDE_OF_ELIGIBILITY_WINDOW');
		expect(description).toContain('Connectly trace ID 11824978358485860716');
		expect(provider.requests).toHaveLength(1);
	});

	it('reads 401 as a bad X-API-Key', async () => {
		provider.respondWith(() => connectlyError(401, 'ERROR_CODE_UNAUTHENTICATED', 'Invalid API key', 'ERROR_TYPE_AUTHENTICATION'));
		const result = await runNode({ parameters: form('sendText', { textBody: 'Hi' }), credentials: credentials() });
		expect(result.error?.message).toMatch(/rejected the access token or API key/);
		expect(descriptionOf(result)).toMatch(/X-API-Key/);
	});

	it.each<[string, IDataObject, string]>([
		[
			'sendContacts',
			{ contacts: { contact: [{ formattedName: 'Asha Rao' }] } },
			'Item 0: "Send Contacts" is not available with Connectly: its session messages have no contact cards. Choose another operation or provider',
		],
		[
			'sendReaction',
			{ reactionMessageId: 'wamid.IN1', emoji: '👍' },
			'Item 0: "Send Reaction" is not available with Connectly: its session messages cannot react to a message. Choose another operation or provider',
		],
		[
			'sendText',
			{ textBody: 'Hi', options: { callbackData: JSON.stringify('x'.repeat(1023)) } },
			'Item 0: "Callback Data" is 1025 bytes as JSON; Connectly\'s limit is 1024',
		],
		[
			'sendCatalog',
			{ bodyText: 'Browse', thumbnailProductRetailerId: 'sku-1042' },
			'Item 0: "Send Catalog" is not available with Connectly: its session messages have single- and multi-product messages, but no catalog message. Choose another operation or provider',
		],
		[
			'sendFlow',
			{ bodyText: 'Book', flowId: '1234', flowButtonText: 'Book now', flowScreen: 'BOOKING' },
			'Item 0: "Send Flow" is not available with Connectly: its session messages cannot open a WhatsApp Flow. Choose another operation or provider',
		],
		[
			'sendMedia',
			{ mediaType: 'sticker', mediaSource: 'url', mediaUrl: 'https://example.com/s.webp' },
			'Item 0: "Media Type" is not available with Connectly: its attachments are images, videos, audio files or documents, not stickers',
		],
	])('%s: refused before anything is sent', async (operation, fields, message) => {
		const result = await runNode({ parameters: form(operation, fields), credentials: credentials() });
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toBe(message);
		expect(descriptionOf(result)).toContain('Nothing was sent for this item.');
		expect(provider.requests).toHaveLength(0);
	});

	it('with continue-on-fail, an item Connectly cannot carry becomes an error item and the others go out', async () => {
		const items = [{ json: { operation: 'sendText' } }, { json: { operation: 'sendLocationRequest' } }, { json: { operation: 'sendText' } }];
		const result = await runNode({
			parameters: (itemIndex) =>
				form(String(items[itemIndex]?.json.operation), { textBody: 'Hi', bodyText: 'Where are you?' }),
			items,
			credentials: credentials(),
			continueOnFail: true,
		});
		expect(provider.requests).toHaveLength(2);
		expect(result.output.map((item) => item.json.status ?? item.json.error)).toEqual([
			'accepted',
			'Item 1: "Send Location Request" is not available with Connectly: its session messages cannot ask for a location. Choose another operation or provider',
			'accepted',
		]);
	});

	it('never shows the API key, even when Connectly echoes it', async () => {
		provider.respondWith((request) =>
			connectlyError(400, 'ERROR_CODE_MESSAGE_TEXT_EMPTY', `bad request with key ${String(request.headers['x-api-key'])}`),
		);
		const failed = await runNode({ parameters: form('sendText', { textBody: 'Hi' }), credentials: credentials(), continueOnFail: true });
		provider.respondWith((request) => ({ status: 200, body: { id: 'm1', echo: request.headers['x-api-key'] } }));
		const sent = await runNode({ parameters: form('sendText', { textBody: 'Hi' }), credentials: credentials() });
		const everything = JSON.stringify([failed.output, sent.output]);
		expect(everything).toContain('[redacted]');
		expect(everything).not.toContain(API_KEY);
	});

	it('explains a credential without a business ID, and sends nothing', async () => {
		const result = await runNode({ parameters: form('sendText', { textBody: 'Hi' }), credentials: credentials({ businessId: ' ' }) });
		expect(result.error?.message).toBe("The credential's Business ID is empty.");
		expect(provider.requests).toHaveLength(0);
	});
});
