import type { INodeProperties } from 'n8n-workflow';

import { FIELD_LABELS as L } from '../message/fieldLabels';
import { bodyTextProperty, footerTextProperty, forOperation, inputModeProperty, optionalHeaderTextProperty } from './shared';

/** Send Product, Send Product List and Send Catalog: products of the catalog linked to the WhatsApp Business Account. */

const catalogIdProperty: INodeProperties = {
	displayName: L.catalogId,
	name: 'catalogId',
	type: 'string',
	default: '',
	required: true,
	placeholder: '1234567890123456',
	description: 'The ID of the product catalog linked to your WhatsApp Business Account (Commerce Manager → Catalogs)',
};

export const productProperties: INodeProperties[] = forOperation('sendProduct', [
	catalogIdProperty,
	{
		displayName: L.productRetailerId,
		name: 'productRetailerId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'sku-1042',
		description: 'The product\'s retailer ID in that catalog (its Content ID or SKU). WhatsApp shows the product\'s own picture, so this message has no header.',
	},
	{ ...bodyTextProperty, required: false, description: 'Optional text under the product (up to 1024 characters)' },
	footerTextProperty,
]);

export const productListProperties: INodeProperties[] = forOperation('sendProductList', [
	catalogIdProperty,
	{
		...optionalHeaderTextProperty,
		required: true,
		description: 'The text header WhatsApp requires above a product list (up to 60 characters)',
	},
	bodyTextProperty,
	inputModeProperty('productSectionsInputMode', 'Product Sections'),
	{
		displayName: L.productSections,
		name: 'productSections',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, maxAllowedFields: 10 },
		placeholder: 'Add section',
		default: {},
		displayOptions: { show: { productSectionsInputMode: ['fields'] } },
		description: '1 to 10 sections with at most 30 products in total. A section title is required when there is more than one section.',
		options: [
			{
				displayName: 'Section',
				name: 'section',
				values: [
					{
						displayName: L.sectionTitle,
						name: 'title',
						type: 'string',
						default: '',
						description: 'The section\'s heading, up to 24 characters',
					},
					{
						displayName: L.products,
						name: 'products',
						type: 'fixedCollection',
						typeOptions: { multipleValues: true },
						placeholder: 'Add product',
						default: {},
						description: 'The section\'s products; at most 30 counting every section',
						options: [
							{
								displayName: 'Product',
								name: 'product',
								values: [
									{
										displayName: L.productRetailerId,
										name: 'retailerId',
										type: 'string',
										default: '',
										description: 'The product\'s retailer ID in the catalog (its Content ID or SKU)',
									},
								],
							},
						],
					},
				],
			},
		],
	},
	{
		displayName: 'Product Sections (JSON)',
		name: 'productSectionsJson',
		type: 'json',
		default: '[\n  {\n    "title": "Bestsellers",\n    "products": ["sku-1042", "sku-2077"]\n  }\n]',
		displayOptions: { show: { productSectionsInputMode: ['json'] } },
		hint: 'Keys in lower case, as in the example: <code>title</code> and <code>products</code> (retailer IDs)',
		description: 'An array of 1 to 10 sections, each with a title and its products\' retailer IDs (at most 30 in all), or an expression that returns one',
	},
	footerTextProperty,
]);

export const catalogProperties: INodeProperties[] = forOperation('sendCatalog', [
	bodyTextProperty,
	{
		displayName: L.thumbnailProductRetailerId,
		name: 'thumbnailProductRetailerId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'sku-1042',
		description: 'The retailer ID of the product whose picture shows on the message; the button opens your whole catalog',
	},
	footerTextProperty,
]);
