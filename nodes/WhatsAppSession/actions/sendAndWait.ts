import {
	NodeOperationError,
	WAIT_INDEFINITELY,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { InvalidMessageError } from '../message/errors';
import { FIELD_LABELS as L, OPERATION_LABELS } from '../message/fieldLabels';
import { readMessageWith } from '../message/fromForm';
import { recipientText } from '../message/recipient';
import type { SessionMessage } from '../message/types';
import type { ProviderAdapter } from '../providers/types';
import { toText } from '../util/values';
import { questionContent, questionIssues, type Question } from '../waiting/question';
import { readQuestion, readWaitLimit, type WaitLimit } from '../waiting/questionForm';
import { encodeWireId, referenceFromSignedUrl, RESUME_QUERY, responderTag, type Responder } from '../waiting/reference';
import { timedOutItem } from '../waiting/resume';
import { asksAndWaits } from '../waiting/support';
import { asItemError } from './errors';
import { settleItems } from './itemPool';
import { outputOf, sendMessage, type SendingRun } from './sending';
import { formForItem } from './settings';

export const SEND_AND_WAIT_LABEL = 'Send and Wait for Reply';

/**
 * Sends one question with its choices as reply buttons (1–3) or a list (4–10), each choice's id
 * carrying the signed reference to this execution and node, then puts the execution to wait.
 * The trigger resumes it through the node's webhook() when the person asked taps a choice. The
 * output returned here is the one n8n goes on with if the wait limit passes first: timed out.
 */
export async function sendAndWait(context: IExecuteFunctions, run: SendingRun): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	if (items.length !== 1) {
		// Waiting is per execution: asking only the first would silently drop the others' answers.
		throw new NodeOperationError(
			context.getNode(),
			`${SEND_AND_WAIT_LABEL} asks one question per execution, and got ${items.length} items`,
			{
				description:
					'Put a Loop Over Items node in front of this node (batch size 1) to ask one person after another, or start one execution per person. Nothing was sent.',
			},
		);
	}
	const itemIndex = 0;
	const continueOnFail = context.continueOnFail();
	const waiting: { limit: WaitLimit } = { limit: { kind: 'none' } };
	const settlements = await settleItems(1, 1, !continueOnFail, async (): Promise<IDataObject> => {
		const prepared = prepareQuestion(context, run.provider, itemIndex);
		waiting.limit = prepared.waitLimit;
		const accepted = await sendMessage(context, run, prepared.message, itemIndex);
		return timedOutItem({
			messageId: toText(accepted.messageId) ?? null,
			recipient: recipientText(prepared.message.recipient),
			provider: run.provider.id,
		});
	});
	const output = outputOf(context, settlements, run.secrets, continueOnFail);
	// A question that was not sent (Continue On Fail) has no answer to wait for.
	if (settlements.every((settlement) => settlement.ok)) {
		await context.putExecutionToWait(waiting.limit.kind === 'until' ? waiting.limit.at : WAIT_INDEFINITELY);
	}
	return [output];
}

/** Reads and checks everything before sending, and puts the signed reference into each choice's id. */
function prepareQuestion(
	context: IExecuteFunctions,
	provider: ProviderAdapter,
	itemIndex: number,
): { message: SessionMessage<unknown>; waitLimit: WaitLimit } {
	try {
		if (!asksAndWaits(provider)) {
			throw new InvalidMessageError([
				{
					field: L.operation,
					problem: `"${SEND_AND_WAIT_LABEL}" is not available with ${provider.choice.name}: a tap on its buttons does not come back with the button's ID. Use ${OPERATION_LABELS.replyButtons} and a trigger instead.`,
				},
			]);
		}
		const form = formForItem(context, itemIndex);
		let question: Question | undefined;
		const message = readMessageWith(
			(values) => {
				question = readQuestion(values);
				return questionContent(question, (choice) => choice.id);
			},
			form,
			{ recipientKind: provider.recipientKind, readExtras: (values) => provider.extras.read(values) },
			true,
		);
		const waitLimit = readWaitLimit(form, new Date());
		if (question === undefined) throw new Error('the question was not read');
		const executionId = context.getExecutionId();
		const nodeId = context.getNode().id;
		const issues = questionIssues(question, executionId, nodeId, message, (extras) => provider.extras.validate(extras));
		if (issues.length > 0) throw new InvalidMessageError(issues);
		const tag = responderTag(responderOf(message));
		const content = questionContent(question, (choice) => {
			const params = { [RESUME_QUERY.choiceId]: choice.id, [RESUME_QUERY.responderTag]: tag };
			const signedUrl = context.getSignedResumeUrl(params);
			return encodeWireId(referenceFromSignedUrl(signedUrl, { choiceId: choice.id, responderTag: tag, executionId, nodeId }));
		});
		return { message: { ...message, content }, waitLimit };
	} catch (error) {
		throw asItemError(context, error, itemIndex);
	}
}

function responderOf(message: SessionMessage<unknown>): Responder {
	const { recipient } = message;
	if (recipient.kind === 'chatId') {
		throw new InvalidMessageError([{ field: L.recipientChatId, problem: 'cannot receive a question that waits for its answer' }]);
	}
	return recipient;
}
