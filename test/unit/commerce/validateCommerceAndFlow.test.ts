import type { ValidationIssue } from '../../../nodes/WhatsAppSession/message/errors';
import { WHATSAPP_LIMITS } from '../../../nodes/WhatsAppSession/message/limits';
import type {
	CatalogContent,
	FlowContent,
	ProductContent,
	ProductListContent,
	ProductSection,
	SessionContent,
} from '../../../nodes/WhatsAppSession/message/types';
import { validateSessionMessage } from '../../../nodes/WhatsAppSession/message/validate';

const validate = (content: SessionContent): ValidationIssue[] =>
	validateSessionMessage({ recipient: { kind: 'phoneNumber', digits: '919880132082' }, content });

const chars = (count: number, char = 'a'): string => char.repeat(count);

const product = (overrides: Partial<ProductContent> = {}): ProductContent => ({ type: 'product', catalogId: 'cat-1', productRetailerId: 'sku-1', ...overrides });
const productList = (overrides: Partial<ProductListContent> = {}): ProductListContent => ({
	type: 'productList',
	catalogId: 'cat-1',
	header: 'Kitchen',
	body: 'Pick',
	sections: [{ productRetailerIds: ['sku-1'] }],
	...overrides,
});
const catalog = (overrides: Partial<CatalogContent> = {}): CatalogContent => ({ type: 'catalog', body: 'Browse', thumbnailProductRetailerId: 'sku-1', ...overrides });
const flow = (overrides: Partial<FlowContent> = {}): FlowContent => ({
	type: 'flow',
	flow: { by: 'id', flowId: '1234' },
	buttonText: 'Open',
	mode: 'published',
	start: { action: 'navigate', screen: 'WELCOME' },
	body: 'Book',
	...overrides,
});

/** `count` products spread over `sectionCount` titled sections. */
function sections(count: number, sectionCount: number): ProductSection[] {
	return Array.from({ length: sectionCount }, (_, index) => ({
		title: `S${index}`,
		productRetailerIds: Array.from({ length: count }, (_unused, product) => `sku-${product}`).filter((_id, product) => product % sectionCount === index),
	}));
}

