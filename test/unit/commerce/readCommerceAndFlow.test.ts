import type { FormValues } from '../../../nodes/WhatsAppSession/message/formValues';
import { readSessionMessage } from '../../../nodes/WhatsAppSession/message/fromForm';
import type { Operation } from '../../../nodes/WhatsAppSession/message/operations';
import type { SessionContent } from '../../../nodes/WhatsAppSession/message/types';
import { issuesOf } from '../../support/invalidInput';

type Values = Record<string, unknown>;

const formOf = (values: Values): FormValues => ({ get: (name: string) => values[name] });
const readContent = (operation: Operation, values: Values): SessionContent =>
	readSessionMessage(operation, formOf({ recipient: '+91 98801 32082', ...values })).content;

describe('reading Send Product, Send Product List and Send Catalog', () => {
	it('reads a product, trimming its IDs; body and footer only when filled in', () => {
		expect(readContent('sendProduct', { catalogId: ' cat-1 ', productRetailerId: ' sku-1 ', bodyText: '', footerText: 'f' })).toStrictEqual({
			type: 'product',
			catalogId: 'cat-1',
			productRetailerId: 'sku-1',
			footer: 'f',
		});
	});

	it('reads a product list from the form\'s sections', () => {
		const values = {
			catalogId: 'cat-1',
			headerText: 'Kitchen',
			bodyText: 'Pick',
			productSections: {
				section: [
					{ title: 'Kettles', products: { product: [{ retailerId: 'sku-1' }, { retailerId: ' sku-2 ' }] } },
					{ products: { product: [{ retailerId: 'sku-3' }] } },
				],
			},
		};
		expect(readContent('sendProductList', values)).toStrictEqual({
			type: 'productList',
			catalogId: 'cat-1',
			header: 'Kitchen',
			body: 'Pick',
			sections: [{ title: 'Kettles', productRetailerIds: ['sku-1', 'sku-2'] }, { productRetailerIds: ['sku-3'] }],
		});
	});

	it.each<[string, unknown]>([
		['retailer IDs', '[{"title": "Kettles", "products": ["sku-1", "sku-2"]}]'],
		['objects with retailerId', [{ title: 'Kettles', products: [{ retailerId: 'sku-1' }, { retailerId: 'sku-2' }] }]],
		['Meta\'s own product_items', '[{"title": "Kettles", "product_items": [{"product_retailer_id": "sku-1"}, {"product_retailer_id": "sku-2"}]}]'],
	])('reads JSON sections written as %s', (_case, json) => {
		const content = readContent('sendProductList', { catalogId: 'c', headerText: 'h', bodyText: 'b', productSectionsInputMode: 'json', productSectionsJson: json });
		expect(content).toMatchObject({ sections: [{ title: 'Kettles', productRetailerIds: ['sku-1', 'sku-2'] }] });
	});

	it('names the product whose retailer ID is not text', () => {
		const values = { catalogId: 'c', headerText: 'h', bodyText: 'b', productSectionsInputMode: 'json', productSectionsJson: [{ products: ['a', { retailerId: { sku: 1 } }] }] };
		expect(issuesOf(() => readContent('sendProductList', values))).toStrictEqual([
			{ field: 'Product Sections › Section 0 › Products › Product 1 › Product Retailer ID', problem: 'must be text (got an object)' },
		]);
	});

	it('reads a catalog', () => {
		expect(readContent('sendCatalog', { bodyText: 'Browse', thumbnailProductRetailerId: ' sku-1 ' })).toStrictEqual({
			type: 'catalog',
			body: 'Browse',
			thumbnailProductRetailerId: 'sku-1',
		});
	});
});

describe('reading Send Flow', () => {
	const FLOW = { bodyText: 'Book', flowId: '1234', flowButtonText: 'Book now', flowScreen: 'WELCOME' };

	it('reads a published Flow by ID that navigates, with the form\'s defaults', () => {
		expect(readContent('sendFlow', FLOW)).toStrictEqual({
			type: 'flow',
			flow: { by: 'id', flowId: '1234' },
			buttonText: 'Book now',
			mode: 'published',
			start: { action: 'navigate', screen: 'WELCOME' },
			body: 'Book',
		});
	});

	it('reads only the chosen one of Flow ID and Flow Name', () => {
		expect(readContent('sendFlow', { ...FLOW, flowReference: 'name', flowName: ' booking ' })).toMatchObject({ flow: { by: 'name', flowName: 'booking' } });
		expect(readContent('sendFlow', { ...FLOW, flowReference: 'id', flowName: 'left over' })).toMatchObject({ flow: { by: 'id', flowId: '1234' } });
	});

	it('reads the token, the mode, header and footer', () => {
		expect(readContent('sendFlow', { ...FLOW, flowCorrelationId: ' order-1042 ', flowMode: 'draft', headerText: 'H', footerText: 'F' })).toMatchObject({
			flowToken: 'order-1042',
			mode: 'draft',
			header: 'H',
			footer: 'F',
		});
	});

	it.each<[string, unknown, unknown]>([
		['JSON text', '{"customer": "Asha", "slots": [9, 10]}', { customer: 'Asha', slots: [9, 10] }],
		['an object from an expression', { customer: 'Asha' }, { customer: 'Asha' }],
	])('reads the first screen\'s data as %s', (_case, flowScreenData, data) => {
		expect(readContent('sendFlow', { ...FLOW, flowScreenData })).toMatchObject({ start: { action: 'navigate', screen: 'WELCOME', data } });
	});

	it.each([['{}'], [''], ['  '], [{}], [undefined]])('sends no data for %j: WhatsApp refuses an empty one', (flowScreenData) => {
		expect(readContent('sendFlow', { ...FLOW, flowScreenData })).toMatchObject({ start: { action: 'navigate', screen: 'WELCOME' } });
		expect(readContent('sendFlow', { ...FLOW, flowScreenData })).not.toHaveProperty('start.data');
	});

	it('reads data exchange without a screen, whatever the hidden screen fields hold', () => {
		expect(readContent('sendFlow', { ...FLOW, flowAction: 'dataExchange', flowScreenData: '{"a": 1}' })).toMatchObject({ start: { action: 'dataExchange' } });
	});

	it.each<[string, Values, string, RegExp]>([
		['screen data that is not JSON', { flowScreenData: '{oops' }, 'First Screen Data', /^is not valid JSON/],
		['screen data that is a list', { flowScreenData: '[1, 2]' }, 'First Screen Data', /^must be a JSON object \(got a list\)$/],
		['screen data JSON cannot hold', { flowScreenData: { a: Number.NaN } }, 'First Screen Data', /^must be a JSON object/],
		['an unknown way to name the Flow', { flowReference: 'url' }, 'Identify Flow By', /^must be id or name \(got url\)$/],
		['an unknown mode', { flowMode: 'live' }, 'Flow Mode', /^must be published or draft \(got live\)$/],
		['an unknown first-screen choice', { flowAction: 'data_exchange' }, 'Open Flow With', /^must be navigate or dataExchange/],
	])('names the field for %s', (_case, values, field, problem) => {
		expect(issuesOf(() => readContent('sendFlow', { ...FLOW, ...values }))).toStrictEqual([{ field, problem: expect.stringMatching(problem) }]);
	});
});
