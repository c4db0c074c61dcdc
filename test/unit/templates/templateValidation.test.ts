import type { ValidationIssue } from '../../../nodes/WhatsAppSession/message/errors';
import { TEMPLATE_LIMITS } from '../../../nodes/WhatsAppSession/message/limits';
import { readTemplateContent, readWindowClosedTemplate } from '../../../nodes/WhatsAppSession/message/template/fromForm';
import type { TemplateContent } from '../../../nodes/WhatsAppSession/message/types';
import { validateSessionMessage } from '../../../nodes/WhatsAppSession/message/validate';

const template = (overrides: Partial<TemplateContent> = {}): TemplateContent => ({
	type: 'template',
	name: 'order_shipped',
	languageCode: 'en',
	body: [],
	buttons: [],
	...overrides,
});

const issuesOf = (content: TemplateContent): ValidationIssue[] => validateSessionMessage({ recipient: { kind: 'phoneNumber', digits: '919880132082' }, content });

const form = (values: Record<string, unknown>) => ({ get: (name: string) => values[name] });

describe('template limits, accepted at N and refused at N + 1 with the field and the limit', () => {
	const header = { kind: 'image' as const, source: { link: 'https://x.io/a.jpg' } };
	it.each<[string, (length: number) => TemplateContent, number, string]>([
		['Template Name', (length) => template({ name: 'a'.repeat(length) }), TEMPLATE_LIMITS.name, 'Template Name'],
		[
			'a header parameter',
			(length) => template({ header: { kind: 'text', parameter: { text: '😀'.repeat(length) } } }),
			TEMPLATE_LIMITS.headerTextParameter,
			'Header Parameter Text',
		],
		[
			'a body parameter beside a header',
			(length) => template({ header, body: [{ text: 'é'.repeat(length) }] }),
			TEMPLATE_LIMITS.bodyParameter,
			'Body Parameters › Parameter 0 › Text',
		],
		[
			'a body parameter beside a button',
			(length) => template({ body: [{ text: 'a' }, { text: 'a'.repeat(length) }], buttons: [{ kind: 'url', index: 0, value: 'x' }] }),
			TEMPLATE_LIMITS.bodyParameter,
			'Body Parameters › Parameter 1 › Text',
		],
		[
			'a body parameter of a body-only template',
			(length) => template({ body: [{ text: 'a'.repeat(length) }] }),
			TEMPLATE_LIMITS.bodyParameterBodyOnly,
			'Body Parameters › Parameter 0 › Text',
		],
		[
			'a copy code',
			(length) => template({ buttons: [{ kind: 'copyCode', index: 0, value: 'C'.repeat(length) }] }),
			TEMPLATE_LIMITS.copyCode,
			'Button Parameters › Button 0 › Value',
		],
	])('%s', (_what, build, limit, field) => {
		expect(issuesOf(build(limit))).toEqual([]);
		expect(issuesOf(build(limit + 1))).toEqual([{ field, problem: `is ${limit + 1} characters long; the limit is ${limit}` }]);
	});

	it.each([
		[0, true],
		[9, true],
		[-1, false],
		[10, false],
		[1.5, false],
	])('button index %s is allowed: %s', (index, allowed) => {
		const issues = issuesOf(template({ buttons: [{ kind: 'quickReply', index, value: 'yes' }] }));
		expect(issues).toEqual(
			allowed
				? []
				: [
						{
							field: 'Button Parameters › Button 0 › Button Index',
							problem: `must be a whole number from 0 to 9, the button's position in the template (got ${index})`,
						},
					],
		);
	});

	it('refuses two parameters for one button', () => {
		const buttons = [
			{ kind: 'quickReply' as const, index: 1, value: 'a' },
			{ kind: 'url' as const, index: 1, value: 'b' },
		];
		expect(issuesOf(template({ buttons }))).toEqual([
			{ field: 'Button Parameters › Button 1 › Button Index', problem: 'repeats 1; a button takes one parameter' },
		]);
	});

	it('refuses named and positional body parameters mixed, and a repeated name', () => {
		expect(issuesOf(template({ body: [{ name: 'order_id', text: '1' }, { text: '2' }] }))).toEqual([
			{
				field: 'Body Parameters',
				problem:
					'mix named and positional parameters (1 of 2 have a Parameter Name); a template uses one kind, so give every parameter a name or none',
			},
		]);
		expect(issuesOf(template({ body: [{ name: 'a', text: '1' }, { name: 'a', text: '2' }] }))).toEqual([
			{ field: 'Body Parameters', problem: 'name "a" more than once; each named parameter appears once' },
		]);
		expect(issuesOf(template({ body: [{ name: 'a', text: '1' }, { name: 'b', text: '2' }] }))).toEqual([]);
	});

	it('refuses a number as a parameter name ("1" for {{1}}), naming the field, and says to leave it empty', () => {
		expect(issuesOf(template({ body: [{ name: '1', text: 'Asha' }, { name: ' 2 ', text: '1042' }] }))).toEqual([
			{
				field: 'Body Parameters › Parameter 0 › Parameter Name',
				problem: 'is "1", a position, not a name: leave it empty for {{1}}, {{2}}… (the values go in their order); a name is for a named parameter such as {{order_id}}',
			},
			{
				field: 'Body Parameters › Parameter 1 › Parameter Name',
				problem: 'is "2", a position, not a name: leave it empty for {{1}}, {{2}}… (the values go in their order); a name is for a named parameter such as {{order_id}}',
			},
		]);
		expect(issuesOf(template({ body: [{ name: 'order_1', text: '1042' }] }))).toEqual([]);
	});

	it('requires the name, the language, every parameter text and a usable header', () => {
		const issues = issuesOf(
			template({
				name: ' ',
				languageCode: 'en US',
				header: { kind: 'location', latitude: 91, longitude: 0 },
				body: [{ text: '' }],
				buttons: [{ kind: 'url', index: 0, value: ' ' }],
			}),
		);
		expect(issues.map((issue) => issue.field)).toEqual([
			'Template Name',
			'Language Code',
			'Header Latitude',
			'Body Parameters › Parameter 0 › Text',
			'Button Parameters › Button 0 › Value',
		]);
		expect(issuesOf(template({ header: { kind: 'document', source: { link: 'ftp://x.io/a.pdf' } } }))).toEqual([
			{ field: 'Header Media URL', problem: 'must be an http:// or https:// URL (got "ftp://x.io/a.pdf")' },
		]);
	});
});

