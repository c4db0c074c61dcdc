import { GET_MEDIA_OPERATION } from './media/receivedFile';

/**
 * The shape of one output item, for n8n's field picker before the node has run. n8n 2.x asks for
 * `/schemas/<package>.<node>/<version>/<resource>/<operation>.json` and serves it from
 * `__schema__/v<version>/<resource>/<operation>.json` next to the node's compiled file; the build
 * (gulpfile.js, `build:schemas`) writes the operation's schema there (outputSchemaFor). Every
 * message operation puts out the same shape, whatever the provider; Get Media has its own.
 */
export const MESSAGE_OUTPUT_SCHEMA = {
	type: 'object',
	properties: {
		messageId: { type: 'string' },
		recipient: { type: 'string' },
		waId: { type: 'string' },
		userId: { type: 'string' },
		provider: { type: 'string' },
		status: { type: 'string' },
		sentAs: { type: 'string' },
		windowClosedCode: { type: 'string' },
		mediaId: { type: 'string' },
		response: { type: 'object' },
	},
	required: ['messageId', 'recipient', 'provider', 'status', 'response'],
	version: 1,
} as const;

/** Get Media's item: the file itself is its binary field, which the field picker does not list. */
export const GET_MEDIA_OUTPUT_SCHEMA = {
	type: 'object',
	properties: {
		mediaId: { type: 'string' },
		provider: { type: 'string' },
		fileName: { type: 'string' },
		mimeType: { type: 'string' },
		sha256: { type: 'string' },
		fileSize: { type: 'number' },
		sha256Checked: { type: 'boolean' },
	},
	required: ['provider', 'fileName', 'mimeType', 'sha256', 'fileSize', 'sha256Checked'],
	version: 1,
} as const;

/** The schema the build writes for an operation: Get Media's own, the message shape for the rest. */
export function outputSchemaFor(operation: string): typeof MESSAGE_OUTPUT_SCHEMA | typeof GET_MEDIA_OUTPUT_SCHEMA {
	return operation === GET_MEDIA_OPERATION ? GET_MEDIA_OUTPUT_SCHEMA : MESSAGE_OUTPUT_SCHEMA;
}

const text = { type: 'string' } as const;
const object = (properties: Record<string, unknown>) => ({ type: 'object', properties }) as const;

/**
 * The trigger's item (trigger/item.ts): the same keys for every provider. It has no resource or
 * operation, so n8n reads it from `__schema__/v<version>.json`; the sending node's files sit in
 * sub-folders of the same `__schema__`, as both nodes share a folder.
 */
export const TRIGGER_OUTPUT_SCHEMA = {
	type: 'object',
	properties: {
		event: text,
		provider: text,
		receivedAt: text,
		from: text,
		userId: text,
		name: text,
		phoneNumberId: text,
		businessNumber: text,
		messageId: text,
		timestamp: text,
		type: text,
		text,
		media: object({ kind: text, id: text, url: text, mimeType: text, sha256: text, caption: text, filename: text, voice: { type: 'boolean' } }),
		location: object({ latitude: { type: 'number' }, longitude: { type: 'number' }, name: text, address: text }),
		contacts: { type: 'array', items: { type: 'object' } },
		reply: object({ id: text, title: text, description: text, kind: text }),
		reaction: object({ messageId: text, emoji: text }),
		order: object({
			catalogId: text,
			text,
			items: { type: 'array', items: object({ productRetailerId: text, quantity: { type: 'number' }, itemPrice: { type: 'number' }, currency: text }) },
			itemsLeftOut: { type: 'number' },
		}),
		flowReply: object({ name: text, body: text, token: text, response: { type: 'object' }, responseProblem: text, contextMessageId: text }),
		system: object({ type: text, body: text, newWaId: text, newUserId: text, previousUserId: text }),
		context: object({ messageId: text, from: text }),
		referral: object({
			sourceUrl: text,
			sourceId: text,
			sourceType: text,
			headline: text,
			body: text,
			mediaType: text,
			imageUrl: text,
			videoUrl: text,
			thumbnailUrl: text,
			ctwaClid: text,
		}),
		// Echoed back by the provider: text at most providers, any JSON where the provider takes JSON.
		callbackData: { type: 'string', description: 'What the sending node attached to the message, echoed back by the provider' },
		status: text,
		businessAccountId: text,
		template: object({
			id: text,
			name: text,
			language: text,
			status: text,
			reason: text,
			category: text,
			previousCategory: text,
			correctCategory: text,
			previousQuality: text,
			newQuality: text,
		}),
		update: text,
		value: { type: 'object', description: 'An account event\'s value, as the provider sent it' },
		errors: { type: 'array', items: object({ code: text, title: text, message: text, details: text, meaning: text }) },
		isEcho: { type: 'boolean' },
		sessionWindowEndsAt: text,
		raw: { type: 'object' },
	},
	required: ['event', 'provider', 'receivedAt', 'type', 'raw'],
	version: 1,
} as const;
