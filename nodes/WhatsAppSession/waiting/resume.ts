import type { IDataObject } from 'n8n-workflow';

import { isJsonValue, isPlainObject, toText, type JsonValue } from '../util/values';
import { senderParams } from './reference';

/**
 * What the trigger posts to the waiting execution's resume URL: the customer's tap as the
 * provider's webhook described it. n8n has checked the URL's signature, which covers the person
 * asked; the waiting node checks that the body names that person. It cannot check more: whoever
 * holds a button's id and the number it went to can post this body to n8n directly.
 */
export interface ResumeBody {
	from: string | null;
	userId: string | null;
	name: string | null;
	/** The title of the button or row, as WhatsApp showed it. */
	title: string | null;
	/** The id of the customer's reply message. */
	messageId: string | null;
	timestamp: string | null;
	/** The id of the message the reply answers: the question. */
	contextMessageId: string | null;
	/** A Flow's answers, keyed as the Flow names its fields (without its token); null for a tap. */
	form: JsonObject | null;
}

type JsonObject = { [key: string]: JsonValue };

/** The answers as posted: a JSON object, or nothing (anything else is not a Flow's answers). */
function jsonObjectOrNull(value: unknown): JsonObject | null {
	if (!isPlainObject(value)) return null;
	const entries = Object.entries(value).flatMap(([key, entry]): Array<[string, JsonValue]> => (isJsonValue(entry) ? [[key, entry]] : []));
	return Object.fromEntries(entries);
}

/** The key of the JSON the waiting node answers with when, and only when, it resumed the execution. */
export const RESUMED_MARKER = 'whatsAppSessionResumed';

export function parseResumeBody(body: unknown): ResumeBody {
	const record = isPlainObject(body) ? body : {};
	const text = (key: keyof ResumeBody): string | null => {
		const value = toText(record[key]);
		return value === undefined || value === '' ? null : value;
	};
	return {
		from: text('from'),
		userId: text('userId'),
		name: text('name'),
		title: text('title'),
		messageId: text('messageId'),
		timestamp: text('timestamp'),
		contextMessageId: text('contextMessageId'),
		form: jsonObjectOrNull(record.form),
	};
}

/** Whether the body names the person the signed `r` names (a keyed reference, or an old id's tag). */
export function isFromResponder(body: ResumeBody, responder: string): boolean {
	return senderParams(body.from, body.userId).includes(responder);
}

/** The question as sent, which both outputs repeat. */
export interface SentQuestion {
	messageId: string | null;
	recipient: string;
	provider: string;
}

/**
 * The output while the execution waits: the question as sent, which the editor shows. n8n does not
 * go on with it: when the wait limit passes, it resumes the waiting node as a disabled node, which
 * passes its input item through unchanged (n8n-core's WorkflowExecute.handleWaitingState), as for
 * its own send-and-wait nodes. So a timed-out execution goes on with the node's input item, which
 * has no `timedOut: false` and no `answer`.
 */
export function waitingItem(sent: SentQuestion): IDataObject {
	return {
		waitingForAnswer: true,
		answer: null,
		messageId: sent.messageId,
		recipient: sent.recipient,
		provider: sent.provider,
	};
}

/** The output when the customer submitted a Flow: its answers under `answer.form`. */
export function answeredFormItem(body: ResumeBody, sent: SentQuestion): IDataObject {
	return { ...answeredItem('', body, sent), answer: { form: body.form ?? {} } };
}

/** The output when the customer answered: the builder's choice id, never the id that went on the wire. */
export function answeredItem(choiceId: string, body: ResumeBody, sent: SentQuestion): IDataObject {
	return {
		timedOut: false,
		answer: { id: choiceId, title: body.title },
		respondedAt: body.timestamp,
		from: body.from,
		userId: body.userId,
		name: body.name,
		answeredMessageId: body.contextMessageId ?? sent.messageId,
		replyMessageId: body.messageId,
		messageId: sent.messageId,
		recipient: sent.recipient,
		provider: sent.provider,
	};
}
