import type { IDataObject } from 'n8n-workflow';

import { isPlainObject, toText } from '../message/formValues';
import type {
	ContactCard,
	InteractiveHeader,
	MediaSource,
	SessionContent,
	SessionMessage,
} from '../message/types';
import type { AcceptedMessage, ProviderError, ProviderErrorKind } from './types';

/**
 * The Meta Cloud API message object. Meta's own API and every Cloud-API-format provider take
 * this same body; only the URL and the credential differ.
 */
export function encodeCloudApiBody(message: SessionMessage): IDataObject {
	const body: IDataObject = {
		messaging_product: 'whatsapp',
		recipient_type: 'individual',
		to: message.recipient,
		...encodeContent(message.content),
	};
	if (message.replyToMessageId !== undefined) {
		body.context = { message_id: message.replyToMessageId };
	}
	return body;
}

function encodeContent(content: SessionContent): IDataObject {
	switch (content.type) {
		case 'text':
			return { type: 'text', text: { preview_url: content.previewUrl, body: content.body } };
		case 'media':
			return {
				type: content.mediaKind,
				[content.mediaKind]: {
					...encodeMediaSource(content.source),
					...(content.caption !== undefined && { caption: content.caption }),
					...(content.filename !== undefined && { filename: content.filename }),
				},
			};
		case 'location':
			return {
				type: 'location',
				location: {
					latitude: content.latitude,
					longitude: content.longitude,
					...(content.name !== undefined && { name: content.name }),
					...(content.address !== undefined && { address: content.address }),
				},
			};
		case 'contacts':
			return { type: 'contacts', contacts: content.contacts.map(encodeContact) };
		case 'replyButtons':
			return interactive('button', content.body, content.header, content.footer, {
				buttons: content.buttons.map((button) => ({
					type: 'reply',
					reply: { id: button.id, title: button.title },
				})),
			});
		case 'list':
			return interactive(
				'list',
				content.body,
				content.header === undefined ? undefined : { kind: 'text', text: content.header },
				content.footer,
				{
					button: content.buttonText,
					sections: content.sections.map((section) => ({
						...(section.title !== undefined && { title: section.title }),
						rows: section.rows.map((row) => ({
							id: row.id,
							title: row.title,
							...(row.description !== undefined && { description: row.description }),
						})),
					})),
				},
			);
		case 'ctaUrl':
			return interactive('cta_url', content.body, content.header, content.footer, {
				name: 'cta_url',
				parameters: { display_text: content.buttonText, url: content.url },
			});
		case 'locationRequest':
			return interactive('location_request_message', content.body, undefined, undefined, {
				name: 'send_location',
			});
		case 'reaction':
			return { type: 'reaction', reaction: { message_id: content.messageId, emoji: content.emoji } };
	}
}

function interactive(
	interactiveType: string,
	bodyText: string,
	header: InteractiveHeader | undefined,
	footer: string | undefined,
	action: IDataObject,
): IDataObject {
	return {
		type: 'interactive',
		interactive: {
			type: interactiveType,
			...(header !== undefined && { header: encodeHeader(header) }),
			body: { text: bodyText },
			...(footer !== undefined && { footer: { text: footer } }),
			action,
		},
	};
}

function encodeHeader(header: InteractiveHeader): IDataObject {
	if (header.kind === 'text') return { type: 'text', text: header.text };
	return { type: header.kind, [header.kind]: encodeMediaSource(header.source) };
}

function encodeMediaSource(source: MediaSource): IDataObject {
	return 'link' in source ? { link: source.link } : { id: source.id };
}

