import fc, { type Arbitrary } from 'fast-check';

import { isPlainObject } from '../../nodes/WhatsAppSession/util/values';
import type { Operation } from '../../nodes/WhatsAppSession/message/operations';
import type { ProviderChoice } from '../../nodes/WhatsAppSession/providers';

/**
 * fast-check generators for one item's form values, in the shape n8n hands them to the node: the
 * field names of nodes/WhatsAppSession/description, fixed collections as `{ entryKey: [...] }`,
 * JSON fields as text. Every generator has two moods: `valid` keeps to what a careful user types
 * (so a property sees accepted messages of every kind, not only refusals), the other mixes in
 * what expressions and hurried users produce: unicode (emoji, combining marks, right-to-left
 * text), empty and whitespace-only text, numbers as text, wrong types, arrays where objects
 * belong and JSON of the wrong shape. Limits are approached from both sides: N and N + 1.
 */
export type Form = Record<string, unknown>;

const EMOJI = ['👍', '❤️', '👍🏽', '👨‍👩‍👧', '🇮🇳', '🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}', '1️⃣', '©️', '😀', '🙏🏿'];
const COMBINING_MARKS = ['e\u0301', 'a\u0308\u0323', 'n\u0303', '\u0915\u094D\u0937', 'Z\u0351\u0352\u0353'];
const RIGHT_TO_LEFT = ['مرحبا', 'שלום', '\u202Eevil\u202C', 'سلام عليكم', 'עברית 123'];
const BLANKS = ['', ' ', '   ', '\t', '\n', '\u00A0', '\u2003', ' \r\n\t '];
/** One code point each, of one or two UTF-16 units, to build text of an exact length. */
const SINGLE_CODE_POINTS = ['a', 'Z', 'é', '😀', 'ש', 'م', '字', '1', '-'];

const unicodeUnit = fc.oneof(
	fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
	fc.constantFrom(...EMOJI, ...COMBINING_MARKS, ...RIGHT_TO_LEFT),
);
const unicodeText = fc.string({ unit: unicodeUnit, minLength: 1, maxLength: 6 });
const blank = fc.constantFrom(...BLANKS);
const numberAsText = fc.oneof(
	fc.integer().map(String),
	fc.double().map(String),
	fc.constantFrom('1e3', '0x1A', ' 42 ', '-0', 'NaN', 'Infinity', '1,5', '١٢٣'),
);
const notText: Arbitrary<unknown> = fc.oneof(
	fc.integer(),
	fc.double(),
	fc.boolean(),
	fc.constant(null),
	fc.constant(undefined),
	fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }),
	fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), { maxKeys: 2 }),
);

const characters = (text: string): number => Array.from(text).length;
const nonBlank = (text: string): boolean => text.trim() !== '';

/** Exactly `limit` characters, one more, or fewer. */
function textAtLimit(limit: number): Arbitrary<string> {
	const length = fc.oneof(fc.constant(limit), fc.constant(limit + 1), fc.integer({ min: 1, max: limit }));
	return fc.tuple(fc.constantFrom(...SINGLE_CODE_POINTS), length).map(([unit, count]) => unit.repeat(count));
}

/**
 * Text a careful user types: not blank, within the limit, and often exactly at it, so that a
 * fault that adds one character (see `fault`) lands one over the limit.
 */
function validText(limit: number): Arbitrary<string> {
	return fc.oneof(
		{ weight: 2, arbitrary: unicodeText.filter((text) => nonBlank(text) && characters(text) <= limit) },
		{ weight: 2, arbitrary: fc.constantFrom(...SINGLE_CODE_POINTS.filter(nonBlank)).map((unit) => unit.repeat(limit)) },
	);
}

/** Anything a text field may receive. */
function anyText(limit: number): Arbitrary<unknown> {
	return fc.oneof(
		{ weight: 4, arbitrary: validText(limit) },
		{ weight: 2, arbitrary: textAtLimit(limit) },
		{ weight: 1, arbitrary: blank },
		{ weight: 1, arbitrary: numberAsText },
		{ weight: 1, arbitrary: notText },
	);
}

const text = (valid: boolean, limit: number): Arbitrary<unknown> => (valid ? validText(limit) : anyText(limit));

/** A field that may be left empty. */
const optionalText = (valid: boolean, limit: number): Arbitrary<unknown> =>
	fc.option(text(valid, limit), { nil: undefined });

const validUrl = fc.oneof(
	fc.webUrl({ validSchemes: ['https', 'http'] }),
	fc.constantFrom('https://example.com/a.jpg', 'http://例え.jp/ファイル.pdf', 'https://a.b/😀.png', ' https://cdn.example.com/x.mp4 '),
);
const badUrl: Arbitrary<unknown> = fc.oneof(
	fc.constantFrom('ftp://example.com/a.jpg', 'http://', 'https://exa mple.com', 'javascript:alert(1)', 'example.com/a.jpg', 'file:///etc/passwd', 'https://'),
	blank,
	unicodeText,
	notText,
);
const url = (valid: boolean): Arbitrary<unknown> => (valid ? validUrl : fc.oneof({ weight: 2, arbitrary: validUrl }, { weight: 1, arbitrary: badUrl }));

