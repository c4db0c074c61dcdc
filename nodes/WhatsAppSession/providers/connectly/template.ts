import type { IDataObject } from 'n8n-workflow';

import { InvalidMessageError, type ValidationIssue } from '../../message/errors';
import { FIELD_LABELS as L, listPosition, nestedFieldLabel } from '../../message/fieldLabels';
import type { TemplateButtonParameter, TemplateContent, TemplateHeader } from '../../message/types';
import type { Recipient, SessionMessage } from '../../message/types';
import { requireHttpUrl } from '../../message/checks';
import { assertNever } from '../../util/values';
import { callbackDataIssues, CONNECTLY_OPTION_LABELS } from './options';
import type { ConnectlyOptions } from './options';
import { notAvailableWith, recipientKindIssues } from '../shared/providerSupport';

/**
 * Connectly's template endpoint (PROVIDERS.md §6):
 * `POST {base}/v1/businesses/{businessId}/send/whatsapp_templated_messages` with
 * `{number, templateName, language, parameters:[{name, value}], sender?, callbackData?, campaignName?}`.
 * Parameters are named by place (documented): `header_text`, `header_image`, `header_video`,
 * `body_1`…`body_15`, `button_N_url`. What has no such name (named parameters, quick-reply
 * payloads, copy codes, a document or location header, an uploaded media id) is refused before
 * sending rather than dropped.
 */
const CONNECTLY = 'Connectly';

export const CONNECTLY_TEMPLATE_LIMITS = {
	/** `body_1` to `body_15`. */
	bodyParameters: 15,
} as const;

/**
 * The template endpoint's `number`: "+E.164" for a phone number, "bsuid:US.…" for a business-scoped
 * user ID (PROVIDERS.md section 6). A chat ID was refused above, with the other issues.
 */
function templateNumber(recipient: Recipient): string {
	switch (recipient.kind) {
		case 'phoneNumber':
			return `+${recipient.digits}`;
		case 'bsuid':
			return `bsuid:${recipient.bsuid}`;
		case 'chatId':
			return recipient.chatId;
		default:
			return assertNever(recipient, 'recipient');
	}
}

/** Pure: the request body. Throws InvalidMessageError, listing everything Connectly cannot carry. */
export function encodeConnectlyTemplateBody(message: SessionMessage<ConnectlyOptions>, template: TemplateContent): IDataObject {
	const options = message.extras ?? {};
	const issues: ValidationIssue[] = [...recipientKindIssues(CONNECTLY, message, 'whatsAppUser'), ...callbackDataIssues(options)];
	if (message.replyToMessageId !== undefined) {
		issues.push(notAvailableWith(CONNECTLY, L.replyToMessageId, 'its templates cannot quote an earlier message'));
	}
	if (options.order !== undefined) {
		issues.push(notAvailableWith(CONNECTLY, CONNECTLY_OPTION_LABELS.order, 'its template endpoint has no order field; send the template without it'));
	}
	const parameters = [
		...(template.header === undefined ? [] : headerParameters(template.header, issues)),
		...bodyParameters(template, issues),
		...template.buttons.flatMap((button, position) => buttonParameters(button, position, issues)),
	];
	if (issues.length > 0) throw new InvalidMessageError(issues);
	return {
		number: templateNumber(message.recipient),
		templateName: template.name,
		language: template.languageCode,
		parameters,
		// The template endpoint takes the sender as the number itself, not as an object.
		...(options.senderPhoneNumber !== undefined && { sender: `+${options.senderPhoneNumber}` }),
		...(options.callbackData !== undefined && { callbackData: options.callbackData }),
		...(options.campaignName !== undefined && { campaignName: options.campaignName }),
	};
}

function headerParameters(header: TemplateHeader, issues: ValidationIssue[]): IDataObject[] {
	switch (header.kind) {
		case 'text':
			if (header.parameter.name !== undefined) {
				issues.push(notAvailableWith(CONNECTLY, L.templateHeaderParameterName, 'its template parameters are positional; leave it empty'));
			}
			return [named('header_text', header.parameter.text)];
		case 'document':
			// Its "Template messages" page names header_text, header_image and header_video only: a
			// guessed `header_document` could be dropped, and the template sent without its file.
			issues.push(
				notAvailableWith(CONNECTLY, L.templateHeader, 'its documented template parameters have no document header (header_text, header_image, header_video only); use an image or video header, or another provider'),
			);
			return [];
		case 'image':
		case 'video': {
			if (!('link' in header.source)) {
				issues.push(notAvailableWith(CONNECTLY, L.templateHeaderMediaId, 'it takes header files by public URL only; choose Public URL'));
				return [];
			}
			return [named(`header_${header.kind}`, header.source.link)];
		}
		case 'location':
			issues.push(notAvailableWith(CONNECTLY, L.templateHeader, 'its template parameters have no location header'));
			return [];
		default:
			return assertNever(header, 'template header');
	}
}

function bodyParameters(template: TemplateContent, issues: ValidationIssue[]): IDataObject[] {
	if (template.body.some((parameter) => parameter.name !== undefined)) {
		issues.push(
			notAvailableWith(CONNECTLY, L.templateBodyParameters, `its body parameters are positional (body_1, body_2…); leave every ${L.templateParameterName} empty`),
		);
	}
	if (template.body.length > CONNECTLY_TEMPLATE_LIMITS.bodyParameters) {
		issues.push({
			field: L.templateBodyParameters,
			problem: `has ${template.body.length} parameters; ${CONNECTLY}'s limit is ${CONNECTLY_TEMPLATE_LIMITS.bodyParameters}`,
		});
	}
	return template.body.map((parameter, index) => named(`body_${index + 1}`, parameter.text));
}

/** Connectly numbers buttons from 1 where WhatsApp counts from 0, and takes the whole URL. */
function buttonParameters(button: TemplateButtonParameter, position: number, issues: ValidationIssue[]): IDataObject[] {
	const label = nestedFieldLabel(L.templateButtons, listPosition('Button', position));
	if (button.kind !== 'url') {
		issues.push(
			notAvailableWith(CONNECTLY, nestedFieldLabel(label, L.templateButtonKind), 'its template parameters only fill URL buttons'),
		);
		return [];
	}
	requireHttpUrl(issues, nestedFieldLabel(label, L.templateButtonValue), button.value);
	return [named(`button_${button.index + 1}_url`, button.value)];
}

/** One entry of `parameters`: Connectly names each value by its place in the template. */
function named(name: string, value: string): IDataObject {
	return { name, value };
}

