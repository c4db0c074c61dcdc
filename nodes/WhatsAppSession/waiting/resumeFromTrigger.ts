import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import type { InboundEvent } from '../providers/contract/inbound';
import { assertNever, isPlainObject } from '../util/values';
import type { ResumeBody } from './resume';
import {
	judgeEvent,
	judgeResumeAnswer,
	NOT_THE_PERSON_ASKED,
	waitingBaseUrl,
	withWaiting,
	type ResumeResult,
} from './inboundReply';

/** The trigger's two options for replies to Send and Wait for Reply. */
export interface WaitingOptions {
	resume: boolean;
	outputResumed: boolean;
}

const RESUME_TIMEOUT_MS = 30_000;

/**
 * Hands each reply that answers a waiting question to n8n's waiting URL, and returns the items the
 * workflow starts with: ordinary events, replies that resumed nothing (with the reason), and
 * resumed ones only when asked. Never throws: the provider must still get its 200, or it redelivers.
 */
export async function passOnWaitingReplies(
	context: IWebhookFunctions,
	events: readonly InboundEvent[],
	items: readonly IDataObject[],
	options: WaitingOptions,
): Promise<IDataObject[]> {
	if (!options.resume) return [...items];
	const base = waitingBaseUrl(context.getNodeWebhookUrl('default') ?? '');
	const output: IDataObject[] = [];
	for (const [index, item] of items.entries()) {
		const event = events[index];
		const verdict = event === undefined ? { kind: 'ordinary' as const } : judgeEvent(event, base);
		switch (verdict.kind) {
			case 'ordinary':
				output.push(item);
				break;
			case 'notAsked':
				output.push(withWaiting(item, verdict.reference, NOT_THE_PERSON_ASKED));
				break;
			case 'resume': {
				const result = await postResume(context, verdict.url, verdict.body);
				if (!result.resumed || options.outputResumed) output.push(withWaiting(item, verdict.reference, result));
				break;
			}
			default:
				assertNever(verdict, 'waiting verdict');
		}
	}
	return output;
}

async function postResume(context: IWebhookFunctions, url: string, body: ResumeBody): Promise<ResumeResult> {
	try {
		const response: unknown = await context.helpers.httpRequest({
			method: 'POST',
			url,
			body: { ...body },
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: RESUME_TIMEOUT_MS,
		});
		const statusCode = isPlainObject(response) && typeof response.statusCode === 'number' ? response.statusCode : 0;
		return judgeResumeAnswer(statusCode, isPlainObject(response) ? response.body : undefined);
	} catch {
		// The error would quote the URL, whose signature is the key to this one resume.
		return { resumed: false, reason: 'n8n\'s waiting URL could not be reached' };
	}
}
