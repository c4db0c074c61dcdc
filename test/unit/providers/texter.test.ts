import { PROVIDERS } from '../../../nodes/WhatsAppSession/providers';
import type { IDataObject } from 'n8n-workflow';

import type { MediaFile, Recipient, SessionContent, SessionMessage } from '../../../nodes/WhatsAppSession/message/types';
import { CredentialSettingError } from '../../../nodes/WhatsAppSession/providers/shared/endpoint';
import { wordProviderError } from '../../../nodes/WhatsAppSession/providers/shared/errorWording';
import { decodeTexterAccepted, decodeTexterError, encodeForTexter, encodeTexterBody, texterProvider } from '../../../nodes/WhatsAppSession/providers/texter/adapter';
import { TEXTER_LIMITS } from '../../../nodes/WhatsAppSession/providers/texter/encode';
import { texterBaseUrl, texterSendUrl } from '../../../nodes/WhatsAppSession/providers/texter/endpoint';
import { TEXTER_FIELD_NAMES, type TexterFieldNames } from '../../../nodes/WhatsAppSession/providers/texter/fieldNames';
import type { TexterExtras } from '../../../nodes/WhatsAppSession/providers/texter/files';
import type { ProviderErrorKind } from '../../../nodes/WhatsAppSession/providers/contract/sending';
import { issuesOf } from '../../support/invalidInput';

const CHAT_ID = '6650a1b2c3d4e5f6a7b8c9d0';
const TMP_SEND_ID = 'tmp-1';

/** The tables write further files beside the content, where the form shows them; they travel as Texter's extras. */
type ContentWithFiles = SessionContent & { additionalFiles?: MediaFile[] };

function withoutFiles(content: ContentWithFiles): SessionContent {
	if (content.type !== 'media') return content;
	const { additionalFiles, ...media } = content;
	return additionalFiles === undefined ? content : media;
}

const message = (
	content: ContentWithFiles,
	extra: Partial<SessionMessage<TexterExtras>> = {},
): SessionMessage<TexterExtras> => ({
	recipient: { kind: 'chatId', chatId: CHAT_ID },
	content: withoutFiles(content),
	...(content.additionalFiles !== undefined && { extras: { additionalFiles: content.additionalFiles } }),
	...extra,
});

const imageFile = (n: number): MediaFile => ({ mediaKind: 'image', source: { link: `https://x.io/${n}.jpg` } });

describe('encodeTexterBody: every operation Texter carries', () => {
	it.each<[string, ContentWithFiles, IDataObject]>([
		['text (link preview has no Texter field)', { type: 'text', body: 'Hello', previewUrl: true }, { type: 'text', text: 'Hello' }],
		[
			'image by URL with caption',
			{ type: 'media', mediaKind: 'image', source: { link: 'https://x.io/a.jpg' }, caption: 'Look' },
			{ type: 'media', text: 'Look', media: [{ mediaType: 'image', url: 'https://x.io/a.jpg' }] },
		],
		[
			'document by Texter file id',
			{ type: 'media', mediaKind: 'document', source: { id: 'file-77' } },
			{ type: 'media', media: [{ mediaType: 'document', fileId: 'file-77' }] },
		],
		[
			'audio and video as further files',
			{
				type: 'media',
				mediaKind: 'audio',
				source: { link: 'https://x.io/a.ogg' },
				additionalFiles: [
					{ mediaKind: 'video', source: { id: 'file-8' } },
					{ mediaKind: 'image', source: { link: 'https://x.io/b.png' } },
				],
			},
			{
				type: 'media',
				media: [
					{ mediaType: 'audio', url: 'https://x.io/a.ogg' },
					{ mediaType: 'video', fileId: 'file-8' },
					{ mediaType: 'image', url: 'https://x.io/b.png' },
				],
			},
		],
		[
			'location',
			{ type: 'location', latitude: 32.0853, longitude: 34.7818, name: 'Office', address: 'Rothschild 1' },
			{ type: 'location', location: { latitude: 32.0853, longitude: 34.7818, name: 'Office', address: 'Rothschild 1' } },
		],
		[
			'contacts, in WhatsApp\'s contact shape',
			{
				type: 'contacts',
				contacts: [
					{
						formattedName: 'Asha Rao',
						firstName: 'Asha',
						phones: [{ phone: '+91 98801 32082', type: 'CELL', waId: '919880132082' }],
						emails: [],
						urls: [],
						addresses: [],
					},
				],
			},
			{
				type: 'contacts',
				contacts: [
					{
						name: { formatted_name: 'Asha Rao', first_name: 'Asha' },
						phones: [{ phone: '+91 98801 32082', type: 'CELL', wa_id: '919880132082' }],
					},
				],
			},
		],
		[
			'reply buttons',
			{
				type: 'replyButtons',
				body: 'Confirm?',
				buttons: [
					{ id: 'y', title: 'Yes' },
					{ id: 'n', title: 'No' },
				],
			},
			{
				type: 'buttons',
				text: 'Confirm?',
				buttons: [
					{ payload: 'y', title: 'Yes' },
					{ payload: 'n', title: 'No' },
				],
			},
		],
		[
			'list',
			{
				type: 'list',
				body: 'Pick a plan',
				buttonText: 'Plans',
				sections: [
					{ title: 'Basic', rows: [{ id: 'b1', title: 'Solo', description: 'One user' }] },
					{ title: 'Team', rows: [{ id: 't1', title: 'Team' }] },
				],
			},
			{
				type: 'list',
				text: 'Pick a plan',
				list: {
					button: 'Plans',
					sections: [
						{ title: 'Basic', rows: [{ payload: 'b1', title: 'Solo', description: 'One user' }] },
						{ title: 'Team', rows: [{ payload: 't1', title: 'Team' }] },
					],
				},
			},
		],
	])('%s', (_case, content, expectedFields) => {
		expect(encodeTexterBody(message(content), TMP_SEND_ID)).toEqual({ ...expectedFields, tmpSendId: TMP_SEND_ID });
	});

	it('quotes a message with `context`', () => {
		expect(
			encodeTexterBody(message({ type: 'text', body: 'Yes', previewUrl: false }, { replyToMessageId: 'wamid.IN1' }), TMP_SEND_ID),
		).toEqual({ type: 'text', text: 'Yes', context: 'wamid.IN1', tmpSendId: TMP_SEND_ID });
	});

});