/** E.164 digits: a country code that is not 0, 8 to 15 digits in all. */
export const e164Digits = fc
	.tuple(fc.integer({ min: 1, max: 9 }), fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 7, maxLength: 14 }))
	.map(([first, rest]) => `${first}${rest}`);

/** The same number the ways people write it. */
export const writtenPhoneNumber: Arbitrary<{ digits: string; written: string }> = fc
	.tuple(e164Digits, fc.integer({ min: 1, max: 3 }), fc.constantFrom(' ', '-', '.', ''), fc.constantFrom('+', '00', '(+)', '( + )'))
	.map(([digits, split, separator, prefix]) => {
		const country = digits.slice(0, split);
		const rest = digits.slice(split);
		const groups = rest.match(/.{1,4}/g) ?? [rest];
		const national = groups.join(separator);
		const written =
			prefix === '(+)' ? `(+${country}) ${national}` : prefix === '( + )' ? ` ( +${country} ) ${national} ` : `${prefix}${country} ${national}`;
		return { digits, written };
	});

const badPhoneNumber: Arbitrary<unknown> = fc.oneof(
	fc.constantFrom('+0091 98801 32082', '098801 32082', '+91 98801 32082 ext 5', '++91 98801 32082', '91 98801 3208O', '1234567', '1234567890123456', '+', '0'),
	fc.string({ unit: fc.constantFrom(...'0123456789 +-().x'), maxLength: 20 }),
	blank,
	unicodeText,
	notText,
);

function phoneNumber(valid: boolean): Arbitrary<unknown> {
	const good = fc.oneof(writtenPhoneNumber.map(({ written }) => written), e164Digits);
	return valid ? good : fc.oneof({ weight: 2, arbitrary: good }, { weight: 1, arbitrary: badPhoneNumber });
}

const LETTERS_AND_DIGITS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'];

/**
 * A business-scoped user ID as Meta writes one: a capital two-letter country code, a period, an
 * "ENT." for a parent one, then 1 to 128 letters and digits, often exactly 128 (so a fault that
 * adds a character lands one over). Case matters and is kept.
 */
export const bsuid: Arbitrary<string> = fc
	.tuple(
		fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), minLength: 2, maxLength: 2 }),
		fc.boolean(),
		fc.oneof(
			fc.string({ unit: fc.constantFrom(...LETTERS_AND_DIGITS), minLength: 1, maxLength: 40 }),
			fc.constantFrom(...LETTERS_AND_DIGITS).map((unit) => unit.repeat(128)),
		),
	)
	.map(([country, parent, id]) => `${country}.${parent ? 'ENT.' : ''}${id}`);

const badBsuid: Arbitrary<unknown> = fc.oneof(
	fc.constantFrom('us.13491208655302741918', 'USA.1349', 'US.', 'US.ENT.', 'U.1', 'US.1349-1208', 'US.13.49', 'US. 1349', 'US.12é4'),
	fc.constantFrom(...LETTERS_AND_DIGITS).map((unit) => `US.${unit.repeat(129)}`),
	fc.constantFrom(...LETTERS_AND_DIGITS).map((unit) => `BR.ENT.${unit.repeat(129)}`),
);

/** The recipient field of a provider that sends to people: mostly phone numbers, sometimes BSUIDs. */
function whatsAppUser(valid: boolean): Arbitrary<unknown> {
	const good = fc.oneof(
		{ weight: 3, arbitrary: fc.oneof(writtenPhoneNumber.map(({ written }) => written), e164Digits) },
		{ weight: 1, arbitrary: fc.oneof(bsuid, bsuid.map((id) => ` ${id}\n`)) },
	);
	const bad = fc.oneof(badPhoneNumber, badBsuid);
	return valid ? good : fc.oneof({ weight: 2, arbitrary: good }, { weight: 1, arbitrary: bad });
}

function chatId(valid: boolean): Arbitrary<unknown> {
	const good = fc.oneof(
		fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9@._-]{0,23}$/),
		unicodeText.filter((id) => !['.', '..'].includes(id.trim()) && nonBlank(id)),
	);
	const bad = fc.oneof(fc.constantFrom('.', '..', ' .. ', ' . '), blank, notText, fc.integer());
	return valid ? good : fc.oneof({ weight: 2, arbitrary: good }, { weight: 1, arbitrary: bad });
}

/** A careful list is often as long as allowed, so a fault that adds an entry lands one over. */
function atMostOften<T>(max: number, list: (count: number) => Arbitrary<T[]>): Arbitrary<T[]> {
	return fc.oneof(fc.constant(max), fc.integer({ min: 1, max })).chain(list);
}

/** A list field: n8n's `{ entryKey: [...] }`, or the array itself from an expression, or junk. */
function fixedCollection(entryKey: string, entries: Arbitrary<unknown[]>, valid: boolean): Arbitrary<unknown> {
	const shaped = entries.map((list) => ({ [entryKey]: list }));
	if (valid) return fc.oneof({ weight: 4, arbitrary: shaped }, { weight: 1, arbitrary: entries });
	return fc.oneof(
		{ weight: 4, arbitrary: shaped },
		{ weight: 2, arbitrary: entries },
		{ weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, null, '', 'x', 5, {}, { [entryKey]: 'x' }, { [entryKey]: { id: 'a' } }, [[]], [5]) },
	);
}

