import type { IDataObject } from 'n8n-workflow';

import type { CatalogContent, FlowContent, FlowStart, ProductContent, ProductListContent } from '../../message/types';
import { assertNever } from '../../util/values';
import { interactive, textHeader } from './parts';

/**
 * Product, product list, catalog and Flow messages in the Cloud API format (PROVIDERS.md §1; Meta's
 * `InteractiveObject` and `ActionObject`, and its "Send Single Product", "Send Multi-Product",
 * "Send Catalog" and "Send … Flow" examples).
 */
export function encodeCommerceOrFlow(content: ProductContent | ProductListContent | CatalogContent | FlowContent): IDataObject {
	switch (content.type) {
		case 'product':
			// No header: WhatsApp shows the product's own picture and name there.
			return interactive('product', content.body, undefined, content.footer, {
				catalog_id: content.catalogId,
				product_retailer_id: content.productRetailerId,
			});
		case 'productList':
			return encodeProductList(content);
		case 'catalog':
			return interactive('catalog_message', content.body, undefined, content.footer, {
				name: 'catalog_message',
				parameters: { thumbnail_product_retailer_id: content.thumbnailProductRetailerId },
			});
		case 'flow':
			return interactive('flow', content.body, textHeader(content.header), content.footer, {
				name: 'flow',
				parameters: encodeFlowParameters(content),
			});
		default:
			return assertNever(content, 'message type');
	}
}

function encodeProductList(content: ProductListContent): IDataObject {
	return interactive('product_list', content.body, textHeader(content.header), content.footer, {
		catalog_id: content.catalogId,
		sections: content.sections.map((section) => ({
			...(section.title !== undefined && { title: section.title }),
			product_items: section.productRetailerIds.map((retailerId) => ({ product_retailer_id: retailerId })),
		})),
	});
}

/**
 * `flow_message_version` is "3", the only version Meta takes. The mode is always sent: the API's
 * default is published, and saying so costs nothing while a draft must be named.
 */
function encodeFlowParameters(content: FlowContent): IDataObject {
	return {
		flow_message_version: '3',
		...(content.flow.by === 'id' ? { flow_id: content.flow.flowId } : { flow_name: content.flow.flowName }),
		flow_cta: content.buttonText,
		...(content.flowToken !== undefined && { flow_token: content.flowToken }),
		mode: content.mode,
		...encodeFlowStart(content.start),
	};
}

/**
 * Navigate names the first screen, with its data when there is any (WhatsApp refuses an empty
 * `data`). Data exchange asks the business's Flow endpoint for the first screen, so it carries no
 * payload: Meta's "Sending a Flow" guide says to omit it (its OpenAPI description of
 * `flow_action_payload` reads the other way round, a defect).
 */
function encodeFlowStart(start: FlowStart): IDataObject {
	switch (start.action) {
		case 'navigate':
			return {
				flow_action: 'navigate',
				flow_action_payload: { screen: start.screen, ...(start.data !== undefined && { data: start.data }) },
			};
		case 'dataExchange':
			return { flow_action: 'data_exchange' };
		default:
			return assertNever(start, 'Flow start');
	}
}
