import { InvalidMessageError } from '../message/errors';
import { FIELD_LABELS as L } from '../message/fieldLabels';
import type { SessionMessage } from '../message/types';
import type { Responder } from './reference';

/** What n8n tells the node about the execution it runs in. */
export interface WaitingExecution {
	executionId: string;
	nodeId: string;
	/** n8n's getSignedResumeUrl. */
	signResumeUrl: (params: Record<string, string>) => string;
	now: Date;
}

/** The person asked: only they can answer, so a chat ID (which names no person) cannot be asked. */
export function responderOf(message: SessionMessage<unknown>): Responder {
	const { recipient } = message;
	if (recipient.kind === 'chatId') {
		throw new InvalidMessageError([{ field: L.recipientChatId, problem: 'cannot receive a question that waits for its answer' }]);
	}
	return recipient;
}
