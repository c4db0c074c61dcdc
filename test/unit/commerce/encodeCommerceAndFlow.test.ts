import type { IDataObject } from 'n8n-workflow';

import type { SessionContent, SessionMessage } from '../../../nodes/WhatsAppSession/message/types';
import { encodeCloudApiBody } from '../../../nodes/WhatsAppSession/providers/cloudApi/encode';
import { encodeConnectlyBody } from '../../../nodes/WhatsAppSession/providers/connectly/adapter';
import type { ConnectlyOptions } from '../../../nodes/WhatsAppSession/providers/connectly/options';
import { PROVIDERS } from '../../../nodes/WhatsAppSession/providers';
import { issuesOf } from '../../support/invalidInput';
import { SAMPLE_CREDENTIALS } from '../../support/providerSamples';

/**
 * The exact bodies of Send Product, Send Product List, Send Catalog and Send Flow. The Cloud API
 * shapes follow PROVIDERS.md §1 and Meta's OpenAPI spec (v23): `InteractiveObject` with
 * `ActionObject`'s product, catalog_message and flow branches, and its examples "Send Single
 * Product Message", "Send Multi-Product Message", "Send Catalog Message" and "Send Draft Flow by
 * ID/Name". Connectly's follow PROVIDERS.md §3.
 */

const TO = '919880132082';
const ENVELOPE = { messaging_product: 'whatsapp', recipient_type: 'individual', to: TO, type: 'interactive' };

const message = <Extras = never>(content: SessionContent, extras?: Extras): SessionMessage<Extras> => ({
	recipient: { kind: 'phoneNumber', digits: TO },
	content,
	...(extras !== undefined && { extras }),
});

const PRODUCT: SessionContent = { type: 'product', catalogId: 'cat-1', productRetailerId: 'sku-1042', body: 'Back in stock', footer: 'Free delivery' };
const PRODUCT_LIST: SessionContent = {
	type: 'productList',
	catalogId: 'cat-1',
	header: 'Kitchen',
	body: 'Pick what you need',
	footer: 'Prices include tax',
	sections: [
		{ title: 'Kettles', productRetailerIds: ['sku-1042', 'sku-1043'] },
		{ title: 'Mugs', productRetailerIds: ['sku-2077'] },
	],
};
const CATALOG: SessionContent = { type: 'catalog', body: 'Ordering is easy', footer: 'Best deals', thumbnailProductRetailerId: 'sku-1042' };
const FLOW_BY_ID: SessionContent = {
	type: 'flow',
	flow: { by: 'id', flowId: '1234' },
	buttonText: 'Book now',
	flowToken: 'booking-1042',
	mode: 'draft',
	start: { action: 'navigate', screen: 'BOOKING', data: { customer_name: 'Asha', slots: [9, 10] } },
	body: 'Book your next visit',
	header: 'Appointments',
	footer: 'Change it later',
};

describe('Cloud API format (Meta and Cloud-API-format providers)', () => {
	it.each<[string, SessionContent, IDataObject]>([
		[
			'a product: catalog and retailer ID in the action, no header',
			PRODUCT,
			{
				type: 'product',
				body: { text: 'Back in stock' },
				footer: { text: 'Free delivery' },
				action: { catalog_id: 'cat-1', product_retailer_id: 'sku-1042' },
			},
		],
		[
			'a product without body or footer',
			{ type: 'product', catalogId: 'cat-1', productRetailerId: 'sku-1042' },
			{ type: 'product', action: { catalog_id: 'cat-1', product_retailer_id: 'sku-1042' } },
		],
		[
			'a product list: text header, sections of product_items',
			PRODUCT_LIST,
			{
				type: 'product_list',
				header: { type: 'text', text: 'Kitchen' },
				body: { text: 'Pick what you need' },
				footer: { text: 'Prices include tax' },
				action: {
					catalog_id: 'cat-1',
					sections: [
						{ title: 'Kettles', product_items: [{ product_retailer_id: 'sku-1042' }, { product_retailer_id: 'sku-1043' }] },
						{ title: 'Mugs', product_items: [{ product_retailer_id: 'sku-2077' }] },
					],
				},
			},
		],
		[
			'a product list of one untitled section',
			{ type: 'productList', catalogId: 'cat-1', header: 'H', body: 'B', sections: [{ productRetailerIds: ['sku-1'] }] },
			{
				type: 'product_list',
				header: { type: 'text', text: 'H' },
				body: { text: 'B' },
				action: { catalog_id: 'cat-1', sections: [{ product_items: [{ product_retailer_id: 'sku-1' }] }] },
			},
		],
		[
			'a catalog: the thumbnail product in the parameters',
			CATALOG,
			{
				type: 'catalog_message',
				body: { text: 'Ordering is easy' },
				footer: { text: 'Best deals' },
				action: { name: 'catalog_message', parameters: { thumbnail_product_retailer_id: 'sku-1042' } },
			},
		],
		[
			'a draft Flow by ID that navigates to a screen with data and a token',
			FLOW_BY_ID,
			{
				type: 'flow',
				header: { type: 'text', text: 'Appointments' },
				body: { text: 'Book your next visit' },
				footer: { text: 'Change it later' },
				action: {
					name: 'flow',
					parameters: {
						flow_message_version: '3',
						flow_id: '1234',
						flow_cta: 'Book now',
						flow_token: 'booking-1042',
						mode: 'draft',
						flow_action: 'navigate',
						flow_action_payload: { screen: 'BOOKING', data: { customer_name: 'Asha', slots: [9, 10] } },
					},
				},
			},
		],
		[
			'a published Flow by name that navigates without data: no data key, no token',
			{ type: 'flow', flow: { by: 'name', flowName: 'booking' }, buttonText: 'Open', mode: 'published', start: { action: 'navigate', screen: 'WELCOME' }, body: 'B' },
			{
				type: 'flow',
				body: { text: 'B' },
				action: {
					name: 'flow',
					parameters: {
						flow_message_version: '3',
						flow_name: 'booking',
						flow_cta: 'Open',
						mode: 'published',
						flow_action: 'navigate',
						flow_action_payload: { screen: 'WELCOME' },
					},
				},
			},
		],
		[
			'a Flow that asks its endpoint for the first screen: data_exchange and no payload',
			{ type: 'flow', flow: { by: 'id', flowId: '1234' }, buttonText: 'Open', mode: 'published', start: { action: 'dataExchange' }, body: 'B' },
			{
				type: 'flow',
				body: { text: 'B' },
				action: {
					name: 'flow',
					parameters: { flow_message_version: '3', flow_id: '1234', flow_cta: 'Open', mode: 'published', flow_action: 'data_exchange' },
				},
			},
		],
	])('%s', (_case, content, interactive) => {
		expect(encodeCloudApiBody(message(content))).toStrictEqual({ ...ENVELOPE, interactive });
	});

	it.each(['metaCloudApi', 'cloudApiCompatible'] as const)('%s sends these bodies unchanged', (provider) => {
		const connection = PROVIDERS[provider].connect(SAMPLE_CREDENTIALS[provider]);
		expect(connection.encode(message(FLOW_BY_ID)).body).toStrictEqual(encodeCloudApiBody(message(FLOW_BY_ID)));
	});
});

