import type { IDataObject } from 'n8n-workflow';

import { valueAt } from '../support/json';
import { cloudApiError, useMockProvider } from '../support/mockProvider';
import { runNode } from '../support/executeNode';

const TOKEN = 'tok_SECRET_9f8e7d6c5b4a';
const KEY = 'key/with?odd#chars..SECRET';
const PHONE_NUMBER_ID = '1234567890';

const { provider, url: mockUrl } = useMockProvider();

function sessionCredentials(overrides: IDataObject = {}) {
	return {
		whatsAppSessionApi: {
			domain: mockUrl(),
			phoneNumberId: PHONE_NUMBER_ID,
			apiKey: KEY,
			accessToken: TOKEN,
			sessionPath: '/api/v1.0/{phoneNumberId}/{key}/simpleMessages',
			...overrides,
		},
	};
}

const EXPECTED_PATH = `/api/v1.0/${PHONE_NUMBER_ID}/${encodeURIComponent(KEY)}/simpleMessages`;

function base(operation: string, extra: IDataObject): IDataObject {
	return { provider: 'cloudApiCompatible', resource: 'message', operation, recipient: '+91 98801-32082', ...extra };
}

/** Each operation's form and the Cloud API body fields it must produce (beyond the envelope). */
const OPERATIONS: Array<[string, IDataObject, IDataObject]> = [
	['sendText', { textBody: 'Hello!', previewUrl: true }, { type: 'text', text: { preview_url: true, body: 'Hello!' } }],
	[
		'sendMedia',
		{ mediaType: 'document', mediaSource: 'url', mediaUrl: 'https://example.com/a.pdf', caption: 'Invoice', filename: 'a.pdf' },
		{ type: 'document', document: { link: 'https://example.com/a.pdf', caption: 'Invoice', filename: 'a.pdf' } },
	],
	[
		'sendMedia',
		{ mediaType: 'sticker', mediaSource: 'id', mediaId: 'media-77' },
		{ type: 'sticker', sticker: { id: 'media-77' } },
	],
	[
		'sendLocation',
		{ latitude: 12.9716, longitude: 77.5946, locationName: 'Office', address: 'MG Road' },
		{ type: 'location', location: { latitude: 12.9716, longitude: 77.5946, name: 'Office', address: 'MG Road' } },
	],
	[
		'sendContacts',
		{ contacts: { contact: [{ formattedName: 'Asha Rao', phones: { phone: [{ phone: '+91 98801 32082', type: 'CELL' }] } }] } },
		{ type: 'contacts', contacts: [{ name: { formatted_name: 'Asha Rao' }, phones: [{ phone: '+91 98801 32082', type: 'CELL' }] }] },
	],
	[
		'sendReplyButtons',
		{ bodyText: 'Confirm?', buttons: { button: [{ id: 'y', title: 'Yes' }, { id: 'n', title: 'No' }] }, footerText: 'Reply below' },
		{
			type: 'interactive',
			interactive: {
				type: 'button',
				body: { text: 'Confirm?' },
				footer: { text: 'Reply below' },
				action: { buttons: [{ type: 'reply', reply: { id: 'y', title: 'Yes' } }, { type: 'reply', reply: { id: 'n', title: 'No' } }] },
			},
		},
	],
	[
		'sendList',
		{ bodyText: 'Pick a plan', listButtonText: 'Plans', sections: { section: [{ title: 'All', rows: { row: [{ id: 'b', title: 'Basic', description: 'One user' }] } }] } },
		{
			type: 'interactive',
			interactive: {
				type: 'list',
				body: { text: 'Pick a plan' },
				action: { button: 'Plans', sections: [{ title: 'All', rows: [{ id: 'b', title: 'Basic', description: 'One user' }] }] },
			},
		},
	],
	[
		'sendCtaUrl',
		{ bodyText: 'Your order', ctaButtonText: 'See order', ctaUrl: 'https://example.com/o/1', headerType: 'text', headerText: 'Order 1' },
		{
			type: 'interactive',
			interactive: {
				type: 'cta_url',
				header: { type: 'text', text: 'Order 1' },
				body: { text: 'Your order' },
				action: { name: 'cta_url', parameters: { display_text: 'See order', url: 'https://example.com/o/1' } },
			},
		},
	],
	[
		'sendLocationRequest',
		{ bodyText: 'Where should we deliver?' },
		{
			type: 'interactive',
			interactive: { type: 'location_request_message', body: { text: 'Where should we deliver?' }, action: { name: 'send_location' } },
		},
	],
	[
		'sendProduct',
		{ catalogId: 'cat-1', productRetailerId: 'sku-1042', bodyText: 'Back in stock' },
		{ type: 'interactive', interactive: { type: 'product', body: { text: 'Back in stock' }, action: { catalog_id: 'cat-1', product_retailer_id: 'sku-1042' } } },
	],
	[
		'sendProductList',
		{ catalogId: 'cat-1', headerText: 'Kitchen', bodyText: 'Pick', productSections: { section: [{ title: 'Kettles', products: { product: [{ retailerId: 'sku-1042' }] } }] } },
		{
			type: 'interactive',
			interactive: {
				type: 'product_list',
				header: { type: 'text', text: 'Kitchen' },
				body: { text: 'Pick' },
				action: { catalog_id: 'cat-1', sections: [{ title: 'Kettles', product_items: [{ product_retailer_id: 'sku-1042' }] }] },
			},
		},
	],
	[
		'sendCatalog',
		{ bodyText: 'Browse', thumbnailProductRetailerId: 'sku-1042' },
		{
			type: 'interactive',
			interactive: { type: 'catalog_message', body: { text: 'Browse' }, action: { name: 'catalog_message', parameters: { thumbnail_product_retailer_id: 'sku-1042' } } },
		},
	],
	[
		'sendFlow',
		{ bodyText: 'Book', flowId: '1234', flowButtonText: 'Book now', flowScreen: 'BOOKING', flowScreenData: '{"name": "Asha"}', flowCorrelationId: 'booking-1' },
		{
			type: 'interactive',
			interactive: {
				type: 'flow',
				body: { text: 'Book' },
				action: {
					name: 'flow',
					parameters: {
						flow_message_version: '3',
						flow_id: '1234',
						flow_cta: 'Book now',
						flow_token: 'booking-1',
						mode: 'published',
						flow_action: 'navigate',
						flow_action_payload: { screen: 'BOOKING', data: { name: 'Asha' } },
					},
				},
			},
		},
	],
	['sendReaction', { reactionMessageId: 'wamid.IN1', emoji: '👍' }, { type: 'reaction', reaction: { message_id: 'wamid.IN1', emoji: '👍' } }],
];

