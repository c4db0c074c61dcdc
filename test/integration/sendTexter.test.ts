import type { IDataObject } from 'n8n-workflow';

import { runNode, type RunResult } from '../support/executeNode';
import { useMockProvider } from '../support/mockProvider';
import { bodyOf, theOnlyPost } from '../support/recordedRequests';
import { texterAccepted, texterError } from '../support/providerReplies';

const TOKEN = 'texter_tok_SECRET_1a2b3c4d';
const CHAT_ID = '6650a1b2c3d4e5f6a7b8c9d0';
const EXPECTED_PATH = `/server/api/v2/messages/send/${CHAT_ID}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const { provider, url: mockUrl } = useMockProvider();

beforeEach(() => provider.respondWith(texterAccepted));

// The Base URL override points the project at the mock provider.
const credentials = (overrides: IDataObject = {}) => ({
	texterApi: { projectId: 'acme', apiToken: TOKEN, baseUrl: mockUrl(), ...overrides },
});

const form = (operation: string, extra: IDataObject): IDataObject => ({
	provider: 'texter',
	resource: 'message',
	operation,
	recipient: CHAT_ID,
	...extra,
});

const descriptionOf = (result: RunResult): string => String(Reflect.get(result.error ?? {}, 'description'));

/** Each operation Texter carries: the form, and the body it must produce besides `tmpSendId`. */
const OPERATIONS: Array<[string, IDataObject, IDataObject]> = [
	['sendText', { textBody: 'Hello!' }, { type: 'text', text: 'Hello!' }],
	[
		'sendMedia',
		{
			mediaType: 'image',
			mediaSource: 'url',
			mediaUrl: 'https://example.com/a.jpg',
			caption: 'Two photos',
			additionalFiles: { file: [{ mediaType: 'document', mediaSource: 'id', mediaId: 'file-77' }] },
		},
		{
			type: 'media',
			text: 'Two photos',
			media: [
				{ mediaType: 'image', url: 'https://example.com/a.jpg' },
				{ mediaType: 'document', fileId: 'file-77' },
			],
		},
	],
	[
		'sendLocation',
		{ latitude: 32.0853, longitude: 34.7818, locationName: 'Office' },
		{ type: 'location', location: { latitude: 32.0853, longitude: 34.7818, name: 'Office' } },
	],
	[
		'sendContacts',
		{ contacts: { contact: [{ formattedName: 'Asha Rao', phones: { phone: [{ phone: '+91 98801 32082', type: 'CELL' }] } }] } },
		{ type: 'contacts', contacts: [{ name: { formatted_name: 'Asha Rao' }, phones: [{ phone: '+91 98801 32082', type: 'CELL' }] }] },
	],
	[
		'sendReplyButtons',
		{ bodyText: 'Confirm?', buttons: { button: [{ id: 'y', title: 'Yes' }, { id: 'n', title: 'No' }] } },
		{ type: 'buttons', text: 'Confirm?', buttons: [{ payload: 'y', title: 'Yes' }, { payload: 'n', title: 'No' }] },
	],
	[
		'sendList',
		{ bodyText: 'Pick a plan', listButtonText: 'Plans', sections: { section: [{ title: 'All', rows: { row: [{ id: 'b', title: 'Basic' }] } }] } },
		{ type: 'list', text: 'Pick a plan', list: { button: 'Plans', sections: [{ title: 'All', rows: [{ payload: 'b', title: 'Basic' }] }] } },
	],
];

describe('Texter through execute() over real HTTP', () => {
	it.each(OPERATIONS)('%s: chat path, Bearer token, exact body and output', async (operation, fields, expectedBody) => {
		const result = await runNode({ parameters: form(operation, fields), credentials: credentials() });

		const request = theOnlyPost(result, provider, EXPECTED_PATH);
		expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
		const body = bodyOf(request);
		expect(body.tmpSendId).toMatch(UUID);
		expect(body).toEqual({ ...expectedBody, tmpSendId: body.tmpSendId });
		expect(result.output).toEqual([
			{
				json: {
					messageId: 'wamid.texter.1',
					recipient: CHAT_ID,
					provider: 'texter',
					status: 'accepted',
					response: {
						success: true,
						messages: [
							{
								_id: 'texter-1',
								channelInfo: { name: 'whatsapp', id: 'wamid.texter.1' },
								status: 'pending',
								type: expectedBody.type,
								timestamp: 1_762_200_315_209,
							},
						],
					},
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('quotes with `context` and uses the given client message id as tmpSendId', async () => {
		await runNode({
			parameters: form('sendText', { textBody: 'Yes', options: { replyToMessageId: 'wamid.CUSTOMER1', clientMessageId: 'order-1042-reply' } }),
			credentials: credentials(),
		});
		expect(bodyOf(provider.requests[0])).toEqual({ type: 'text', text: 'Yes', context: 'wamid.CUSTOMER1', tmpSendId: 'order-1042-reply' });
	});

	it('takes the chat ID as written, percent-encoded into the path', async () => {
		const result = await runNode({ parameters: form('sendText', { textBody: 'Hi', recipient: ' 972521234567@c.us ' }), credentials: credentials() });
		expect(result.error).toBeUndefined();
		expect(provider.requests[0]?.path).toBe('/server/api/v2/messages/send/972521234567%40c.us');
		expect(result.output[0]?.json.recipient).toBe('972521234567@c.us');
	});

	it('refuses a Project ID that cannot be a host name, and sends nothing', async () => {
		const result = await runNode({
			parameters: form('sendText', { textBody: 'Hi' }),
			credentials: credentials({ baseUrl: '', projectId: 'bad project' }),
		});
		expect(result.error?.message).toMatch(/Project ID may only contain letters, digits and hyphens/);
		expect(provider.requests).toHaveLength(0);
	});

	it.each<[string, ReturnType<typeof texterError>, RegExp, RegExp]>([
		['a chat that does not exist', texterError(404, 'Chat not found'), /No chat with this Chat ID exists/, /Search Chats/],
		['a token without the scope', texterError(403, 'Insufficient scope'), /not allowed to send session messages/, /"Send session message"/],
		['a rejected token', texterError(401, 'Unauthorized'), /rejected the access token or API key/, /API Tokens/],
		[
			'a closed window, with WhatsApp\'s code passed through',
			texterError(400, 'Re-engagement message', 131047),
			/^The 24-hour session window is closed for this contact; send a template message instead$/,
			/provider code 131047/,
		],
	])('%s: plain words and what to do', async (_case, reply, message, advice) => {
		provider.respondWith(() => reply);
		const result = await runNode({ parameters: form('sendText', { textBody: 'Hi' }), credentials: credentials() });
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toMatch(message);
		expect(descriptionOf(result)).toMatch(advice);
		expect(descriptionOf(result)).toContain(`HTTP ${reply.status}`);
		expect(provider.requests).toHaveLength(1);
	});

	it.each<[string, IDataObject, string]>([
		[
			'sendCtaUrl',
			{ bodyText: 'Your order', ctaButtonText: 'See order', ctaUrl: 'https://example.com/o/1' },
			'Item 0: "Send Call-to-Action URL" is not available with Texter: its session messages have no URL buttons. Choose another operation or provider',
		],
		[
			'sendMedia',
			{
				mediaType: 'image',
				mediaUrl: 'https://example.com/0.jpg',
				additionalFiles: { file: Array.from({ length: 10 }, (_unused, index) => ({ mediaType: 'image', mediaUrl: `https://example.com/${index + 1}.jpg` })) },
			},
			'Item 0: "Additional Files" make 11 files in one message; Texter takes at most 10',
		],
		['sendText', { textBody: 'Hi', recipient: '' }, 'Item 0: "Chat ID" is required'],
		[
			'sendMedia',
			{
				mediaType: 'image',
				mediaUrl: 'https://example.com/0.jpg',
				additionalFiles: { file: [{ mediaType: 'image', mediaSource: 'url', mediaUrl: 'ftp://example.com/1.jpg' }] },
			},
			'Item 0: "Additional Files › File 0 › Media URL" must be an http:// or https:// URL (got "ftp://example.com/1.jpg")',
		],
	])('%s: refused before anything is sent', async (operation, fields, message) => {
		const result = await runNode({ parameters: form(operation, fields), credentials: credentials() });
		expect(result.error?.message).toBe(message);
		expect(provider.requests).toHaveLength(0);
	});

	it('sends 10 files in one message', async () => {
		const result = await runNode({
			parameters: form('sendMedia', {
				mediaType: 'image',
				mediaUrl: 'https://example.com/0.jpg',
				additionalFiles: { file: Array.from({ length: 9 }, (_unused, index) => ({ mediaType: 'video', mediaUrl: `https://example.com/${index + 1}.mp4` })) },
			}),
			credentials: credentials(),
		});
		expect(result.error).toBeUndefined();
		expect(bodyOf(provider.requests[0]).media).toHaveLength(10);
	});

	it('never shows the token, even when Texter echoes it', async () => {
		provider.respondWith((request) => texterError(400, `bad token ${String(request.headers.authorization)}`));
		const failed = await runNode({ parameters: form('sendText', { textBody: 'Hi' }), credentials: credentials(), continueOnFail: true });
		const everything = JSON.stringify(failed.output);
		expect(everything).toContain('[redacted]');
		expect(everything).not.toContain(TOKEN);
	});
});
