import type { FormValues } from '../../../nodes/WhatsAppSession/message/formValues';
import { readTemplateContent } from '../../../nodes/WhatsAppSession/message/template/fromForm';
import type { SessionMessage, TemplateContent } from '../../../nodes/WhatsAppSession/message/types';
import { validateSessionMessage } from '../../../nodes/WhatsAppSession/message/validate';
import { encodeCloudApiBody } from '../../../nodes/WhatsAppSession/providers/cloudApi/encode';
import type { ConnectlyOptions } from '../../../nodes/WhatsAppSession/providers/connectly/options';
import { encodeConnectlyTemplateBody } from '../../../nodes/WhatsAppSession/providers/connectly/template';
import { issuesOf } from '../../support/invalidInput';

/**
 * A template's Flow button (`sub_type: "flow"`), as in Meta's "Send Flow Template Message" example:
 * `{type:"button", sub_type:"flow", index, parameters:[{type:"action", action:{flow_token?, flow_action_data?}}]}`.
 */

const formOf = (values: Record<string, unknown>): FormValues => ({ get: (name: string) => values[name] });
const TEMPLATE = { templateName: 'book_visit', templateLanguage: 'en_US' };
const recipient = { kind: 'phoneNumber', digits: '919880132082' } as const;

const template = (buttons: TemplateContent['buttons']): TemplateContent => ({ type: 'template', name: 'book_visit', languageCode: 'en_US', body: [], buttons });

describe('a template\'s Flow button', () => {
	it('reads the token from Value and the data from Flow Action Data', () => {
		const content = readTemplateContent(
			formOf({ ...TEMPLATE, templateButtons: { button: [{ type: 'flow', index: 0, value: ' booking-1042 ', flowActionData: '{"name": "Asha"}' }] } }),
		);
		expect(content.buttons).toStrictEqual([{ kind: 'flow', index: 0, flowToken: 'booking-1042', flowActionData: { name: 'Asha' } }]);
	});

	it('reads Meta\'s own names from JSON, and leaves out empty ones', () => {
		const content = readTemplateContent(
			formOf({ ...TEMPLATE, templateButtonsInputMode: 'json', templateButtonsJson: '[{"type": "flow", "index": 1, "flow_token": "t-1", "flow_action_data": {}}]' }),
		);
		expect(content.buttons).toStrictEqual([{ kind: 'flow', index: 1, flowToken: 't-1' }]);
	});

	it('names the button whose data is not a JSON object', () => {
		expect(issuesOf(() => readTemplateContent(formOf({ ...TEMPLATE, templateButtons: { button: [{ type: 'flow', index: 0, flowActionData: '[1]' }] } })))).toStrictEqual([
			{ field: 'Button Parameters › Button 0 › Flow Action Data', problem: 'must be a JSON object (got a list)' },
		]);
	});

	it('refuses a Flow button parameter with neither token nor data, and an index beyond 9', () => {
		const issues = validateSessionMessage({ recipient, content: template([{ kind: 'flow', index: 0 }, { kind: 'flow', index: 10, flowToken: 't' }]) });
		expect(issues).toStrictEqual([
			{ field: 'Button Parameters › Button 0 › Value', problem: expect.stringMatching(/^is empty, and so is Flow Action Data/) },
			{ field: 'Button Parameters › Button 1 › Button Index', problem: expect.stringMatching(/^must be a whole number from 0 to 9/) },
		]);
	});

	it.each<[string, TemplateContent['buttons'][number], object]>([
		['token and data', { kind: 'flow', index: 0, flowToken: 'booking-1042', flowActionData: { name: 'Asha' } }, { flow_token: 'booking-1042', flow_action_data: { name: 'Asha' } }],
		['token only', { kind: 'flow', index: 1, flowToken: 'booking-1042' }, { flow_token: 'booking-1042' }],
		['data only', { kind: 'flow', index: 2, flowActionData: { slot: 9 } }, { flow_action_data: { slot: 9 } }],
	])('encodes %s for Meta and Cloud-API-format providers', (_case, button, action) => {
		const message: SessionMessage = { recipient, content: template([button]) };
		expect(validateSessionMessage(message)).toStrictEqual([]);
		expect(encodeCloudApiBody(message)).toStrictEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: '919880132082',
			type: 'template',
			template: {
				name: 'book_visit',
				language: { code: 'en_US' },
				components: [{ type: 'button', sub_type: 'flow', index: String(button.index), parameters: [{ type: 'action', action }] }],
			},
		});
	});

	it('is refused by Connectly, whose template parameters fill URL buttons only', () => {
		const message: SessionMessage<ConnectlyOptions> = { recipient, content: template([{ kind: 'flow', index: 0, flowToken: 't' }]) };
		const content = message.content;
		if (content.type !== 'template') throw new Error('a template');
		expect(issuesOf(() => encodeConnectlyTemplateBody(message, content))).toStrictEqual([
			{ field: 'Button Parameters › Button 0 › Button Type', problem: 'is not available with Connectly: its template parameters only fill URL buttons' },
		]);
	});
});