describe('Texter\'s inner field names come from texterFieldNames.ts alone', () => {
	const renamed: TexterFieldNames = {
		...TEXTER_FIELD_NAMES,
		media: { ...TEXTER_FIELD_NAMES.media, fileName: 'name' },
		mediaCaption: 'caption',
		button: { id: 'buttonId', title: 'label' },
		buttonsFooter: 'footer',
		list: { ...TEXTER_FIELD_NAMES.list, buttonText: 'buttonText', rowId: 'rowId', rowTitle: 'text', header: 'header' },
		location: { latitude: 'lat', longitude: 'lng', name: 'title', address: 'addr' },
	};

	it.each<[string, ContentWithFiles, IDataObject]>([
		[
			'media',
			{ type: 'media', mediaKind: 'document', source: { link: 'https://x.io/a.pdf' }, caption: 'Invoice', filename: 'a.pdf' },
			{ type: 'media', caption: 'Invoice', media: [{ mediaType: 'document', url: 'https://x.io/a.pdf', name: 'a.pdf' }] },
		],
		[
			'buttons',
			{ type: 'replyButtons', body: 'B', footer: 'F', buttons: [{ id: 'a', title: 'A' }] },
			{ type: 'buttons', text: 'B', footer: 'F', buttons: [{ buttonId: 'a', label: 'A' }] },
		],
		[
			'list',
			{ type: 'list', body: 'B', buttonText: 'Open', header: 'H', sections: [{ rows: [{ id: 'r', title: 'R' }] }] },
			{ type: 'list', text: 'B', list: { header: 'H', buttonText: 'Open', sections: [{ rows: [{ rowId: 'r', text: 'R' }] }] } },
		],
		[
			'location',
			{ type: 'location', latitude: 1, longitude: 2, name: 'N', address: 'A' },
			{ type: 'location', location: { lat: 1, lng: 2, title: 'N', addr: 'A' } },
		],
	])('%s', (_case, content, expected) => {
		expect(encodeTexterBody(message(content), TMP_SEND_ID, renamed)).toEqual({ ...expected, tmpSendId: TMP_SEND_ID });
	});
});

