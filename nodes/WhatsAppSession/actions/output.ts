import type { IDataObject } from 'n8n-workflow';

import { recipientText } from '../message/recipient';
import type { SessionMessage } from '../message/types';
import { wordMissingMessageId } from '../providers/shared/errorWording';
import type { ProviderAdapter } from '../providers/contract/adapter';
import type { HttpResponse } from '../transport/http';
import { redactText, redactValue } from '../transport/redact';
import { isJsonValue } from '../util/values';
import type { NodeError } from './errors';

/**
 * Which kind of message reached the customer, where it could have been either: with a fallback
 * for a closed window, the refused session message's code comes with it.
 */
export interface SentAs {
	sentAs?: 'session' | 'template';
	windowClosedCode?: string;
	/** The media ID an n8n binary file was uploaded as, and sent by. */
	mediaId?: string;
}

/** The output item of an accepted message; the provider's answer is redacted on its way out. */
export function acceptedOutput(
	provider: ProviderAdapter,
	message: SessionMessage<unknown>,
	response: HttpResponse,
	secrets: string[],
	sentAs: SentAs = {},
): IDataObject {
	// A read receipt's answer has no message of its own (Meta: {"success": true}); the id is the one marked read.
	const accepted =
		message.content.type === 'readReceipt' ? { messageId: message.content.messageId } : provider.decodeAccepted(response.body);
	const safeBody = redactValue(response.body, secrets);
	// An answer that is not JSON reaches here as its raw text (or nothing at all).
	const answerWasJson = typeof response.body === 'object' && response.body !== null;
	return {
		messageId: accepted.messageId,
		recipient: recipientText(message.recipient),
		...(accepted.waId !== undefined && { waId: accepted.waId }),
		...(accepted.userId !== undefined && { userId: accepted.userId }),
		provider: provider.id,
		status: 'accepted',
		...sentAs,
		...(accepted.messageId === null && { warning: wordMissingMessageId(response.statusCode, answerWasJson) }),
		response: isJsonValue(safeBody) ? safeBody : null,
	};
}

/** A failed item's output under Continue On Fail. */
export function errorOutput(error: NodeError): IDataObject {
	const { description } = error;
	return {
		error: error.message,
		...(typeof description === 'string' && description !== '' && { description }),
	};
}

/** The error as the user will see it, without secrets in its message, description or stack. */
export function redactNodeError<E extends NodeError>(error: E, secrets: string[]): E {
	error.message = redactText(error.message, secrets);
	if (typeof error.description === 'string') error.description = redactText(error.description, secrets);
	if (error.stack !== undefined) error.stack = redactText(error.stack, secrets);
	return error;
}
