import type { IDataObject } from 'n8n-workflow';

import { InvalidMessageError } from '../../../nodes/WhatsAppSession/message/errors';
import type { TemplateContent } from '../../../nodes/WhatsAppSession/message/types';
import type { SessionMessage } from '../../../nodes/WhatsAppSession/message/types';
import { PROVIDERS } from '../../../nodes/WhatsAppSession/providers';
import { encodeCloudApiBody } from '../../../nodes/WhatsAppSession/providers/cloudApi/encode';
import type { ConnectlyOptions } from '../../../nodes/WhatsAppSession/providers/connectly/options';
import { encodeConnectlyTemplateBody } from '../../../nodes/WhatsAppSession/providers/connectly/template';

const TO_DIGITS = '919880132082';
const TO = { kind: 'phoneNumber', digits: TO_DIGITS } as const;

const template = (overrides: Partial<TemplateContent> = {}): TemplateContent => ({
	type: 'template',
	name: 'order_shipped',
	languageCode: 'en_US',
	body: [],
	buttons: [],
	...overrides,
});

const message = (content: TemplateContent, extras?: ConnectlyOptions): SessionMessage<ConnectlyOptions> => ({
	recipient: TO,
	content,
	...(extras !== undefined && { extras }),
});

describe('Cloud API format (Meta and the Cloud-API-format provider): exact template bodies', () => {
	it.each<[string, Partial<TemplateContent>, IDataObject[] | undefined]>([
		['no parameters', {}, undefined],
		[
			'positional body parameters',
			{ body: [{ text: 'Asha' }, { text: '1042' }] },
			[{ type: 'body', parameters: [{ type: 'text', text: 'Asha' }, { type: 'text', text: '1042' }] }],
		],
		[
			'named body parameters',
			{ body: [{ name: 'customer', text: 'Asha' }, { name: 'order_id', text: '1042' }] },
			[
				{
					type: 'body',
					parameters: [
						{ type: 'text', parameter_name: 'customer', text: 'Asha' },
						{ type: 'text', parameter_name: 'order_id', text: '1042' },
					],
				},
			],
		],
		[
			'a text header',
			{ header: { kind: 'text', parameter: { text: 'Order 1042' } } },
			[{ type: 'header', parameters: [{ type: 'text', text: 'Order 1042' }] }],
		],
		[
			'a named text header',
			{ header: { kind: 'text', parameter: { name: 'order', text: '1042' } } },
			[{ type: 'header', parameters: [{ type: 'text', parameter_name: 'order', text: '1042' }] }],
		],
		[
			'an image header by link',
			{ header: { kind: 'image', source: { link: 'https://x.io/a.jpg' } } },
			[{ type: 'header', parameters: [{ type: 'image', image: { link: 'https://x.io/a.jpg' } }] }],
		],
		[
			'a video header by media id',
			{ header: { kind: 'video', source: { id: '551' } } },
			[{ type: 'header', parameters: [{ type: 'video', video: { id: '551' } }] }],
		],
		[
			'a document header with a file name',
			{ header: { kind: 'document', source: { link: 'https://x.io/i.pdf' }, filename: 'invoice.pdf' } },
			[{ type: 'header', parameters: [{ type: 'document', document: { link: 'https://x.io/i.pdf', filename: 'invoice.pdf' } }] }],
		],
		[
			'a location header',
			{ header: { kind: 'location', latitude: 12.97, longitude: 77.59, name: 'Shop', address: 'MG Road' } },
			[{ type: 'header', parameters: [{ type: 'location', location: { latitude: 12.97, longitude: 77.59, name: 'Shop', address: 'MG Road' } }] }],
		],
		[
			'every button kind, with its index',
			{
				buttons: [
					{ kind: 'quickReply', index: 0, value: 'stop' },
					{ kind: 'url', index: 1, value: 'orders/1042' },
					{ kind: 'copyCode', index: 9, value: 'SAVE10' },
				],
			},
			[
				{ type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'stop' }] },
				{ type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: 'orders/1042' }] },
				{ type: 'button', sub_type: 'copy_code', index: '9', parameters: [{ type: 'coupon_code', coupon_code: 'SAVE10' }] },
			],
		],
		[
			'header, body and button in that order',
			{
				header: { kind: 'image', source: { id: '9' } },
				body: [{ text: 'x' }],
				buttons: [{ kind: 'url', index: 0, value: 'y' }],
			},
			[
				{ type: 'header', parameters: [{ type: 'image', image: { id: '9' } }] },
				{ type: 'body', parameters: [{ type: 'text', text: 'x' }] },
				{ type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'y' }] },
			],
		],
	])('%s', (_what, overrides, components) => {
		expect(encodeCloudApiBody({ recipient: TO, content: template(overrides) })).toStrictEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: TO_DIGITS,
			type: 'template',
			template: { name: 'order_shipped', language: { code: 'en_US' }, ...(components !== undefined && { components }) },
		});
	});
});

