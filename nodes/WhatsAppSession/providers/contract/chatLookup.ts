import type { IDataObject } from 'n8n-workflow';

/**
 * How a provider that sends into its own chats (by chat ID) finds the chat of a phone number, so
 * the user may give either. Declared by its adapter; absent where the provider has no such search.
 */
export interface ChatLookup {
	/** Binds the search to one credential. Throws CredentialSettingError for a missing credential field. */
	connect(credentials: IDataObject): (phoneDigits: string) => { url: string };
	/** The chats in the provider's answer whose phone number is exactly these digits. */
	decode(body: unknown, phoneDigits: string): ChatLookupResult;
	/** Where the user gives the search's permission, in the provider's own words (a token scope). */
	readonly permissionHelp: string;
}

export type ChatLookupResult =
	| { kind: 'found'; chatId: string }
	| { kind: 'none' }
	| { kind: 'several'; chatIds: string[] }
	/** The answer was not the search's shape: nothing is sent, rather than guessing a chat. */
	| { kind: 'unreadable' };
