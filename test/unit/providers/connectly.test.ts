import { PROVIDERS } from '../../../nodes/WhatsAppSession/providers';
import type { IDataObject } from 'n8n-workflow';

import type { Recipient, SessionContent, SessionMessage } from '../../../nodes/WhatsAppSession/message/types';
import { connectlyProvider, connectlyUrl, decodeConnectlyAccepted, decodeConnectlyError, encodeConnectlyBody, encodeForConnectly } from '../../../nodes/WhatsAppSession/providers/connectly/adapter';
import { CONNECTLY_LIMITS, serialisedByteLength } from '../../../nodes/WhatsAppSession/providers/connectly/options';
import type { ConnectlyOptions } from '../../../nodes/WhatsAppSession/providers/connectly/options';
import { CredentialSettingError } from '../../../nodes/WhatsAppSession/providers/shared/endpoint';
import { wordProviderError } from '../../../nodes/WhatsAppSession/providers/shared/errorWording';
import type { ProviderErrorKind } from '../../../nodes/WhatsAppSession/providers/contract/sending';
import { issuesOf } from '../../support/invalidInput';

const TO = '919880132082';
const CLIENT_ID = 'client-1';
const RECIPIENT = { id: `+${TO}`, channelType: 'whatsapp' };

const message = (
	content: SessionContent,
	extra: Partial<SessionMessage<ConnectlyOptions>> = {},
): SessionMessage<ConnectlyOptions> => ({
	recipient: { kind: 'phoneNumber', digits: TO },
	content,
	...extra,
});

describe('encodeConnectlyBody: every operation Connectly carries', () => {
	it.each<[string, SessionContent, IDataObject]>([
		['text (link preview has no Connectly field)', { type: 'text', body: 'Hello', previewUrl: true }, { text: 'Hello' }],
		[
			'image by URL with caption',
			{ type: 'media', mediaKind: 'image', source: { link: 'https://x.io/a.jpg' }, caption: 'Look' },
			{ attachments: [{ type: 'image', url: 'https://x.io/a.jpg', caption: 'Look' }] },
		],
		[
			'video by URL',
			{ type: 'media', mediaKind: 'video', source: { link: 'https://x.io/a.mp4' } },
			{ attachments: [{ type: 'video', url: 'https://x.io/a.mp4' }] },
		],
		[
			'audio by URL',
			{ type: 'media', mediaKind: 'audio', source: { link: 'https://x.io/a.ogg' } },
			{ attachments: [{ type: 'audio', url: 'https://x.io/a.ogg' }] },
		],
		[
			'document with caption and file name',
			{ type: 'media', mediaKind: 'document', source: { link: 'https://x.io/a.pdf' }, caption: 'Invoice', filename: 'a.pdf' },
			{ attachments: [{ type: 'document', url: 'https://x.io/a.pdf', caption: 'Invoice', filename: 'a.pdf' }] },
		],
		[
			'location with name and address',
			{ type: 'location', latitude: 12.9716, longitude: -77.5946, name: 'Office', address: '1 MG Road' },
			{ location: { latitude: 12.9716, longitude: -77.5946, name: 'Office', address: '1 MG Road' } },
		],
		[
			'location, coordinates only',
			{ type: 'location', latitude: 0, longitude: 0 },
			{ location: { latitude: 0, longitude: 0 } },
		],
		[
			'list: body in message.text, rows use `text`',
			{
				type: 'list',
				body: 'Pick a plan',
				buttonText: 'Plans',
				header: 'Our plans',
				footer: 'Prices in EUR',
				sections: [
					{ title: 'Basic', rows: [{ id: 'b1', title: 'Solo', description: 'One user' }] },
					{ title: 'Team', rows: [{ id: 't1', title: 'Team' }] },
				],
			},
			{
				text: 'Pick a plan',
				listMessage: {
					header: { text: 'Our plans' },
					footer: { text: 'Prices in EUR' },
					button: { text: 'Plans' },
					sections: [
						{ title: 'Basic', rows: [{ id: 'b1', text: 'Solo', description: 'One user' }] },
						{ title: 'Team', rows: [{ id: 't1', text: 'Team' }] },
					],
				},
			},
		],
		[
			'list with one untitled section',
			{ type: 'list', body: 'Pick', buttonText: 'Open', sections: [{ rows: [{ id: 'a', title: 'A' }] }] },
			{ text: 'Pick', listMessage: { button: { text: 'Open' }, sections: [{ rows: [{ id: 'a', text: 'A' }] }] } },
		],
		[
			'reply buttons with text header and footer',
			{
				type: 'replyButtons',
				body: 'Confirm?',
				header: { kind: 'text', text: 'Order 1042' },
				footer: 'Reply below',
				buttons: [
					{ id: 'y', title: 'Yes' },
					{ id: 'n', title: 'No' },
				],
			},
			{
				text: 'Confirm?',
				replyButtonMessage: {
					header: { text: 'Order 1042' },
					footer: { text: 'Reply below' },
					buttons: [
						{ id: 'y', text: 'Yes' },
						{ id: 'n', text: 'No' },
					],
				},
			},
		],
		[
			'reply buttons with an image header by URL',
			{
				type: 'replyButtons',
				body: 'Like it?',
				header: { kind: 'image', source: { link: 'https://x.io/p.jpg' } },
				buttons: [{ id: 'y', title: 'Yes' }],
			},
			{
				text: 'Like it?',
				replyButtonMessage: {
					header: { attachment: { type: 'image', url: 'https://x.io/p.jpg' } },
					buttons: [{ id: 'y', text: 'Yes' }],
				},
			},
		],
	])('%s', (_case, content, expectedMessage) => {
		expect(encodeConnectlyBody(message(content), CLIENT_ID)).toEqual({
			recipient: RECIPIENT,
			message: { id: CLIENT_ID, ...expectedMessage },
		});
	});
});

