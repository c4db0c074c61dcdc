import type { ValidationIssue } from '../../../nodes/WhatsAppSession/message/errors';
import { WHATSAPP_LIMITS } from '../../../nodes/WhatsAppSession/message/limits';
import type {
	CallToActionUrlContent,
	ContactCard,
	ListContent,
	ListSection,
	MediaContent,
	MediaKind,
	ReplyButton,
	ReplyButtonsContent,
	SessionContent,
	SessionMessage,
} from '../../../nodes/WhatsAppSession/message/types';
import { characterCount } from '../../../nodes/WhatsAppSession/message/checks';
import { validateSessionMessage } from '../../../nodes/WhatsAppSession/message/validate';

const RECIPIENT = { kind: 'phoneNumber', digits: '919880132082' } as const;

const message = (content: SessionContent, replyToMessageId?: string): SessionMessage =>
	replyToMessageId === undefined ? { recipient: RECIPIENT, content } : { recipient: RECIPIENT, replyToMessageId, content };

const chars = (count: number, char = 'a'): string => char.repeat(count);

const text = (body: string): SessionContent => ({ type: 'text', body, previewUrl: false });
const media = (overrides: Partial<MediaContent> = {}): MediaContent => ({
	type: 'media',
	mediaKind: 'image',
	source: { link: 'https://cdn.example.com/a.jpg' },
	...overrides,
});
const buttons = (overrides: Partial<ReplyButtonsContent> = {}): ReplyButtonsContent => ({
	type: 'replyButtons',
	body: 'Confirm?',
	buttons: [{ id: 'yes', title: 'Yes' }],
	...overrides,
});
const numberedButtons = (count: number): ReplyButton[] =>
	Array.from({ length: count }, (_, index) => ({ id: `b${index}`, title: `Button ${index}` }));
const list = (overrides: Partial<ListContent> = {}): ListContent => ({
	type: 'list',
	body: 'Pick one',
	buttonText: 'Open',
	sections: [{ rows: [{ id: 'r1', title: 'Row 1' }] }],
	...overrides,
});
/** `count` sections of one row each, titled, with ids unique across the list. */
const numberedSections = (count: number): ListSection[] =>
	Array.from({ length: count }, (_, index) => ({ title: `S${index}`, rows: [{ id: `r${index}`, title: `Row ${index}` }] }));
const rowsSection = (count: number, prefix = 'r'): ListSection => ({
	rows: Array.from({ length: count }, (_, index) => ({ id: `${prefix}${index}`, title: `Row ${index}` })),
});
const cta = (overrides: Partial<CallToActionUrlContent> = {}): CallToActionUrlContent => ({
	type: 'ctaUrl',
	body: 'Track your order',
	buttonText: 'See order',
	url: 'https://example.com/o/1',
	...overrides,
});
const contact = (overrides: Partial<ContactCard> = {}): ContactCard => ({
	formattedName: 'Asha Rao',
	phones: [],
	emails: [],
	urls: [],
	addresses: [],
	...overrides,
});
const contacts = (...cards: ContactCard[]): SessionContent => ({ type: 'contacts', contacts: cards });
const location = (latitude: number, longitude: number): SessionContent => ({ type: 'location', latitude, longitude });
const reaction = (emoji: string, messageId = 'wamid.ABC'): SessionContent => ({ type: 'reaction', messageId, emoji });

const validate = (content: SessionContent, replyToMessageId?: string): ValidationIssue[] =>
	validateSessionMessage(message(content, replyToMessageId));

