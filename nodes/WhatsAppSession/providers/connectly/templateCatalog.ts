import { isPlainObject, toText } from '../../util/values';
import { connectlyUrls } from './endpoint';
import { summariseComponents, type TemplateCatalog } from '../contract/templates';

/**
 * Connectly's "Get templates": `POST /v1/businesses/{businessId}/get/templates` (no body) answers
 * `{entity: {templateGroups: [{id, name?, templates: [{language: {code}, status, externalTemplate: {whatsapp: {components}}}]}]}}`,
 * one group per template name with a template per language.
 */
export const connectlyTemplateCatalog: TemplateCatalog = {
	request: (credentials) => ({ method: 'POST', url: `${connectlyUrls(credentials).business}/get/templates` }),
	decode: (body) => {
		const entity = isPlainObject(body) && isPlainObject(body.entity) ? body.entity : {};
		const groups = Array.isArray(entity.templateGroups) ? entity.templateGroups.filter(isPlainObject) : [];
		return groups.flatMap((group) => {
			const name = toText(group.name) ?? toText(group.id);
			const templates = Array.isArray(group.templates) ? group.templates.filter(isPlainObject) : [];
			if (name === undefined) return [];
			return templates.flatMap((template) => {
				if (toText(template.status) !== 'MESSAGE_TEMPLATE_STATUS_APPROVED') return [];
				const language = isPlainObject(template.language) ? toText(template.language.code) ?? '' : '';
				const whatsapp = isPlainObject(template.externalTemplate) ? template.externalTemplate.whatsapp : undefined;
				return [summariseComponents(name, language, isPlainObject(whatsapp) ? whatsapp.components : undefined)];
			});
		});
	},
};