describe('endpoints: a template goes where each provider takes templates', () => {
	it.each<[string, IDataObject, string, string]>([
		[
			'cloudApiCompatible',
			{ domain: 'api.example.com', phoneNumberId: '55', apiKey: 'k/1', accessToken: 't' },
			'https://api.example.com/api/v1.0/55/k%2F1/simpleMessages',
			'https://api.example.com/api/v1.0/55/k%2F1/messages',
		],
		[
			'cloudApiCompatible',
			{ domain: 'api.example.com', phoneNumberId: '55', apiKey: 'k', accessToken: 't', sessionPath: '/s/{key}', templatePath: '/v2/{phoneNumberId}/{key}/templates' },
			'https://api.example.com/s/k',
			'https://api.example.com/v2/55/k/templates',
		],
		[
			'metaCloudApi',
			{ accessToken: 't', phoneNumberId: '55' },
			'https://graph.facebook.com/v23.0/55/messages',
			'https://graph.facebook.com/v23.0/55/messages',
		],
		[
			'connectly',
			{ apiKey: 'k', businessId: 'biz 1' },
			'https://api.connectly.ai/v1/businesses/biz%201/send/messages',
			'https://api.connectly.ai/v1/businesses/biz%201/send/whatsapp_templated_messages',
		],
	])('%s (%#)', (choice, credentials, sessionUrl, templateUrl) => {
		const provider = choice === 'connectly' ? PROVIDERS.connectly : choice === 'metaCloudApi' ? PROVIDERS.metaCloudApi : PROVIDERS.cloudApiCompatible;
		const connection = provider.connect(credentials);
		expect(connection.encode({ recipient: TO, content: { type: 'text', body: 'Hi', previewUrl: false } }).url).toBe(sessionUrl);
		const request = connection.encode({ recipient: TO, content: template() });
		expect(request.url).toBe(templateUrl);
		// Connectly's template endpoint has no client message id; nothing may be resent after a lost answer.
		expect(request.clientMessageId).toBeUndefined();
	});

	it('reads a Cloud-API-format credential saved before the template path existed with the default path', () => {
		const connection = PROVIDERS.cloudApiCompatible.connect({ domain: 'api.example.com', phoneNumberId: '55', apiKey: 'k', accessToken: 't', sessionPath: '' });
		expect(connection.encode({ recipient: TO, content: template() }).url).toBe('https://api.example.com/api/v1.0/55/k/messages');
	});

	it('names the template path when it has an unknown placeholder', () => {
		expect(() =>
			PROVIDERS.cloudApiCompatible.connect({ domain: 'api.example.com', phoneNumberId: '55', apiKey: 'k', accessToken: 't', templatePath: '/{wabaId}/messages' }),
		).toThrow("The credential's Template Endpoint Path has an unknown placeholder {wabaId}; use {phoneNumberId} or {key}.");
	});

	it('refuses a template for Texter, naming the operation', () => {
		const connection = PROVIDERS.texter.connect({ projectId: 'acme', apiToken: 't' });
		expect(() => connection.encode({ recipient: { kind: 'chatId', chatId: 'chat-1' }, content: template() })).toThrow(
			'Send Template is not available with Texter: Texter sends templates through an endpoint of its own, which this node does not know. Choose another operation or provider',
		);
	});
});

