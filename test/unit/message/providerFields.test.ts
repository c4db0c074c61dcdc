import type { FormValues } from '../../../nodes/WhatsAppSession/message/formValues';
import { readSessionMessage } from '../../../nodes/WhatsAppSession/message/fromForm';
import type { SessionContent } from '../../../nodes/WhatsAppSession/message/types';
import { validateSessionMessage } from '../../../nodes/WhatsAppSession/message/validate';
import { connectlyProvider } from '../../../nodes/WhatsAppSession/providers/connectly/adapter';
import { readConnectlyOptions, type ConnectlyOptions } from '../../../nodes/WhatsAppSession/providers/connectly/options';
import { texterProvider } from '../../../nodes/WhatsAppSession/providers/texter/adapter';
import { issuesOf } from '../../support/invalidInput';

/** The form fields that exist for Connectly and Texter: chat IDs, their own options, more files. */

type Values = Record<string, unknown>;

const formOf = (values: Values): FormValues => ({ get: (name: string) => values[name] });

describe('a chat ID as the recipient (Texter)', () => {
	it.each([
		['6650a1b2c3d4e5f6', '6650a1b2c3d4e5f6'],
		['  chat-1  ', 'chat-1'],
		['972521234567@c.us', '972521234567@c.us'],
		[12345, '12345'],
	])('takes %j as written → %j, not as a phone number', (recipient, chatId) => {
		const message = readSessionMessage('sendText', formOf({ recipient, textBody: 'Hi' }), { recipientKind: 'chatId' });
		expect(message).toEqual({ recipient: { kind: 'chatId', chatId }, content: { type: 'text', body: 'Hi', previewUrl: false } });
	});

	it.each([
		[undefined, 'is required'],
		['   ', 'is required'],
		['.', 'cannot be "."'],
		['..', 'cannot be ".."'],
	])('refuses %j under the label "Chat ID"', (recipient, problem) => {
		expect(issuesOf(() => readSessionMessage('sendText', formOf({ recipient, textBody: 'Hi' }), { recipientKind: 'chatId' }))).toEqual([
			{ field: 'Chat ID', problem },
		]);
	});

	it('still reads a phone number by default, and for "whatsAppUser"', () => {
		const form = formOf({ recipient: '+91 98801-32082', textBody: 'Hi' });
		expect(readSessionMessage('sendText', form, { recipientKind: 'whatsAppUser' })).toEqual(readSessionMessage('sendText', form));
		expect(readSessionMessage('sendText', form).recipient).toEqual({ kind: 'phoneNumber', digits: '919880132082' });
	});

	it('keeps a BSUID-shaped chat ID as a chat ID: only the provider decides what its field holds', () => {
		const message = readSessionMessage('sendText', formOf({ recipient: 'US.13491208655302741918', textBody: 'Hi' }), { recipientKind: 'chatId' });
		expect(message.recipient).toEqual({ kind: 'chatId', chatId: 'US.13491208655302741918' });
	});
});

describe('the client message id, an option of the canonical message', () => {
	it.each<[string, Values, Record<string, string>]>([
		['none', {}, {}],
		['empty', { clientMessageId: ' ' }, {}],
		['client message id, trimmed', { clientMessageId: ' 01FPW47QF69Y5JZH24605VAKQB ' }, { clientMessageId: '01FPW47QF69Y5JZH24605VAKQB' }],
		['a numeric client message id from an expression', { clientMessageId: 1042 }, { clientMessageId: '1042' }],
	])('%s', (_case, options, expected) => {
		const message = readSessionMessage('sendText', formOf({ recipient: '+14155550100', textBody: 'Hi', options }));
		expect(message.clientMessageId === undefined ? {} : { clientMessageId: message.clientMessageId }).toEqual(expected);
	});
});

