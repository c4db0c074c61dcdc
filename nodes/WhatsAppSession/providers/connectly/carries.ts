import type { MediaKind, SessionContentType } from '../../message/types';

/** What Connectly's session messages carry, and why each other message type cannot be sent with it. */

/** The message types Connectly's session messages have; the others are refused before sending. */
export const CONNECTLY_CONTENT_TYPES = ['text', 'media', 'location', 'replyButtons', 'list', 'product', 'productList'] as const satisfies readonly SessionContentType[];

/** Templates have an endpoint and a body of their own (connectlyTemplate.ts). */
type ConnectlyCarried = (typeof CONNECTLY_CONTENT_TYPES)[number] | 'template';

/** Why each message type Connectly has no field for cannot be sent. */
export const CONNECTLY_LACKS: Record<Exclude<SessionContentType, ConnectlyCarried>, string> = {
	contacts: 'its session messages have no contact cards',
	ctaUrl: 'its session messages have no URL buttons',
	locationRequest: 'its session messages cannot ask for a location',
	catalog: 'its session messages have single- and multi-product messages, but no catalog message',
	flow: 'its session messages cannot open a WhatsApp Flow',
	reaction: 'its session messages cannot react to a message',
	readReceipt: 'its API has no read receipts',
};

export const CONNECTLY_MEDIA_KINDS: readonly MediaKind[] = ['image', 'video', 'audio', 'document'];
