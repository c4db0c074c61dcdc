import type { IDataObject } from 'n8n-workflow';

import type { LocationContent, ProductContent, ProductListContent } from '../../message/types';
import { assertNever } from '../../util/values';

/**
 * Connectly's product messages (PROVIDERS.md §3): `singleProductMessage {catalogId,
 * productItem:{productRetailerId}, footer?}` with an optional body in `message.text`, and
 * `multiProductMessage {header, footer?, catalogId, sections:[{title, productItems}]}` with a
 * required body in `message.text`. The multi-product nesting is probable, not confirmed.
 */
export function encodeConnectlyProducts(content: ProductContent | ProductListContent): IDataObject {
	switch (content.type) {
		case 'product':
			return {
				...(content.body !== undefined && { text: content.body }),
				singleProductMessage: {
					catalogId: content.catalogId,
					productItem: { productRetailerId: content.productRetailerId },
					...(content.footer !== undefined && { footer: { text: content.footer } }),
				},
			};
		case 'productList':
			return {
				text: content.body,
				multiProductMessage: {
					// Written as its list message's header is: `{text}`.
					header: { text: content.header },
					...(content.footer !== undefined && { footer: { text: content.footer } }),
					catalogId: content.catalogId,
					sections: content.sections.map((section) => ({
						...(section.title !== undefined && { title: section.title }),
						productItems: section.productRetailerIds.map((productRetailerId) => ({ productRetailerId })),
					})),
				},
			};
		default:
			return assertNever(content, 'message type');
	}
}

/** `location {latitude, longitude, name?, address?}` */
export function encodeConnectlyLocation(content: LocationContent): IDataObject {
	return {
		latitude: content.latitude,
		longitude: content.longitude,
		...(content.name !== undefined && { name: content.name }),
		...(content.address !== undefined && { address: content.address }),
	};
}