describe('Connectly: exact template bodies', () => {
	it('sends a business-scoped user ID as "bsuid:<BSUID>", a phone number as "+E.164"', () => {
		const content = template();
		expect(encodeConnectlyTemplateBody({ recipient: { kind: 'bsuid', bsuid: 'US.13491208655302741918' }, content }, content).number).toBe(
			'bsuid:US.13491208655302741918',
		);
		expect(encodeConnectlyTemplateBody(message(content), content).number).toBe(`+${TO_DIGITS}`);
	});

	it('names every parameter by its place, with the sender, callback data and campaign', () => {
		const content = template({
			header: { kind: 'image', source: { link: 'https://x.io/a.jpg' } },
			body: [{ text: 'Asha' }, { text: '1042' }],
			buttons: [{ kind: 'url', index: 1, value: 'https://shop.example.com/orders/1042' }],
		});
		expect(
			encodeConnectlyTemplateBody(message(content, { senderPhoneNumber: '14151111234', callbackData: { order: 1042 }, campaignName: 'recovery', recipientName: 'Asha' }), content),
		).toStrictEqual({
			number: `+${TO_DIGITS}`,
			templateName: 'order_shipped',
			language: 'en_US',
			parameters: [
				{ name: 'header_image', value: 'https://x.io/a.jpg' },
				{ name: 'body_1', value: 'Asha' },
				{ name: 'body_2', value: '1042' },
				{ name: 'button_2_url', value: 'https://shop.example.com/orders/1042' },
			],
			sender: '+14151111234',
			callbackData: { order: 1042 },
			campaignName: 'recovery',
		});
	});

	it.each<[string, TemplateContent['header'], IDataObject[]]>([
		['text', { kind: 'text', parameter: { text: 'Order 1042' } }, [{ name: 'header_text', value: 'Order 1042' }]],
		['video', { kind: 'video', source: { link: 'https://x.io/v.mp4' } }, [{ name: 'header_video', value: 'https://x.io/v.mp4' }]],
		['image', { kind: 'image', source: { link: 'https://x.io/i.jpg' } }, [{ name: 'header_image', value: 'https://x.io/i.jpg' }]],
	])('a %s header', (_kind, header, parameters) => {
		const content = template({ header });
		expect(encodeConnectlyTemplateBody(message(content), content)).toStrictEqual({
			number: `+${TO_DIGITS}`,
			templateName: 'order_shipped',
			language: 'en_US',
			parameters,
		});
	});

	it('takes 15 body parameters and refuses 16', () => {
		const body = (count: number) => Array.from({ length: count }, (_, index) => ({ text: `v${index}` }));
		const fifteen = template({ body: body(15) });
		expect(encodeConnectlyTemplateBody(message(fifteen), fifteen).parameters).toHaveLength(15);
		const sixteen = template({ body: body(16) });
		expect(() => encodeConnectlyTemplateBody(message(sixteen), sixteen)).toThrow("Body Parameters has 16 parameters; Connectly's limit is 15");
	});

	it('refuses, by field, everything its template parameters have no name for', () => {
		const content = template({
			header: { kind: 'location', latitude: 1, longitude: 2 },
			body: [{ name: 'order_id', text: '1' }],
			buttons: [
				{ kind: 'quickReply', index: 0, value: 'stop' },
				{ kind: 'copyCode', index: 1, value: 'C' },
				{ kind: 'url', index: 2, value: 'orders/1042' },
			],
		});
		let thrown: unknown;
		try {
			encodeConnectlyTemplateBody({ ...message(content), replyToMessageId: 'wamid.1' }, content);
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(InvalidMessageError);
		const fields = thrown instanceof InvalidMessageError ? thrown.issues.map((issue) => issue.field) : [];
		expect(fields).toEqual([
			'Reply To Message ID',
			'Template Header',
			'Body Parameters',
			'Button Parameters › Button 0 › Button Type',
			'Button Parameters › Button 1 › Button Type',
			'Button Parameters › Button 2 › Value',
		]);
	});

	it.each<[string, TemplateContent['header'], string]>([
		['a header file by media id', { kind: 'image', source: { id: '5' } }, 'Header Media ID is not available with Connectly: it takes header files by public URL only; choose Public URL'],
		// header_document is in no copy of Connectly's documents: a guessed name could send the template without its file.
		['a document header', { kind: 'document', source: { link: 'https://x.io/i.pdf' } }, 'Template Header is not available with Connectly: its documented template parameters have no document header (header_text, header_image, header_video only); use an image or video header, or another provider'],
		['a named header parameter', { kind: 'text', parameter: { name: 'n', text: 't' } }, 'Header Parameter Name is not available with Connectly: its template parameters are positional; leave it empty'],
	])('refuses %s', (_what, header, problem) => {
		const content = template({ header });
		expect(() => encodeConnectlyTemplateBody(message(content), content)).toThrow(problem);
	});
});
