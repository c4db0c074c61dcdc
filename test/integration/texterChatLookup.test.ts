import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../support/executeNode';
import { useMockProvider, type MockReply, type RecordedRequest } from '../support/mockProvider';
import { bodyOf } from '../support/recordedRequests';
import { texterAccepted, texterError } from '../support/providerReplies';

/**
 * A phone number as Texter's recipient: the node finds the chat with Texter's Search Chats
 * (`GET /server/api/v2/chats/search?search=<digits>`, `{data: [{_id, clientPhoneE164}], total}`),
 * once per number per run, through the same limiter and 429 handling as the sends.
 */
const TOKEN = 'texter_tok_SECRET_lookup_9z8y';
const SEARCH_PATH = '/server/api/v2/chats/search';
const CHATS: Record<string, Array<{ _id: string; clientPhoneE164: string }>> = {
	'972525550101': [
		{ _id: '6650a1b2c3d4e5f6a7b8c9d0', clientPhoneE164: '+972525550101' },
		// The search matches parts of numbers: a longer number that contains these digits is another chat.
		{ _id: '6650a1b2c3d4e5f6a7b8ffff', clientPhoneE164: '+9725255501019' },
	],
	'919880132082': [
		{ _id: 'chat-a', clientPhoneE164: '+919880132082' },
		{ _id: 'chat-b', clientPhoneE164: '+91 98801 32082' },
	],
};

const { provider, url: mockUrl } = useMockProvider();

function searchedDigits(request: RecordedRequest): string {
	return new URL(request.path, 'http://mock').searchParams.get('search') ?? '';
}

function texterWithChats(request: RecordedRequest, index: number): MockReply {
	if (request.method !== 'GET') return texterAccepted(request, index);
	const data = CHATS[searchedDigits(request)] ?? [];
	return { status: 200, body: { data, total: data.length } };
}

beforeEach(() => provider.respondWith(texterWithChats));

const credentials = () => ({ texterApi: { projectId: 'acme', apiToken: TOKEN, baseUrl: mockUrl() } });

const textTo = (recipient: string): IDataObject => ({
	provider: 'texter',
	resource: 'message',
	operation: 'sendText',
	recipient,
	textBody: 'Your order shipped',
});

const searches = () => provider.requests.filter((request) => request.method === 'GET');
const sends = () => provider.requests.filter((request) => request.method === 'POST');
const descriptionOf = (error: Error | undefined): string => String(Reflect.get(error ?? {}, 'description'));