describe('encodeConnectlyBody: the recipient', () => {
	const text: SessionContent = { type: 'text', body: 'Hi', previewUrl: false };

	// Connectly's "Targeting by BSUID": `recipient.userId` holds the bare BSUID, in place of the number.
	it.each<[string, Recipient, IDataObject]>([
		['a phone number is "id", E.164 with "+"', { kind: 'phoneNumber', digits: TO }, { id: `+${TO}` }],
		['a BSUID is "userId", bare and as given', { kind: 'bsuid', bsuid: 'US.13491208655302741918' }, { userId: 'US.13491208655302741918' }],
		['a parent BSUID likewise', { kind: 'bsuid', bsuid: 'US.ENT.11815799212886844830' }, { userId: 'US.ENT.11815799212886844830' }],
	])('%s', (_case, recipient, addressed) => {
		expect(encodeConnectlyBody(message(text, { recipient }), CLIENT_ID)).toStrictEqual({
			recipient: { ...addressed, channelType: 'whatsapp' },
			message: { id: CLIENT_ID, text: 'Hi' },
		});
	});

	it('a BSUID customer keeps the name option, and gets no "id"', () => {
		const body = encodeConnectlyBody(
			message(text, { recipient: { kind: 'bsuid', bsuid: 'IN.1648738043044942' }, extras: { recipientName: 'Asha Rao' } }),
			CLIENT_ID,
		);
		expect(body.recipient).toStrictEqual({ userId: 'IN.1648738043044942', channelType: 'whatsapp', name: 'Asha Rao' });
	});
});