describe('Connectly\'s own options', () => {
	const readForConnectly = (values: Values) => readSessionMessage('sendText', formOf(values), { readExtras: connectlyProvider.extras.read });

	it.each<[string, Values, ConnectlyOptions]>([
		['none', {}, {}],
		['empty texts', { clientMessageId: ' ', campaignName: '', recipientName: '', senderPhoneNumber: '', callbackData: '' }, {}],
		['campaign and recipient name', { campaignName: 'spring', recipientName: 'Asha Rao' }, { campaignName: 'spring', recipientName: 'Asha Rao' }],
		['sender number, normalised', { senderPhoneNumber: '+1 (415) 111-1234' }, { senderPhoneNumber: '14151111234' }],
		['callback data as JSON text', { callbackData: '{"orderId": 1042}' }, { callbackData: { orderId: 1042 } }],
		['callback data as a JSON string', { callbackData: '"order-1042"' }, { callbackData: 'order-1042' }],
		['callback data as JSON null', { callbackData: 'null' }, { callbackData: null }],
		['callback data from an expression: object', { callbackData: { a: [1, true, null] } }, { callbackData: { a: [1, true, null] } }],
		['callback data from an expression: number', { callbackData: 0 }, { callbackData: 0 }],
		['callback data from an expression: false', { callbackData: false }, { callbackData: false }],
	])('%s', (_case, options, extras) => {
		expect(readConnectlyOptions(options)).toEqual(extras);
	});

	it('reports every bad option at once', () => {
		const issues = issuesOf(() => readConnectlyOptions({ callbackData: 'order-1042', senderPhoneNumber: '0415 111' }));
		expect(issues.map((issue) => issue.field)).toEqual(['Callback Data', 'Sender Phone Number']);
		expect(issues[0]?.problem).toMatch(/^is not valid JSON: .*Write text in double quotes, for example "order-1042"$/);
		expect(issues[1]?.problem).toMatch(/country code/);
	});

	it.each([[Number.NaN], [Number.POSITIVE_INFINITY], [{ a: Number.NaN }]])('refuses callback data %j that JSON cannot hold', (callbackData) => {
		expect(issuesOf(() => readConnectlyOptions({ callbackData }))).toEqual([
			{ field: 'Callback Data', problem: expect.stringMatching(/^must be a JSON value/) },
		]);
	});

	it('puts them on the message only when there are any', () => {
		const plain = readForConnectly({ recipient: '+14155550100', textBody: 'Hi', options: { timeoutSeconds: 5 } });
		expect(plain).not.toHaveProperty('extras');
		const withOptions = readForConnectly({ recipient: '+14155550100', textBody: 'Hi', options: { campaignName: 'c', replyToMessageId: 'wamid.1' } });
		expect(withOptions).toMatchObject({ replyToMessageId: 'wamid.1', extras: { campaignName: 'c' } });
	});

	it('reports a bad option together with a bad recipient and bad content', () => {
		const issues = issuesOf(() =>
			readSessionMessage('sendMedia', formOf({ recipient: 'abc', mediaType: 'gif', options: { callbackData: '{' } }), {
				readExtras: connectlyProvider.extras.read,
			}),
		);
		expect(issues.map((issue) => issue.field)).toEqual(['Recipient Phone Number', 'Media Type', 'Callback Data']);
	});
});

describe('additional files (Texter)', () => {
	const media = (additionalFiles: unknown): Values => ({
		recipient: 'chat-1',
		mediaType: 'image',
		mediaSource: 'url',
		mediaUrl: 'https://x.io/0.jpg',
		additionalFiles,
	});
	const read = (values: Values) =>
		readSessionMessage('sendMedia', formOf(values), { recipientKind: 'chatId', readExtras: texterProvider.extras.read });

	it('reads the form\'s list of files, each with its own type and source', () => {
		const message = read(
			media({
				file: [
					{ mediaType: 'video', mediaSource: 'url', mediaUrl: ' https://x.io/1.mp4 ' },
					{ mediaType: 'document', mediaSource: 'id', mediaId: 'file-9' },
				],
			}),
		);
		expect(message.content).toEqual<SessionContent>({ type: 'media', mediaKind: 'image', source: { link: 'https://x.io/0.jpg' } });
		expect(message.extras).toEqual({
			additionalFiles: [
				{ mediaKind: 'video', source: { link: 'https://x.io/1.mp4' } },
				{ mediaKind: 'document', source: { id: 'file-9' } },
			],
		});
	});

	it('reads an array an expression produced', () => {
		const message = read(media([{ mediaType: 'audio', mediaUrl: 'https://x.io/a.ogg' }]));
		expect(message.extras).toMatchObject({ additionalFiles: [{ mediaKind: 'audio', source: { link: 'https://x.io/a.ogg' } }] });
	});

	it.each([[undefined], [{}], [{ file: [] }], ['']])('leaves them out when there are none (%j)', (additionalFiles) => {
		expect(read(media(additionalFiles))).not.toHaveProperty('extras');
	});

	it('names a bad file by its place in the list', () => {
		expect(issuesOf(() => read(media({ file: [{ mediaType: 'image', mediaUrl: 'https://x.io/1.jpg' }, { mediaType: 'gif' }] })))).toEqual([
			{ field: 'Additional Files › File 1 › Media Type', problem: 'must be one of image, video, audio, document, sticker (got gif)' },
		]);
	});

	it('validates every file\'s source, named by its place', () => {
		const message = read(
			media({
				file: [
					{ mediaType: 'image', mediaSource: 'url', mediaUrl: 'ftp://x.io/1.jpg' },
					{ mediaType: 'image', mediaSource: 'id', mediaId: ' ' },
				],
			}),
		);
		expect(validateSessionMessage(message, texterProvider.extras.validate)).toEqual([
			{ field: 'Additional Files › File 0 › Media URL', problem: 'must be an http:// or https:// URL (got "ftp://x.io/1.jpg")' },
			{ field: 'Additional Files › File 1 › Media ID', problem: 'is required' },
		]);
	});
});
