import type { IDataObject } from 'n8n-workflow';

import type { Recipient, SessionContent, SessionMessage } from '../../../nodes/WhatsAppSession/message/types';
import { encodeCloudApiBody } from '../../../nodes/WhatsAppSession/providers/cloudApi/encode';
import { decodeCloudApiAccepted, decodeCloudApiError } from '../../../nodes/WhatsAppSession/providers/cloudApi/answers';
import { errorKindFromStatus } from '../../../nodes/WhatsAppSession/providers/shared/errorKinds';
import type { ProviderErrorKind } from '../../../nodes/WhatsAppSession/providers/contract/sending';
import { issuesOf } from '../../support/invalidInput';

const TO = '919880132082';
const ENVELOPE = { messaging_product: 'whatsapp', recipient_type: 'individual', to: TO };
const PHONE: Recipient = { kind: 'phoneNumber', digits: TO };

const message = (content: SessionContent, replyToMessageId?: string): SessionMessage =>
	replyToMessageId === undefined ? { recipient: PHONE, content } : { recipient: PHONE, replyToMessageId, content };

describe('encodeCloudApiBody', () => {
	it.each<[string, SessionContent, IDataObject]>([
		['text', { type: 'text', body: 'Hello', previewUrl: false }, { type: 'text', text: { preview_url: false, body: 'Hello' } }],
		[
			'text with link preview',
			{ type: 'text', body: 'See https://x.io', previewUrl: true },
			{ type: 'text', text: { preview_url: true, body: 'See https://x.io' } },
		],
		[
			'image by link with caption',
			{ type: 'media', mediaKind: 'image', source: { link: 'https://x.io/a.jpg' }, caption: 'Look' },
			{ type: 'image', image: { link: 'https://x.io/a.jpg', caption: 'Look' } },
		],
		[
			'image by id',
			{ type: 'media', mediaKind: 'image', source: { id: '111' } },
			{ type: 'image', image: { id: '111' } },
		],
		[
			'video by link with caption',
			{ type: 'media', mediaKind: 'video', source: { link: 'https://x.io/a.mp4' }, caption: 'Clip' },
			{ type: 'video', video: { link: 'https://x.io/a.mp4', caption: 'Clip' } },
		],
		[
			'video by id',
			{ type: 'media', mediaKind: 'video', source: { id: '222' } },
			{ type: 'video', video: { id: '222' } },
		],
		[
			'audio by link',
			{ type: 'media', mediaKind: 'audio', source: { link: 'https://x.io/a.ogg' } },
			{ type: 'audio', audio: { link: 'https://x.io/a.ogg' } },
		],
		[
			'audio by id',
			{ type: 'media', mediaKind: 'audio', source: { id: '333' } },
			{ type: 'audio', audio: { id: '333' } },
		],
		[
			'document by link with caption and file name',
			{ type: 'media', mediaKind: 'document', source: { link: 'https://x.io/a.pdf' }, caption: 'Invoice', filename: 'invoice.pdf' },
			{ type: 'document', document: { link: 'https://x.io/a.pdf', caption: 'Invoice', filename: 'invoice.pdf' } },
		],
		[
			'document by id with file name only',
			{ type: 'media', mediaKind: 'document', source: { id: '444' }, filename: 'a.pdf' },
			{ type: 'document', document: { id: '444', filename: 'a.pdf' } },
		],
		[
			'sticker by link',
			{ type: 'media', mediaKind: 'sticker', source: { link: 'https://x.io/a.webp' } },
			{ type: 'sticker', sticker: { link: 'https://x.io/a.webp' } },
		],
		[
			'sticker by id',
			{ type: 'media', mediaKind: 'sticker', source: { id: '555' } },
			{ type: 'sticker', sticker: { id: '555' } },
		],
		[
			'location with name and address',
			{ type: 'location', latitude: 12.9716, longitude: -77.5946, name: 'Office', address: '1 MG Road' },
			{ type: 'location', location: { latitude: 12.9716, longitude: -77.5946, name: 'Office', address: '1 MG Road' } },
		],
		[
			'location with coordinates only',
			{ type: 'location', latitude: 0, longitude: 0 },
			{ type: 'location', location: { latitude: 0, longitude: 0 } },
		],
		[
			'contacts, full and minimal',
			{
				type: 'contacts',
				contacts: [
					{
						formattedName: 'Asha Rao',
						firstName: 'Asha',
						lastName: 'Rao',
						birthday: '1990-04-23',
						phones: [{ phone: '+91 98801 32082', type: 'CELL', waId: '919880132082' }, { phone: '+91 80 4000 1000' }],
						emails: [{ email: 'asha@example.com', type: 'WORK' }, { email: 'a@home.example' }],
						urls: [{ url: 'https://asha.example.com', type: 'HOME' }, { url: 'https://b.example.com' }],
						addresses: [
							{ street: '1 MG Road', city: 'Bengaluru', state: 'KA', zip: '560001', country: 'India', countryCode: 'IN', type: 'WORK' },
							{ city: 'Mysuru' },
						],
						organisation: { company: 'Acme', department: 'Sales', title: 'Manager' },
					},
					{ formattedName: 'Ravi', phones: [], emails: [], urls: [], addresses: [], organisation: { company: 'Solo' } },
				],
			},
			{
				type: 'contacts',
				contacts: [
					{
						name: { formatted_name: 'Asha Rao', first_name: 'Asha', last_name: 'Rao' },
						phones: [{ phone: '+91 98801 32082', type: 'CELL', wa_id: '919880132082' }, { phone: '+91 80 4000 1000' }],
						emails: [{ email: 'asha@example.com', type: 'WORK' }, { email: 'a@home.example' }],
						urls: [{ url: 'https://asha.example.com', type: 'HOME' }, { url: 'https://b.example.com' }],
						addresses: [
							{ street: '1 MG Road', city: 'Bengaluru', state: 'KA', zip: '560001', country: 'India', country_code: 'IN', type: 'WORK' },
							{ city: 'Mysuru' },
						],
						org: { company: 'Acme', department: 'Sales', title: 'Manager' },
						birthday: '1990-04-23',
					},
					{ name: { formatted_name: 'Ravi' }, org: { company: 'Solo' } },
				],
			},
		],
		[
			'reply buttons, minimal',
			{ type: 'replyButtons', body: 'Confirm?', buttons: [{ id: 'yes', title: 'Yes' }] },
			{
				type: 'interactive',
				interactive: {
					type: 'button',
					body: { text: 'Confirm?' },
					action: { buttons: [{ type: 'reply', reply: { id: 'yes', title: 'Yes' } }] },
				},
			},
		],
		[
			'reply buttons with text header and footer',
			{
				type: 'replyButtons',
				body: 'Confirm?',
				header: { kind: 'text', text: 'Order 1042' },
				footer: 'Reply below',
				buttons: [
					{ id: 'yes', title: 'Yes' },
					{ id: 'no', title: 'No' },
					{ id: 'later', title: 'Later' },
				],
			},
			{
				type: 'interactive',
				interactive: {
					type: 'button',
					header: { type: 'text', text: 'Order 1042' },
					body: { text: 'Confirm?' },
					footer: { text: 'Reply below' },
					action: {
						buttons: [
							{ type: 'reply', reply: { id: 'yes', title: 'Yes' } },
							{ type: 'reply', reply: { id: 'no', title: 'No' } },
							{ type: 'reply', reply: { id: 'later', title: 'Later' } },
						],
					},
				},
			},
		],
		...(['image', 'video', 'document'] as const).flatMap((kind): Array<[string, SessionContent, IDataObject]> => [
			[
				`reply buttons with ${kind} header by link`,
				{ type: 'replyButtons', body: 'b', header: { kind, source: { link: `https://x.io/h.${kind}` } }, buttons: [{ id: 'a', title: 'A' }] },
				{
					type: 'interactive',
					interactive: {
						type: 'button',
						header: { type: kind, [kind]: { link: `https://x.io/h.${kind}` } },
						body: { text: 'b' },
						action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'A' } }] },
					},
				},
			],
			[
				`reply buttons with ${kind} header by id`,
				{ type: 'replyButtons', body: 'b', header: { kind, source: { id: `${kind}-1` } }, buttons: [{ id: 'a', title: 'A' }] },
				{
					type: 'interactive',
					interactive: {
						type: 'button',
						header: { type: kind, [kind]: { id: `${kind}-1` } },
						body: { text: 'b' },
						action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'A' } }] },
					},
				},
			],
		]),
		[
			'list, minimal',
			{ type: 'list', body: 'Pick', buttonText: 'Open', sections: [{ rows: [{ id: 'r1', title: 'Row 1' }] }] },
			{
				type: 'interactive',
				interactive: {
					type: 'list',
					body: { text: 'Pick' },
					action: { button: 'Open', sections: [{ rows: [{ id: 'r1', title: 'Row 1' }] }] },
				},
			},
		],
		[
			'list with header, footer, section titles and descriptions',
			{
				type: 'list',
				body: 'Pick a plan',
				buttonText: 'Plans',
				header: 'Our plans',
				footer: 'Prices incl. tax',
				sections: [
					{ title: 'Personal', rows: [{ id: 'basic', title: 'Basic', description: 'For one user' }, { id: 'plus', title: 'Plus' }] },
					{ title: 'Business', rows: [{ id: 'team', title: 'Team', description: 'Up to 10 users' }] },
				],
			},
			{
				type: 'interactive',
				interactive: {
					type: 'list',
					header: { type: 'text', text: 'Our plans' },
					body: { text: 'Pick a plan' },
					footer: { text: 'Prices incl. tax' },
					action: {
						button: 'Plans',
						sections: [
							{
								title: 'Personal',
								rows: [
									{ id: 'basic', title: 'Basic', description: 'For one user' },
									{ id: 'plus', title: 'Plus' },
								],
							},
							{ title: 'Business', rows: [{ id: 'team', title: 'Team', description: 'Up to 10 users' }] },
						],
					},
				},
			},
		],
		[
			'CTA URL, minimal',
			{ type: 'ctaUrl', body: 'Track it', buttonText: 'See order', url: 'https://x.io/o/1' },
			{
				type: 'interactive',
				interactive: {
					type: 'cta_url',
					body: { text: 'Track it' },
					action: { name: 'cta_url', parameters: { display_text: 'See order', url: 'https://x.io/o/1' } },
				},
			},
		],
		[
			'CTA URL with image header and footer',
			{
				type: 'ctaUrl',
				body: 'Track it',
				buttonText: 'See order',
				url: 'https://x.io/o/1',
				header: { kind: 'image', source: { link: 'https://x.io/h.jpg' } },
				footer: 'Thanks',
			},
			{
				type: 'interactive',
				interactive: {
					type: 'cta_url',
					header: { type: 'image', image: { link: 'https://x.io/h.jpg' } },
					body: { text: 'Track it' },
					footer: { text: 'Thanks' },
					action: { name: 'cta_url', parameters: { display_text: 'See order', url: 'https://x.io/o/1' } },
				},
			},
		],
		[
			'CTA URL with text header',
			{ type: 'ctaUrl', body: 'b', buttonText: 'Go', url: 'https://x.io', header: { kind: 'text', text: 'Hi' } },
			{
				type: 'interactive',
				interactive: {
					type: 'cta_url',
					header: { type: 'text', text: 'Hi' },
					body: { text: 'b' },
					action: { name: 'cta_url', parameters: { display_text: 'Go', url: 'https://x.io' } },
				},
			},
		],
		[
			'location request',
			{ type: 'locationRequest', body: 'Where should we deliver?' },
			{
				type: 'interactive',
				interactive: {
					type: 'location_request_message',
					body: { text: 'Where should we deliver?' },
					action: { name: 'send_location' },
				},
			},
		],
		[
			'reaction',
			{ type: 'reaction', messageId: 'wamid.ABC', emoji: '👍' },
			{ type: 'reaction', reaction: { message_id: 'wamid.ABC', emoji: '👍' } },
		],
		[
			'reaction removal',
			{ type: 'reaction', messageId: 'wamid.ABC', emoji: '' },
			{ type: 'reaction', reaction: { message_id: 'wamid.ABC', emoji: '' } },
		],
	])('encodes %s exactly', (_case, content, payload) => {
		expect(encodeCloudApiBody(message(content))).toStrictEqual({ ...ENVELOPE, ...payload });
	});

	it.each<[string, SessionContent]>([
		['text', { type: 'text', body: 'Thanks!', previewUrl: false }],
		['image', { type: 'media', mediaKind: 'image', source: { id: '1' } }],
		['location', { type: 'location', latitude: 1, longitude: 2 }],
		['list', { type: 'list', body: 'b', buttonText: 'o', sections: [{ rows: [{ id: 'a', title: 'A' }] }] }],
		['location request', { type: 'locationRequest', body: 'b' }],
	])('adds context.message_id to a quoted %s reply', (_case, content) => {
		const quoted = encodeCloudApiBody(message(content, 'wamid.QUOTED'));
		expect(quoted).toStrictEqual({ ...encodeCloudApiBody(message(content)), context: { message_id: 'wamid.QUOTED' } });
	});

	it('encodes a quoted text reply exactly', () => {
		expect(encodeCloudApiBody(message({ type: 'text', body: 'Yes, shipped.', previewUrl: false }, 'wamid.HBgM'))).toStrictEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: TO,
			context: { message_id: 'wamid.HBgM' },
			type: 'text',
			text: { preview_url: false, body: 'Yes, shipped.' },
		});
	});

	it('has no context without a quoted message', () => {
		expect(encodeCloudApiBody(message({ type: 'text', body: 'x', previewUrl: false }))).not.toHaveProperty('context');
	});

	it('survives a JSON round trip unchanged (no undefined values, no functions)', () => {
		const body = encodeCloudApiBody(
			message(
				{
					type: 'replyButtons',
					body: 'b',
					header: { kind: 'video', source: { id: 'v' } },
					footer: 'f',
					buttons: [{ id: 'a', title: 'A' }],
				},
				'wamid.Q',
			),
		);
		expect(JSON.parse(JSON.stringify(body))).toStrictEqual(body);
	});
});