describe('the limits of products, product lists, catalogs and Flows', () => {
	it('uses the limits WhatsApp documents', () => {
		expect(WHATSAPP_LIMITS).toMatchObject({
			productSectionsMin: 1,
			productSectionsMax: 10,
			productsTotalMax: 30,
			productSectionTitle: 24,
			flowButtonText: 30,
			flowButtonTextAdvised: 20,
		});
	});

	it.each<[string, SessionContent]>([
		['product', product()],
		['product with body and footer', product({ body: 'b', footer: 'f' })],
		['product list', productList({ footer: 'f' })],
		['catalog', catalog({ footer: 'f' })],
		['Flow by name, data exchange, draft, with token', flow({ flow: { by: 'name', flowName: 'booking' }, start: { action: 'dataExchange' }, mode: 'draft', flowToken: 't' })],
		['Flow with a 21-character label (a hint warns; WhatsApp takes up to 30)', flow({ buttonText: chars(21) })],
	])('accepts a valid %s', (_case, content) => {
		expect(validate(content)).toStrictEqual([]);
	});

	describe('length limits: accepted at N characters, rejected at N+1', () => {
		const TABLE: Array<[string, (value: string) => SessionContent, number, string]> = [
			['product body', (body) => product({ body }), 1024, 'Body Text'],
			['product footer', (footer) => product({ footer }), 60, 'Footer Text'],
			['product list header', (header) => productList({ header }), 60, 'Header Text'],
			['product list body', (body) => productList({ body }), 1024, 'Body Text'],
			['product list footer', (footer) => productList({ footer }), 60, 'Footer Text'],
			[
				'product list section title',
				(title) => productList({ sections: [{ title, productRetailerIds: ['a'] }, { title: 'B', productRetailerIds: ['b'] }] }),
				24,
				'Product Sections › Section 0 › Title',
			],
			['catalog body', (body) => catalog({ body }), 1024, 'Body Text'],
			['catalog footer', (footer) => catalog({ footer }), 60, 'Footer Text'],
			['Flow button label', (buttonText) => flow({ buttonText }), 30, 'Flow Button Label'],
			['Flow header', (header) => flow({ header }), 60, 'Header Text'],
			['Flow body', (body) => flow({ body }), 1024, 'Body Text'],
			['Flow footer', (footer) => flow({ footer }), 60, 'Footer Text'],
		];

		describe.each(TABLE)('%s', (_name, build, limit, field) => {
			it(`accepts ${limit} characters, and ${limit} emoji`, () => {
				expect(validate(build(chars(limit)))).toStrictEqual([]);
				expect(validate(build(chars(limit, '😀')))).toStrictEqual([]);
			});

			it(`rejects ${limit + 1} characters, naming "${field}" and the limit`, () => {
				expect(validate(build(chars(limit + 1)))).toStrictEqual([{ field, problem: `is ${limit + 1} characters long; the limit is ${limit}` }]);
			});
		});
	});

	describe('count limits', () => {
		it('accepts 30 products in 10 sections, and 30 in one', () => {
			expect(validate(productList({ sections: sections(30, 10) }))).toStrictEqual([]);
			expect(validate(productList({ sections: [{ productRetailerIds: sections(30, 1)[0].productRetailerIds }] }))).toStrictEqual([]);
		});

		it('rejects 31 products, naming "Products" and the limit 30', () => {
			expect(validate(productList({ sections: sections(31, 3) }))).toStrictEqual([{ field: 'Products', problem: 'total 31 across all sections; the limit is 30' }]);
		});

		it('rejects 11 sections, naming "Product Sections" and the limit 10', () => {
			expect(validate(productList({ sections: sections(11, 11) }))).toStrictEqual([{ field: 'Product Sections', problem: 'must have 1 to 10 sections (got 11)' }]);
		});

		it('rejects no section, and a section without products', () => {
			expect(validate(productList({ sections: [] }))).toStrictEqual([{ field: 'Product Sections', problem: 'must have 1 to 10 sections (got 0)' }]);
			expect(validate(productList({ sections: [{ productRetailerIds: [] }] }))).toStrictEqual([
				{ field: 'Product Sections › Section 0 › Products', problem: 'must have at least 1 product' },
			]);
		});
	});

	describe('required fields', () => {
		it.each<[string, SessionContent, string]>([
			['a product\'s catalog ID', product({ catalogId: '' }), 'Catalog ID'],
			['a product\'s retailer ID', product({ productRetailerId: ' ' }), 'Product Retailer ID'],
			['a product list\'s header', productList({ header: ' ' }), 'Header Text'],
			['a product list\'s catalog ID', productList({ catalogId: '' }), 'Catalog ID'],
			['a product list\'s body', productList({ body: '' }), 'Body Text'],
			['a product\'s retailer ID in a section', productList({ sections: [{ productRetailerIds: [''] }] }), 'Product Sections › Section 0 › Products › Product 0 › Product Retailer ID'],
			['a section title when there are two sections', productList({ sections: [{ productRetailerIds: ['a'] }, { title: 'B', productRetailerIds: ['b'] }] }), 'Product Sections › Section 0 › Title'],
			['a catalog\'s body', catalog({ body: '' }), 'Body Text'],
			['a catalog\'s thumbnail', catalog({ thumbnailProductRetailerId: '' }), 'Thumbnail Product Retailer ID'],
			['a Flow ID', flow({ flow: { by: 'id', flowId: '' } }), 'Flow ID'],
			['a Flow name', flow({ flow: { by: 'name', flowName: ' ' } }), 'Flow Name'],
			['a Flow button label', flow({ buttonText: '' }), 'Flow Button Label'],
			['a Flow\'s first screen when it navigates', flow({ start: { action: 'navigate', screen: '' } }), 'First Screen ID'],
			['a Flow\'s body', flow({ body: '' }), 'Body Text'],
		])('%s', (_case, content, field) => {
			expect(validate(content)).toStrictEqual([{ field, problem: expect.stringMatching(/is required/) }]);
		});

		it.each<[string, SessionContent, string]>([
			['a product body of spaces', product({ body: '  ' }), 'Body Text'],
			['a Flow token of spaces', flow({ flowToken: ' ' }), 'Flow Token'],
			['a Flow header of spaces', flow({ header: ' ' }), 'Header Text'],
		])('refuses %s, which would go out empty', (_case, content, field) => {
			expect(validate(content)).toStrictEqual([{ field, problem: 'holds only spaces; leave it empty to send none' }]);
		});
	});
});