describe('Texter limits and what it cannot carry: refused before sending', () => {
	const media = (count: number): ContentWithFiles => ({
		type: 'media',
		mediaKind: 'image',
		source: { link: 'https://x.io/0.jpg' },
		additionalFiles: Array.from({ length: count - 1 }, (_unused, index) => imageFile(index + 1)),
	});

	it(`takes ${TEXTER_LIMITS.mediaFiles} files in one message`, () => {
		const body = encodeTexterBody(message(media(TEXTER_LIMITS.mediaFiles)), TMP_SEND_ID);
		expect(body.media).toHaveLength(10);
	});

	it('refuses 11 files', () => {
		expect(issuesOf(() => encodeTexterBody(message(media(TEXTER_LIMITS.mediaFiles + 1)), TMP_SEND_ID))).toEqual([
			{ field: 'Additional Files', problem: 'make 11 files in one message; Texter takes at most 10' },
		]);
	});

	it.each<[string, ContentWithFiles, string, RegExp]>([
		[
			'CTA URL',
			{ type: 'ctaUrl', body: 'Go', buttonText: 'Open', url: 'https://x.io' },
			'Send Call-to-Action URL',
			/not available with Texter: .*URL buttons. Choose another operation or provider/,
		],
		['location request', { type: 'locationRequest', body: 'Where?' }, 'Send Location Request', /not available with Texter/],
		['reaction', { type: 'reaction', messageId: 'wamid.1', emoji: '👍' }, 'Send Reaction', /not available with Texter/],
		['sticker', { type: 'media', mediaKind: 'sticker', source: { link: 'https://x.io/s.webp' } }, 'Media Type', /not stickers/],
		[
			'a sticker among the further files',
			{ type: 'media', mediaKind: 'image', source: { link: 'https://x.io/a.jpg' }, additionalFiles: [{ mediaKind: 'sticker', source: { id: 's' } }] },
			'Media Type',
			/not stickers/,
		],
		[
			'a document file name (no known field)',
			{ type: 'media', mediaKind: 'document', source: { link: 'https://x.io/a.pdf' }, filename: 'a.pdf' },
			'File Name',
			/not available with Texter: its API documents no such field/,
		],
		[
			'a reply-button footer (no known field)',
			{ type: 'replyButtons', body: 'B', footer: 'F', buttons: [{ id: 'a', title: 'A' }] },
			'Footer Text',
			/not available with Texter/,
		],
		[
			'a reply-button text header (no known field)',
			{ type: 'replyButtons', body: 'B', header: { kind: 'text', text: 'H' }, buttons: [{ id: 'a', title: 'A' }] },
			'Header Text',
			/not available with Texter/,
		],
		[
			'a reply-button image header',
			{ type: 'replyButtons', body: 'B', header: { kind: 'image', source: { link: 'https://x.io/p.jpg' } }, buttons: [{ id: 'a', title: 'A' }] },
			'Header',
			/no image, video or document header/,
		],
		[
			'a list header (no known field)',
			{ type: 'list', body: 'B', buttonText: 'O', header: 'H', sections: [{ rows: [{ id: 'r', title: 'R' }] }] },
			'Header Text',
			/not available with Texter/,
		],
		[
			'a list footer (no known field)',
			{ type: 'list', body: 'B', buttonText: 'O', footer: 'F', sections: [{ rows: [{ id: 'r', title: 'R' }] }] },
			'Footer Text',
			/not available with Texter/,
		],
	])('%s: one issue naming the field or operation and Texter', (_case, content, field, problem) => {
		const issues = issuesOf(() => encodeTexterBody(message(content), TMP_SEND_ID));
		expect(issues).toHaveLength(1);
		expect(issues[0]?.field).toBe(field);
		expect(issues[0]?.problem).toMatch(problem);
	});

	it.each<[string, Recipient]>([
		['a phone number', { kind: 'phoneNumber', digits: '919880132082' }],
		['a business-scoped user ID', { kind: 'bsuid', bsuid: 'US.13491208655302741918' }],
	])('refuses %s as the recipient, before any URL is made from it', (_case, recipient) => {
		const text: SessionContent = { type: 'text', body: 'Hi', previewUrl: false };
		const expected = [{ field: 'Recipient Phone Number', problem: 'is not available with Texter: Texter sends into a chat; give its Chat ID' }];
		expect(issuesOf(() => encodeTexterBody({ recipient, content: text }, TMP_SEND_ID))).toEqual(expected);
		expect(issuesOf(() => encodeForTexter({ recipient, content: text }, 'https://acme.texterchat.com', () => 'r'))).toEqual(expected);
	});
});

describe('encodeForTexter: URL and client id', () => {
	const text: SessionContent = { type: 'text', body: 'Hi', previewUrl: false };

	it('posts to the chat, its ID percent-encoded', () => {
		const request = encodeForTexter(message(text, { recipient: { kind: 'chatId', chatId: 'chat/1?x' } }), 'https://acme.texterchat.com', () => 'r');
		expect(request.url).toBe('https://acme.texterchat.com/server/api/v2/messages/send/chat%2F1%3Fx');
		expect(request.method).toBe('POST');
	});

	it('sends the user\'s client message id as tmpSendId', () => {
		const request = encodeForTexter(message(text, { clientMessageId: 'mine-3' }), 'https://a.texterchat.com', () => 'r');
		expect(request.clientMessageId).toBe('mine-3');
		expect(request.body.tmpSendId).toBe('mine-3');
	});

	it('makes a fresh random tmpSendId for each message when none is given', () => {
		const connection = texterProvider.connect({ projectId: 'acme', apiToken: 'tok' });
		const requests = [1, 2, 3].map(() => connection.encode(message(text)));
		expect(new Set(requests.map((request) => request.clientMessageId)).size).toBe(3);
		for (const request of requests) {
			expect(request.clientMessageId).toMatch(/^[0-9a-f-]{36}$/);
			expect(request.body.tmpSendId).toBe(request.clientMessageId);
		}
	});

	it('keeps the token secret', () => {
		expect(texterProvider.connect({ projectId: 'acme', apiToken: 'tok-SECRET' }).secrets).toEqual(['tok-SECRET']);
	});
});

