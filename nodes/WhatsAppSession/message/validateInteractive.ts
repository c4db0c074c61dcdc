import type { ValidationIssue } from './errors';
import { FIELD_LABELS as L, listPosition, nestedFieldLabel } from './fieldLabels';
import { WHATSAPP_LIMITS as LIMIT } from './limits';
import { type CallToActionUrlContent, type InteractiveHeader, type ListContent, type ReplyButtonsContent } from './types';
import { countInRange, maxLength, notBlankWhenSet, requireHttpUrl, requireText, validateMediaSource, validateSectionTitle } from './checks';

/** WhatsApp's limits on interactive messages (reply buttons, lists, call-to-action URLs), checked with the rest of the message by validate.ts. */

function validateHeader(issues: ValidationIssue[], header: InteractiveHeader | undefined): void {
	if (header === undefined) return;
	if (header.kind === 'text') {
		requireText(issues, L.headerText, header.text);
		maxLength(issues, L.headerText, header.text, LIMIT.headerText);
	} else {
		validateMediaSource(issues, header.source, L.headerMediaUrl, L.headerMediaId);
	}
}

function validateInteractiveFrame(
	issues: ValidationIssue[],
	body: string,
	footer: string | undefined,
): void {
	requireText(issues, L.body, body);
	maxLength(issues, L.body, body, LIMIT.interactiveBody);
	if (footer !== undefined) {
		notBlankWhenSet(issues, L.footer, footer);
		maxLength(issues, L.footer, footer, LIMIT.footerText);
	}
}

export function validateReplyButtons(issues: ValidationIssue[], content: ReplyButtonsContent): void {
	validateInteractiveFrame(issues, content.body, content.footer);
	validateHeader(issues, content.header);
	countInRange(issues, L.buttons, content.buttons.length, LIMIT.replyButtonsMin, LIMIT.replyButtonsMax, 'buttons');
	const seenTitles = new Set<string>();
	const seenIds = new Set<string>();
	content.buttons.forEach((button, index) => {
		const idLabel = nestedFieldLabel(L.buttons, listPosition('Button', index), L.buttonId);
		const titleLabel = nestedFieldLabel(L.buttons, listPosition('Button', index), L.buttonTitle);
		requireText(issues, idLabel, button.id);
		maxLength(issues, idLabel, button.id, LIMIT.replyButtonId);
		requireText(issues, titleLabel, button.title);
		maxLength(issues, titleLabel, button.title, LIMIT.replyButtonTitle);
		// WhatsApp rejects two buttons with the same title; the same id would make replies ambiguous.
		if (seenTitles.has(button.title)) {
			issues.push({ field: titleLabel, problem: `repeats "${button.title}"; button titles must be unique` });
		}
		if (seenIds.has(button.id)) {
			issues.push({ field: idLabel, problem: `repeats "${button.id}"; button IDs must be unique` });
		}
		seenTitles.add(button.title);
		seenIds.add(button.id);
	});
}

export function validateList(issues: ValidationIssue[], content: ListContent): void {
	validateInteractiveFrame(issues, content.body, content.footer);
	if (content.header !== undefined) {
		notBlankWhenSet(issues, L.headerText, content.header);
		maxLength(issues, L.headerText, content.header, LIMIT.headerText);
	}
	requireText(issues, L.listButtonText, content.buttonText);
	maxLength(issues, L.listButtonText, content.buttonText, LIMIT.listButtonText);
	countInRange(issues, L.sections, content.sections.length, LIMIT.listSectionsMin, LIMIT.listSectionsMax, 'sections');
	const totalRows = content.sections.reduce((sum, section) => sum + section.rows.length, 0);
	if (totalRows > LIMIT.listRowsTotalMax) {
		issues.push({
			field: L.rows,
			problem: `total ${totalRows} across all sections; the limit is ${LIMIT.listRowsTotalMax}`,
		});
	}
	const seenRowIds = new Set<string>();
	content.sections.forEach((section, sectionIndex) => {
		const sectionLabel = nestedFieldLabel(L.sections, listPosition('Section', sectionIndex));
		const titleLabel = nestedFieldLabel(sectionLabel, L.sectionTitle);
		validateSectionTitle(issues, titleLabel, section.title, content.sections.length, LIMIT.listSectionTitle);
		if (section.rows.length === 0) {
			issues.push({ field: nestedFieldLabel(sectionLabel, L.rows), problem: 'must have at least 1 row' });
		}
		section.rows.forEach((row, rowIndex) => {
			const rowLabel = nestedFieldLabel(sectionLabel, listPosition('Row', rowIndex));
			const idLabel = nestedFieldLabel(rowLabel, L.rowId);
			requireText(issues, idLabel, row.id);
			maxLength(issues, idLabel, row.id, LIMIT.listRowId);
			requireText(issues, nestedFieldLabel(rowLabel, L.rowTitle), row.title);
			maxLength(issues, nestedFieldLabel(rowLabel, L.rowTitle), row.title, LIMIT.listRowTitle);
			if (row.description !== undefined) {
				maxLength(issues, nestedFieldLabel(rowLabel, L.rowDescription), row.description, LIMIT.listRowDescription);
			}
			if (seenRowIds.has(row.id)) {
				issues.push({ field: idLabel, problem: `repeats "${row.id}"; row IDs must be unique across the list` });
			}
			seenRowIds.add(row.id);
		});
	});
}

export function validateCallToAction(issues: ValidationIssue[], content: CallToActionUrlContent): void {
	validateInteractiveFrame(issues, content.body, content.footer);
	validateHeader(issues, content.header);
	requireText(issues, L.ctaButtonText, content.buttonText);
	maxLength(issues, L.ctaButtonText, content.buttonText, LIMIT.ctaButtonText);
	requireHttpUrl(issues, L.ctaUrl, content.url);
}
