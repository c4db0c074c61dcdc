import { isPlainObject, toText, type PlainObject } from '../../util/values';
import { collectIssues, InvalidMessageError, type ValidationIssue } from '../errors';
import { FIELD_LABELS as L, listPosition, nestedFieldLabel } from '../fieldLabels';
import { readMediaSource } from '../mediaSource';
import { describeType, entryOptionalText, entryText, readJsonObject, readListEntries, readNumber, readOptionalText, readText, type FormValues } from '../formValues';
import {
	TEMPLATE_BUTTON_KINDS,
	type TemplateButtonKind,
	type TemplateButtonParameter,
	type TemplateContent,
	type TemplateFlowButtonParameter,
	type TemplateHeader,
	type TemplateTextParameter,
	type MediaSource,
} from '../types';

/**
 * Reads a template's fields. Send Template and every session operation's "Send a Template
 * Instead" show the same fields under the same names, so this one reader serves both.
 */
export function readTemplateContent(form: FormValues): TemplateContent {
	const issues: ValidationIssue[] = [];
	const name = readTemplateName(form);
	const languageCode = readText(form, 'templateLanguage', L.templateLanguage).trim();
	const header = collectIssues(issues, () => readTemplateHeader(form));
	const body = collectIssues(issues, () => readBodyParameters(form)) ?? [];
	const buttons = collectIssues(issues, () => readButtonParameters(form)) ?? [];
	if (issues.length > 0) throw new InvalidMessageError(issues);
	return { type: 'template', name, languageCode, ...(header !== undefined && { header }), body, buttons };
}

/** The picker stores `{__rl, mode, value}`; an expression, or a provider without a picker, gives the name itself. */
function readTemplateName(form: FormValues): string {
	const written = form.get('templateName');
	const name = isPlainObject(written) ? written.value : written;
	return readText({ get: () => name }, 'templateName', L.templateName).trim();
}

function readBodyParameters(form: FormValues): TemplateTextParameter[] {
	return readListEntries(form, {
		modeName: 'templateBodyInputMode',
		collectionName: 'templateBodyParameters',
		entryKey: 'parameter',
		jsonName: 'templateBodyParametersJson',
		label: L.templateBodyParameters,
	}).map((entry) => textParameter(entryText(entry, 'text'), entryOptionalText(entry, 'name') ?? entryOptionalText(entry, 'parameter_name')));
}

function textParameter(text: string, name: string | undefined): TemplateTextParameter {
	const trimmedName = name?.trim();
	return trimmedName === undefined || trimmedName === '' ? { text } : { name: trimmedName, text };
}

function readTemplateHeader(form: FormValues): TemplateHeader | undefined {
	const kind = form.get('templateHeaderType');
	switch (kind) {
		case undefined:
		case 'none':
			return undefined;
		case 'text':
			return {
				kind,
				parameter: textParameter(
					readText(form, 'templateHeaderText', L.templateHeaderText),
					readOptionalText(form, 'templateHeaderParameterName', L.templateHeaderParameterName),
				),
			};
		case 'image':
		case 'video':
			return { kind, source: readHeaderMediaSource(form) };
		case 'document': {
			const filename = readOptionalText(form, 'templateHeaderFilename', L.templateHeaderFilename);
			return { kind, source: readHeaderMediaSource(form), ...(filename !== undefined && { filename }) };
		}
		case 'location': {
			const name = readOptionalText(form, 'templateHeaderLocationName', L.templateHeaderLocationName);
			const address = readOptionalText(form, 'templateHeaderAddress', L.templateHeaderAddress);
			return {
				kind,
				latitude: readNumber(form, 'templateHeaderLatitude', L.templateHeaderLatitude),
				longitude: readNumber(form, 'templateHeaderLongitude', L.templateHeaderLongitude),
				...(name !== undefined && { name }),
				...(address !== undefined && { address }),
			};
		}
		default:
			throw new InvalidMessageError([
				{
					field: L.templateHeader,
					problem: `must be none, text, image, video, document or location (got ${typeof kind === 'object' ? describeType(kind) : String(kind)})`,
				},
			]);
	}
}

