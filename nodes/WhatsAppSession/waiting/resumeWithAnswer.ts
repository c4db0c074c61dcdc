import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { readWhatsAppUser, recipientText } from '../message/recipient';
import { DEFAULT_PROVIDER } from '../providers';
import { toText } from '../util/values';
import { RESUME_QUERY } from './reference';
import { readQuestion } from './questionForm';
import { FLOW_FORM_CHOICE_ID, readResponseType } from './flowQuestion';
import { answeredFormItem, answeredItem, isFromResponder, parseResumeBody, RESUMED_MARKER, type ResumeBody, type SentQuestion } from './resume';

/**
 * The resume of a waiting Send and Wait for Reply. n8n has already checked the URL's signature
 * (its own HMAC over the execution, the node, the choice id and the person asked); this checks
 * that the body names that person, as the trigger writes it from the provider's webhook. It
 * answers with its own marker only when it resumes: n8n answers a finished execution's URL with
 * 200 too, and the trigger must tell the two apart.
 */
export async function resumeWithAnswer(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const query = this.getQueryData();
	const choiceId = toText(Reflect.get(query, RESUME_QUERY.choiceId));
	const responderTag = toText(Reflect.get(query, RESUME_QUERY.responderTag));
	const body = parseResumeBody(this.getBodyData());
	const response = this.getResponseObject();
	if (choiceId === undefined || responderTag === undefined) {
		response.status(400).json({ [RESUMED_MARKER]: false, reason: 'not an answer to this question' });
		return { noWebhookResponse: true };
	}
	if (!isFromResponder(body, responderTag)) {
		// No workflow data: the execution keeps waiting for the person it asked.
		response.status(403).json({ [RESUMED_MARKER]: false, reason: 'not the person asked' });
		return { noWebhookResponse: true };
	}
	const asksForFlow = askedWithFlow(this);
	if (asksForFlow !== (choiceId === FLOW_FORM_CHOICE_ID && body.form !== null)) {
		// A tap where a Flow's answers are awaited, or the reverse: n8n signed it for this node, but not as this answer.
		response.status(400).json({ [RESUMED_MARKER]: false, reason: 'not an answer to this question' });
		return { noWebhookResponse: true };
	}
	response.status(200).json({ [RESUMED_MARKER]: true });
	const provider = toText(this.getNodeParameter('provider', DEFAULT_PROVIDER)) ?? DEFAULT_PROVIDER;
	// The reply quotes the question: its id is the id of the message that was sent.
	const sent: SentQuestion = { messageId: body.contextMessageId, recipient: recipientAsSent(this, body), provider };
	const json = asksForFlow ? answeredFormItem(body, sent) : answeredItem(choiceId, { ...body, title: offeredTitle(this, choiceId) ?? body.title }, sent);
	return { noWebhookResponse: true, workflowData: [[{ json }]] };
}

/** Whether the waiting node asked with a Flow (its answers are a form) rather than with choices. */
function askedWithFlow(context: IWebhookFunctions): boolean {
	try {
		return readResponseType({ get: (name) => context.getNodeParameter(name, undefined) }) === 'flowForm';
	} catch {
		return false;
	}
}

/** The recipient as the question's output showed it; the sender, who matched it, when it cannot be read again. */
function recipientAsSent(context: IWebhookFunctions, body: ResumeBody): string {
	const written = toText(context.getNodeParameter('recipient', ''));
	const read = written === undefined ? undefined : readWhatsAppUser(written);
	if (read?.ok === true) return recipientText(read.recipient);
	return body.from ?? body.userId ?? '';
}

/**
 * The builder's own title of the choice tapped. The title on the wire is what WhatsApp showed, which
 * a provider may shorten or leave out; the workflow should branch on what its builder wrote.
 */
const NOT_SET = Symbol('not set');

function offeredTitle(context: IWebhookFunctions, choiceId: string): string | undefined {
	try {
		const question = readQuestion({
			get: (name) => {
				const value: unknown = context.getNodeParameter(name, NOT_SET);
				return value === NOT_SET ? undefined : value;
			},
		});
		return question.choices.find((choice) => choice.id === choiceId)?.title;
	} catch {
		// A form that no longer reads (edited while waiting): the wire's title is all there is.
		return undefined;
	}
}