/** A JSON field: the list as JSON text, the list itself (an expression), or JSON of the wrong shape. */
function jsonList(entries: Arbitrary<unknown[]>, valid: boolean, wrongShapes: string[]): Arbitrary<unknown> {
	const good = fc.oneof({ weight: 3, arbitrary: entries.map((list) => JSON.stringify(list)) }, { weight: 1, arbitrary: entries });
	if (valid) return good;
	return fc.oneof(
		{ weight: 3, arbitrary: good },
		{ weight: 2, arbitrary: fc.constantFrom(...wrongShapes, '{"a":1}', '"yes"', '[1,2]', '[[]]', 'not json', '[{', '', '  ', 'null', '42') },
		{ weight: 1, arbitrary: notText },
		{ weight: 1, arbitrary: entries.map((list) => ({ entries: list })) },
	);
}

const inputMode = (valid: boolean): Arbitrary<unknown> =>
	valid ? fc.constantFrom('fields', 'json', undefined) : fc.constantFrom('fields', 'json', undefined, 'xml', 5, '');

// ---------------------------------------------------------------------------------------------
// Options

const callbackDataNearLimit = fc
	.tuple(fc.constantFrom('a', 'é', '😀'), fc.integer({ min: 200, max: 1030 }))
	.map(([unit, count]) => JSON.stringify(unit.repeat(count)));

function callbackData(valid: boolean): Arbitrary<unknown> {
	const good = fc.oneof(
		fc.constantFrom('"order-1042"', '{"orderId": 1042}', 'null', ' '),
		fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value)),
		// Exactly Connectly's 1024 bytes once serialised (é is 2 bytes in UTF-8).
		fc.constantFrom(JSON.stringify('a'.repeat(1022)), JSON.stringify('é'.repeat(511))),
	);
	if (valid) return good;
	return fc.oneof(
		good,
		callbackDataNearLimit,
		callbackDataNearLimit.map((jsonText): unknown => JSON.parse(jsonText)),
		fc.jsonValue({ maxDepth: 3 }),
		fc.constantFrom<unknown>('order-1042', '{oops', Number.NaN, Infinity, { a: Number.NaN }, [undefined]),
	);
}

function options(valid: boolean, provider: ProviderChoice): Arbitrary<unknown> {
	const entries = fc.record(
		{
			// Connectly cannot quote; a careful user does not ask it to.
			...(provider !== 'connectly' || !valid ? { replyToMessageId: optionalText(valid, 64) } : {}),
			clientMessageId: optionalText(valid, 64),
			campaignName: optionalText(valid, 40),
			recipientName: optionalText(valid, 40),
			senderPhoneNumber: fc.option(phoneNumber(valid), { nil: undefined }),
			callbackData: fc.option(callbackData(valid), { nil: undefined }),
			orderParentId: optionalText(valid, 40),
			orderStrategy: fc.constantFrom<unknown>(undefined, 'default', 'independent', 'shortCircuit', ...(valid ? [] : ['short_circuit', '', 3])),
			timeoutSeconds: fc.option(fc.integer({ min: 1, max: 300 }), { nil: undefined }),
		},
		{ requiredKeys: [] },
	);
	if (valid) return fc.option(entries, { nil: undefined });
	return fc.oneof(
		{ weight: 4, arbitrary: entries },
		{ weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, [], 'text', 5, null, [{ replyToMessageId: 'x' }]) },
	);
}

// ---------------------------------------------------------------------------------------------
// Media

const MEDIA_KINDS = ['image', 'video', 'audio', 'document', 'sticker'];

const mediaKind = (valid: boolean): Arbitrary<unknown> =>
	valid ? fc.constantFrom(...MEDIA_KINDS) : fc.constantFrom(...MEDIA_KINDS, 'gif', 'IMAGE', '', 5, undefined);

function mediaSource(valid: boolean, provider: ProviderChoice): Arbitrary<unknown> {
	if (valid) return provider === 'connectly' ? fc.constant('url') : fc.constantFrom('url', 'id', undefined);
	return fc.constantFrom('url', 'id', undefined, 'file', 3);
}

function additionalFile(valid: boolean, provider: ProviderChoice): Arbitrary<unknown> {
	const entry = fc.record(
		{ mediaType: mediaKind(valid), mediaSource: mediaSource(valid, provider), mediaUrl: url(valid), mediaId: text(valid, 64) },
		{ requiredKeys: valid ? ['mediaType', 'mediaUrl', 'mediaId'] : [] },
	);
	return valid ? entry : fc.oneof({ weight: 5, arbitrary: entry }, { weight: 1, arbitrary: notText });
}

function additionalFiles(valid: boolean, provider: ProviderChoice): Arbitrary<unknown> {
	const files = fc.array(additionalFile(valid, provider), { maxLength: valid ? 9 : 11 });
	// Only Texter's form shows the field; a careful user of another provider never fills it.
	if (valid && provider !== 'texter') return fc.constant(undefined);
	return fc.option(fixedCollection('file', files, valid), { nil: undefined });
}

// ---------------------------------------------------------------------------------------------
// Contacts

const validBirthday = fc
	.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2025-12-31T00:00:00Z'), noInvalidDate: true })
	.map((date) => date.toISOString().slice(0, 10));