describe('encodeCloudApiBody: the recipient', () => {
	const text: SessionContent = { type: 'text', body: 'Hi', previewUrl: false };

	it.each<[string, Recipient, IDataObject]>([
		['a phone number goes in "to"', PHONE, { to: TO }],
		['a BSUID goes in "recipient", as given', { kind: 'bsuid', bsuid: 'US.13491208655302741918' }, { recipient: 'US.13491208655302741918' }],
		['a parent BSUID likewise', { kind: 'bsuid', bsuid: 'US.ENT.11815799212886844830' }, { recipient: 'US.ENT.11815799212886844830' }],
		['a BSUID keeps its case', { kind: 'bsuid', bsuid: 'BR.aBc123XyZ' }, { recipient: 'BR.aBc123XyZ' }],
	])('%s', (_case, recipient, addressed) => {
		expect(encodeCloudApiBody({ recipient, content: text })).toStrictEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			...addressed,
			type: 'text',
			text: { preview_url: false, body: 'Hi' },
		});
	});

	// Meta reads "to" first when both are there: a BSUID send with a "to" would go to that number.
	it('a BSUID send carries no "to" at all, even with a quoted message', () => {
		const body = encodeCloudApiBody({ recipient: { kind: 'bsuid', bsuid: 'US.1' }, replyToMessageId: 'wamid.Q', content: text });
		expect(Object.keys(body)).not.toContain('to');
		expect(body).toMatchObject({ recipient: 'US.1', context: { message_id: 'wamid.Q' } });
	});

	it('refuses a chat ID, naming the field', () => {
		expect(issuesOf(() => encodeCloudApiBody({ recipient: { kind: 'chatId', chatId: 'chat-1' }, content: text }))).toEqual([
			{ field: 'Chat ID', problem: 'is not available with the Cloud API: the Cloud API sends to a phone number or a business-scoped user ID (BSUID)' },
		]);
	});
});