describe('readTemplateContent', () => {
	it('reads every field of the form, trimming the name and language', () => {
		expect(
			readTemplateContent(
				form({
					templateName: ' invoice_ready ',
					templateLanguage: ' pt_BR ',
					templateHeaderType: 'document',
					templateHeaderMediaSource: 'id',
					templateHeaderMediaId: ' 4490 ',
					templateHeaderFilename: 'invoice.pdf',
					templateBodyParameters: { parameter: [{ name: 'customer', text: 'Asha' }, { name: ' order_id ', text: 1042 }] },
					templateButtons: {
						button: [
							{ type: 'url', index: 0, value: '1042' },
							{ type: 'quickReply', index: 1, value: 'stop' },
							{ type: 'copyCode', index: 2, value: 'SAVE10' },
						],
					},
				}),
			),
		).toStrictEqual({
			type: 'template',
			name: 'invoice_ready',
			languageCode: 'pt_BR',
			header: { kind: 'document', source: { id: '4490' }, filename: 'invoice.pdf' },
			body: [
				{ name: 'customer', text: 'Asha' },
				{ name: 'order_id', text: '1042' },
			],
			buttons: [
				{ kind: 'url', index: 0, value: '1042' },
				{ kind: 'quickReply', index: 1, value: 'stop' },
				{ kind: 'copyCode', index: 2, value: 'SAVE10' },
			],
		});
	});

	it.each<[string, Record<string, unknown>, TemplateContent['header']]>([
		['text', { templateHeaderType: 'text', templateHeaderText: 'Order 1042' }, { kind: 'text', parameter: { text: 'Order 1042' } }],
		[
			'named text',
			{ templateHeaderType: 'text', templateHeaderText: 'Order 1042', templateHeaderParameterName: 'order' },
			{ kind: 'text', parameter: { name: 'order', text: 'Order 1042' } },
		],
		['image by link', { templateHeaderType: 'image', templateHeaderMediaUrl: ' https://x.io/a.jpg ' }, { kind: 'image', source: { link: 'https://x.io/a.jpg' } }],
		['video by id', { templateHeaderType: 'video', templateHeaderMediaSource: 'id', templateHeaderMediaId: '77' }, { kind: 'video', source: { id: '77' } }],
		[
			'location',
			{ templateHeaderType: 'location', templateHeaderLatitude: '12.97', templateHeaderLongitude: 77.59, templateHeaderLocationName: 'Shop' },
			{ kind: 'location', latitude: 12.97, longitude: 77.59, name: 'Shop' },
		],
		['none', { templateHeaderType: 'none', templateHeaderText: 'left over' }, undefined],
	])('reads a %s header', (_kind, values, header) => {
		const content = readTemplateContent(form({ templateName: 't', templateLanguage: 'en', ...values }));
		expect(content.header).toStrictEqual(header);
	});

	it('takes the lists as JSON from an earlier node, in the form\'s shape or with WhatsApp\'s names', () => {
		const content = readTemplateContent(
			form({
				templateName: 't',
				templateLanguage: 'en',
				templateBodyInputMode: 'json',
				templateBodyParametersJson: '[{"parameter_name":"order_id","text":"1042"}]',
				templateButtonsInputMode: 'json',
				templateButtonsJson: [{ type: 'quick_reply', index: '1', value: 'yes' }, { type: 'copy_code', index: 0, value: 'C1' }],
			}),
		);
		expect(content.body).toStrictEqual([{ name: 'order_id', text: '1042' }]);
		expect(content.buttons).toStrictEqual([
			{ kind: 'quickReply', index: 1, value: 'yes' },
			{ kind: 'copyCode', index: 0, value: 'C1' },
		]);
	});

	it('names every malformed field at once', () => {
		expect(() =>
			readTemplateContent(
				form({
					templateName: 't',
					templateHeaderType: 'gif',
					templateBodyInputMode: 'json',
					templateBodyParametersJson: '{"text":"a"}',
					templateButtons: { button: [{ type: 'call', index: 'first', value: 'x' }] },
				}),
			),
		).toThrow(
			'Template Header must be none, text, image, video, document or location (got gif); Body Parameters must be a JSON array (got an object); Button Parameters › Button 0 › Button Type must be one of quickReply, url, copyCode, flow (got "call"); Button Parameters › Button 0 › Button Index must be a number (got "first")',
		);
	});
});

describe('readWindowClosedTemplate', () => {
	it.each([undefined, 'fail'])('reads no template for %s', (action) => {
		expect(readWindowClosedTemplate(form({ windowClosedAction: action, templateName: 't' }))).toBeUndefined();
	});

	it('reads the template for "Send a Template Instead"', () => {
		expect(readWindowClosedTemplate(form({ windowClosedAction: 'sendTemplate', templateName: 't', templateLanguage: 'en' }))).toStrictEqual(
			template({ name: 't' }),
		);
	});

	it('refuses an unknown choice by the field\'s name', () => {
		expect(() => readWindowClosedTemplate(form({ windowClosedAction: 'retry' }))).toThrow(
			'If the 24-Hour Window Is Closed must be fail or sendTemplate (got "retry")',
		);
	});
});