const birthday = (valid: boolean): Arbitrary<unknown> =>
	valid
		? fc.option(validBirthday, { nil: undefined })
		: fc.option(fc.oneof(validBirthday, fc.constantFrom('2023-02-30', '1990/04/23', '23-04-1990', '1990-4-3', '', ' ', '2023-02-29')), { nil: undefined });

function detailList(entryKey: string, entry: Arbitrary<unknown>, valid: boolean, fixed: boolean): Arbitrary<unknown> {
	const entries = fc.array(entry, { maxLength: 2 });
	return fc.option(fixed ? fixedCollection(entryKey, entries, valid) : valid ? entries : fc.oneof(entries, notText), { nil: undefined });
}

function contactFromFields(valid: boolean): Arbitrary<unknown> {
	const label = (limit: number) => optionalText(valid, limit);
	const entry = fc.record(
		{
			formattedName: text(valid, 40),
			firstName: label(20),
			lastName: label(20),
			birthday: birthday(valid),
			company: label(20),
			department: label(20),
			jobTitle: label(20),
			phones: detailList('phone', fc.record({ phone: phoneNumber(valid), type: label(8), waId: fc.option(e164Digits, { nil: undefined }) }, { requiredKeys: ['phone'] }), valid, true),
			emails: detailList('email', fc.record({ email: text(valid, 40), type: label(8) }, { requiredKeys: ['email'] }), valid, true),
			urls: detailList('url', fc.record({ url: url(valid), type: label(8) }, { requiredKeys: ['url'] }), valid, true),
			addresses: detailList('address', fc.record({ street: label(30), city: label(20), countryCode: label(2) }, { requiredKeys: [] }), valid, true),
		},
		{ requiredKeys: valid ? ['formattedName'] : [] },
	);
	return valid ? entry : fc.oneof({ weight: 6, arbitrary: entry }, { weight: 1, arbitrary: notText });
}

function contactInCloudApiShape(valid: boolean): Arbitrary<unknown> {
	const label = (limit: number) => optionalText(valid, limit);
	const name = fc.record({ formatted_name: text(valid, 40), first_name: label(20), last_name: label(20) }, { requiredKeys: valid ? ['formatted_name'] : [] });
	const entry = fc.record(
		{
			name: valid ? name : fc.oneof({ weight: 5, arbitrary: name }, { weight: 1, arbitrary: notText }),
			birthday: birthday(valid),
			phones: detailList('', fc.record({ phone: phoneNumber(valid), type: label(8), wa_id: fc.option(e164Digits, { nil: undefined }) }, { requiredKeys: ['phone'] }), valid, false),
			emails: detailList('', fc.record({ email: text(valid, 40) }), valid, false),
			urls: detailList('', fc.record({ url: url(valid), type: label(8) }, { requiredKeys: ['url'] }), valid, false),
			org: fc.option(fc.record({ company: label(20), department: label(20), title: label(20) }, { requiredKeys: [] }), { nil: undefined }),
		},
		{ requiredKeys: valid ? ['name'] : [] },
	);
	return valid ? entry : fc.oneof({ weight: 6, arbitrary: entry }, { weight: 1, arbitrary: notText });
}

function contactsFields(valid: boolean): Record<string, Arbitrary<unknown>> {
	return {
		contactsInputMode: inputMode(valid),
		contacts: fixedCollection('contact', fc.array(contactFromFields(valid), { minLength: valid ? 1 : 0, maxLength: 3 }), valid),
		contactsJson: jsonList(fc.array(contactInCloudApiShape(valid), { minLength: valid ? 1 : 0, maxLength: 3 }), valid, [
			'{"name":{"formatted_name":"Asha"}}',
			'[{"name":"Asha Rao"}]',
			'[{"name":{"formatted_name":"A"},"phones":{"phone":"1"}}]',
		]),
	};
}

// ---------------------------------------------------------------------------------------------
// Interactive messages

function headerFields(valid: boolean, provider: ProviderChoice): Record<string, Arbitrary<unknown>> {
	const kinds = valid ? ['none', 'text', 'image', 'video', 'document'] : ['none', 'text', 'image', 'video', 'document', 'gif', ''];
	return {
		headerType: fc.constantFrom<unknown>(undefined, ...kinds, ...(valid ? [] : [5])),
		headerText: text(valid, 60),
		headerMediaSource: mediaSource(valid, provider),
		headerMediaUrl: url(valid),
		headerMediaId: text(valid, 64),
	};
}

function buttonsFields(valid: boolean): Record<string, Arbitrary<unknown>> {
	const entry = fc.record({ id: text(valid, 256), title: text(valid, 20) }, { requiredKeys: valid ? ['id', 'title'] : [] });
	const buttons: Arbitrary<unknown[]> = valid
		? atMostOften(3, (count) => fc.uniqueArray(entry, { minLength: count, maxLength: count, selector: (button) => button.title }))
		: fc.array(fc.oneof({ weight: 6, arbitrary: entry }, { weight: 1, arbitrary: notText }, { weight: 1, arbitrary: fc.constant({ id: 'same', title: 'Same' }) }), { maxLength: 5 });
	return {
		buttonsInputMode: inputMode(valid),
		buttons: fixedCollection('button', buttons, valid),
		buttonsJson: jsonList(buttons, valid, ['{"id":"a","title":"b"}', '[{"id":1,"title":true}]', '[{"title":"no id"}]']),
	};
}

interface Row {
	id: unknown;
	title: unknown;
	description?: unknown;
}

