import {
	NodeOperationError,
	WAIT_INDEFINITELY,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import type { FormValues } from '../message/formValues';
import { recipientText } from '../message/recipient';
import type { SessionMessage } from '../message/types';
import type { ProviderAdapter } from '../providers/contract/adapter';
import { buildQuestionMessage, SEND_AND_WAIT_LABEL } from '../waiting/questionMessage';
import type { WaitLimit } from '../waiting/questionForm';
import { waitingItem } from '../waiting/resume';
import { toText } from '../util/values';
import { asItemError } from './errors';
import { settleItems } from './itemPool';
import { outputOf, sendMessage, type SendingRun } from './sending';
import { formForItem, readTimeoutMs } from './settings';

/**
 * Sends one question with its choices as reply buttons (1–3) or a list (4–10), each choice's id
 * carrying the signed reference to this execution and node, then puts the execution to wait.
 * The trigger resumes it through the node's webhook() when the person asked taps a choice. If the
 * wait limit passes first, n8n goes on with the node's input item (see waitingItem).
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
		const form = formForItem(context, itemIndex);
		const prepared = prepareQuestion(context, form, run.provider, itemIndex);
		waiting.limit = prepared.waitLimit;
		const accepted = await sendMessage(context, run, prepared.message, itemIndex, readTimeoutMs(form));
		return waitingItem({
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
	form: FormValues,
	provider: ProviderAdapter,
	itemIndex: number,
): { message: SessionMessage<unknown>; waitLimit: WaitLimit } {
	try {
		return buildQuestionMessage(form, provider, {
			executionId: context.getExecutionId(),
			nodeId: context.getNode().id,
			signResumeUrl: (params) => context.getSignedResumeUrl(params),
			now: new Date(),
		});
	} catch (error) {
		throw asItemError(context, error, itemIndex);
	}
}
