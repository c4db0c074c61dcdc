/**
 * The canonical messages that show products of the business's catalog (Meta's "Share products with
 * customers"). A product is named by its retailer ID (the catalog's "Content ID"/SKU), in the
 * catalog the WhatsApp Business Account is linked to.
 */

/** One product, with its optional text; WhatsApp shows the product's own picture, so no header. */
export interface ProductContent {
	type: 'product';
	catalogId: string;
	productRetailerId: string;
	body?: string;
	footer?: string;
}

export interface ProductSection {
	/** Required when the list has more than one section. */
	title?: string;
	productRetailerIds: string[];
}

/** Several products in sections; WhatsApp requires its text header. */
export interface ProductListContent {
	type: 'productList';
	catalogId: string;
	header: string;
	body: string;
	footer?: string;
	sections: ProductSection[];
}

/** The whole catalog behind one button, with one product's picture as the thumbnail. */
export interface CatalogContent {
	type: 'catalog';
	body: string;
	footer?: string;
	thumbnailProductRetailerId: string;
}