function sectionsFields(valid: boolean): Record<string, Arbitrary<unknown>> {
	const row: Arbitrary<Row> = fc.record({ id: text(valid, 200), title: text(valid, 24), description: optionalText(valid, 72) }, { requiredKeys: valid ? ['id', 'title'] : [] });
	const rows = valid
		? atMostOften(10, (count) => fc.uniqueArray(row, { minLength: count, maxLength: count, selector: (entry) => entry.id }))
		: fc.array(row, { minLength: 0, maxLength: 12 });
	// Rows spread over sections; with more than one section each has a title (a careful user's list).
	const sections: Arbitrary<unknown[]> = fc
		.tuple(rows, fc.integer({ min: 1, max: 4 }), fc.array(text(valid, 24), { minLength: 4, maxLength: 4 }), fc.boolean())
		.map(([allRows, wanted, titles, rowsAsArray]) => {
			const count = Math.max(1, Math.min(wanted, allRows.length));
			return Array.from({ length: count }, (_, index) => {
				const own = allRows.filter((_row, rowIndex) => rowIndex % count === index);
				return {
					...((count > 1 || !valid || index % 2 === 0) && { title: titles[index] }),
					rows: rowsAsArray ? own : { row: own },
				};
			});
		});
	return {
		sectionsInputMode: inputMode(valid),
		sections: fixedCollection('section', sections, valid),
		sectionsJson: jsonList(sections, valid, ['{"title":"x","rows":[]}', '[{"title":"x","rows":"y"}]', '[{"rows":[{"id":"a"}]},{"rows":[{"id":"a"}]}]']),
	};
}

// ---------------------------------------------------------------------------------------------
// Products, catalogs and Flows

const retailerId = (valid: boolean): Arbitrary<unknown> => text(valid, 40);

/** 1–10 sections with at most 30 products in all (often exactly 30); titles wherever there are several sections. */
function productSectionsFields(valid: boolean): Record<string, Arbitrary<unknown>> {
	const products: Arbitrary<unknown[]> = valid
		? atMostOften(30, (count) => fc.array(retailerId(true), { minLength: count, maxLength: count }))
		: fc.array(fc.oneof({ weight: 6, arbitrary: retailerId(false) }, { weight: 1, arbitrary: notText }), { maxLength: 32 });
	const sections = (asFields: boolean): Arbitrary<unknown[]> =>
		fc
			.tuple(products, fc.integer({ min: 1, max: valid ? 10 : 11 }), fc.array(text(valid, 24), { minLength: 11, maxLength: 11 }), fc.boolean())
			.map(([all, wanted, titles, asStrings]) => {
				const count = valid ? Math.max(1, Math.min(wanted, all.length)) : wanted;
				return Array.from({ length: count }, (_, index) => {
					const own = all.filter((_product, productIndex) => productIndex % count === index);
					const entries = asFields || !asStrings ? own.map((id) => ({ retailerId: id })) : own;
					return {
						...((count > 1 || !valid || index % 2 === 0) && { title: titles[index] }),
						products: asFields ? { product: entries } : entries,
					};
				});
			});
	return {
		productSectionsInputMode: inputMode(valid),
		productSections: fixedCollection('section', sections(true), valid),
		productSectionsJson: jsonList(sections(false), valid, ['{"title":"x","products":[]}', '[{"title":"x","products":"sku-1"}]', '[{"products":["a"]},{"products":["b"]}]']),
	};
}

function flowScreenData(valid: boolean): Arbitrary<unknown> {
	const good = fc.oneof(
		fc.constantFrom<unknown>(undefined, '', '{}', '{"order_id":"1042"}', { order_id: 1042 }),
		fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }).map((value) => JSON.stringify(value)),
	);
	if (valid) return good;
	return fc.oneof(good, fc.constantFrom<unknown>('[1]', 'not json', '{', 5, [], 'null', '"text"', { bad: Number.NaN }));
}

function flowFields(valid: boolean): Record<string, Arbitrary<unknown>> {
	const choice = (choices: unknown[], junk: unknown[]): Arbitrary<unknown> => fc.constantFrom<unknown>(...choices, ...(valid ? [] : junk));
	return {
		headerText: optionalText(valid, 60),
		flowReference: choice(['id', 'name', undefined], ['flowId', '', 5]),
		flowId: text(valid, 20),
		flowName: text(valid, 40),
		flowButtonText: text(valid, 30),
		flowCorrelationId: optionalText(valid, 64),
		flowMode: choice(['published', 'draft', undefined], ['PUBLISHED', '', 1]),
		flowAction: choice(['navigate', 'dataExchange', undefined], ['data_exchange', '', null]),
		flowScreen: text(valid, 40),
		flowScreenData: flowScreenData(valid),
	};
}

// ---------------------------------------------------------------------------------------------
// Templates

const parameterName = fc.stringMatching(/^[a-z][a-z0-9_]{0,15}$/);