describe('every operation through execute() over real HTTP', () => {
	it.each(OPERATIONS)('%s sends the exact path, headers and body, and outputs the result', async (operation, form, expectedFields) => {
		const result = await runNode({ parameters: base(operation, form), credentials: sessionCredentials() });

		expect(result.error).toBeUndefined();
		expect(provider.requests).toHaveLength(1);
		const [request] = provider.requests;
		expect(request.method).toBe('POST');
		expect(request.path).toBe(EXPECTED_PATH);
		expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(request.headers['content-type']).toMatch(/^application\/json/);
		expect(request.body).toEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: '919880132082',
			...expectedFields,
		});
		expect(result.output).toEqual([
			{
				json: {
					messageId: 'wamid.mock.1',
					recipient: '919880132082',
					waId: '919880132082',
					provider: 'cloudApiCompatible',
					status: 'accepted',
					response: {
						messaging_product: 'whatsapp',
						contacts: [{ input: '919880132082', wa_id: '919880132082' }],
						messages: [{ id: 'wamid.mock.1' }],
					},
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('quotes the message being replied to', async () => {
		await runNode({
			parameters: base('sendText', { textBody: 'Yes, it shipped', options: { replyToMessageId: 'wamid.CUSTOMER1' } }),
			credentials: sessionCredentials(),
		});
		expect(provider.requests[0]?.body).toMatchObject({ context: { message_id: 'wamid.CUSTOMER1' } });
	});

	it('takes buttons from a JSON expression result', async () => {
		await runNode({
			parameters: base('sendReplyButtons', {
				bodyText: 'Rate us',
				buttonsInputMode: 'json',
				buttonsJson: [{ id: 'good', title: 'Good' }, { id: 'bad', title: 'Bad' }],
			}),
			credentials: sessionCredentials(),
		});
		expect(provider.requests[0]?.body).toMatchObject({
			interactive: { action: { buttons: [{ reply: { id: 'good', title: 'Good' } }, { reply: { id: 'bad', title: 'Bad' } }] } },
		});
	});

	it("posts to Meta's Cloud API path with the Meta credential", async () => {
		const result = await runNode({
			parameters: { ...base('sendText', { textBody: 'Hi' }), provider: 'metaCloudApi' },
			credentials: { whatsAppCloudApi: { accessToken: TOKEN, phoneNumberId: PHONE_NUMBER_ID, graphApiVersion: 'v23.0', baseUrl: mockUrl() } },
		});
		expect(result.error).toBeUndefined();
		expect(provider.requests[0]?.path).toBe(`/v23.0/${PHONE_NUMBER_ID}/messages`);
		expect(provider.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(result.output[0]?.json).toMatchObject({ provider: 'metaCloudApi', messageId: 'wamid.mock.1' });
	});
});

describe('a business-scoped user ID (BSUID) as the recipient', () => {
	const BSUID = 'US.13491208655302741918';
	const metaCredentials = () => ({
		whatsAppCloudApi: { accessToken: TOKEN, phoneNumberId: PHONE_NUMBER_ID, graphApiVersion: 'v23.0', baseUrl: mockUrl() },
	});

	it.each([
		['cloudApiCompatible', EXPECTED_PATH, sessionCredentials],
		['metaCloudApi', `/v23.0/${PHONE_NUMBER_ID}/messages`, metaCredentials],
	])('%s: "recipient" holds the BSUID, there is no "to", and the output shows the user_id', async (choice, path, credentials) => {
		const result = await runNode({
			parameters: { ...base('sendText', { textBody: 'Hello!' }), provider: choice, recipient: ` ${BSUID} ` },
			credentials: credentials(),
		});

		expect(result.error).toBeUndefined();
		expect(provider.requests).toHaveLength(1);
		expect(provider.requests[0]?.path).toBe(path);
		expect(provider.requests[0]?.body).toStrictEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			recipient: BSUID,
			type: 'text',
			text: { preview_url: false, body: 'Hello!' },
		});
		expect(result.output).toEqual([
			{
				json: {
					messageId: 'wamid.mock.1',
					recipient: BSUID,
					userId: BSUID,
					provider: choice,
					status: 'accepted',
					response: { messaging_product: 'whatsapp', contacts: [{ input: BSUID, user_id: BSUID }], messages: [{ id: 'wamid.mock.1' }] },
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('sends a parent BSUID with a quoted message as given, case and all', async () => {
		const parent = 'US.ENT.11815799212886844830aBc';
		await runNode({
			parameters: base('sendReaction', { recipient: parent, reactionMessageId: 'wamid.IN1', emoji: '👍' }),
			credentials: sessionCredentials(),
		});
		expect(provider.requests[0]?.body).toStrictEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			recipient: parent,
			type: 'reaction',
			reaction: { message_id: 'wamid.IN1', emoji: '👍' },
		});
	});

	it.each([
		['us.13491208655302741918', 'must start with a two-letter country code in capitals and a period, like US.13491208655302741918'],
		['US.', 'has nothing after "US.": 1 to 128 letters and digits follow it, like US.13491208655302741918'],
		[`US.${'7'.repeat(129)}`, 'has 129 characters after "US."; the limit is 128'],
	])('refuses %j, naming the item, the field and the limit, and sends nothing', async (recipient, problem) => {
		const items = [{ json: {} }, { json: {} }];
		const result = await runNode({
			parameters: (itemIndex: number) => base('sendText', { textBody: 'Hi', recipient: itemIndex === 1 ? recipient : BSUID }),
			items,
			credentials: sessionCredentials(),
		});
		expect(result.error?.message).toBe(`Item 1: "Recipient Phone Number" "${recipient}" ${problem}`);
		expect(provider.requests.map((request) => valueAt(request.body, 'recipient'))).toEqual([BSUID]);
	});

	it('words error 131062 (no BSUID recipients for this message) plainly, with the code', async () => {
		provider.respondWith(() => cloudApiError(400, 131062, 'Business-scoped User ID recipients are not supported for this message'));
		const result = await runNode({
			parameters: base('sendText', { textBody: 'Hi', recipient: BSUID, delivery: { maxRetries: 0 } }),
			credentials: sessionCredentials(),
		});
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toBe('WhatsApp does not accept a business-scoped user ID (BSUID) as the recipient of this message');
		expect(Reflect.get(result.error ?? {}, 'description')).toBe(
			'WhatsApp takes BSUID recipients for some messages only. Send this one to the customer\'s phone number if you have it, or choose another message type. (HTTP 400, provider code 131062). The provider says: "Business-scoped User ID recipients are not supported for this message".',
		);
		expect(provider.requests).toHaveLength(1);
	});
});

describe('several items with a bad one in the middle', () => {
	const items = [{ json: { text: 'first' } }, { json: { text: '' } }, { json: { text: 'third' } }];
	const parameters = (itemIndex: number) => base('sendText', { textBody: items[itemIndex]?.json.text ?? '' });

	it('without continue-on-fail: stops at the bad item and sends nothing after it', async () => {
		const result = await runNode({ parameters, items, credentials: sessionCredentials() });
		expect(result.error?.message).toBe('Item 1: "Text" is required');
		expect(provider.requests.map((request) => valueAt(request.body, 'text'))).toEqual([{ preview_url: false, body: 'first' }]);
	});

	it('with continue-on-fail: the bad item becomes an error item and the others are sent', async () => {
		const result = await runNode({ parameters, items, credentials: sessionCredentials(), continueOnFail: true });
		expect(provider.requests).toHaveLength(2);
		expect(result.output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.output[0]?.json.status).toBe('accepted');
		expect(result.output[1]?.json.error).toBe('Item 1: "Text" is required');
		expect(result.output[1]?.json.description).toContain('Nothing was sent for this item.');
		expect(result.output[2]?.json.status).toBe('accepted');
	});

	it('names the item, the field and the limit, and sends nothing for it', async () => {
		const result = await runNode({
			parameters: base('sendReplyButtons', {
				bodyText: 'Choose',
				buttons: { button: [{ id: 'a', title: 'This title is far too long' }] },
			}),
			credentials: sessionCredentials(),
		});
		expect(result.error?.message).toBe('Item 0: "Buttons › Button 0 › Title" is 26 characters long; the limit is 20');
		// n8n shows the description without line breaks: it must read as sentences on one line.
		expect(Reflect.get(result.error ?? {}, 'description')).toBe(
			'"Buttons › Button 0 › Title" is 26 characters long; the limit is 20. Nothing was sent for this item.',
		);
		expect(provider.requests).toHaveLength(0);
	});

	it.each<[string, string, IDataObject, string]>([
		[
			'a product list of 31 products',
			'sendProductList',
			{
				catalogId: 'cat-1',
				headerText: 'Kitchen',
				bodyText: 'Pick',
				productSectionsInputMode: 'json',
				productSectionsJson: JSON.stringify([{ products: Array.from({ length: 31 }, (_, index) => `sku-${index}`) }]),
			},
			'Item 0: "Products" total 31 across all sections; the limit is 30',
		],
		[
			'a Flow button label of 31 characters',
			'sendFlow',
			{ bodyText: 'Book', flowId: '1234', flowButtonText: 'x'.repeat(31), flowScreen: 'BOOKING' },
			'Item 0: "Flow Button Label" is 31 characters long; the limit is 30',
		],
	])('refuses %s before sending, naming the field and the limit', async (_case, operation, fields, message) => {
		const result = await runNode({ parameters: base(operation, fields), credentials: sessionCredentials() });
		expect(result.error?.message).toBe(message);
		expect(provider.requests).toHaveLength(0);
	});
});

describe('provider errors in plain words', () => {
	it.each([
		[cloudApiError(400, 131047, 'Re-engagement message', 'More than 24 hours have passed'), /24-hour session window is closed.*template/, '131047'],
		[cloudApiError(401, 190, 'Invalid OAuth access token'), /rejected the access token/, '190'],
		[cloudApiError(400, 100, 'Invalid parameter'), /rejected a parameter/, '100'],
		[cloudApiError(400, 131009, 'Parameter value is not valid'), /rejected a parameter/, '131009'],
		[cloudApiError(400, 131026, 'Message undeliverable'), /could not deliver/, '131026'],
		[cloudApiError(429, 130429, 'Rate limit hit'), /rate limit was still reached after 1 attempt; the message was not sent/, '130429'],
		[{ status: 500, body: { error: 'boom' } }, /may or may not have been delivered/, undefined],
	])('%#: maps the provider answer to a clear NodeApiError', async (reply, expectedMessage, code) => {
		provider.respondWith(() => reply);
		// Retries have their own suite (rateLimits.test.ts); here the first answer is the last.
		const result = await runNode({
			parameters: base('sendText', { textBody: 'Hi', delivery: { maxRetries: 0 } }),
			credentials: sessionCredentials(),
		});
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toMatch(expectedMessage);
		const description = String(Reflect.get(result.error ?? {}, 'description'));
		expect(description).toContain(`HTTP ${reply.status}`);
		if (code !== undefined) expect(description).toContain(`provider code ${code}`);
		expect(provider.requests).toHaveLength(1);
	});

	it('reports a connection refused before sending as "not sent"', async () => {
		const result = await runNode({
			parameters: base('sendText', { textBody: 'Hi', delivery: { maxRetries: 0 } }),
			credentials: sessionCredentials({ domain: 'http://127.0.0.1:9' }),
		});
		expect(result.error?.message).toMatch(/Could not connect to the provider; the message was not sent/);
	});
});

describe('secrets stay secret', () => {
	it('no output, error or description contains the token, the key or the URL with the key', async () => {
		const texts: string[] = [];
		const collect = (result: Awaited<ReturnType<typeof runNode>>) => {
			texts.push(JSON.stringify(result.output));
			if (result.error) {
				texts.push(result.error.message, String(Reflect.get(result.error, 'description')), JSON.stringify(result.error));
				texts.push(String(result.error.stack));
			}
		};
		// The provider echoes the key and token back, as some do in their error text.
		provider.respondWith((request) =>
			cloudApiError(400, 100, `Invalid key ${KEY} for ${request.path} with ${request.headers.authorization ?? ''}`),
		);
		collect(await runNode({ parameters: base('sendText', { textBody: 'Hi' }), credentials: sessionCredentials() }));
		collect(
			await runNode({ parameters: base('sendText', { textBody: 'Hi' }), credentials: sessionCredentials(), continueOnFail: true }),
		);
		provider.respondWith((request) => ({ status: 200, body: { messages: [{ id: 'x' }], echo: request.path, token: TOKEN } }));
		collect(await runNode({ parameters: base('sendText', { textBody: 'Hi' }), credentials: sessionCredentials() }));
		collect(
			await runNode({
				parameters: base('sendText', { textBody: 'Hi', delivery: { maxRetries: 0 } }),
				credentials: sessionCredentials({ domain: 'http://127.0.0.1:9' }),
			}),
		);

		const everything = texts.join('\n');
		expect(everything.length).toBeGreaterThan(200);
		for (const secret of [TOKEN, KEY, encodeURIComponent(KEY), EXPECTED_PATH]) {
			expect(everything).not.toContain(secret);
		}
		expect(everything).toContain('[redacted]');
	});

	it('refuses a key that would change the endpoint', async () => {
		const result = await runNode({ parameters: base('sendText', { textBody: 'Hi' }), credentials: sessionCredentials({ apiKey: '..' }) });
		expect(result.error?.message).toBe('The credential\'s API Key cannot be "." or "..".');
		expect(provider.requests).toHaveLength(0);
	});
});

describe('"Custom API Call", which n8n adds to the Resource and Operation lists', () => {
	it.each([
		['as the operation', { operation: '__CUSTOM_API_CALL__' }],
		['as the resource', { resource: '__CUSTOM_API_CALL__', operation: undefined }],
	])('%s: refused with the way to a custom call, and nothing is sent', async (_case, picked) => {
		const result = await runNode({ parameters: { ...base('sendText', { textBody: 'Hi' }), ...picked }, credentials: sessionCredentials() });
		expect(result.error?.message).toBe('"Custom API Call" is not an operation of this node: it sends messages and gets the files customers send');
		expect(Reflect.get(result.error ?? {}, 'description')).toMatch(/HTTP Request node.*"Predefined Credential Type"/);
		expect(provider.requests).toHaveLength(0);
	});
});
