import { isPlainObject, toText, type PlainObject } from '../util/values';
import { InvalidMessageError } from './errors';
import { FIELD_LABELS as L, listPosition, nestedFieldLabel } from './fieldLabels';
import { describeType, entriesOfFixedCollection, entryOptionalText, readListEntries, readOptionalText, readText, type FormValues } from './formValues';
import type { CatalogContent, ProductContent, ProductListContent, ProductSection } from './commerceTypes';

/** Reads Send Product, Send Product List and Send Catalog; validation checks WhatsApp's limits afterwards. */

export function readProductContent(form: FormValues): ProductContent {
	const body = readOptionalText(form, 'bodyText', L.body);
	const footer = readOptionalText(form, 'footerText', L.footer);
	return {
		type: 'product',
		catalogId: readText(form, 'catalogId', L.catalogId).trim(),
		productRetailerId: readText(form, 'productRetailerId', L.productRetailerId).trim(),
		...(body !== undefined && { body }),
		...(footer !== undefined && { footer }),
	};
}

export function readProductListContent(form: FormValues): ProductListContent {
	const footer = readOptionalText(form, 'footerText', L.footer);
	const sections = readListEntries(form, {
		modeName: 'productSectionsInputMode',
		collectionName: 'productSections',
		entryKey: 'section',
		jsonName: 'productSectionsJson',
		label: L.productSections,
	}).map(productSectionFromEntry);
	return {
		type: 'productList',
		catalogId: readText(form, 'catalogId', L.catalogId).trim(),
		header: readText(form, 'headerText', L.headerText),
		body: readText(form, 'bodyText', L.body),
		...(footer !== undefined && { footer }),
		sections,
	};
}

export function readCatalogContent(form: FormValues): CatalogContent {
	const footer = readOptionalText(form, 'footerText', L.footer);
	return {
		type: 'catalog',
		body: readText(form, 'bodyText', L.body),
		...(footer !== undefined && { footer }),
		thumbnailProductRetailerId: readText(form, 'thumbnailProductRetailerId', L.thumbnailProductRetailerId).trim(),
	};
}

/**
 * A section's products: the form's fixed collection ({ product: [{ retailerId }] }), or in JSON an
 * array of retailer IDs, of { "retailerId" }, or of Meta's own { "product_retailer_id" } (so
 * `product_items` copied from a Cloud API body reads too).
 */
function productSectionFromEntry(entry: PlainObject, index: number): ProductSection {
	const sectionLabel = nestedFieldLabel(L.productSections, listPosition('Section', index));
	const title = entryOptionalText(entry, 'title');
	const written = entry.products ?? entry.product_items;
	const products = Array.isArray(written) ? written : entriesOfFixedCollection(written, 'product', nestedFieldLabel(sectionLabel, L.products));
	const productRetailerIds = products.map((product, productIndex) =>
		productRetailerIdOf(product, nestedFieldLabel(sectionLabel, L.products, listPosition('Product', productIndex))),
	);
	return title === undefined ? { productRetailerIds } : { title, productRetailerIds };
}

function productRetailerIdOf(product: unknown, label: string): string {
	const written = isPlainObject(product) ? product.retailerId ?? product.product_retailer_id : product;
	const retailerId = written === undefined || written === null ? '' : toText(written);
	if (retailerId === undefined) {
		throw new InvalidMessageError([{ field: nestedFieldLabel(label, L.productRetailerId), problem: `must be text (got ${describeType(written)})` }]);
	}
	return retailerId.trim();
}