describe('texterBaseUrl', () => {
	it.each<[IDataObject, string]>([
		[{ projectId: 'acme' }, 'https://acme.texterchat.com'],
		[{ projectId: ' Acme-2 ' }, 'https://acme-2.texterchat.com'],
		[{ projectId: 'acme', baseUrl: '' }, 'https://acme.texterchat.com'],
		[{ projectId: '', baseUrl: 'http://127.0.0.1:9000/' }, 'http://127.0.0.1:9000'],
		[{ projectId: 'acme', baseUrl: 'proxy.example.com/texter' }, 'https://proxy.example.com/texter'],
	])('%j → %s', (credentials, url) => {
		expect(texterBaseUrl(credentials)).toBe(url);
		expect(texterSendUrl(texterBaseUrl(credentials), 'c1')).toBe(`${url}/server/api/v2/messages/send/c1`);
	});

	it.each<[IDataObject, RegExp]>([
		[{ projectId: '' }, /Project ID is empty/],
		[{ projectId: 'acme.texterchat.com' }, /Project ID may only contain letters, digits and hyphens/],
		[{ projectId: 'evil.com/x?' }, /Project ID may only contain/],
		[{ projectId: '-acme' }, /Project ID may only contain/],
		[{ projectId: 'acme', baseUrl: 'ftp://x' }, /Base URL must use http/],
	])('refuses %j', (credentials, problem) => {
		expect(() => texterBaseUrl(credentials)).toThrow(CredentialSettingError);
		expect(() => texterBaseUrl(credentials)).toThrow(problem);
	});
});

describe('decodeTexterAccepted', () => {
	it.each<[unknown, string | null]>([
		[{ success: true, messages: [{ _id: 't1', channelInfo: { id: 'wamid.ABC' }, status: 'pending' }] }, 'wamid.ABC'],
		[{ success: true, messages: [{ _id: 't1', channelInfo: {} }] }, 't1'],
		[{ success: true, messages: [{ _id: 't1', channelInfo: { id: '' } }] }, 't1'],
		[{ success: true, messages: [{ _id: 't1' }] }, 't1'],
		[{ success: true, messages: ['junk', { _id: 't2' }] }, 't2'],
		[{ success: true, messages: [] }, null],
		[{ success: true }, null],
		[null, null],
	])('%j → %j', (body, messageId) => {
		expect(decodeTexterAccepted(body)).toEqual({ messageId });
	});
});

describe('decodeTexterError', () => {
	it.each<[number, unknown, ProviderErrorKind]>([
		[404, { success: false, message: 'Chat not found' }, 'chatNotFound'],
		[403, { success: false, message: 'Missing scope' }, 'missingScope'],
		[401, { success: false, message: 'Invalid token' }, 'authentication'],
		[429, {}, 'rateLimited'],
		[500, 'Internal Server Error', 'serverError'],
		[400, { success: false, message: 'text is required' }, 'invalidParameter'],
		// WhatsApp's own codes passed through decide over the status.
		[400, { success: false, code: 131047, message: 'Re-engagement message' }, 'windowClosed'],
		[400, { success: false, error: { code: 131047, message: 'Re-engagement message' } }, 'windowClosed'],
		[400, { errorCode: '131026' }, 'undeliverable'],
		[400, { code: 'SOMETHING' }, 'invalidParameter'],
	])('HTTP %i %j → %s', (status, body, kind) => {
		expect(decodeTexterError(status, body).kind).toBe(kind);
	});

	it('keeps the code and the words', () => {
		expect(decodeTexterError(400, { success: false, error: { code: 131047, message: 'Re-engagement' } })).toEqual({
			kind: 'windowClosed',
			providerCode: '131047',
			providerMessage: 'Re-engagement',
		});
		expect(decodeTexterError(404, { success: false, error: 'Chat not found' }).providerMessage).toBe('Chat not found');
	});

	it.each<[number, RegExp, RegExp]>([
		[404, /No chat with this Chat ID exists/, /Search Chats/],
		[403, /not allowed to send session messages/, /Send session message/],
		[401, /rejected the access token or API key/, /Texter.*API Tokens.*Send session message/],
	])('HTTP %i says what to do', (status, message, advice) => {
		const wording = wordProviderError(decodeTexterError(status, { success: false }), status, PROVIDERS.texter);
		expect(wording.message).toMatch(message);
		expect(wording.description).toMatch(advice);
	});
});
