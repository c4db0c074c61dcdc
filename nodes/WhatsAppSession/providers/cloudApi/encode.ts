import type { IDataObject } from 'n8n-workflow';

import { InvalidMessageError } from '../../message/errors';
import type { ListContent, MediaContent, ReadReceiptContent, SessionContent, SessionMessage } from '../../message/types';
import { assertNever } from '../../util/values';
import { encodeCloudApiTemplate } from './template';
import { encodeLocation, encodeMediaSource, interactive, textHeader } from './parts';
import { encodeCommerceOrFlow } from './commerce';
import { recipientKindIssues } from '../shared/providerSupport';
import { encodeWhatsAppContact } from '../shared/whatsAppContact';

/** How errors name the format's providers: Meta's own API and the providers that copy it. */
const CLOUD_API = 'the Cloud API';

/**
 * The Meta Cloud API message object. Meta's own API and every Cloud-API-format provider take
 * this same body; only the URL and the credential differ.
 */
export function encodeCloudApiBody(message: SessionMessage): IDataObject {
	const { content } = message;
	// A read receipt names the customer's message, not the customer; it has no envelope.
	if (content.type === 'readReceipt') return encodeReadReceipt(content);
	const body: IDataObject = {
		messaging_product: 'whatsapp',
		recipient_type: 'individual',
		...encodeRecipient(message),
		...encodeContent(content),
	};
	if (message.replyToMessageId !== undefined) {
		body.context = { message_id: message.replyToMessageId };
	}
	return body;
}

/**
 * A phone number goes in `to`, a business-scoped user ID in `recipient` (Meta's BSUID reference).
 * Meta reads `to` first when both are there, so a BSUID send must not carry a `to` at all.
 */
function encodeRecipient(message: SessionMessage): IDataObject {
	const { recipient } = message;
	switch (recipient.kind) {
		case 'phoneNumber':
			return { to: recipient.digits };
		case 'bsuid':
			return { recipient: recipient.bsuid };
		case 'chatId':
			throw new InvalidMessageError(recipientKindIssues(CLOUD_API, message, 'whatsAppUser'));
		default:
			return assertNever(recipient, 'recipient');
	}
}

/** `{"messaging_product":"whatsapp","status":"read","message_id":…,"typing_indicator"?:{"type":"text"}}` */
function encodeReadReceipt(receipt: ReadReceiptContent): IDataObject {
	return {
		messaging_product: 'whatsapp',
		status: 'read',
		message_id: receipt.messageId,
		...(receipt.typingIndicator && { typing_indicator: { type: 'text' } }),
	};
}

function encodeContent(content: Exclude<SessionContent, ReadReceiptContent>): IDataObject {
	switch (content.type) {
		case 'text':
			return { type: 'text', text: { preview_url: content.previewUrl, body: content.body } };
		case 'media':
			return encodeMedia(content);
		case 'location':
			return { type: 'location', location: encodeLocation(content) };
		case 'contacts':
			return { type: 'contacts', contacts: content.contacts.map(encodeWhatsAppContact) };
		case 'replyButtons':
			return interactive('button', content.body, content.header, content.footer, {
				buttons: content.buttons.map((button) => ({
					type: 'reply',
					reply: { id: button.id, title: button.title },
				})),
			});
		case 'list':
			return encodeList(content);
		case 'ctaUrl':
			return interactive('cta_url', content.body, content.header, content.footer, {
				name: 'cta_url',
				parameters: { display_text: content.buttonText, url: content.url },
			});
		case 'locationRequest':
			return interactive('location_request_message', content.body, undefined, undefined, {
				name: 'send_location',
			});
		case 'product':
		case 'productList':
		case 'catalog':
		case 'flow':
			return encodeCommerceOrFlow(content);
		case 'reaction':
			return { type: 'reaction', reaction: { message_id: content.messageId, emoji: content.emoji } };
		case 'template':
			return encodeCloudApiTemplate(content);
		default:
			return assertNever(content, 'message type');
	}
}

function encodeMedia(content: MediaContent): IDataObject {
	return {
		type: content.mediaKind,
		[content.mediaKind]: {
			...encodeMediaSource(content.source),
			...(content.caption !== undefined && { caption: content.caption }),
			...(content.filename !== undefined && { filename: content.filename }),
			...(content.voice === true && { voice: true }),
		},
	};
}

/** A list's header is text only, so the canonical string becomes the interactive text header. */
function encodeList(content: ListContent): IDataObject {
	return interactive('list', content.body, textHeader(content.header), content.footer, {
		button: content.buttonText,
		sections: content.sections.map((section) => ({
			...(section.title !== undefined && { title: section.title }),
			rows: section.rows.map((row) => ({
				id: row.id,
				title: row.title,
				...(row.description !== undefined && { description: row.description }),
			})),
		})),
	});
}