describe('decodeCloudApiAccepted', () => {
	it.each<[string, unknown, { messageId: string | null; waId?: string; userId?: string }]>([
		[
			'a full success body',
			{
				messaging_product: 'whatsapp',
				contacts: [{ input: '+91 98801 32082', wa_id: '919880132082' }],
				messages: [{ id: 'wamid.HBgMOTE5ODgwMTMyMDgy' }],
			},
			{ messageId: 'wamid.HBgMOTE5ODgwMTMyMDgy', waId: '919880132082' },
		],
		['an id that is not a wamid', { messages: [{ id: 'a1b2c3' }] }, { messageId: 'a1b2c3' }],
		['a numeric id', { messages: [{ id: 12345 }] }, { messageId: '12345' }],
		['a message status with the id', { messages: [{ id: 'm1', message_status: 'accepted' }], contacts: [{ wa_id: 'w' }] }, { messageId: 'm1', waId: 'w' }],
		['no messages', { contacts: [{ wa_id: '919880132082' }] }, { messageId: null, waId: '919880132082' }],
		['an empty messages list', { messages: [] }, { messageId: null }],
		['a message without id', { messages: [{}] }, { messageId: null }],
		['messages that are not a list', { messages: { id: 'x' } }, { messageId: null }],
		['a non-object first entry', { messages: ['x', { id: 'm2' }] }, { messageId: 'm2' }],
		['a contact without wa_id', { messages: [{ id: 'm' }], contacts: [{ input: '1' }] }, { messageId: 'm' }],
		[
			'the answer to a BSUID send: user_id instead of wa_id',
			{ messaging_product: 'whatsapp', contacts: [{ input: 'US.13491208655302741918', user_id: 'US.13491208655302741918' }], messages: [{ id: 'wamid.B' }] },
			{ messageId: 'wamid.B', userId: 'US.13491208655302741918' },
		],
		[
			'a contact with both wa_id and user_id',
			{ contacts: [{ wa_id: '919880132082', user_id: 'IN.1648738043044942' }], messages: [{ id: 'm' }] },
			{ messageId: 'm', waId: '919880132082', userId: 'IN.1648738043044942' },
		],
		['an empty object', {}, { messageId: null }],
		['null', null, { messageId: null }],
		['a text body', 'OK', { messageId: null }],
		['an array', [{ id: 'x' }], { messageId: null }],
	])('reads %s', (_case, body, accepted) => {
		expect(decodeCloudApiAccepted(body)).toStrictEqual(accepted);
	});
});