describe('Connectly\'s own options', () => {
	const text: SessionContent = { type: 'text', body: 'Hi', previewUrl: false };

	it.each<[string, ConnectlyOptions, IDataObject]>([
		['sender number', { senderPhoneNumber: '14151111234' }, { sender: { id: '+14151111234', channelType: 'whatsapp' } }],
		['recipient name', { recipientName: 'Asha Rao' }, { recipient: { ...RECIPIENT, name: 'Asha Rao' } }],
		['campaign name', { campaignName: 'spring_2025' }, { campaignName: 'spring_2025' }],
		['callback data object', { callbackData: { orderId: 1042, tags: ['vip'] } }, { callbackData: { orderId: 1042, tags: ['vip'] } }],
		['callback data string', { callbackData: 'order-1042' }, { callbackData: 'order-1042' }],
		['callback data number', { callbackData: 0 }, { callbackData: 0 }],
		['callback data false', { callbackData: false }, { callbackData: false }],
		['callback data null', { callbackData: null }, { callbackData: null }],
	])('%s', (_case, extras, expectedFields) => {
		expect(encodeConnectlyBody(message(text, { extras }), CLIENT_ID)).toEqual({
			recipient: RECIPIENT,
			message: { id: CLIENT_ID, text: 'Hi' },
			...expectedFields,
		});
	});

	it('puts the user\'s client message id into message.id and the request', () => {
		const request = encodeForConnectly(message(text, { clientMessageId: 'mine-7' }), { session: 'https://c.io/x', template: 'https://c.io/t', business: 'https://c.io' }, () => 'random');
		expect(request.clientMessageId).toBe('mine-7');
		expect(request.body).toMatchObject({ message: { id: 'mine-7' } });
	});

	it('makes a fresh random client message id for each message when none is given', () => {
		const connection = connectlyProvider.connect({ apiKey: 'k', businessId: 'b' });
		const ids = [1, 2, 3].map(() => connection.encode(message(text)).clientMessageId);
		expect(new Set(ids).size).toBe(3);
		for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		const request = connection.encode(message(text));
		expect(request.body).toMatchObject({ message: { id: request.clientMessageId } });
	});
});

describe('Connectly limits and what it cannot carry: refused before sending', () => {
	const limit = CONNECTLY_LIMITS.callbackDataBytes;
	// A JSON string of n bytes: the quotes count, and "é" is 2 bytes in UTF-8.
	const jsonStringOfBytes = (bytes: number): string => 'é'.repeat(Math.floor((bytes - 2) / 2)) + 'x'.repeat((bytes - 2) % 2);

	it.each([limit - 1, limit])('accepts callbackData of %i bytes', (bytes) => {
		const callbackData = jsonStringOfBytes(bytes);
		expect(serialisedByteLength(callbackData)).toBe(bytes);
		expect(() =>
			encodeConnectlyBody(message({ type: 'text', body: 'Hi', previewUrl: false }, { extras: { callbackData } }), CLIENT_ID),
		).not.toThrow();
	});

	it('refuses callbackData of 1025 bytes, counting bytes rather than characters', () => {
		const callbackData = jsonStringOfBytes(limit + 1);
		expect(callbackData.length).toBeLessThan(limit);
		const issues = issuesOf(() =>
			encodeConnectlyBody(message({ type: 'text', body: 'Hi', previewUrl: false }, { extras: { callbackData } }), CLIENT_ID),
		);
		expect(issues).toEqual([{ field: 'Callback Data', problem: "is 1025 bytes as JSON; Connectly's limit is 1024" }]);
	});

	it('measures an object callback as its JSON', () => {
		const padding = 'x'.repeat(limit - serialisedByteLength({ k: '' }));
		expect(serialisedByteLength({ k: padding })).toBe(limit);
		expect(() => encodeConnectlyBody(message({ type: 'text', body: 'Hi', previewUrl: false }, { extras: { callbackData: { k: padding } } }), CLIENT_ID)).not.toThrow();
		expect(issuesOf(() => encodeConnectlyBody(message({ type: 'text', body: 'Hi', previewUrl: false }, { extras: { callbackData: { k: `${padding}x` } } }), CLIENT_ID))[0]?.field).toBe('Callback Data');
	});

	// A second file is Texter's own option: a Connectly message has no way to carry one.
	it('takes 1 attachment', () => {
		const one: SessionContent = { type: 'media', mediaKind: 'image', source: { link: 'https://x.io/1.jpg' } };
		expect(() => encodeConnectlyBody(message(one), CLIENT_ID)).not.toThrow();
	});

	it.each<[string, SessionContent, string, RegExp]>([
		[
			'contacts',
			{ type: 'contacts', contacts: [{ formattedName: 'A', phones: [], emails: [], urls: [], addresses: [] }] },
			'Send Contacts',
			/not available with Connectly: .*contact cards/,
		],
		['reaction', { type: 'reaction', messageId: 'wamid.1', emoji: '👍' }, 'Send Reaction', /not available with Connectly/],
		[
			'CTA URL',
			{ type: 'ctaUrl', body: 'Go', buttonText: 'Open', url: 'https://x.io' },
			'Send Call-to-Action URL',
			/not available with Connectly/,
		],
		['location request', { type: 'locationRequest', body: 'Where?' }, 'Send Location Request', /not available with Connectly/],
		[
			'sticker',
			{ type: 'media', mediaKind: 'sticker', source: { link: 'https://x.io/s.webp' } },
			'Media Type',
			/not available with Connectly: .*not stickers/,
		],
		[
			'media by uploaded id',
			{ type: 'media', mediaKind: 'image', source: { id: '123' } },
			'Media ID',
			/not available with Connectly: .*public URL/,
		],
		[
			'header media by uploaded id',
			{ type: 'replyButtons', body: 'B', header: { kind: 'video', source: { id: '9' } }, buttons: [{ id: 'a', title: 'A' }] },
			'Header Media ID',
			/not available with Connectly/,
		],
	])('%s: one issue naming the field or operation and Connectly', (_case, content, field, problem) => {
		const issues = issuesOf(() => encodeConnectlyBody(message(content), CLIENT_ID));
		expect(issues).toHaveLength(1);
		expect(issues[0]?.field).toBe(field);
		expect(issues[0]?.problem).toMatch(problem);
	});

	it('refuses a quoted reply, and reports it with every other problem at once', () => {
		const issues = issuesOf(() =>
			encodeConnectlyBody(
				message(
					{ type: 'media', mediaKind: 'sticker', source: { id: '1' } },
					{ replyToMessageId: 'wamid.IN', extras: { callbackData: 'x'.repeat(2000) } },
				),
				CLIENT_ID,
			),
		);
		expect(issues.map((issue) => issue.field)).toEqual(['Reply To Message ID', 'Media Type', 'Media ID', 'Callback Data']);
	});

	it('refuses a chat ID as the recipient', () => {
		const issues = issuesOf(() =>
			encodeConnectlyBody(message({ type: 'text', body: 'Hi', previewUrl: false }, { recipient: { kind: 'chatId', chatId: 'chat-1' } }), CLIENT_ID),
		);
		expect(issues).toEqual([
			{ field: 'Chat ID', problem: 'is not available with Connectly: Connectly sends to a phone number or a business-scoped user ID (BSUID)' },
		]);
	});
});