export function encodeContact(contact: ContactCard): IDataObject {
	return {
		name: {
			formatted_name: contact.formattedName,
			...(contact.firstName !== undefined && { first_name: contact.firstName }),
			...(contact.lastName !== undefined && { last_name: contact.lastName }),
		},
		...(contact.phones.length > 0 && {
			phones: contact.phones.map((phone) => ({
				phone: phone.phone,
				...(phone.type !== undefined && { type: phone.type }),
				...(phone.waId !== undefined && { wa_id: phone.waId }),
			})),
		}),
		...(contact.emails.length > 0 && {
			emails: contact.emails.map((email) => ({ email: email.email, ...(email.type !== undefined && { type: email.type }) })),
		}),
		...(contact.urls.length > 0 && {
			urls: contact.urls.map((url) => ({ url: url.url, ...(url.type !== undefined && { type: url.type }) })),
		}),
		...(contact.addresses.length > 0 && {
			addresses: contact.addresses.map((address) => ({
				...(address.street !== undefined && { street: address.street }),
				...(address.city !== undefined && { city: address.city }),
				...(address.state !== undefined && { state: address.state }),
				...(address.zip !== undefined && { zip: address.zip }),
				...(address.country !== undefined && { country: address.country }),
				...(address.countryCode !== undefined && { country_code: address.countryCode }),
				...(address.type !== undefined && { type: address.type }),
			})),
		}),
		...(contact.organisation !== undefined && {
			org: {
				...(contact.organisation.company !== undefined && { company: contact.organisation.company }),
				...(contact.organisation.department !== undefined && { department: contact.organisation.department }),
				...(contact.organisation.title !== undefined && { title: contact.organisation.title }),
			},
		}),
		...(contact.birthday !== undefined && { birthday: contact.birthday }),
	};
}

/** `{"messages":[{"id"}],"contacts":[{"wa_id"}]}`; the id is not always a "wamid.". */
export function decodeCloudApiAccepted(body: unknown): AcceptedMessage {
	const record = isPlainObject(body) ? body : {};
	const firstMessage = Array.isArray(record.messages) ? record.messages.find(isPlainObject) : undefined;
	const firstContact = Array.isArray(record.contacts) ? record.contacts.find(isPlainObject) : undefined;
	const messageId = firstMessage === undefined ? undefined : toText(firstMessage.id);
	const waId = firstContact === undefined ? undefined : toText(firstContact.wa_id);
	return { messageId: messageId ?? null, ...(waId !== undefined && { waId }) };
}

// Decisions rest on Meta's numeric codes, never on the wording of the message.
export const CLOUD_API_ERROR_KINDS: Record<string, ProviderErrorKind> = {
	'131047': 'windowClosed',
	'190': 'authentication',
	'100': 'invalidParameter',
	'131009': 'invalidParameter',
	'131008': 'invalidParameter',
	'131026': 'undeliverable',
	'130429': 'rateLimited',
	'131056': 'recipientRateLimited',
	'131051': 'unsupportedMessage',
	'10': 'permission',
	'200': 'permission',
};

/** `{"error":{"message","type","code","error_data":{"details"},"fbtrace_id"}}` */
export function decodeCloudApiError(status: number, body: unknown): ProviderError {
	const error = isPlainObject(body) && isPlainObject(body.error) ? body.error : undefined;
	const providerCode = error === undefined ? undefined : toText(error.code);
	const details = error !== undefined && isPlainObject(error.error_data) ? toText(error.error_data.details) : undefined;
	const providerMessage = [error === undefined ? undefined : toText(error.message), details]
		.filter((part): part is string => part !== undefined && part !== '')
		.join(': ');
	const kind = (providerCode !== undefined ? CLOUD_API_ERROR_KINDS[providerCode] : undefined) ?? errorKindFromStatus(status);
	return {
		kind,
		...(providerCode !== undefined && { providerCode }),
		...(providerMessage !== '' && { providerMessage }),
	};
}

/** The fallback when a provider gives no code we know: the HTTP status still says a lot. */
export function errorKindFromStatus(status: number): ProviderErrorKind {
	if (status === 401) return 'authentication';
	if (status === 403) return 'permission';
	if (status === 404) return 'notFound';
	if (status === 429) return 'rateLimited';
	if (status >= 500) return 'serverError';
	if (status === 400 || status === 422) return 'invalidParameter';
	return 'rejected';
}
