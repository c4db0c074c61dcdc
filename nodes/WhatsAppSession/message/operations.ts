import type { SessionContentType } from './types';

/** The node's operations, one per WhatsApp session message type. */
export const OPERATIONS = [
	'sendText',
	'sendMedia',
	'sendLocation',
	'sendContacts',
	'sendReplyButtons',
	'sendList',
	'sendCtaUrl',
	'sendLocationRequest',
	'sendProduct',
	'sendProductList',
	'sendCatalog',
	'sendFlow',
	'sendReaction',
	'sendTemplate',
	'markAsRead',
] as const;

export type Operation = (typeof OPERATIONS)[number];

export function isOperation(value: unknown): value is Operation {
	return OPERATIONS.some((operation) => operation === value);
}

/** The message type each operation sends; providers declare what they carry in message types. */
export const OPERATION_CONTENT_TYPES = {
	sendText: 'text',
	sendMedia: 'media',
	sendLocation: 'location',
	sendContacts: 'contacts',
	sendReplyButtons: 'replyButtons',
	sendList: 'list',
	sendCtaUrl: 'ctaUrl',
	sendLocationRequest: 'locationRequest',
	sendProduct: 'product',
	sendProductList: 'productList',
	sendCatalog: 'catalog',
	sendFlow: 'flow',
	sendReaction: 'reaction',
	sendTemplate: 'template',
	markAsRead: 'readReceipt',
} as const satisfies Record<Operation, SessionContentType>;

/**
 * Compiles only while every message type has an operation that sends it: a type added to
 * SessionContent without one would otherwise compile and never be offered on the form.
 */
export type EveryMessageTypeHasAnOperation = AssertTrue<
	[Exclude<SessionContentType, (typeof OPERATION_CONTENT_TYPES)[Operation]>] extends [never] ? true : false
>;
type AssertTrue<Condition extends true> = Condition;

/**
 * The operations whose message reaches the customer only inside the 24-hour window; each may fall
 * back to a template when the provider refuses it for a closed window.
 */
export const SESSION_OPERATIONS = OPERATIONS.filter(
	(operation): operation is Exclude<Operation, 'sendTemplate' | 'markAsRead'> =>
		operation !== 'sendTemplate' && operation !== 'markAsRead',
);

export function isSessionOperation(operation: Operation): boolean {
	return SESSION_OPERATIONS.some((candidate) => candidate === operation);
}
