import type { IDataObject } from 'n8n-workflow';

import { isPlainObject, toText } from '../../util/values';

/**
 * The optional template picker: an adapter whose provider lists the account's templates declares
 * how to ask and how to read the answer. Both Meta and Connectly describe a template's parts in
 * WhatsApp's own component shape, which `summariseComponents` reads.
 */

/** One approved template as the picker shows it: enough to fill its fields without a second look. */
export interface TemplateSummary {
	name: string;
	language: string;
	/** How many values the body takes ({{1}}, {{2}}… or named ones). */
	bodyParameters: number;
	/** The header's format in lower case (text, image, video, document, location), when it has one. */
	header?: string;
	/** The buttons' types in lower case (url, quick_reply, copy_code, phone_number…), in order. */
	buttons: string[];
}

export interface TemplateCatalog {
	/** The request that lists the account's templates. Throws CredentialSettingError for a missing field. */
	request(credentials: IDataObject): { method: 'GET' | 'POST'; url: string };
	/** The approved templates in the provider's answer; anything else in it is ignored. */
	decode(body: unknown): TemplateSummary[];
}

/** Distinct placeholders of a template text: "Hi {{1}}, order {{2}} for {{1}}" takes 2 values. */
export function countPlaceholders(text: string): number {
	return new Set(Array.from(text.matchAll(/\{\{\s*([^{}\s]+)\s*\}\}/g), (match) => match[1])).size;
}

/** WhatsApp's `components`: `[{type: "HEADER", format}, {type: "BODY", text}, {type: "BUTTONS", buttons: [{type}]}]`. */
export function summariseComponents(name: string, language: string, components: unknown): TemplateSummary {
	const list = Array.isArray(components) ? components.filter(isPlainObject) : [];
	const ofType = (type: string) => list.find((component) => toText(component.type)?.toUpperCase() === type);
	const body = ofType('BODY');
	const header = ofType('HEADER');
	const buttons = ofType('BUTTONS');
	const headerFormat = header === undefined ? undefined : toText(header.format)?.toLowerCase();
	return {
		name,
		language,
		bodyParameters: countPlaceholders(toText(body?.text) ?? ''),
		...(headerFormat !== undefined && { header: headerFormat }),
		buttons: (Array.isArray(buttons?.buttons) ? buttons.buttons.filter(isPlainObject) : []).flatMap((button) => {
			const type = toText(button.type)?.toLowerCase();
			return type === undefined ? [] : [type];
		}),
	};
}

/** "en_US · body takes 2 parameters · header: image · buttons: url, quick_reply" */
export function describeTemplate(summary: TemplateSummary): string {
	return [
		summary.language,
		`body takes ${summary.bodyParameters} ${summary.bodyParameters === 1 ? 'parameter' : 'parameters'}`,
		...(summary.header === undefined ? [] : [`header: ${summary.header}`]),
		...(summary.buttons.length === 0 ? [] : [`buttons: ${summary.buttons.join(', ')}`]),
	].join(' · ');
}
