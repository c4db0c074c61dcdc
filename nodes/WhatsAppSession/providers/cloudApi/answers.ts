import { isPlainObject, toText } from '../../util/values';
import { errorKindFromStatus, WHATSAPP_ERROR_KINDS } from '../shared/errorKinds';
import type { AcceptedMessage, ProviderError } from '../contract/sending';

/**
 * `{"messages":[{"id"}],"contacts":[{"wa_id"}]}`; the id is not always a "wamid.". A message
 * sent to a BSUID is answered with the contact's `user_id` instead of (or besides) a `wa_id`.
 */
export function decodeCloudApiAccepted(body: unknown): AcceptedMessage {
	const record = isPlainObject(body) ? body : {};
	const firstMessage = Array.isArray(record.messages) ? record.messages.find(isPlainObject) : undefined;
	const firstContact = Array.isArray(record.contacts) ? record.contacts.find(isPlainObject) : undefined;
	const messageId = firstMessage === undefined ? undefined : toText(firstMessage.id);
	const waId = firstContact === undefined ? undefined : toText(firstContact.wa_id);
	const userId = firstContact === undefined ? undefined : toText(firstContact.user_id);
	return { messageId: messageId ?? null, ...(waId !== undefined && { waId }), ...(userId !== undefined && { userId }) };
}

/** `{"error":{"message","type","code","error_data":{"details"},"fbtrace_id"}}` */
export function decodeCloudApiError(status: number, body: unknown): ProviderError {
	const error = isPlainObject(body) && isPlainObject(body.error) ? body.error : undefined;
	const providerCode = error === undefined ? undefined : toText(error.code);
	const details = error !== undefined && isPlainObject(error.error_data) ? toText(error.error_data.details) : undefined;
	const providerMessage = [error === undefined ? undefined : toText(error.message), details]
		.filter((part): part is string => part !== undefined && part !== '')
		.join(': ');
	const kind = (providerCode !== undefined ? WHATSAPP_ERROR_KINDS[providerCode] : undefined) ?? errorKindFromStatus(status);
	return {
		kind,
		...(providerCode !== undefined && { providerCode }),
		...(providerMessage !== '' && { providerMessage }),
	};
}
