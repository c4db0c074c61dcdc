import type { ValidationIssue } from '../../../nodes/WhatsAppSession/message/errors';
import type { FormValues } from '../../../nodes/WhatsAppSession/message/formValues';
import { readSessionMessage } from '../../../nodes/WhatsAppSession/message/fromForm';
import { OPERATIONS, type Operation } from '../../../nodes/WhatsAppSession/message/operations';
import type { ContactCard, MediaKind, SessionContent, SessionMessage } from '../../../nodes/WhatsAppSession/message/types';
import { issuesOf } from '../../support/invalidInput';

type Values = Record<string, unknown>;

/** One item's form as n8n would hand it over: absent fields read as undefined. */
const formOf = (values: Values): FormValues => ({ get: (name: string) => values[name] });

const RECIPIENT = '+91 98801-32082';
const DIGITS = '919880132082';
const PHONE = { kind: 'phoneNumber', digits: DIGITS } as const;

const read = (operation: Operation, values: Values): SessionMessage =>
	readSessionMessage(operation, formOf({ recipient: RECIPIENT, ...values }));

const readContent = (operation: Operation, values: Values): SessionContent => read(operation, values).content;


const fieldsOf = (issues: ValidationIssue[]): string[] => issues.map((issue) => issue.field);

describe('readSessionMessage', () => {
	describe('recipient', () => {
		it.each([
			['+91 98801-32082', DIGITS],
			['0091 98801 32082', DIGITS],
			['919880132082', DIGITS],
			[919880132082, DIGITS],
		])('normalises %j to %s', (recipient, digits) => {
			const message = readSessionMessage('sendText', formOf({ recipient, textBody: 'hi' }));
			expect(message.recipient).toStrictEqual({ kind: 'phoneNumber', digits });
		});

		it.each([
			['US.13491208655302741918', 'US.13491208655302741918'],
			['  US.13491208655302741918\n', 'US.13491208655302741918'],
			['US.ENT.11815799212886844830', 'US.ENT.11815799212886844830'],
			['BR.aBc123XyZ', 'BR.aBc123XyZ'],
			[`IN.${'9'.repeat(128)}`, `IN.${'9'.repeat(128)}`],
			[`IN.ENT.${'a'.repeat(128)}`, `IN.ENT.${'a'.repeat(128)}`],
		])('takes the BSUID %j as given (trimmed, case kept) → %j', (recipient, bsuid) => {
			const message = readSessionMessage('sendText', formOf({ recipient, textBody: 'hi' }));
			expect(message.recipient).toStrictEqual({ kind: 'bsuid', bsuid });
		});

		it.each([
			['a lower-case country code', 'us.123', 'must start with a two-letter country code in capitals and a period, like US.13491208655302741918'],
			['a three-letter country code', 'USA.123', 'must start with a two-letter country code in capitals and a period, like US.13491208655302741918'],
			['nothing after the period', 'US.', 'has nothing after "US.": 1 to 128 letters and digits follow it, like US.13491208655302741918'],
			['nothing after ENT.', 'US.ENT.', 'has nothing after "US.ENT.": 1 to 128 letters and digits follow it, like US.13491208655302741918'],
			['129 characters after the period', `US.${'1'.repeat(129)}`, 'has 129 characters after "US."; the limit is 128'],
			['129 characters after ENT.', `US.ENT.${'1'.repeat(129)}`, 'has 129 characters after "US.ENT."; the limit is 128'],
			['a second period', 'US.123.456', 'may only have letters and digits after "US."'],
			['a space inside', 'US. 123', 'may only have letters and digits after "US."'],
			['a dash', 'US.1349-1208', 'may only have letters and digits after "US."'],
			['a non-ASCII letter', 'US.12é4', 'may only have letters and digits after "US."'],
		])('rejects a BSUID with %s, naming the field and the limit', (_case, recipient, problem) => {
			const issues = issuesOf(() => readSessionMessage('sendText', formOf({ recipient, textBody: 'hi' })));
			expect(issues).toStrictEqual([{ field: 'Recipient Phone Number', problem: `"${recipient}" ${problem}` }]);
		});

		it('points a phone number with letters at the BSUID form too', () => {
			const issues = issuesOf(() => readSessionMessage('sendText', formOf({ recipient: 'US 13491208655302741918', textBody: 'hi' })));
			expect(issues).toStrictEqual([
				{
					field: 'Recipient Phone Number',
					problem:
						'"US 13491208655302741918" may only contain digits, spaces, dashes, dots, parentheses and a leading "+" (for example +91 98801-32082), or be a business-scoped user ID like US.13491208655302741918',
				},
			]);
		});

		it.each([
			['absent', undefined, /is required/],
			['empty', '', /is required/],
			['blank', '   ', /is required/],
			['letters', '+91 ABC', /may only contain digits/],
			['national format', '098801 32082', /country code/],
			['too short', '+1234567', /8 to 15 digits/],
			['an object', { number: DIGITS }, /must be text/],
		])('rejects a recipient that is %s', (_case, recipient, problem) => {
			const issues = issuesOf(() => readSessionMessage('sendText', formOf({ recipient, textBody: 'hi' })));
			expect(issues).toHaveLength(1);
			expect(issues[0].field).toBe('Recipient Phone Number');
			expect(issues[0].problem).toMatch(problem);
		});
	});

	describe('sendText', () => {
		it.each([
			[{ textBody: 'Hello' }, { type: 'text', body: 'Hello', previewUrl: false }],
			[{ textBody: 'See https://x.io', previewUrl: true }, { type: 'text', body: 'See https://x.io', previewUrl: true }],
			[{ textBody: 'a', previewUrl: 'true' }, { type: 'text', body: 'a', previewUrl: true }],
			[{ textBody: 'a', previewUrl: 'false' }, { type: 'text', body: 'a', previewUrl: false }],
			[{ textBody: 42 }, { type: 'text', body: '42', previewUrl: false }],
			[{}, { type: 'text', body: '', previewUrl: false }],
		])('reads %j', (values, content) => {
			expect(read('sendText', values)).toStrictEqual({ recipient: PHONE, content });
		});

		it('rejects a body that is not text, naming the field', () => {
			const issues = issuesOf(() => read('sendText', { textBody: { text: 'hi' } }));
			expect(issues).toStrictEqual([{ field: 'Text', problem: expect.stringContaining('must be text') }]);
		});
	});

	describe('sendMedia', () => {
		const KINDS: MediaKind[] = ['image', 'video', 'audio', 'document', 'sticker'];
		const takesCaption = (kind: MediaKind): boolean => kind !== 'audio' && kind !== 'sticker';

		describe.each(KINDS)('%s', (kind) => {
			it('reads a URL source (the default), trimmed', () => {
				expect(readContent('sendMedia', { mediaType: kind, mediaUrl: '  https://cdn.example.com/f  ' })).toStrictEqual({
					type: 'media',
					mediaKind: kind,
					source: { link: 'https://cdn.example.com/f' },
				});
			});

			it('reads an explicit URL source', () => {
				expect(
					readContent('sendMedia', { mediaType: kind, mediaSource: 'url', mediaUrl: 'https://cdn.example.com/f', mediaId: 'ignored' }),
				).toStrictEqual({ type: 'media', mediaKind: kind, source: { link: 'https://cdn.example.com/f' } });
			});

			it('reads an uploaded media id source, trimmed', () => {
				expect(
					readContent('sendMedia', { mediaType: kind, mediaSource: 'id', mediaId: ' 1234567890 ', mediaUrl: 'https://ignored' }),
				).toStrictEqual({ type: 'media', mediaKind: kind, source: { id: '1234567890' } });
			});

			it(`${takesCaption(kind) ? 'keeps' : 'ignores'} the caption`, () => {
				const content = readContent('sendMedia', { mediaType: kind, mediaUrl: 'https://x.io/f', caption: 'Look' });
				expect(content).toStrictEqual({
					type: 'media',
					mediaKind: kind,
					source: { link: 'https://x.io/f' },
					...(takesCaption(kind) && { caption: 'Look' }),
				});
			});

			it(`${kind === 'document' ? 'keeps' : 'ignores'} the file name`, () => {
				const content = readContent('sendMedia', { mediaType: kind, mediaUrl: 'https://x.io/f', filename: 'invoice.pdf' });
				expect(content).toStrictEqual({
					type: 'media',
					mediaKind: kind,
					source: { link: 'https://x.io/f' },
					...(kind === 'document' && { filename: 'invoice.pdf' }),
				});
			});
		});

		it('reads a document with caption and file name together', () => {
			expect(
				readContent('sendMedia', {
					mediaType: 'document',
					mediaSource: 'id',
					mediaId: 'doc-1',
					caption: 'Your invoice',
					filename: 'invoice-1042.pdf',
				}),
			).toStrictEqual({
				type: 'media',
				mediaKind: 'document',
				source: { id: 'doc-1' },
				caption: 'Your invoice',
				filename: 'invoice-1042.pdf',
			});
		});

		it('treats an empty caption and file name as not set', () => {
			expect(
				readContent('sendMedia', { mediaType: 'document', mediaUrl: 'https://x.io/f', caption: '', filename: '' }),
			).toStrictEqual({ type: 'media', mediaKind: 'document', source: { link: 'https://x.io/f' } });
		});

		it.each([undefined, 'gif', 'IMAGE', ''])('rejects media type %j, naming the field', (mediaType) => {
			const issues = issuesOf(() => read('sendMedia', { mediaType, mediaUrl: 'https://x.io/f' }));
			expect(issues).toHaveLength(1);
			expect(issues[0].field).toBe('Media Type');
			expect(issues[0].problem).toMatch(/image, video, audio, document, sticker/);
		});
	});

	describe('sendLocation', () => {
		it.each([
			[
				{ latitude: 12.9716, longitude: 77.5946 },
				{ type: 'location', latitude: 12.9716, longitude: 77.5946 },
			],
			[
				{ latitude: '12.9716', longitude: ' -77.5 ', locationName: 'Office', address: 'MG Road' },
				{ type: 'location', latitude: 12.9716, longitude: -77.5, name: 'Office', address: 'MG Road' },
			],
			[
				{ latitude: 0, longitude: 0, locationName: '', address: '' },
				{ type: 'location', latitude: 0, longitude: 0 },
			],
		])('reads %j', (values, content) => {
			expect(readContent('sendLocation', values)).toStrictEqual(content);
		});

		it.each([
			['non-numeric latitude', { latitude: 'north', longitude: 77 }, 'Latitude'],
			['empty latitude', { latitude: '', longitude: 77 }, 'Latitude'],
			['absent latitude', { longitude: 77 }, 'Latitude'],
			['infinite latitude', { latitude: Infinity, longitude: 77 }, 'Latitude'],
			['non-numeric longitude', { latitude: 12, longitude: '77°E' }, 'Longitude'],
			['NaN longitude', { latitude: 12, longitude: NaN }, 'Longitude'],
		])('rejects a %s, naming the field', (_case, values, field) => {
			const issues = issuesOf(() => read('sendLocation', values));
			expect(issues).toStrictEqual([{ field, problem: expect.stringContaining('must be a number') }]);
		});

		it('words a missing number plainly (no "undefined undefined")', () => {
			const issues = issuesOf(() => read('sendLocation', { longitude: 77 }));
			expect(issues[0].field).toBe('Latitude');
			expect(issues[0].problem).not.toMatch(/undefined undefined/);
		});
	});

	describe('sendContacts', () => {
		const FULL_CARD: ContactCard = {
			formattedName: 'Asha Rao',
			firstName: 'Asha',
			lastName: 'Rao',
			birthday: '1990-04-23',
			phones: [
				{ phone: '+91 98801 32082', type: 'CELL', waId: '919880132082' },
				{ phone: '+91 80 4000 1000' },
			],
			emails: [{ email: 'asha@example.com', type: 'WORK' }, { email: 'asha@home.example' }],
			urls: [{ url: 'https://asha.example.com', type: 'HOME' }],
			addresses: [
				{
					street: '1 MG Road',
					city: 'Bengaluru',
					state: 'KA',
					zip: '560001',
					country: 'India',
					countryCode: 'IN',
					type: 'WORK',
				},
			],
			organisation: { company: 'Acme', department: 'Sales', title: 'Manager' },
		};
		const MINIMAL_CARD: ContactCard = { formattedName: 'Ravi', phones: [], emails: [], urls: [], addresses: [] };

		const FORM_CONTACTS = {
			contact: [
				{
					formattedName: 'Asha Rao',
					firstName: 'Asha',
					lastName: 'Rao',
					birthday: '1990-04-23',
					company: 'Acme',
					department: 'Sales',
					jobTitle: 'Manager',
					phones: {
						phone: [
							{ phone: '+91 98801 32082', type: 'CELL', waId: '919880132082' },
							{ phone: '+91 80 4000 1000', type: '', waId: '' },
						],
					},
					emails: { email: [{ email: 'asha@example.com', type: 'WORK' }, { email: 'asha@home.example' }] },
					urls: { url: [{ url: 'https://asha.example.com', type: 'HOME' }] },
					addresses: {
						address: [
							{
								street: '1 MG Road',
								city: 'Bengaluru',
								state: 'KA',
								zip: '560001',
								country: 'India',
								countryCode: 'IN',
								type: 'WORK',
							},
						],
					},
				},
				{ formattedName: 'Ravi', firstName: '', company: '', jobTitle: '' },
			],
		};

		const CLOUD_API_CONTACTS = [
			{
				name: { formatted_name: 'Asha Rao', first_name: 'Asha', last_name: 'Rao' },
				birthday: '1990-04-23',
				org: { company: 'Acme', department: 'Sales', title: 'Manager' },
				phones: [
					{ phone: '+91 98801 32082', type: 'CELL', wa_id: '919880132082' },
					{ phone: '+91 80 4000 1000' },
				],
				emails: [{ email: 'asha@example.com', type: 'WORK' }, { email: 'asha@home.example' }],
				urls: [{ url: 'https://asha.example.com', type: 'HOME' }],
				addresses: [
					{
						street: '1 MG Road',
						city: 'Bengaluru',
						state: 'KA',
						zip: '560001',
						country: 'India',
						country_code: 'IN',
						type: 'WORK',
					},
				],
			},
			{ name: { formatted_name: 'Ravi' } },
		];

		it.each([
			['form fields (mode absent)', { contacts: FORM_CONTACTS }],
			['form fields (mode "fields")', { contactsInputMode: 'fields', contacts: FORM_CONTACTS }],
			['JSON text', { contactsInputMode: 'json', contactsJson: JSON.stringify(CLOUD_API_CONTACTS, null, 2) }],
			['a JSON array from an expression', { contactsInputMode: 'json', contactsJson: CLOUD_API_CONTACTS }],
		])('reads contacts from %s', (_case, values) => {
			expect(readContent('sendContacts', values)).toStrictEqual({ type: 'contacts', contacts: [FULL_CARD, MINIMAL_CARD] });
		});

		it('ignores the fixed collection in JSON mode and the JSON in fields mode', () => {
			expect(
				readContent('sendContacts', { contactsInputMode: 'json', contactsJson: '[{"name":{"formatted_name":"Ravi"}}]', contacts: FORM_CONTACTS }),
			).toStrictEqual({ type: 'contacts', contacts: [MINIMAL_CARD] });
			expect(
				readContent('sendContacts', { contactsInputMode: 'fields', contactsJson: CLOUD_API_CONTACTS, contacts: { contact: [{ formattedName: 'Ravi' }] } }),
			).toStrictEqual({ type: 'contacts', contacts: [MINIMAL_CARD] });
		});

		it.each([
			['no collection', {}],
			['an empty collection', { contacts: {} }],
			['an empty JSON text', { contactsInputMode: 'json', contactsJson: '  ' }],
			['an empty JSON array', { contactsInputMode: 'json', contactsJson: '[]' }],
		])('reads %s as no contacts (validation reports it)', (_case, values) => {
			expect(readContent('sendContacts', values)).toStrictEqual({ type: 'contacts', contacts: [] });
		});

		it.each([
			['bad JSON text', { contactsInputMode: 'json', contactsJson: '[{"name": }]' }, 'Contacts', /not valid JSON/],
			['JSON that is an object', { contactsInputMode: 'json', contactsJson: '{"name":{"formatted_name":"A"}}' }, 'Contacts', /must be a JSON array/],
			['JSON that is a number', { contactsInputMode: 'json', contactsJson: '42' }, 'Contacts', /must be a JSON array/],
			['an expression object', { contactsInputMode: 'json', contactsJson: { name: 'A' } }, 'Contacts', /must be a JSON array/],
			['a non-object JSON entry', { contactsInputMode: 'json', contactsJson: '[{"name":{"formatted_name":"A"}}, "Ravi"]' }, 'Contacts › entry 1', /must be an object/],
			['a null JSON entry', { contactsInputMode: 'json', contactsJson: [null] }, 'Contacts › entry 0', /must be an object/],
			['a collection that is text', { contacts: 'Asha' }, 'Contacts', /must be a list/],
			['a non-object form entry', { contacts: { contact: ['Asha'] } }, 'Contacts › entry 0', /must be an object/],
			['phones that are not a list', { contacts: { contact: [{ formattedName: 'A', phones: { phone: 'x' } }] } }, 'Contacts › Contact 0 › Phones', /must be a list/],
			['a JSON phones entry that is text', { contactsInputMode: 'json', contactsJson: [{ name: { formatted_name: 'A' }, phones: ['+91 98801 32082'] }] }, 'Contacts › Contact 0 › Phones › entry 0', /must be an object/],
			['JSON emails that are text', { contactsInputMode: 'json', contactsJson: [{ name: { formatted_name: 'A' }, emails: 'a@b.c' }] }, 'Contacts › Contact 0 › Emails', /must be a list/],
			// An object where the Cloud API shape has an array must not be dropped without a word.
			['JSON phones that are an object, not an array', { contactsInputMode: 'json', contactsJson: [{ name: { formatted_name: 'A' }, phones: { phone: '+91 98801 32082' } }] }, 'Contacts › Contact 0 › Phones', /must be a list/],
		])('rejects %s, naming the field', (_case, values, field, problem) => {
			const issues = issuesOf(() => read('sendContacts', values));
			expect(issues).toHaveLength(1);
			expect(issues[0].field).toBe(field);
			expect(issues[0].problem).toMatch(problem);
		});
	});

	describe('sendReplyButtons', () => {
		const BUTTONS = [
			{ id: 'yes', title: 'Yes' },
			{ id: 'no', title: 'No' },
		];

		it.each([
			['form fields (mode absent)', { buttons: { button: BUTTONS } }],
			['form fields (mode "fields")', { buttonsInputMode: 'fields', buttons: { button: BUTTONS } }],
			['JSON text', { buttonsInputMode: 'json', buttonsJson: JSON.stringify(BUTTONS) }],
			['a JSON array from an expression', { buttonsInputMode: 'json', buttonsJson: BUTTONS }],
			['an array in place of the fixed collection', { buttons: BUTTONS }],
		])('reads buttons from %s', (_case, values) => {
			expect(readContent('sendReplyButtons', { bodyText: 'Confirm?', ...values })).toStrictEqual({
				type: 'replyButtons',
				body: 'Confirm?',
				buttons: BUTTONS,
			});
		});

		it('reads numeric ids and missing titles from JSON as text', () => {
			expect(
				readContent('sendReplyButtons', { bodyText: 'b', buttonsInputMode: 'json', buttonsJson: '[{"id": 1, "title": "One"}, {"id": "two"}]' }),
			).toStrictEqual({ type: 'replyButtons', body: 'b', buttons: [{ id: '1', title: 'One' }, { id: 'two', title: '' }] });
		});

		it.each([
			['none', { headerType: 'none', headerText: 'ignored' }, undefined],
			['absent', { headerText: 'ignored' }, undefined],
			['text', { headerType: 'text', headerText: 'Your order' }, { kind: 'text', text: 'Your order' }],
			['image by URL', { headerType: 'image', headerMediaUrl: ' https://x.io/a.jpg ' }, { kind: 'image', source: { link: 'https://x.io/a.jpg' } }],
			['image by id', { headerType: 'image', headerMediaSource: 'id', headerMediaId: 'img-1' }, { kind: 'image', source: { id: 'img-1' } }],
			['video by URL', { headerType: 'video', headerMediaSource: 'url', headerMediaUrl: 'https://x.io/a.mp4' }, { kind: 'video', source: { link: 'https://x.io/a.mp4' } }],
			['video by id', { headerType: 'video', headerMediaSource: 'id', headerMediaId: ' vid-1 ' }, { kind: 'video', source: { id: 'vid-1' } }],
			['document by URL', { headerType: 'document', headerMediaUrl: 'https://x.io/a.pdf' }, { kind: 'document', source: { link: 'https://x.io/a.pdf' } }],
			['document by id', { headerType: 'document', headerMediaSource: 'id', headerMediaId: 'doc-1' }, { kind: 'document', source: { id: 'doc-1' } }],
		])('reads header %s', (_case, headerValues, header) => {
			expect(
				readContent('sendReplyButtons', { bodyText: 'b', buttons: { button: BUTTONS }, footerText: 'Reply below', ...headerValues }),
			).toStrictEqual({
				type: 'replyButtons',
				body: 'b',
				footer: 'Reply below',
				buttons: BUTTONS,
				...(header !== undefined && { header }),
			});
		});

		it('treats an empty footer as not set', () => {
			expect(readContent('sendReplyButtons', { bodyText: 'b', footerText: '', buttons: { button: BUTTONS } })).not.toHaveProperty(
				'footer',
			);
		});

		it.each([
			['an unknown header type', { headerType: 'audio' }, 'Header', /none, text, image, video or document/],
			['bad JSON text', { buttonsInputMode: 'json', buttonsJson: '[{"id": "a", "title": "A"' }, 'Buttons', /not valid JSON/],
			['JSON that is not an array', { buttonsInputMode: 'json', buttonsJson: '{"id": "a", "title": "A"}' }, 'Buttons', /must be a JSON array/],
			['a non-object JSON entry', { buttonsInputMode: 'json', buttonsJson: '[{"id": "a", "title": "A"}, "B"]' }, 'Buttons › entry 1', /must be an object/],
			['an array JSON entry', { buttonsInputMode: 'json', buttonsJson: [['a', 'A']] }, 'Buttons › entry 0', /must be an object/],
			['a body that is not text', { bodyText: ['b'] }, 'Body Text', /must be text/],
		])('rejects %s, naming the field', (_case, values, field, problem) => {
			const issues = issuesOf(() => read('sendReplyButtons', { bodyText: 'b', buttons: { button: BUTTONS }, ...values }));
			expect(issues).toHaveLength(1);
			expect(issues[0].field).toBe(field);
			expect(issues[0].problem).toMatch(problem);
		});
	});

	describe('sendList', () => {
		const FORM_SECTIONS = {
			section: [
				{
					title: 'Plans',
					rows: {
						row: [
							{ id: 'basic', title: 'Basic', description: 'For one user' },
							{ id: 'team', title: 'Team', description: '' },
						],
					},
				},
				{ title: '', rows: { row: [{ id: 'help', title: 'Talk to us' }] } },
			],
		};
		const JSON_SECTIONS = [
			{
				title: 'Plans',
				rows: [
					{ id: 'basic', title: 'Basic', description: 'For one user' },
					{ id: 'team', title: 'Team' },
				],
			},
			{ rows: [{ id: 'help', title: 'Talk to us' }] },
		];
		const SECTIONS = [
			{
				title: 'Plans',
				rows: [
					{ id: 'basic', title: 'Basic', description: 'For one user' },
					{ id: 'team', title: 'Team' },
				],
			},
			{ rows: [{ id: 'help', title: 'Talk to us' }] },
		];

		it.each([
			['form fields (mode absent)', { sections: FORM_SECTIONS }],
			['form fields (mode "fields")', { sectionsInputMode: 'fields', sections: FORM_SECTIONS }],
			['JSON text', { sectionsInputMode: 'json', sectionsJson: JSON.stringify(JSON_SECTIONS) }],
			['a JSON array from an expression', { sectionsInputMode: 'json', sectionsJson: JSON_SECTIONS }],
			['JSON with rows in the fixed-collection shape', { sectionsInputMode: 'json', sectionsJson: FORM_SECTIONS.section }],
		])('reads sections from %s', (_case, values) => {
			expect(readContent('sendList', { bodyText: 'Pick a plan', listButtonText: 'Plans', ...values })).toStrictEqual({
				type: 'list',
				body: 'Pick a plan',
				buttonText: 'Plans',
				sections: SECTIONS,
			});
		});

		it('reads the text header and footer', () => {
			expect(
				readContent('sendList', {
					bodyText: 'Pick',
					listButtonText: 'Open',
					headerText: 'Our plans',
					footerText: 'Prices incl. tax',
					sections: FORM_SECTIONS,
				}),
			).toStrictEqual({
				type: 'list',
				body: 'Pick',
				buttonText: 'Open',
				header: 'Our plans',
				footer: 'Prices incl. tax',
				sections: SECTIONS,
			});
		});

		it('treats empty header and footer as not set', () => {
			const content = readContent('sendList', { bodyText: 'b', listButtonText: 'o', headerText: '', footerText: '', sections: FORM_SECTIONS });
			expect(content).not.toHaveProperty('header');
			expect(content).not.toHaveProperty('footer');
		});

		it.each([
			['bad JSON text', { sectionsInputMode: 'json', sectionsJson: 'rows: 1' }, 'Sections', /not valid JSON/],
			['JSON that is not an array', { sectionsInputMode: 'json', sectionsJson: '{"rows": []}' }, 'Sections', /must be a JSON array/],
			['a non-object JSON section', { sectionsInputMode: 'json', sectionsJson: '[1]' }, 'Sections › entry 0', /must be an object/],
			['rows that are not a list', { sectionsInputMode: 'json', sectionsJson: '[{"rows": "basic"}]' }, 'Sections › Section 0 › Rows', /must be a list/],
			['a non-object row', { sectionsInputMode: 'json', sectionsJson: '[{"rows": [{"id":"a","title":"A"}, 7]}]' }, 'Sections › Section 0 › Rows › entry 1', /must be an object/],
		])('rejects %s, naming the field', (_case, values, field, problem) => {
			const issues = issuesOf(() => read('sendList', { bodyText: 'b', listButtonText: 'o', ...values }));
			expect(issues).toHaveLength(1);
			expect(issues[0].field).toBe(field);
			expect(issues[0].problem).toMatch(problem);
		});
	});

	describe('sendCtaUrl', () => {
		it('reads body, button label and trimmed URL', () => {
			expect(
				readContent('sendCtaUrl', { bodyText: 'Track it', ctaButtonText: 'See order', ctaUrl: ' https://x.io/o/1 ' }),
			).toStrictEqual({ type: 'ctaUrl', body: 'Track it', buttonText: 'See order', url: 'https://x.io/o/1' });
		});

		it.each([
			['text', { headerType: 'text', headerText: 'Order 1042' }, { kind: 'text', text: 'Order 1042' }],
			['image by URL', { headerType: 'image', headerMediaUrl: 'https://x.io/a.jpg' }, { kind: 'image', source: { link: 'https://x.io/a.jpg' } }],
			['video by id', { headerType: 'video', headerMediaSource: 'id', headerMediaId: 'v1' }, { kind: 'video', source: { id: 'v1' } }],
			['document by id', { headerType: 'document', headerMediaSource: 'id', headerMediaId: 'd1' }, { kind: 'document', source: { id: 'd1' } }],
		])('reads a %s header and the footer', (_case, headerValues, header) => {
			expect(
				readContent('sendCtaUrl', { bodyText: 'b', ctaButtonText: 'Go', ctaUrl: 'https://x.io', footerText: 'f', ...headerValues }),
			).toStrictEqual({ type: 'ctaUrl', body: 'b', buttonText: 'Go', url: 'https://x.io', header, footer: 'f' });
		});
	});

	describe('sendLocationRequest', () => {
		it('reads the body only', () => {
			expect(readContent('sendLocationRequest', { bodyText: 'Where should we deliver?', footerText: 'ignored' })).toStrictEqual({
				type: 'locationRequest',
				body: 'Where should we deliver?',
			});
		});
	});

	describe('sendReaction', () => {
		it.each([
			[{ reactionMessageId: ' wamid.ABC ', emoji: '👍' }, { type: 'reaction', messageId: 'wamid.ABC', emoji: '👍' }],
			[{ reactionMessageId: 'wamid.ABC', emoji: ' ❤️ ' }, { type: 'reaction', messageId: 'wamid.ABC', emoji: '❤️' }],
			[{ reactionMessageId: 'wamid.ABC', emoji: '' }, { type: 'reaction', messageId: 'wamid.ABC', emoji: '' }],
			[{ reactionMessageId: 'wamid.ABC' }, { type: 'reaction', messageId: 'wamid.ABC', emoji: '' }],
		])('reads %j (an empty emoji removes the reaction)', (values, content) => {
			expect(read('sendReaction', values)).toStrictEqual({ recipient: PHONE, content });
		});
	});

	describe('options.replyToMessageId', () => {
		const MINIMAL: Record<Operation, Values> = {
			sendText: { textBody: 'hi' },
			sendMedia: { mediaType: 'image', mediaUrl: 'https://x.io/a.jpg' },
			sendLocation: { latitude: 1, longitude: 2 },
			sendContacts: { contacts: { contact: [{ formattedName: 'A' }] } },
			sendReplyButtons: { bodyText: 'b', buttons: { button: [{ id: 'a', title: 'A' }] } },
			sendList: { bodyText: 'b', listButtonText: 'o', sections: { section: [{ rows: { row: [{ id: 'a', title: 'A' }] } }] } },
			sendCtaUrl: { bodyText: 'b', ctaButtonText: 'Go', ctaUrl: 'https://x.io' },
			sendLocationRequest: { bodyText: 'b' },
			sendProduct: { catalogId: 'c', productRetailerId: 'sku-1' },
			sendProductList: { catalogId: 'c', headerText: 'h', bodyText: 'b', productSections: { section: [{ products: { product: [{ retailerId: 'sku-1' }] } }] } },
			sendCatalog: { bodyText: 'b', thumbnailProductRetailerId: 'sku-1' },
			sendFlow: { bodyText: 'b', flowId: '123', flowButtonText: 'Open', flowScreen: 'WELCOME' },
			sendReaction: { reactionMessageId: 'wamid.X', emoji: '👍' },
			sendTemplate: { templateName: 'order_shipped', templateLanguage: 'en' },
			markAsRead: { readMessageId: 'wamid.IN' },
		};

		it('covers every operation', () => {
			expect(Object.keys(MINIMAL).sort()).toStrictEqual([...OPERATIONS].sort());
		});

		it.each(OPERATIONS.filter((operation) => operation !== 'sendReaction' && operation !== 'markAsRead'))('%s carries the trimmed reply-to id', (operation) => {
			const message = read(operation, { ...MINIMAL[operation], options: { replyToMessageId: ' wamid.QUOTED ' } });
			expect(message.replyToMessageId).toBe('wamid.QUOTED');
			expect(message.recipient).toStrictEqual(PHONE);
		});

		it.each(OPERATIONS)('%s has no reply-to id without the option', (operation) => {
			const message = read(operation, { ...MINIMAL[operation], options: { replyToMessageId: '  ' } });
			expect(message).not.toHaveProperty('replyToMessageId');
			expect(read(operation, MINIMAL[operation])).not.toHaveProperty('replyToMessageId');
		});

		it('ignores the reply-to id on a reaction', () => {
			const message = read('sendReaction', { ...MINIMAL.sendReaction, options: { replyToMessageId: 'wamid.QUOTED' } });
			expect(message).toStrictEqual({ recipient: PHONE, content: { type: 'reaction', messageId: 'wamid.X', emoji: '👍' } });
		});

		it('ignores other options', () => {
			expect(read('sendText', { textBody: 'hi', options: { timeoutSeconds: 5 } })).toStrictEqual({
				recipient: PHONE,
				content: { type: 'text', body: 'hi', previewUrl: false },
			});
		});
	});

	describe('several mistakes at once', () => {
		it.each<[Operation, Values, string]>([
			['sendLocation', { latitude: 'north', longitude: 1 }, 'Latitude'],
			['sendContacts', { contactsInputMode: 'json', contactsJson: '[oops' }, 'Contacts'],
			['sendReplyButtons', { bodyText: 'b', buttonsInputMode: 'json', buttonsJson: '"yes"' }, 'Buttons'],
			['sendMedia', { mediaType: 'gif' }, 'Media Type'],
		])('%s reports a bad recipient and bad content in one error', (operation, values, field) => {
			const issues = issuesOf(() => readSessionMessage(operation, formOf({ recipient: 'call me', ...values })));
			expect(fieldsOf(issues)).toStrictEqual(['Recipient Phone Number', field]);
		});

		it('names both fields in the error message', () => {
			let message = '';
			try {
				readSessionMessage('sendLocation', formOf({ recipient: '', latitude: 'north', longitude: 1 }));
			} catch (error) {
				message = error instanceof Error ? error.message : '';
			}
			expect(message).toMatch(/^Recipient Phone Number is required; Latitude must be a number/);
		});
	});

	it('lets errors that are not about input surface unchanged', () => {
		const broken: FormValues = {
			get: (name) => {
				if (name === 'textBody') throw new TypeError('boom');
				return name === 'recipient' ? RECIPIENT : undefined;
			},
		};
		expect(() => readSessionMessage('sendText', broken)).toThrow(TypeError);
	});
});
