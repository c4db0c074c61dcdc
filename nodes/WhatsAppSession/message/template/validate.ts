import { assertNever } from '../../util/values';
import type { ValidationIssue } from '../errors';
import { FIELD_LABELS as L, listPosition, nestedFieldLabel } from '../fieldLabels';
import { TEMPLATE_LIMITS as LIMIT, WHATSAPP_LIMITS } from '../limits';
import type { TemplateButtonParameter, TemplateContent, TemplateHeader, TemplateTextParameter } from '../types';
import { maxLength, numberInRange, requireText, validateMediaSource } from '../checks';

/** WhatsApp's limits on a template's parameters; every problem at once, each naming its field. */
export function validateTemplate(template: TemplateContent): ValidationIssue[] {
	const issues: ValidationIssue[] = [];
	requireText(issues, L.templateName, template.name);
	maxLength(issues, L.templateName, template.name, LIMIT.name);
	requireText(issues, L.templateLanguage, template.languageCode);
	if (/\s/.test(template.languageCode.trim())) {
		issues.push({ field: L.templateLanguage, problem: `must be one code such as en or pt_BR (got "${template.languageCode}")` });
	}
	if (template.header !== undefined) validateHeader(issues, template.header);
	// WhatsApp allows a longer body parameter when the body is all the message has.
	const bodyOnly = template.header === undefined && template.buttons.length === 0;
	validateBody(issues, template.body, bodyOnly ? LIMIT.bodyParameterBodyOnly : LIMIT.bodyParameter);
	validateButtons(issues, template.buttons);
	return issues;
}

function validateHeader(issues: ValidationIssue[], header: TemplateHeader): void {
	switch (header.kind) {
		case 'text':
			requireText(issues, L.templateHeaderText, header.parameter.text);
			maxLength(issues, L.templateHeaderText, header.parameter.text, LIMIT.headerTextParameter);
			return;
		case 'image':
		case 'video':
		case 'document':
			validateMediaSource(issues, header.source, L.templateHeaderMediaUrl, L.templateHeaderMediaId);
			return;
		case 'location':
			numberInRange(issues, L.templateHeaderLatitude, header.latitude, WHATSAPP_LIMITS.latitudeAbs);
			numberInRange(issues, L.templateHeaderLongitude, header.longitude, WHATSAPP_LIMITS.longitudeAbs);
			return;
		default:
			assertNever(header, 'template header');
	}
}

function validateBody(issues: ValidationIssue[], parameters: TemplateTextParameter[], limit: number): void {
	parameters.forEach((parameter, index) => {
		const label = nestedFieldLabel(L.templateBodyParameters, listPosition('Parameter', index));
		requireText(issues, nestedFieldLabel(label, L.templateParameterText), parameter.text);
		maxLength(issues, nestedFieldLabel(label, L.templateParameterText), parameter.text, limit);
		refuseNumericName(issues, nestedFieldLabel(label, L.templateParameterName), parameter.name);
	});
	const named = parameters.filter((parameter) => parameter.name !== undefined).length;
	if (named > 0 && named < parameters.length) {
		issues.push({
			field: L.templateBodyParameters,
			problem: `mix named and positional parameters (${named} of ${parameters.length} have a ${L.templateParameterName}); a template uses one kind, so give every parameter a name or none`,
		});
	}
	const names = parameters.flatMap((parameter) => (parameter.name === undefined ? [] : [parameter.name]));
	const repeated = names.find((name, index) => names.indexOf(name) !== index);
	if (repeated !== undefined) {
		issues.push({ field: L.templateBodyParameters, problem: `name "${repeated}" more than once; each named parameter appears once` });
	}
}

/**
 * "1" for {{1}} would go out as a parameter named "1", which WhatsApp refuses or, worse, matches to
 * nothing: a positional parameter is sent without a name, in its order.
 */
function refuseNumericName(issues: ValidationIssue[], field: string, name: string | undefined): void {
	if (name === undefined || !/^\s*\d+\s*$/.test(name)) return;
	issues.push({
		field,
		problem: `is "${name.trim()}", a position, not a name: leave it empty for {{1}}, {{2}}… (the values go in their order); a name is for a named parameter such as {{order_id}}`,
	});
}

function validateButtons(issues: ValidationIssue[], buttons: TemplateButtonParameter[]): void {
	const seen = new Set<number>();
	buttons.forEach((button, position) => {
		const label = nestedFieldLabel(L.templateButtons, listPosition('Button', position));
		const indexLabel = nestedFieldLabel(label, L.templateButtonIndex);
		if (!Number.isInteger(button.index) || button.index < LIMIT.buttonIndexMin || button.index > LIMIT.buttonIndexMax) {
			issues.push({
				field: indexLabel,
				problem: `must be a whole number from ${LIMIT.buttonIndexMin} to ${LIMIT.buttonIndexMax}, the button's position in the template (got ${button.index})`,
			});
		} else if (seen.has(button.index)) {
			issues.push({ field: indexLabel, problem: `repeats ${button.index}; a button takes one parameter` });
		}
		seen.add(button.index);
		const valueLabel = nestedFieldLabel(label, L.templateButtonValue);
		if (button.kind === 'flow') {
			// The token travels in Value; empty texts and data were left out when the form was read.
			if (button.flowToken === undefined && button.flowActionData === undefined) {
				issues.push({
					field: valueLabel,
					problem: `is empty, and so is ${L.templateButtonFlowActionData}: a Flow button's parameter carries a flow token, first-screen data or both (a Flow button that needs neither takes no parameter: remove it)`,
				});
			}
			return;
		}
		requireText(issues, valueLabel, button.value);
		if (button.kind === 'copyCode') maxLength(issues, valueLabel, button.value, LIMIT.copyCode);
	});
}