describe('validateSessionMessage', () => {
	it('uses the limits WhatsApp documents', () => {
		expect(WHATSAPP_LIMITS).toMatchObject({
			textBody: 4096,
			mediaCaption: 1024,
			interactiveBody: 1024,
			headerText: 60,
			footerText: 60,
			replyButtonsMin: 1,
			replyButtonsMax: 3,
			replyButtonId: 256,
			replyButtonTitle: 20,
			listButtonText: 20,
			listSectionsMin: 1,
			listSectionsMax: 10,
			listRowsTotalMax: 10,
			listSectionTitle: 24,
			listRowId: 200,
			listRowTitle: 24,
			listRowDescription: 72,
			ctaButtonText: 20,
			latitudeAbs: 90,
			longitudeAbs: 180,
		});
	});

	it.each<[string, SessionContent]>([
		['text', text('Hello')],
		['image by link with caption', media({ caption: 'Look' })],
		['video by id', media({ mediaKind: 'video', source: { id: '123' } })],
		['audio', media({ mediaKind: 'audio', source: { link: 'http://cdn.example.com/a.ogg' } })],
		['sticker', media({ mediaKind: 'sticker', source: { id: 's1' } })],
		['document with caption and file name', media({ mediaKind: 'document', caption: 'Invoice', filename: 'a.pdf' })],
		['location', location(12.97, 77.59)],
		['contacts', contacts(contact({ birthday: '1990-04-23', phones: [{ phone: '+91 98801 32082' }], urls: [{ url: 'https://a.io' }] }))],
		['reply buttons with media header and footer', buttons({ header: { kind: 'image', source: { link: 'https://x.io/a.jpg' } }, footer: 'f' })],
		['list with header and footer', list({ header: 'h', footer: 'f' })],
		['CTA URL with text header', cta({ header: { kind: 'text', text: 'h' }, footer: 'f' })],
		['location request', { type: 'locationRequest', body: 'Where are you?' }],
		['reaction', reaction('👍')],
		['reaction removal', reaction('')],
	])('accepts a valid %s', (_case, content) => {
		expect(validate(content)).toStrictEqual([]);
	});

	describe('length limits: accepted at N characters, rejected at N+1', () => {
		const INTERACTIVE_BODIES: Array<[string, (body: string) => SessionContent]> = [
			['reply buttons', (body) => buttons({ body })],
			['list', (body) => list({ body })],
			['CTA URL', (body) => cta({ body })],
			['location request', (body) => ({ type: 'locationRequest', body })],
		];
		const FOOTERS: Array<[string, (footer: string) => SessionContent]> = [
			['reply buttons', (footer) => buttons({ footer })],
			['list', (footer) => list({ footer })],
			['CTA URL', (footer) => cta({ footer })],
		];
		const CAPTIONED: MediaKind[] = ['image', 'video', 'document'];

		const TABLE: Array<[string, (value: string) => SessionContent, number, string]> = [
			['text body', (value) => text(value), 4096, 'Text'],
			...CAPTIONED.map((mediaKind): [string, (value: string) => SessionContent, number, string] => [
				`${mediaKind} caption`,
				(caption) => media({ mediaKind, caption }),
				1024,
				'Caption',
			]),
			...INTERACTIVE_BODIES.map(([name, build]): [string, (value: string) => SessionContent, number, string] => [
				`${name} body`,
				build,
				1024,
				'Body Text',
			]),
			['reply buttons header text', (value) => buttons({ header: { kind: 'text', text: value } }), 60, 'Header Text'],
			['CTA URL header text', (value) => cta({ header: { kind: 'text', text: value } }), 60, 'Header Text'],
			['list header text', (header) => list({ header }), 60, 'Header Text'],
			...FOOTERS.map(([name, build]): [string, (value: string) => SessionContent, number, string] => [
				`${name} footer`,
				build,
				60,
				'Footer Text',
			]),
			['button id', (id) => buttons({ buttons: [{ id, title: 'Yes' }] }), 256, 'Buttons › Button 0 › ID'],
			['button title', (title) => buttons({ buttons: [{ id: 'y', title }] }), 20, 'Buttons › Button 0 › Title'],
			[
				'third button title',
				(title) => buttons({ buttons: [...numberedButtons(2), { id: 'z', title }] }),
				20,
				'Buttons › Button 2 › Title',
			],
			['list button label', (buttonText) => list({ buttonText }), 20, 'Button Label'],
			['section title', (title) => list({ sections: [{ title, rows: [{ id: 'r', title: 'R' }] }] }), 24, 'Sections › Section 0 › Title'],
			[
				'second section title',
				(title) => list({ sections: [numberedSections(1)[0], { title, rows: [{ id: 'x', title: 'X' }] }] }),
				24,
				'Sections › Section 1 › Title',
			],
			['row id', (id) => list({ sections: [{ rows: [{ id, title: 'R' }] }] }), 200, 'Sections › Section 0 › Row 0 › ID'],
			['row title', (title) => list({ sections: [{ rows: [{ id: 'r', title }] }] }), 24, 'Sections › Section 0 › Row 0 › Title'],
			[
				'row description',
				(description) => list({ sections: [{ rows: [{ id: 'r', title: 'R', description }] }] }),
				72,
				'Sections › Section 0 › Row 0 › Description',
			],
			['CTA button label', (buttonText) => cta({ buttonText }), 20, 'Button Label'],
		];

		describe.each(TABLE)('%s', (_name, build, limit, field) => {
			it(`accepts ${limit} characters`, () => {
				expect(validate(build(chars(limit)))).toStrictEqual([]);
			});

			it(`accepts ${limit} emoji (an emoji counts as 1)`, () => {
				expect(validate(build(chars(limit, '😀')))).toStrictEqual([]);
			});

			it(`rejects ${limit + 1} characters, naming "${field}" and the limit`, () => {
				const issues = validate(build(chars(limit + 1)));
				expect(issues).toStrictEqual([{ field, problem: expect.stringContaining(String(limit)) }]);
				expect(issues[0].problem).toContain(String(limit + 1));
			});

			it(`rejects ${limit + 1} emoji`, () => {
				expect(validate(build(chars(limit + 1, '😀')))).toStrictEqual([
					{ field, problem: expect.stringContaining(String(limit)) },
				]);
			});
		});

		it('passes a text of 4096 emoji (8192 UTF-16 units)', () => {
			const body = chars(4096, '😀');
			expect(body.length).toBe(8192);
			expect(validate(text(body))).toStrictEqual([]);
		});

		it.each([
			['😀', 1],
			['👍🏽', 2],
			['é', 1],
			['e\u0301', 2],
			['🇮🇳', 2],
			['abc', 3],
			['', 0],
		])('characterCount(%j) = %i code points', (value, count) => {
			expect(characterCount(value)).toBe(count);
		});
	});

	describe('count limits', () => {
		it.each([
			[1, []],
			[2, []],
			[3, []],
		])('accepts %i reply buttons', (count, issues) => {
			expect(validate(buttons({ buttons: numberedButtons(count) }))).toStrictEqual(issues);
		});

		it.each([0, 4])('rejects %i reply buttons, naming "Buttons" and the range', (count) => {
			expect(validate(buttons({ buttons: numberedButtons(count) }))).toStrictEqual([
				{ field: 'Buttons', problem: expect.stringMatching(/1 to 3 .*got /) },
			]);
		});

		it.each([1, 10])('accepts %i sections (one row each)', (count) => {
			expect(validate(list({ sections: numberedSections(count) }))).toStrictEqual([]);
		});

		it('rejects 0 sections, naming "Sections" and the range', () => {
			expect(validate(list({ sections: [] }))).toStrictEqual([
				{ field: 'Sections', problem: expect.stringMatching(/1 to 10 .*got 0/) },
			]);
		});

		it('rejects 11 sections, naming "Sections" and the limit 10', () => {
			const issues = validate(list({ sections: numberedSections(11) }));
			expect(issues).toContainEqual({ field: 'Sections', problem: expect.stringMatching(/1 to 10 .*got 11/) });
		});

		it.each<[string, ListSection[]]>([
			['10 rows in one section', [rowsSection(10)]],
			['10 rows over two sections', [{ title: 'A', ...rowsSection(4, 'a') }, { title: 'B', ...rowsSection(6, 'b') }]],
		])('accepts %s', (_case, sections) => {
			expect(validate(list({ sections }))).toStrictEqual([]);
		});

		it.each<[string, ListSection[]]>([
			['11 rows in one section', [rowsSection(11)]],
			['11 rows over two sections', [{ title: 'A', ...rowsSection(5, 'a') }, { title: 'B', ...rowsSection(6, 'b') }]],
		])('rejects %s, naming "Rows" and the limit 10', (_case, sections) => {
			expect(validate(list({ sections }))).toStrictEqual([{ field: 'Rows', problem: expect.stringMatching(/11.*the limit is 10/) }]);
		});

		it('rejects a section without rows', () => {
			expect(validate(list({ sections: [{ title: 'A', rows: [] }, numberedSections(1)[0]] }))).toStrictEqual([
				{ field: 'Sections › Section 0 › Rows', problem: expect.stringContaining('1 row') },
			]);
		});

		it('rejects contacts with no card', () => {
			expect(validate(contacts())).toStrictEqual([{ field: 'Contacts', problem: expect.stringContaining('at least 1') }]);
		});
	});

	describe('uniqueness and required fields', () => {
		it.each<[string, SessionContent, ValidationIssue[]]>([
			[
				'two buttons with the same title',
				buttons({ buttons: [{ id: 'a', title: 'Yes' }, { id: 'b', title: 'Yes' }] }),
				[{ field: 'Buttons › Button 1 › Title', problem: expect.stringContaining('unique') }],
			],
			[
				'two buttons with the same id',
				buttons({ buttons: [{ id: 'a', title: 'Yes' }, { id: 'a', title: 'No' }] }),
				[{ field: 'Buttons › Button 1 › ID', problem: expect.stringContaining('unique') }],
			],
			[
				'a button without id and title',
				buttons({ buttons: [{ id: ' ', title: '' }] }),
				[
					{ field: 'Buttons › Button 0 › ID', problem: 'is required' },
					{ field: 'Buttons › Button 0 › Title', problem: 'is required' },
				],
			],
			[
				'a second section without title',
				list({ sections: [{ title: 'A', rows: [{ id: 'a', title: 'A' }] }, { rows: [{ id: 'b', title: 'B' }] }] }),
				[{ field: 'Sections › Section 1 › Title', problem: expect.stringContaining('more than one section') }],
			],
			[
				'a first section with an empty title',
				list({ sections: [{ title: '', rows: [{ id: 'a', title: 'A' }] }, { title: 'B', rows: [{ id: 'b', title: 'B' }] }] }),
				[{ field: 'Sections › Section 0 › Title', problem: expect.stringContaining('more than one section') }],
			],
			[
				'a row id repeated in another section',
				list({ sections: [{ title: 'A', rows: [{ id: 'x', title: 'A' }] }, { title: 'B', rows: [{ id: 'x', title: 'B' }] }] }),
				[{ field: 'Sections › Section 1 › Row 0 › ID', problem: expect.stringContaining('unique') }],
			],
			[
				'a row without id and title',
				list({ sections: [{ rows: [{ id: '', title: '' }] }] }),
				[
					{ field: 'Sections › Section 0 › Row 0 › ID', problem: 'is required' },
					{ field: 'Sections › Section 0 › Row 0 › Title', problem: 'is required' },
				],
			],
			['an empty text', text('  '), [{ field: 'Text', problem: 'is required' }]],
			['an empty reply-buttons body', buttons({ body: '' }), [{ field: 'Body Text', problem: 'is required' }]],
			['an empty list body', list({ body: '' }), [{ field: 'Body Text', problem: 'is required' }]],
			['an empty CTA body', cta({ body: '' }), [{ field: 'Body Text', problem: 'is required' }]],
			['an empty location-request body', { type: 'locationRequest', body: '' }, [{ field: 'Body Text', problem: 'is required' }]],
			['an empty list button label', list({ buttonText: '' }), [{ field: 'Button Label', problem: 'is required' }]],
			['an empty CTA button label', cta({ buttonText: '' }), [{ field: 'Button Label', problem: 'is required' }]],
			['an empty text header', buttons({ header: { kind: 'text', text: '' } }), [{ field: 'Header Text', problem: 'is required' }]],
			[
				'an empty header media id',
				cta({ header: { kind: 'video', source: { id: ' ' } } }),
				[{ field: 'Header Media ID', problem: 'is required' }],
			],
			[
				'a header media URL that is not http(s)',
				buttons({ header: { kind: 'document', source: { link: 'ftp://x.io/a.pdf' } } }),
				[{ field: 'Header Media URL', problem: expect.stringContaining('http') }],
			],
			['an empty reaction message id', reaction('👍', ' '), [{ field: 'Message ID', problem: 'is required' }]],
		])('rejects %s', (_case, content, issues) => {
			expect(validate(content)).toStrictEqual(issues);
		});

		it('accepts a single section without a title', () => {
			expect(validate(list({ sections: [{ rows: [{ id: 'a', title: 'A' }] }] }))).toStrictEqual([]);
		});

		it('reports every problem at once', () => {
			const issues = validate(
				buttons({ body: '', footer: chars(61), buttons: [{ id: 'a', title: chars(21) }, { id: 'a', title: chars(21) }] }),
			);
			expect(issues.map((issue) => issue.field)).toStrictEqual([
				'Body Text',
				'Footer Text',
				'Buttons › Button 0 › Title',
				'Buttons › Button 1 › Title',
				'Buttons › Button 1 › Title',
				'Buttons › Button 1 › ID',
			]);
		});
	});

	describe('URLs', () => {
		const GOOD = ['https://example.com', 'http://example.com/a?b=c#d', 'https://x.io:8443/path'];
		const BAD = ['ftp://example.com/a', 'javascript:alert(1)', 'example.com/a', '/relative', 'https://', 'mailto:a@b.c', 'file:///etc/passwd'];

		it.each(GOOD)('accepts CTA URL %s', (url) => {
			expect(validate(cta({ url }))).toStrictEqual([]);
		});

		it.each(BAD)('rejects CTA URL %s, naming "Button URL"', (url) => {
			expect(validate(cta({ url }))).toStrictEqual([{ field: 'Button URL', problem: expect.stringContaining('http:// or https://') }]);
		});

		it('requires a CTA URL', () => {
			expect(validate(cta({ url: '' }))).toStrictEqual([{ field: 'Button URL', problem: 'is required' }]);
		});

		it.each(GOOD)('accepts media URL %s', (link) => {
			expect(validate(media({ source: { link } }))).toStrictEqual([]);
		});

		it.each(BAD)('rejects media URL %s, naming "Media URL"', (link) => {
			expect(validate(media({ source: { link } }))).toStrictEqual([{ field: 'Media URL', problem: expect.stringContaining('http:// or https://') }]);
		});

		it.each<[string, MediaContent['source'], ValidationIssue]>([
			['an empty media URL', { link: '' }, { field: 'Media URL', problem: 'is required' }],
			['an empty media id', { id: '  ' }, { field: 'Media ID', problem: 'is required' }],
		])('rejects %s', (_case, source, issue) => {
			expect(validate(media({ source }))).toStrictEqual([issue]);
		});

		it.each(BAD)('rejects contact URL %s', (url) => {
			expect(validate(contacts(contact({ urls: [{ url }] })))).toStrictEqual([
				{ field: 'Contacts › Contact 0 › URLs › URL 0', problem: expect.stringContaining('http') },
			]);
		});
	});

	describe('media rules', () => {
		it.each<MediaKind>(['audio', 'sticker'])('rejects a caption on %s', (mediaKind) => {
			expect(validate(media({ mediaKind, caption: 'c' }))).toStrictEqual([
				{ field: 'Caption', problem: expect.stringContaining(mediaKind) },
			]);
		});

		it.each<MediaKind>(['image', 'video', 'audio', 'sticker'])('rejects a file name on %s', (mediaKind) => {
			expect(validate(media({ mediaKind, filename: 'a.pdf' }))).toStrictEqual([
				{ field: 'File Name', problem: expect.stringContaining('document') },
			]);
		});
	});

	describe('location', () => {
		it.each([
			[90, 180],
			[-90, -180],
			[90, -180],
			[-90, 180],
			[0, 0],
		])('accepts latitude %d and longitude %d (boundaries included)', (latitude, longitude) => {
			expect(validate(location(latitude, longitude))).toStrictEqual([]);
		});

		it.each([90.000001, -90.000001, 91, -91, NaN, Infinity])('rejects latitude %d, naming the limit 90', (latitude) => {
			expect(validate(location(latitude, 0))).toStrictEqual([{ field: 'Latitude', problem: expect.stringContaining('-90 to 90') }]);
		});

		it.each([180.000001, -180.000001, 181, -181, NaN, -Infinity])('rejects longitude %d, naming the limit 180', (longitude) => {
			expect(validate(location(0, longitude))).toStrictEqual([{ field: 'Longitude', problem: expect.stringContaining('-180 to 180') }]);
		});

		it('reports both coordinates when both are out of range', () => {
			expect(validate(location(91, 181)).map((issue) => issue.field)).toStrictEqual(['Latitude', 'Longitude']);
		});
	});

	describe('reaction emoji', () => {
		it.each([
			['thumbs up', '👍'],
			['thumbs up with skin tone', '👍🏽'],
			['heart with variation selector', '❤️'],
			['heart without variation selector', '❤'],
			['flag', '🇮🇳'],
			['family (ZWJ sequence)', '👨‍👩‍👧'],
			['woman technologist with skin tone (ZWJ)', '👩🏽‍💻'],
			['rainbow flag (ZWJ + VS16)', '🏳️‍🌈'],
			['keycap', '1️⃣'],
			['keycap #', '#️⃣'],
			['subdivision flag (tag sequence)', '🏴󠁧󠁢󠁥󠁮󠁧󠁿'],
			['empty (removes the reaction)', ''],
		])('accepts %s', (_case, emoji) => {
			expect(validate(reaction(emoji))).toStrictEqual([]);
		});

		it.each([
			['two emoji', '👍👍'],
			['emoji and text', '👍 ok'],
			['a letter', 'a'],
			['a word', 'ok'],
			['a digit', '1'],
			['a space', ' '],
			['an emoji with a trailing space', '👍 '],
			['two flags', '🇮🇳🇮🇳'],
		])('rejects %s, naming "Emoji"', (_case, emoji) => {
			expect(validate(reaction(emoji))).toStrictEqual([{ field: 'Emoji', problem: expect.stringContaining('single emoji') }]);
		});
	});

	describe('reply-to', () => {
		it.each<[string, SessionContent]>([
			['text', text('hi')],
			['media', media()],
			['location', location(1, 2)],
			['contacts', contacts(contact())],
			['reply buttons', buttons()],
			['list', list()],
			['CTA URL', cta()],
			['location request', { type: 'locationRequest', body: 'b' }],
		])('is allowed on %s', (_case, content) => {
			expect(validate(content, 'wamid.QUOTED')).toStrictEqual([]);
		});

		it('is not allowed on a reaction', () => {
			expect(validate(reaction('👍'), 'wamid.QUOTED')).toStrictEqual([
				{ field: 'Reply To Message ID', problem: expect.stringContaining('reaction') },
			]);
		});

		it('must not be blank when set', () => {
			expect(validate(text('hi'), '  ')).toStrictEqual([{ field: 'Reply To Message ID', problem: 'is required' }]);
		});
	});

	describe('contacts', () => {
		it.each(['', '  '])('requires the formatted name (%j)', (formattedName) => {
			expect(validate(contacts(contact(), contact({ formattedName })))).toStrictEqual([
				{ field: 'Contacts › Contact 1 › Formatted Name', problem: 'is required' },
			]);
		});

		it.each(['1990-04-23', '2024-02-29', '2000-02-29', '1999-12-31', '2023-01-01'])('accepts birthday %s', (birthday) => {
			expect(validate(contacts(contact({ birthday })))).toStrictEqual([]);
		});

		it.each(['2023-02-29', '1900-02-29', '1990-13-01', '1990-00-10', '1990-04-31', '1990-04-00', '1990-4-23', '23-04-1990', '1990/04/23', '19900423', 'April 23', ' 1990-04-23', ''])(
			'rejects birthday %j, naming the field and the format',
			(birthday) => {
				expect(validate(contacts(contact({ birthday })))).toStrictEqual([
					{ field: 'Contacts › Contact 0 › Birthday', problem: expect.stringContaining('YYYY-MM-DD') },
				]);
			},
		);

		it.each<[string, Partial<ContactCard>, string]>([
			['an empty phone', { phones: [{ phone: '+91 1' }, { phone: '' }] }, 'Contacts › Contact 0 › Phones › Phone 1'],
			['an empty email', { emails: [{ email: ' ' }] }, 'Contacts › Contact 0 › Emails › Email 0'],
			['an empty URL', { urls: [{ url: '' }] }, 'Contacts › Contact 0 › URLs › URL 0'],
		])('rejects %s', (_case, overrides, field) => {
			expect(validate(contacts(contact(overrides)))).toStrictEqual([{ field, problem: 'is required' }]);
		});
	});
});