describe('connectlyUrl', () => {
	it.each<[IDataObject, string]>([
		[{ businessId: 'biz_01' }, 'https://api.connectly.ai/v1/businesses/biz_01/send/messages'],
		[{ businessId: 'biz 1/2', baseUrl: '' }, 'https://api.connectly.ai/v1/businesses/biz%201%2F2/send/messages'],
		[{ businessId: 'b', baseUrl: 'http://127.0.0.1:8080/proxy/' }, 'http://127.0.0.1:8080/proxy/v1/businesses/b/send/messages'],
		[{ businessId: 'b', baseUrl: 'connectly.example.com' }, 'https://connectly.example.com/v1/businesses/b/send/messages'],
	])('%j → %s', (credentials, url) => {
		expect(connectlyUrl(credentials)).toBe(url);
	});

	it.each<[IDataObject, string]>([
		[{ businessId: '' }, "The credential's Business ID is empty."],
		[{ businessId: '..' }, 'The credential\'s Business ID cannot be "." or "..".'],
		[{ businessId: 'b', baseUrl: 'ftp://x' }, "The credential's Base URL must use http:// or https://."],
	])('refuses %j', (credentials, problem) => {
		expect(() => connectlyUrl(credentials)).toThrow(new CredentialSettingError(problem));
	});

	it('keeps the API key secret and out of the URL', () => {
		const connection = connectlyProvider.connect({ apiKey: 'key-SECRET', businessId: 'b' });
		expect(connection.secrets).toEqual(['key-SECRET']);
		expect(connectlyProvider.connect({ apiKey: 'key-SECRET', businessId: 'b', webhookSecret: 'whsec' }).secrets).toEqual([
			'key-SECRET',
			'whsec',
		]);
		expect(connection.encode(message({ type: 'text', body: 'Hi', previewUrl: false })).url).not.toContain('key-SECRET');
	});
});

