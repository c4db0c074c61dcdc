import { isPlainObject, toText } from '../../util/values';
import type { ChatLookup, ChatLookupResult } from '../contract/chatLookup';
import { TEXTER_API_PATH, texterBaseUrl } from './endpoint';

/**
 * Texter's Search Chats (seed 003 names it for this: "obtain [the chat ID] by using the Search
 * Chats endpoint with the contact's phone number"): `GET /server/api/v2/chats/search?search=<text>`
 * with the "List all chats" scope, answering `{data: [{_id, clientPhoneE164, …}], total}`.
 * The search matches names and parts of numbers too, so only a chat whose `clientPhoneE164` is
 * exactly the number counts. Whether a first page can hide an exact match among many partial ones
 * is not documented (*unverified*): the digits of a full number rarely occur inside another one.
 */
export const texterChatLookup: ChatLookup = {
	connect: (credentials) => {
		const baseUrl = texterBaseUrl(credentials);
		return (phoneDigits) => ({ url: texterSearchChatsUrl(baseUrl, phoneDigits) });
	},
	decode: decodeTexterChatSearch,
	permissionHelp:
		'Give the API token the "List all chats" scope in Texter (gear icon → Developers → API Tokens), or put the chat ID in the recipient field',
};

export function texterSearchChatsUrl(baseUrl: string, phoneDigits: string): string {
	// Digits only: a "+" would need encoding, and every E.164 form holds the digits.
	return `${baseUrl}${TEXTER_API_PATH}/chats/search?search=${encodeURIComponent(phoneDigits)}`;
}

/** Pure: the chats of the answer whose phone is exactly these digits (Texter writes them "+E.164"). */
export function decodeTexterChatSearch(body: unknown, phoneDigits: string): ChatLookupResult {
	if (!isPlainObject(body) || !Array.isArray(body.data)) return { kind: 'unreadable' };
	const chatIds = body.data
		.filter(isPlainObject)
		.filter((chat) => digitsOf(toText(chat.clientPhoneE164)) === phoneDigits)
		.map((chat) => toText(chat._id) ?? '')
		.filter((chatId) => chatId !== '');
	const distinct = [...new Set(chatIds)];
	const [only] = distinct;
	if (only === undefined) return { kind: 'none' };
	return distinct.length === 1 ? { kind: 'found', chatId: only } : { kind: 'several', chatIds: distinct };
}

function digitsOf(phone: string | undefined): string | undefined {
	return phone?.replace(/\D/g, '');
}
