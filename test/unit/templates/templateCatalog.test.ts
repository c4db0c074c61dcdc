import { metaTemplateCatalog } from '../../../nodes/WhatsAppSession/providers/cloudApi/template';
import { connectlyTemplateCatalog } from '../../../nodes/WhatsAppSession/providers/connectly/templateCatalog';
import { countPlaceholders, describeTemplate } from '../../../nodes/WhatsAppSession/providers/contract/templates';
import { CONNECTLY_TEMPLATES, META_TEMPLATES } from '../../support/templateCatalogs';

describe('template catalogs', () => {
	it.each([
		['Hi {{1}}, order {{2}} for {{1}}', 2],
		['Pedido {{ order_id }} de {{customer}}', 2],
		['No parameters', 0],
		['{{1}}{{2}}{{3}}', 3],
	])('counts the distinct placeholders of %j: %d', (text, count) => {
		expect(countPlaceholders(text)).toBe(count);
	});

	it('reads Meta\'s approved templates with what each takes', () => {
		expect(metaTemplateCatalog.decode(META_TEMPLATES)).toStrictEqual([
			{ name: 'invoice_ready', language: 'en_US', bodyParameters: 2, header: 'document', buttons: ['url', 'quick_reply'] },
			{ name: 'order_update', language: 'pt_BR', bodyParameters: 1, buttons: [] },
		]);
		expect(metaTemplateCatalog.decode({ error: { code: 190 } })).toStrictEqual([]);
	});

	it('reads Connectly\'s approved templates, one per language', () => {
		expect(connectlyTemplateCatalog.decode(CONNECTLY_TEMPLATES)).toStrictEqual([
			{ name: 'order_confirmation', language: 'en', bodyParameters: 2, header: 'image', buttons: ['url'] },
			{ name: 'welcome', language: 'en', bodyParameters: 0, buttons: [] },
		]);
	});

	it('describes a template in one line', () => {
		expect(describeTemplate({ name: 'x', language: 'en_US', bodyParameters: 1, header: 'image', buttons: ['url'] })).toBe(
			'en_US · body takes 1 parameter · header: image · buttons: url',
		);
		expect(describeTemplate({ name: 'x', language: 'en', bodyParameters: 0, buttons: [] })).toBe('en · body takes 0 parameters');
	});

	it('asks each provider at its own endpoint', () => {
		expect(metaTemplateCatalog.request({ accessToken: 't', phoneNumberId: '1', businessAccountId: 'waba 9' })).toStrictEqual({
			method: 'GET',
			url: 'https://graph.facebook.com/v23.0/waba%209/message_templates?fields=name,language,status,components&limit=100',
		});
		expect(connectlyTemplateCatalog.request({ apiKey: 'k', businessId: 'b1' })).toStrictEqual({
			method: 'POST',
			url: 'https://api.connectly.ai/v1/businesses/b1/get/templates',
		});
	});

	it('names the missing WhatsApp Business Account ID', () => {
		expect(() => metaTemplateCatalog.request({ accessToken: 't', phoneNumberId: '1' })).toThrow(
			"The credential's WhatsApp Business Account ID is empty.",
		);
	});
});