/** Body parameters: all positional or all named (Connectly's are positional, at most 15), or anything. */
function templateBodyParameters(valid: boolean, provider: ProviderChoice): Arbitrary<unknown[]> {
	if (!valid) {
		const entry = fc.record({ text: text(false, 1024), name: fc.option(fc.oneof(parameterName, blank, notText), { nil: undefined }) }, { requiredKeys: [] });
		return fc.array(fc.oneof({ weight: 6, arbitrary: entry }, { weight: 1, arbitrary: notText }), { maxLength: 17 });
	}
	const positional = fc.array(fc.record({ text: text(true, 1024) }), { maxLength: provider === 'connectly' ? 15 : 6 });
	if (provider === 'connectly') return positional;
	const named = fc.uniqueArray(fc.record({ name: parameterName, text: text(true, 1024) }), { maxLength: 6, selector: (entry) => entry.name });
	return fc.oneof(positional, named);
}

const TEMPLATE_BUTTON_KINDS = ['quickReply', 'url', 'copyCode'];

/** A template's Flow button: a token, first-screen data, or both. */
function flowButton(index: number): Arbitrary<Record<string, unknown>> {
	const data = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { minKeys: 1, maxKeys: 3 });
	return fc.oneof(
		text(true, 64).map((value) => ({ type: 'flow', index, value })),
		data.map((flowActionData) => ({ type: 'flow', index, flowActionData: JSON.stringify(flowActionData) })),
		fc.tuple(text(true, 64), data).map(([value, flowActionData]) => ({ type: 'flow', index, value, flowActionData })),
	);
}

function templateButtons(valid: boolean, provider: ProviderChoice): Arbitrary<unknown[]> {
	if (!valid) {
		const entry = fc.record(
			{
				type: fc.constantFrom<unknown>(...TEMPLATE_BUTTON_KINDS, 'flow', 'quick_reply', 'copy_code', 'call', '', 5),
				index: fc.oneof(fc.integer({ min: -2, max: 12 }), fc.constantFrom<unknown>('1', 1.5, 'x', null)),
				value: fc.oneof(text(false, 15), url(false)),
				flowActionData: fc.constantFrom<unknown>(undefined, '', '{}', '{"a":1}', '[1]', 'oops', { b: 2 }),
			},
			{ requiredKeys: [] },
		);
		return fc.array(fc.oneof({ weight: 6, arbitrary: entry }, { weight: 1, arbitrary: notText }), { maxLength: 11 });
	}
	// Connectly's template parameters fill URL buttons only, with the whole URL.
	const button = fc
		.tuple(fc.integer({ min: 0, max: 9 }), fc.constantFrom(...(provider === 'connectly' ? ['url'] : [...TEMPLATE_BUTTON_KINDS, 'flow'])))
		.chain(([index, type]): Arbitrary<Record<string, unknown>> =>
			type === 'flow'
				? flowButton(index)
				: (type === 'copyCode' ? text(true, 15) : provider === 'connectly' ? validUrl : text(true, 100)).map((value) => ({ type, index, value })),
		);
	return fc.uniqueArray(button, { maxLength: 4, selector: (entry) => entry.index });
}

function templateFields(valid: boolean, provider: ProviderChoice): Record<string, Arbitrary<unknown>> {
	const connectly = provider === 'connectly';
	const headerKinds = valid ? ['none', 'text', 'image', 'video', 'document', ...(connectly ? [] : ['location'])] : ['none', 'text', 'image', 'video', 'document', 'location', 'gif', ''];
	const bodyParameters = templateBodyParameters(valid, provider);
	const buttons = templateButtons(valid, provider);
	return {
		// The picker (Meta, Connectly) stores a resource locator; expressions and other providers give text.
		templateName: fc.oneof(text(valid, 512), text(valid, 512).map((value) => ({ __rl: true, mode: 'list', value }))),
		templateLanguage: valid ? fc.constantFrom('en', 'en_US', 'pt_BR') : fc.oneof(fc.constantFrom('en', 'en US', 'pt_BR'), blank, notText),
		templateHeaderType: fc.constantFrom<unknown>(undefined, ...headerKinds, ...(valid ? [] : [5])),
		templateHeaderText: text(valid, 60),
		templateHeaderParameterName: connectly && valid ? fc.constant(undefined) : fc.option(parameterName, { nil: undefined }),
		templateHeaderMediaSource: mediaSource(valid, provider),
		templateHeaderMediaUrl: url(valid),
		templateHeaderMediaId: text(valid, 64),
		templateHeaderFilename: connectly && valid ? fc.constant(undefined) : optionalText(valid, 60),
		templateHeaderLatitude: coordinate(valid, 90),
		templateHeaderLongitude: coordinate(valid, 180),
		templateHeaderLocationName: optionalText(valid, 40),
		templateBodyInputMode: inputMode(valid),
		templateBodyParameters: fixedCollection('parameter', bodyParameters, valid),
		templateBodyParametersJson: jsonList(bodyParameters, valid, ['{"text":"a"}', '[{"text":1}]', '[{"name":"a","text":"x"},{"text":"y"}]']),
		templateButtonsInputMode: inputMode(valid),
		templateButtons: fixedCollection('button', buttons, valid),
		templateButtonsJson: jsonList(buttons, valid, ['{"type":"url"}', '[{"type":"url","index":10,"value":"x"}]', '[{"index":0}]']),
	};
}

// ---------------------------------------------------------------------------------------------
// Forms per operation

