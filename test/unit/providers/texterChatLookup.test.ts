import { isWrittenAsPhoneNumber } from '../../../nodes/WhatsAppSession/message/phoneNumber';
import { decodeTexterChatSearch, texterSearchChatsUrl } from '../../../nodes/WhatsAppSession/providers/texter/chatLookup';

describe('Texter Search Chats: the chat of a phone number', () => {
	it.each<[string, unknown, ReturnType<typeof decodeTexterChatSearch>]>([
		['one exact match', { data: [{ _id: 'c1', clientPhoneE164: '+972525550101' }], total: 1 }, { kind: 'found', chatId: 'c1' }],
		['a longer number that contains the digits', { data: [{ _id: 'c2', clientPhoneE164: '+9725255501019' }] }, { kind: 'none' }],
		['a shorter number the digits contain', { data: [{ _id: 'c3', clientPhoneE164: '+97252555010' }] }, { kind: 'none' }],
		['no results', { data: [], total: 0 }, { kind: 'none' }],
		['the same chat twice', { data: [{ _id: 'c1', clientPhoneE164: '+972525550101' }, { _id: 'c1', clientPhoneE164: '+972 52 555 0101' }] }, { kind: 'found', chatId: 'c1' }],
		['two chats', { data: [{ _id: 'c1', clientPhoneE164: '+972525550101' }, { _id: 'c4', clientPhoneE164: '972525550101' }] }, { kind: 'several', chatIds: ['c1', 'c4'] }],
		['a match without an id', { data: [{ clientPhoneE164: '+972525550101' }, 'junk', null] }, { kind: 'none' }],
		['not the search\'s shape', { chats: [] }, { kind: 'unreadable' }],
		['not an object', 'Internal error', { kind: 'unreadable' }],
	])('%s', (_case, body, expected) => {
		expect(decodeTexterChatSearch(body, '972525550101')).toEqual(expected);
	});

	it('searches by the digits on the project\'s host', () => {
		expect(texterSearchChatsUrl('https://acme.texterchat.com', '972525550101')).toBe(
			'https://acme.texterchat.com/server/api/v2/chats/search?search=972525550101',
		);
	});
});

describe('a chat ID field that holds a phone number', () => {
	it.each<[string, boolean]>([
		['+972 52 555 0101', true],
		['972525550101', true],
		['(0091) 98801-32082', true],
		['+1234567890123456789', true],
		['6650a1b2c3d4e5f6a7b8c9d0', false],
		['972521234567@c.us', false],
		// 24 digits: longer than any phone number, so a chat ID.
		['665012345678901234567890', false],
		['chat 42', false],
		// Fewer digits than any phone number: a chat ID.
		['12345', false],
		['+12345', true],
	])('%s → %s', (written, expected) => {
		expect(isWrittenAsPhoneNumber(written)).toBe(expected);
	});
});
