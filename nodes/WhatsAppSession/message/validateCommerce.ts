import { assertNever } from '../util/values';
import type { ValidationIssue } from './errors';
import { FIELD_LABELS as L, listPosition, nestedFieldLabel } from './fieldLabels';
import { WHATSAPP_LIMITS as LIMIT } from './limits';
import type { CatalogContent, ProductContent, ProductListContent } from './commerceTypes';
import type { FlowContent } from './flowTypes';
import { countInRange, maxLength, notBlankWhenSet, requireText, validateSectionTitle } from './checks';

/** WhatsApp's limits on product, product list, catalog and Flow messages (Meta Cloud API reference). */

export function validateCommerceOrFlow(content: ProductContent | ProductListContent | CatalogContent | FlowContent): ValidationIssue[] {
	const issues: ValidationIssue[] = [];
	switch (content.type) {
		case 'product':
			requireText(issues, L.catalogId, content.catalogId);
			requireText(issues, L.productRetailerId, content.productRetailerId);
			// A product message's body is optional, unlike every other interactive message's.
			if (content.body !== undefined) optionalText(issues, L.body, content.body, LIMIT.interactiveBody);
			validateFooter(issues, content.footer);
			break;
		case 'productList':
			validateProductList(issues, content);
			break;
		case 'catalog':
			validateBodyAndFooter(issues, content.body, content.footer);
			requireText(issues, L.thumbnailProductRetailerId, content.thumbnailProductRetailerId);
			break;
		case 'flow':
			validateFlow(issues, content);
			break;
		default:
			return assertNever(content, 'message type');
	}
	return issues;
}

function optionalText(issues: ValidationIssue[], field: string, value: string, limit: number): void {
	notBlankWhenSet(issues, field, value);
	maxLength(issues, field, value, limit);
}

function validateFooter(issues: ValidationIssue[], footer: string | undefined): void {
	if (footer !== undefined) optionalText(issues, L.footer, footer, LIMIT.footerText);
}

function validateBodyAndFooter(issues: ValidationIssue[], body: string, footer: string | undefined): void {
	requireText(issues, L.body, body);
	maxLength(issues, L.body, body, LIMIT.interactiveBody);
	validateFooter(issues, footer);
}

function validateProductList(issues: ValidationIssue[], content: ProductListContent): void {
	requireText(issues, L.catalogId, content.catalogId);
	// WhatsApp requires a product list's header, and it is text only.
	requireText(issues, L.headerText, content.header);
	maxLength(issues, L.headerText, content.header, LIMIT.headerText);
	validateBodyAndFooter(issues, content.body, content.footer);
	countInRange(issues, L.productSections, content.sections.length, LIMIT.productSectionsMin, LIMIT.productSectionsMax, 'sections');
	const totalProducts = content.sections.reduce((sum, section) => sum + section.productRetailerIds.length, 0);
	if (totalProducts > LIMIT.productsTotalMax) {
		issues.push({ field: L.products, problem: `total ${totalProducts} across all sections; the limit is ${LIMIT.productsTotalMax}` });
	}
	content.sections.forEach((section, sectionIndex) => {
		const sectionLabel = nestedFieldLabel(L.productSections, listPosition('Section', sectionIndex));
		const titleLabel = nestedFieldLabel(sectionLabel, L.sectionTitle);
		validateSectionTitle(issues, titleLabel, section.title, content.sections.length, LIMIT.productSectionTitle);
		if (section.productRetailerIds.length === 0) {
			issues.push({ field: nestedFieldLabel(sectionLabel, L.products), problem: 'must have at least 1 product' });
		}
		section.productRetailerIds.forEach((retailerId, productIndex) => {
			requireText(issues, nestedFieldLabel(sectionLabel, L.products, listPosition('Product', productIndex), L.productRetailerId), retailerId);
		});
	});
}

function validateFlow(issues: ValidationIssue[], content: FlowContent): void {
	if (content.flow.by === 'id') requireText(issues, L.flowId, content.flow.flowId);
	else requireText(issues, L.flowName, content.flow.flowName);
	requireText(issues, L.flowButtonText, content.buttonText);
	maxLength(issues, L.flowButtonText, content.buttonText, LIMIT.flowButtonText);
	if (content.flowToken !== undefined) notBlankWhenSet(issues, L.flowToken, content.flowToken);
	if (content.start.action === 'navigate') requireText(issues, L.flowScreen, content.start.screen);
	if (content.header !== undefined) optionalText(issues, L.headerText, content.header, LIMIT.headerText);
	validateBodyAndFooter(issues, content.body, content.footer);
}