function coordinate(valid: boolean, maxAbs: number): Arbitrary<unknown> {
	const good = fc.oneof(
		fc.double({ min: -maxAbs, max: maxAbs, noNaN: true }),
		fc.constantFrom(maxAbs, -maxAbs, 0, -0),
		fc.double({ min: -maxAbs, max: maxAbs, noNaN: true }).map(String),
	);
	if (valid) return good;
	return fc.oneof(
		{ weight: 3, arbitrary: good },
		{ weight: 1, arbitrary: fc.constantFrom<unknown>(maxAbs + 1e-9, -maxAbs - 1, Number.NaN, Infinity, 'north', '', ' ', null, '0x10', ' 45 ', [45], {}, '1e2') },
		{ weight: 1, arbitrary: fc.double() },
	);
}

function contentFields(operation: Operation, valid: boolean, provider: ProviderChoice): Record<string, Arbitrary<unknown>> {
	const bodyText = text(valid, 1024);
	const footerText = optionalText(valid, 60);
	switch (operation) {
		case 'sendText':
			return { textBody: text(valid, 4096), previewUrl: valid ? fc.boolean() : fc.constantFrom<unknown>(true, false, 'true', 'false', 'yes', 1, undefined) };
		case 'sendMedia':
			return {
				mediaType: mediaKind(valid),
				mediaSource: mediaSource(valid, provider),
				mediaUrl: url(valid),
				mediaId: text(valid, 64),
				caption: optionalText(valid, 1024),
				filename: optionalText(valid, 60),
				voiceNote: valid ? fc.boolean() : fc.constantFrom<unknown>(true, false, 'true', 1, undefined),
				additionalFiles: additionalFiles(valid, provider),
			};
		case 'sendLocation':
			return { latitude: coordinate(valid, 90), longitude: coordinate(valid, 180), locationName: optionalText(valid, 40), address: optionalText(valid, 80) };
		case 'sendContacts':
			return contactsFields(valid);
		case 'sendReplyButtons':
			return { bodyText, footerText, ...headerFields(valid, provider), ...buttonsFields(valid) };
		case 'sendList':
			return { bodyText, footerText, headerText: optionalText(valid, 60), listButtonText: text(valid, 20), ...sectionsFields(valid) };
		case 'sendCtaUrl':
			return { bodyText, footerText, ctaButtonText: text(valid, 20), ctaUrl: url(valid), ...headerFields(valid, provider) };
		case 'sendLocationRequest':
			return { bodyText };
		case 'sendProduct':
			return { catalogId: retailerId(valid), productRetailerId: retailerId(valid), bodyText: optionalText(valid, 1024), footerText };
		case 'sendProductList':
			return { catalogId: retailerId(valid), headerText: text(valid, 60), bodyText, footerText, ...productSectionsFields(valid) };
		case 'sendCatalog':
			return { bodyText, footerText, thumbnailProductRetailerId: retailerId(valid) };
		case 'sendFlow':
			return { bodyText, footerText, ...flowFields(valid) };
		case 'sendTemplate':
			return templateFields(valid, provider);
		case 'markAsRead':
			return {
				readMessageId: text(valid, 100),
				showTypingIndicator: valid ? fc.boolean() : fc.constantFrom<unknown>(true, false, 'true', 'no', 1, undefined),
			};
		case 'sendReaction':
			return {
				reactionMessageId: text(valid, 100),
				emoji: valid
					? fc.constantFrom(...EMOJI, '')
					: fc.oneof(fc.constantFrom(...EMOJI, '', ' ', 'ab', '👍👍', ':)', '🇮', '\u200D', '👍\u200D'), unicodeText, notText),
			};
	}
}

/** Fields a careful user always fills in; the rest may be left out, as n8n leaves out empty ones. */
const REQUIRED_WHEN_VALID: Record<Operation, string[]> = {
	sendText: ['textBody'],
	sendMedia: ['mediaType', 'mediaUrl', 'mediaId'],
	sendLocation: ['latitude', 'longitude'],
	sendContacts: ['contacts', 'contactsJson'],
	sendReplyButtons: ['bodyText', 'buttons', 'buttonsJson'],
	sendList: ['bodyText', 'listButtonText', 'sections', 'sectionsJson'],
	sendCtaUrl: ['bodyText', 'ctaButtonText', 'ctaUrl'],
	sendLocationRequest: ['bodyText'],
	sendProduct: ['catalogId', 'productRetailerId'],
	sendProductList: ['catalogId', 'headerText', 'bodyText', 'productSections', 'productSectionsJson'],
	sendCatalog: ['bodyText', 'thumbnailProductRetailerId'],
	sendFlow: ['bodyText', 'flowId', 'flowName', 'flowButtonText', 'flowScreen'],
	sendReaction: ['reactionMessageId', 'emoji'],
	sendTemplate: ['templateName', 'templateLanguage'],
	markAsRead: ['readMessageId'],
};

/**
 * How a form is filled in: `careful` keeps to what WhatsApp accepts; `oneFault` is a careful form
 * with one value anywhere in it (a nested button title, a row id, an option) replaced by something
 * wrong or doubled, which is where a missed check hides; `anything` fills every field at random.
 */
export type Mood = 'careful' | 'oneFault' | 'anything';