function readHeaderMediaSource(form: FormValues): MediaSource {
	return readMediaSource(
		form,
		'templateHeaderMediaSource',
		'templateHeaderMediaUrl',
		'templateHeaderMediaId',
		L.templateHeaderMediaUrl,
		L.templateHeaderMediaId,
	);
}

function readButtonParameters(form: FormValues): TemplateButtonParameter[] {
	const issues: ValidationIssue[] = [];
	const buttons = readListEntries(form, {
		modeName: 'templateButtonsInputMode',
		collectionName: 'templateButtons',
		entryKey: 'button',
		jsonName: 'templateButtonsJson',
		label: L.templateButtons,
	}).flatMap((entry, index) => {
		const button = collectIssues(issues, () => buttonFromEntry(entry, index));
		return button === undefined ? [] : [button];
	});
	if (issues.length > 0) throw new InvalidMessageError(issues);
	return buttons;
}

/** Every button kind that takes a parameter: those with a value, and Flow buttons. */
const BUTTON_KINDS = [...TEMPLATE_BUTTON_KINDS, 'flow'] as const;

/** WhatsApp's own names (Meta's `sub_type`) are accepted too, as JSON from elsewhere may use them. */
const BUTTON_KIND_ALIASES: Record<string, TemplateButtonKind> = {
	quick_reply: 'quickReply',
	copy_code: 'copyCode',
};

function buttonFromEntry(entry: PlainObject, index: number): TemplateButtonParameter {
	const label = nestedFieldLabel(L.templateButtons, listPosition('Button', index));
	const written = toText(entry.type);
	const kind = BUTTON_KINDS.find((candidate) => candidate === written) ?? (written === undefined ? undefined : BUTTON_KIND_ALIASES[written]);
	const issues: ValidationIssue[] = [];
	if (kind === undefined) {
		issues.push({
			field: nestedFieldLabel(label, L.templateButtonKind),
			problem: `must be one of ${BUTTON_KINDS.join(', ')} (got ${describeType(entry.type)})`,
		});
	}
	const position = collectIssues(issues, () =>
		readNumber({ get: (name) => entry[name] }, 'index', nestedFieldLabel(label, L.templateButtonIndex)),
	);
	if (kind === undefined || position === undefined || issues.length > 0) throw new InvalidMessageError(issues);
	if (kind === 'flow') return flowButtonFromEntry(entry, position, label);
	return { kind, index: position, value: entryText(entry, 'value') };
}

/**
 * A Flow button's token is its Value (or Meta's `flow_token`), its first-screen data a JSON object
 * (`flowActionData`, or Meta's `flow_action_data`); empty ones are left out.
 */
function flowButtonFromEntry(entry: PlainObject, index: number, label: string): TemplateFlowButtonParameter {
	const flowToken = (entryOptionalText(entry, 'value') ?? entryOptionalText(entry, 'flow_token'))?.trim() || undefined;
	const flowActionData = readJsonObject(entry.flowActionData ?? entry.flow_action_data, nestedFieldLabel(label, L.templateButtonFlowActionData));
	return { kind: 'flow', index, ...(flowToken !== undefined && { flowToken }), ...(flowActionData !== undefined && { flowActionData }) };
}

/**
 * A session operation's template for a closed window, when "If the 24-Hour Window Is Closed" is
 * "Send a Template Instead"; undefined when it is "Fail" (or absent, as in workflows saved before
 * the choice existed).
 */
export function readWindowClosedTemplate(form: FormValues): TemplateContent | undefined {
	const action = form.get('windowClosedAction');
	if (action === undefined || action === 'fail') return undefined;
	if (action === 'sendTemplate') return readTemplateContent(form);
	throw new InvalidMessageError([
		{ field: L.windowClosedAction, problem: `must be fail or sendTemplate (got ${describeType(action)})` },
	]);
}
