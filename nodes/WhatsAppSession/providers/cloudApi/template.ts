import type { IDataObject } from 'n8n-workflow';

import type {
	TemplateButtonKind,
	TemplateButtonParameter,
	TemplateContent,
	TemplateFlowButtonParameter,
	TemplateHeader,
	TemplateTextParameter,
} from '../../message/types';
import { assertNever, isPlainObject, toText } from '../../util/values';
import { encodeLocation, encodeMediaSource } from './parts';
import { credentialText, encodePathSegment } from '../shared/endpoint';
import { metaGraphUrl } from './metaEndpoint';
import { summariseComponents, type TemplateCatalog } from '../contract/templates';

/**
 * A template in the Cloud API format (PROVIDERS.md §6), which Meta and the Cloud-API-format
 * providers share: `{"type":"template","template":{name, language:{code}, components}}`, one
 * component for the header, one for the body and one for each button that takes a parameter.
 */
export function encodeCloudApiTemplate(template: TemplateContent): IDataObject {
	const components: IDataObject[] = [
		...(template.header === undefined ? [] : [{ type: 'header', parameters: [encodeHeaderParameter(template.header)] }]),
		...(template.body.length === 0 ? [] : [{ type: 'body', parameters: template.body.map(encodeTextParameter) }]),
		...template.buttons.map(encodeButton),
	];
	return {
		type: 'template',
		template: {
			name: template.name,
			// Meta's OpenAPI spec marks `language.policy` required; its guides omit it (only "deterministic"
			// ever existed), and the API takes a template without it.
			language: { code: template.languageCode },
			...(components.length > 0 && { components }),
		},
	};
}

function encodeTextParameter(parameter: TemplateTextParameter): IDataObject {
	return {
		type: 'text',
		...(parameter.name !== undefined && { parameter_name: parameter.name }),
		text: parameter.text,
	};
}

function encodeHeaderParameter(header: TemplateHeader): IDataObject {
	switch (header.kind) {
		case 'text':
			return encodeTextParameter(header.parameter);
		case 'image':
		case 'video':
			return { type: header.kind, [header.kind]: encodeMediaSource(header.source) };
		case 'document':
			return {
				type: 'document',
				document: {
					...encodeMediaSource(header.source),
					...(header.filename !== undefined && { filename: header.filename }),
				},
			};
		case 'location':
			return { type: 'location', location: encodeLocation(header) };
		default:
			return assertNever(header, 'template header');
	}
}

/** WhatsApp's `sub_type` of each button kind, and the parameter object that carries its value. */
const BUTTON_WIRE: Record<TemplateButtonKind, { subType: string; parameter: (value: string) => IDataObject }> = {
	quickReply: { subType: 'quick_reply', parameter: (payload) => ({ type: 'payload', payload }) },
	url: { subType: 'url', parameter: (text) => ({ type: 'text', text }) },
	copyCode: { subType: 'copy_code', parameter: (code) => ({ type: 'coupon_code', coupon_code: code }) },
};

function encodeButton(button: TemplateButtonParameter): IDataObject {
	if (button.kind === 'flow') return encodeFlowButton(button);
	const wire = BUTTON_WIRE[button.kind];
	// Meta's reference writes the index as a string ("0"). Its OpenAPI spec (v23) is no judge here:
	// its `index` pattern is malformed and rejects "0", and its own examples write both "0" and 0.
	// The seed's provider shows a number, and Meta takes either, so the string stays.
	return { type: 'button', sub_type: wire.subType, index: String(button.index), parameters: [wire.parameter(button.value)] };
}

/**
 * `{type:"button", sub_type:"flow", index, parameters:[{type:"action", action:{flow_token?, flow_action_data?}}]}`
 * (Meta's "Send Flow Template Message" example and its flow template guide).
 */
function encodeFlowButton(button: TemplateFlowButtonParameter): IDataObject {
	return {
		type: 'button',
		sub_type: 'flow',
		index: String(button.index),
		parameters: [
			{
				type: 'action',
				action: {
					...(button.flowToken !== undefined && { flow_token: button.flowToken }),
					...(button.flowActionData !== undefined && { flow_action_data: button.flowActionData }),
				},
			},
		],
	};
}

/**
 * Meta's list of a WhatsApp Business Account's templates:
 * `GET /{version}/{WABA ID}/message_templates` answers `{data: [{name, language, status, components}], paging}`.
 * The first 100 are listed; the picker's search filters them by name.
 */
export const metaTemplateCatalog: TemplateCatalog = {
	request: (credentials) => {
		const account = encodePathSegment(credentialText(credentials, 'businessAccountId'), 'WhatsApp Business Account ID');
		return { method: 'GET', url: `${metaGraphUrl(credentials)}/${account}/message_templates?fields=name,language,status,components&limit=100` };
	},
	decode: (body) => {
		const data = isPlainObject(body) && Array.isArray(body.data) ? body.data.filter(isPlainObject) : [];
		return data.flatMap((template) => {
			const name = toText(template.name);
			const language = toText(template.language) ?? '';
			if (name === undefined || toText(template.status) !== 'APPROVED') return [];
			return [summariseComponents(name, language, template.components)];
		});
	},
};