describe('decodeConnectlyAccepted', () => {
	it.each<[unknown, string | null]>([
		[{ id: 'msg-1' }, 'msg-1'],
		[{ entity: { id: 'msg-2' } }, 'msg-2'],
		[{ message: { id: 'msg-3' } }, 'msg-3'],
		[{ id: 42 }, '42'],
		[{ id: '' }, null],
		[{}, null],
		['', null],
		[null, null],
	])('%j → %j', (body, messageId) => {
		expect(decodeConnectlyAccepted(body)).toEqual({ messageId });
	});
});

describe('decodeConnectlyError', () => {
	const body = (code: string, type = 'ERROR_TYPE_INVALID_REQUEST') => ({ message: 'Their words', type, code, cntTraceId: '118' });

	it.each<[number, unknown, ProviderErrorKind]>([
		[400, body('ERROR_CODE_MESSAGE_OUTSIDE_OF_ELIGIBILITY_WINDOW', 'ERROR_TYPE_DEADLINE_EXCEEDED'), 'windowClosed'],
		[400, body('ERROR_CODE_MESSAGE_CUSTOMER_NO_CONVERSATION_INITIATION'), 'windowClosed'],
		[400, body('ERROR_CODE_PHONE_NUMBER_BAD_FORMAT'), 'invalidParameter'],
		[400, body('ERROR_CODE_MESSAGE_ATTACHMENTS_NUMBER_INVALID'), 'invalidParameter'],
		[400, body('ERROR_CODE_BUSINESS_MISSES_MATCHING_CHANNEL'), 'permission'],
		[401, { message: 'Unauthorized', type: 'ERROR_TYPE_AUTHENTICATION' }, 'authentication'],
		[401, {}, 'authentication'],
		[401, 'Unauthorized', 'authentication'],
		[404, {}, 'notFound'],
		[429, {}, 'rateLimited'],
		[500, body('ERROR_CODE_SOMETHING_NEW'), 'serverError'],
		[400, body('ERROR_CODE_SOMETHING_NEW'), 'invalidParameter'],
		// The code decides, not the status or the words.
		[403, { code: 'ERROR_CODE_MESSAGE_OUTSIDE_OF_ELIGIBILITY_WINDOW', message: 'anything' }, 'windowClosed'],
	])('HTTP %i %j → %s', (status, errorBody, kind) => {
		expect(decodeConnectlyError(status, errorBody).kind).toBe(kind);
	});

	it('keeps the code, the words and the trace id for the description', () => {
		expect(decodeConnectlyError(400, body('ERROR_CODE_MESSAGE_OUTSIDE_OF_ELIGIBILITY_WINDOW'))).toEqual({
			kind: 'windowClosed',
			providerCode: 'ERROR_CODE_MESSAGE_OUTSIDE_OF_ELIGIBILITY_WINDOW',
			providerMessage: 'Their words; Connectly trace ID 118',
		});
	});

	it('falls back to the type as the code when there is none', () => {
		expect(decodeConnectlyError(401, { type: 'ERROR_TYPE_AUTHENTICATION' }).providerCode).toBe('ERROR_TYPE_AUTHENTICATION');
	});

	it('words the closed window as the issue asks: a template instead', () => {
		const { message: text, description } = wordProviderError(
			decodeConnectlyError(400, body('ERROR_CODE_MESSAGE_OUTSIDE_OF_ELIGIBILITY_WINDOW')),
			400,
			PROVIDERS.connectly,
		);
		expect(text).toBe('The 24-hour session window is closed for this contact; send a template message instead');
		expect(description).toContain('provider code ERROR_CODE_MESSAGE_OUTSIDE_OF_ELIGIBILITY_WINDOW');
	});

	it.each<[number, unknown, RegExp]>([
		[401, {}, /X-API-Key.*API Key/],
		[404, {}, /Business ID/],
		[400, body('ERROR_CODE_BUSINESS_MISSES_MATCHING_CHANNEL'), /WhatsApp number.*Sender Phone Number/],
	])('HTTP %i: advice in Connectly\'s terms', (status, errorBody, advice) => {
		const { description } = wordProviderError(decodeConnectlyError(status, errorBody), status, PROVIDERS.connectly);
		expect(description).toMatch(advice);
		expect(description).not.toMatch(/Phone Number ID|Session Endpoint Path|access token/);
	});
});