describe('Connectly', () => {
	const encode = (content: SessionContent, options?: ConnectlyOptions): IDataObject => encodeConnectlyBody(message(content, options), 'client-1');
	const RECIPIENT = { id: `+${TO}`, channelType: 'whatsapp' };

	it('a product is a singleProductMessage, its body in message.text', () => {
		expect(encode(PRODUCT)).toStrictEqual({
			recipient: RECIPIENT,
			message: {
				id: 'client-1',
				text: 'Back in stock',
				singleProductMessage: { catalogId: 'cat-1', productItem: { productRetailerId: 'sku-1042' }, footer: { text: 'Free delivery' } },
			},
		});
	});

	it('a product without body has no message.text', () => {
		expect(encode({ type: 'product', catalogId: 'cat-1', productRetailerId: 'sku-1' })).toStrictEqual({
			recipient: RECIPIENT,
			message: { id: 'client-1', singleProductMessage: { catalogId: 'cat-1', productItem: { productRetailerId: 'sku-1' } } },
		});
	});

	it('a product list is a multiProductMessage with its header, footer and sections of productItems', () => {
		expect(encode(PRODUCT_LIST)).toStrictEqual({
			recipient: RECIPIENT,
			message: {
				id: 'client-1',
				text: 'Pick what you need',
				multiProductMessage: {
					header: { text: 'Kitchen' },
					footer: { text: 'Prices include tax' },
					catalogId: 'cat-1',
					sections: [
						{ title: 'Kettles', productItems: [{ productRetailerId: 'sku-1042' }, { productRetailerId: 'sku-1043' }] },
						{ title: 'Mugs', productItems: [{ productRetailerId: 'sku-2077' }] },
					],
				},
			},
		});
	});

	it.each<[string, SessionContent, string]>([
		['Send Catalog', CATALOG, 'no catalog message'],
		['Send Flow', FLOW_BY_ID, 'cannot open a WhatsApp Flow'],
	])('refuses %s by name, before sending', (operation, content, reason) => {
		expect(issuesOf(() => encode(content))).toStrictEqual([{ field: operation, problem: expect.stringContaining(reason) }]);
	});
});

describe('Texter cannot carry products, catalogs or Flows', () => {
	const texter = PROVIDERS.texter.connect(SAMPLE_CREDENTIALS.texter);
	it.each<[string, SessionContent]>([
		['Send Product', PRODUCT],
		['Send Product List', PRODUCT_LIST],
		['Send Catalog', CATALOG],
		['Send Flow', FLOW_BY_ID],
	])('refuses %s by name', (operation, content) => {
		const chatMessage: SessionMessage<never> = { recipient: { kind: 'chatId', chatId: 'chat-1' }, content };
		expect(issuesOf(() => texter.encode(chatMessage))).toStrictEqual([{ field: operation, problem: expect.stringMatching(/^is not available with Texter: /) }]);
	});
});