describe('decodeCloudApiError', () => {
	const errorBody = (code: unknown, message = 'Some words', details?: string): unknown => ({
		error: {
			message,
			type: 'OAuthException',
			code,
			...(details !== undefined && { error_data: { messaging_product: 'whatsapp', details } }),
			fbtrace_id: 'AbC123',
		},
	});

	it.each<[number | string, number, ProviderErrorKind]>([
		[131047, 400, 'windowClosed'],
		['131047', 400, 'windowClosed'],
		[190, 401, 'authentication'],
		[190, 400, 'authentication'],
		[100, 400, 'invalidParameter'],
		[131009, 400, 'invalidParameter'],
		[131026, 400, 'undeliverable'],
		[130429, 429, 'rateLimited'],
		[130429, 400, 'rateLimited'],
		[131056, 400, 'recipientRateLimited'],
		[131051, 400, 'unsupportedMessage'],
		[131062, 400, 'bsuidRecipientUnsupported'],
		// The code decides, whatever the HTTP status says.
		[131047, 500, 'windowClosed'],
	])('code %j with HTTP %i → %s', (code, status, kind) => {
		expect(decodeCloudApiError(status, errorBody(code))).toStrictEqual({
			kind,
			providerCode: String(code),
			providerMessage: 'Some words',
		});
	});

	it.each<[number, ProviderErrorKind]>([
		[401, 'authentication'],
		[403, 'permission'],
		[404, 'notFound'],
		[429, 'rateLimited'],
		[500, 'serverError'],
		[502, 'serverError'],
		[503, 'serverError'],
		[400, 'invalidParameter'],
		[422, 'invalidParameter'],
		[409, 'rejected'],
	])('an unknown code with HTTP %i falls back to %s', (status, kind) => {
		expect(decodeCloudApiError(status, errorBody(999999))).toStrictEqual({
			kind,
			providerCode: '999999',
			providerMessage: 'Some words',
		});
	});

	it.each<[string, unknown, number, ProviderErrorKind]>([
		['an HTML page', '<html><body>502 Bad Gateway</body></html>', 502, 'serverError'],
		['plain text', 'Unauthorized', 401, 'authentication'],
		['an empty text', '', 404, 'notFound'],
		['no body', undefined, 429, 'rateLimited'],
		['null', null, 403, 'permission'],
		['an object without error', { status: 'fail' }, 500, 'serverError'],
		['an error that is text', { error: 'bad token' }, 401, 'authentication'],
		['an array', [1, 2], 400, 'invalidParameter'],
	])('reads a non-Cloud-API body (%s) by HTTP status', (_case, body, status, kind) => {
		expect(decodeCloudApiError(status, body)).toStrictEqual({ kind });
	});

	it('joins the message and error_data.details', () => {
		expect(
			decodeCloudApiError(
				400,
				errorBody(131047, 'Re-engagement message', 'Message failed to send because more than 24 hours have passed'),
			),
		).toStrictEqual({
			kind: 'windowClosed',
			providerCode: '131047',
			providerMessage: 'Re-engagement message: Message failed to send because more than 24 hours have passed',
		});
	});

	it('decides on the code, not the wording', () => {
		expect(decodeCloudApiError(400, errorBody(100, 'more than 24 hours have passed; re-engagement'))).toMatchObject({
			kind: 'invalidParameter',
		});
	});

	it('keeps only the code when there are no words', () => {
		expect(decodeCloudApiError(400, { error: { code: 131026, message: '' } })).toStrictEqual({
			kind: 'undeliverable',
			providerCode: '131026',
		});
	});

	it('uses the details alone when there is no message', () => {
		expect(decodeCloudApiError(400, { error: { code: 100, error_data: { details: 'Param to is invalid' } } })).toStrictEqual({
			kind: 'invalidParameter',
			providerCode: '100',
			providerMessage: 'Param to is invalid',
		});
	});

	it('falls back to the status when the code is not a number or text', () => {
		expect(decodeCloudApiError(401, { error: { code: { value: 190 }, message: 'x' } })).toStrictEqual({
			kind: 'authentication',
			providerMessage: 'x',
		});
	});

	it.each<[number, ProviderErrorKind]>([
		[401, 'authentication'],
		[403, 'permission'],
		[404, 'notFound'],
		[429, 'rateLimited'],
		[500, 'serverError'],
		[599, 'serverError'],
		[400, 'invalidParameter'],
		[422, 'invalidParameter'],
		[402, 'rejected'],
		[418, 'rejected'],
	])('errorKindFromStatus(%i) = %s', (status, kind) => {
		expect(errorKindFromStatus(status)).toBe(kind);
	});
});
