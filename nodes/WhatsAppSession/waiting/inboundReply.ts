import type { IDataObject } from 'n8n-workflow';

import type { InboundEvent, InboundMessage } from '../providers/contract/inbound';
import { isPlainObject } from '../util/values';
import { parseWireId, replierParam, resumeUrl, WAITING_ENDPOINT, type WaitingReference } from './reference';
import { RESUMED_MARKER, type ResumeBody } from './resume';

/**
 * The trigger's part of Send and Wait for Reply: it receives every tap through the provider's one
 * webhook, so it is what recognises a reply to a waiting question and hands it to n8n's waiting URL.
 * Everything here is pure; the node makes the one HTTP call.
 */

/** What to do with one event. */
export type WaitingVerdict =
	| { kind: 'ordinary' }
	/** A reference, but the tap came from someone other than the person asked: n8n is not called. */
	| { kind: 'notAsked'; reference: WaitingReference }
	| { kind: 'resume'; reference: WaitingReference; url: string; body: ResumeBody };

/**
 * Where an event's reference travels: a tap's button or row id, or a submitted Flow's token (Send
 * and Wait for a Flow), with the Flow's answers beside it.
 */
function answerOf(event: InboundMessage): { wireId: string; title: string | null; form: ResumeBody['form'] } | undefined {
	if (event.isEcho) return undefined;
	if (event.reply !== null && event.reply.id !== null) return { wireId: event.reply.id, title: event.reply.title, form: null };
	const flow = event.flowReply;
	if (flow !== null && flow.token !== null) return { wireId: flow.token, title: null, form: flow.response ?? {} };
	return undefined;
}

export function judgeEvent(event: InboundEvent, waitingBaseUrl: string): WaitingVerdict {
	const answer = event.event === 'message' ? answerOf(event) : undefined;
	if (event.event !== 'message' || answer === undefined) return { kind: 'ordinary' };
	const reference = parseWireId(answer.wireId);
	if (reference === undefined) return { kind: 'ordinary' };
	// For a keyed reference this is only the kind of identity; n8n's signature check decides the rest.
	const responder = replierParam(reference, event.from, event.userId);
	if (responder === undefined) return { kind: 'notAsked', reference };
	return {
		kind: 'resume',
		reference,
		url: resumeUrl(waitingBaseUrl, reference, responder),
		body: {
			from: event.from,
			userId: event.userId,
			name: event.name,
			title: answer.title,
			messageId: event.messageId,
			timestamp: event.timestamp,
			contextMessageId: event.context?.messageId ?? event.flowReply?.contextMessageId ?? null,
			form: answer.form,
		},
	};
}

/**
 * n8n serves waiting executions next to production webhooks: the trigger's own production URL is
 * `<base>/<webhook endpoint>/<webhook id>/<path>`, and the waiting one `<base>/webhook-waiting`. The
 * resume goes to the instance that received the tap, which shares the signing secret with every
 * process of the same n8n.
 */
export function waitingBaseUrl(triggerWebhookUrl: string): string {
	const url = new URL(triggerWebhookUrl);
	url.pathname = `${url.pathname.split('/').slice(0, -3).join('/')}/${WAITING_ENDPOINT}`;
	url.search = '';
	return url.toString();
}

/** What came of a resume, as the trigger's output reports it. */
export type ResumeResult = { resumed: true } | { resumed: false; reason: string };

/** Only the waiting node's own marker means resumed: n8n answers 200 for a finished execution too. */
export function judgeResumeAnswer(statusCode: number, body: unknown): ResumeResult {
	if (statusCode === 200 && isPlainObject(body) && body[RESUMED_MARKER] === true) return { resumed: true };
	if (isPlainObject(body) && body[RESUMED_MARKER] === false && typeof body.reason === 'string') {
		return { resumed: false, reason: body.reason };
	}
	switch (statusCode) {
		case 200:
			return { resumed: false, reason: 'the execution is no longer waiting: it was answered already, or it finished' };
		case 401:
			return {
				resumed: false,
				reason: 'n8n refused the reference: its signature does not match (not the person asked, or forged, altered, or from another n8n)',
			};
		case 404:
			return { resumed: false, reason: 'n8n has no such execution (deleted, or from another n8n)' };
		case 409:
			return { resumed: false, reason: 'the execution is running or has failed' };
		default:
			return { resumed: false, reason: `n8n's waiting URL answered HTTP ${statusCode}` };
	}
}

/** The output item of a reply that belonged to a question, with what became of it. */
export function withWaiting(item: IDataObject, reference: WaitingReference, result: ResumeResult): IDataObject {
	return {
		...item,
		waiting: { ...result, executionId: reference.executionId, choiceId: reference.choiceId },
	};
}

export const NOT_THE_PERSON_ASKED: ResumeResult = { resumed: false, reason: 'not the person asked' };