/** One item's form for an operation and provider. */
export function formArbitrary(operation: Operation, provider: ProviderChoice, mood: Mood): Arbitrary<Form> {
	if (mood === 'oneFault') {
		return fc
			.tuple(formArbitrary(operation, provider, 'careful'), fc.nat(), fault)
			.map(([form, pick, replace]) => withOneFault(form, pick, replace));
	}
	const valid = mood === 'careful';
	const recipient = provider === 'texter' ? chatId(valid) : whatsAppUser(valid);
	const model: Record<string, Arbitrary<unknown>> = {
		recipient,
		options: options(valid, provider),
		...contentFields(operation, valid, provider),
	};
	return fc.record(model, { requiredKeys: valid ? ['recipient', ...REQUIRED_WHEN_VALID[operation]] : [] });
}

const LIMITS_OF_THE_FORM = [20, 24, 60, 72, 200, 256, 1024, 4096];

/**
 * What a fault does to the value it hits: replace it, drop it, in a list repeat it or add a
 * similar entry (its texts changed, so ids and titles stay unique), or add one character to text
 * (before its last one, so JSON text stays JSON and grows by one).
 */
type Fault =
	| { kind: 'replace'; value: unknown }
	| { kind: 'drop' }
	| { kind: 'repeat' }
	| { kind: 'addSimilar' }
	| { kind: 'grow'; character: string };

const fault: Arbitrary<Fault> = fc.oneof(
	{ weight: 3, arbitrary: blank.map((value): Fault => ({ kind: 'replace', value })) },
	{ weight: 2, arbitrary: fc.constantFrom(...LIMITS_OF_THE_FORM).chain(textAtLimit).map((value): Fault => ({ kind: 'replace', value: `${value}x` })) },
	{ weight: 2, arbitrary: notText.map((value): Fault => ({ kind: 'replace', value })) },
	{ weight: 1, arbitrary: fc.oneof(unicodeText, numberAsText, fc.constantFrom(...EMOJI, '.', '..')).map((value): Fault => ({ kind: 'replace', value })) },
	{ weight: 1, arbitrary: fc.constantFrom<unknown>([], {}, [{}], { a: [] }).map((value): Fault => ({ kind: 'replace', value })) },
	{ weight: 1, arbitrary: fc.constant<Fault>({ kind: 'drop' }) },
	{ weight: 2, arbitrary: fc.constant<Fault>({ kind: 'repeat' }) },
	{ weight: 3, arbitrary: fc.constant<Fault>({ kind: 'addSimilar' }) },
	{ weight: 6, arbitrary: fc.constantFrom('a', 'é', '😀', 'ש').map((character): Fault => ({ kind: 'grow', character })) },
);

type Path = Array<string | number>;

/** Every place in a form, nested ones included, as a path of keys and list positions. */
function placesIn(value: unknown, path: Path = []): Path[] {
	const children: Array<[string | number, unknown]> = Array.isArray(value)
		? value.map((child, index) => [index, child])
		: isPlainObject(value)
			? Object.entries(value)
			: [];
	return children.flatMap(([key, child]) => [[...path, key], ...placesIn(child, [...path, key])]);
}

function withOneFault(form: Form, pick: number, what: Fault): Form {
	// Growing only makes sense for text: it turns a value at its limit into one over it.
	const places = placesIn(form).filter((path) => what.kind !== 'grow' || typeof valueAtPath(form, path) === 'string');
	const place = places[pick % places.length];
	if (place === undefined) return form;
	const changed = changeAt(form, place, what);
	return isPlainObject(changed) ? changed : form;
}

/** A copy whose texts differ in their first character and keep their length. */
function similar(value: unknown): unknown {
	if (typeof value === 'string') {
		const [first = '', ...rest] = Array.from(value);
		return [first === 'Q' ? 'W' : 'Q', ...rest].join('');
	}
	if (Array.isArray(value)) return value.map(similar);
	if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, similar(entry)]));
	return value;
}

function valueAtPath(value: unknown, path: Path): unknown {
	return path.reduce<unknown>((current, key) => (Array.isArray(current) || isPlainObject(current) ? Reflect.get(current, key) : undefined), value);
}

/** A copy of `value` with the fault applied at `path`; the original is left as it was. */
function changeAt(value: unknown, path: Path, what: Fault): unknown {
	const [key, ...rest] = path;
	if (key === undefined) {
		if (what.kind === 'replace') return what.value;
		if (what.kind !== 'grow' || typeof value !== 'string') return value;
		const codePoints = Array.from(value);
		return [...codePoints.slice(0, -1), what.character, ...codePoints.slice(-1)].join('');
	}
	if (Array.isArray(value) && typeof key === 'number') {
		if (rest.length > 0) return value.map((child, index) => (index === key ? changeAt(child, rest, what) : child));
		if (what.kind === 'drop') return value.filter((_child, index) => index !== key);
		if (what.kind === 'repeat') return [...value.slice(0, key + 1), value[key], ...value.slice(key + 1)];
		if (what.kind === 'addSimilar') return [...value.slice(0, key + 1), similar(value[key]), ...value.slice(key + 1)];
		return value.map((child, index) => (index === key ? changeAt(child, [], what) : child));
	}
	if (isPlainObject(value) && typeof key === 'string') {
		if (rest.length > 0) return { ...value, [key]: changeAt(value[key], rest, what) };
		if (what.kind === 'drop') return Object.fromEntries(Object.entries(value).filter(([name]) => name !== key));
		return { ...value, [key]: changeAt(value[key], [], what) };
	}
	return value;
}