describe('Texter: a phone number as the recipient, through Search Chats', () => {
	it('finds the chat whose phone is exactly the number, then sends into it', async () => {
		const result = await runNode({ parameters: textTo('+972 52 555 0101'), credentials: credentials() });

		expect(result.error).toBeUndefined();
		const [search] = searches();
		expect(search?.path).toBe(`${SEARCH_PATH}?search=972525550101`);
		expect(search?.headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(sends().map((request) => request.path)).toEqual(['/server/api/v2/messages/send/6650a1b2c3d4e5f6a7b8c9d0']);
		expect(bodyOf(sends()[0])).toMatchObject({ type: 'text', text: 'Your order shipped' });
		expect(result.output[0]?.json).toMatchObject({ recipient: '6650a1b2c3d4e5f6a7b8c9d0', messageId: 'wamid.texter.2' });
	});

	it('searches once per distinct number in a run, however the number is written', async () => {
		const written = ['+972 52 555 0101', '00972-52-555-0101', '+972525550101', '6650a1b2c3d4e5f6a7b8ffff'];
		const result = await runNode({
			parameters: (itemIndex) => textTo(written[itemIndex] ?? ''),
			items: written.map(() => ({ json: {} })),
			credentials: credentials(),
		});

		expect(result.error).toBeUndefined();
		expect(searches()).toHaveLength(1);
		expect(sends()).toHaveLength(4);
		expect(result.output.map((item) => item.json.recipient)).toEqual([
			'6650a1b2c3d4e5f6a7b8c9d0',
			'6650a1b2c3d4e5f6a7b8c9d0',
			'6650a1b2c3d4e5f6a7b8c9d0',
			'6650a1b2c3d4e5f6a7b8ffff',
		]);
	});

	it('searches again in the next run: a chat opened since is found', async () => {
		await runNode({ parameters: textTo('+972525550101'), credentials: credentials() });
		await runNode({ parameters: textTo('+972525550101'), credentials: credentials() });
		expect(searches()).toHaveLength(2);
	});

	it('waits out a 429 on the search through the run\'s limiter, then sends', async () => {
		provider.respondWith((request, index) =>
			index === 0 ? { status: 429, headers: { 'retry-after': '1' }, body: { message: 'Too Many Requests' } } : texterWithChats(request, index),
		);
		const result = await runNode({ parameters: textTo('+972525550101'), credentials: credentials() });

		expect(result.error).toBeUndefined();
		expect(searches()).toHaveLength(2);
		const [first, second] = searches();
		expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(900);
		expect(sends()).toHaveLength(1);
	});

	it.each<[string, string, RegExp, RegExp]>([
		[
			'no chat',
			'+1 415 555 0100',
			/^Item 0: Texter has no chat with \+14155550100$/,
			/the customer must have written first.*Nothing was sent for this item\.$/,
		],
		[
			'two chats',
			'+91 98801 32082',
			/^Item 0: Texter has 2 chats with \+919880132082$/,
			/The chats are chat-a, chat-b\. Pick the chat ID you mean/,
		],
	])('%s: the item fails with the number and what to do, and nothing is sent', async (_case, recipient, message, advice) => {
		const result = await runNode({ parameters: textTo(recipient), credentials: credentials(), continueOnFail: true });

		expect(result.output[0]?.json.error).toMatch(message);
		expect(String(result.output[0]?.json.description)).toMatch(advice);
		expect(searches()).toHaveLength(1);
		expect(sends()).toHaveLength(0);
	});

	it('fails only the items whose number has no chat; the others are sent', async () => {
		const written = ['+14155550100', '+972525550101'];
		const result = await runNode({
			parameters: (itemIndex) => textTo(written[itemIndex] ?? ''),
			items: written.map(() => ({ json: {} })),
			credentials: credentials(),
			continueOnFail: true,
		});
		expect(result.output[0]?.json.error).toMatch(/no chat with \+14155550100/);
		expect(result.output[1]?.json.recipient).toBe('6650a1b2c3d4e5f6a7b8c9d0');
		expect(sends()).toHaveLength(1);
	});

	it.each<[string, MockReply, RegExp]>([
		['a token without the search scope', texterError(403, 'Insufficient scope'), /HTTP 403.*"List all chats" scope/],
		['an answer of another shape', { status: 200, body: { chats: [] } }, /answered in a shape this node does not know/],
	])('%s: nothing is sent, and the error says why', async (_case, reply, wording) => {
		provider.respondWith((request, index) => (request.method === 'GET' ? reply : texterAccepted(request, index)));
		const result = await runNode({ parameters: textTo('+972525550101'), credentials: credentials() });

		expect(`${result.error?.message ?? ''} ${descriptionOf(result.error)}`).toMatch(wording);
		expect(descriptionOf(result.error)).toMatch(/Nothing was sent for this item\.$/);
		expect(JSON.stringify(result.error)).not.toContain(TOKEN);
		expect(sends()).toHaveLength(0);
	});

	it('refuses a number without its country code before any request', async () => {
		const result = await runNode({ parameters: textTo('052 555 0101'), credentials: credentials() });
		expect(result.error?.message).toBe('Item 0: "Chat ID" "052 555 0101" must start with the country code (for example +91 98801 32082, not 098801 32082)');
		expect(provider.requests).toHaveLength(0);
	});
});
