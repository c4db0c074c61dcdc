import { InvalidMessageError } from '../message/errors';
import { FIELD_LABELS as L, OPERATION_LABELS } from '../message/fieldLabels';
import type { FormValues } from '../message/formValues';
import { readMessageWith } from '../message/fromForm';
import type { SessionMessage } from '../message/types';
import type { ProviderAdapter } from '../providers/contract/adapter';
import { questionContent, questionIssues, type Question } from './question';
import { readQuestion, readWaitLimit, type WaitLimit } from './questionForm';
import { buildFlowQuestionMessage, readResponseType } from './flowQuestion';
import { encodeWireId, referenceFromSignedUrl, RESUME_QUERY, responderParam } from './reference';
import { asksAndWaits } from './support';
import { responderOf, type WaitingExecution } from './waitingExecution';

export type { WaitingExecution } from './waitingExecution';

export const SEND_AND_WAIT_LABEL = 'Send and Wait for Reply';

/**
 * One item's question, read and checked before anything is sent: choices with the signed reference
 * in each choice's id, or a Flow with it in the flow token. Throws InvalidMessageError naming every
 * field that is wrong.
 */
export function buildQuestionMessage(
	form: FormValues,
	provider: ProviderAdapter,
	execution: WaitingExecution,
): { message: SessionMessage<unknown>; waitLimit: WaitLimit } {
	const responseType = readResponseType(form);
	switch (responseType) {
		case 'flowForm':
			return buildFlowQuestionMessage(form, provider, execution);
		case 'choice':
			return buildChoiceQuestionMessage(form, provider, execution);
	}
}

function buildChoiceQuestionMessage(
	form: FormValues,
	provider: ProviderAdapter,
	execution: WaitingExecution,
): { message: SessionMessage<unknown>; waitLimit: WaitLimit } {
	if (!asksAndWaits(provider)) {
		throw new InvalidMessageError([
			{
				field: L.operation,
				problem: `"${SEND_AND_WAIT_LABEL}" is not available with ${provider.choice.name}: a tap on its buttons does not come back with the button's ID. Use ${OPERATION_LABELS.replyButtons} and a trigger instead.`,
			},
		]);
	}
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
	const waitLimit = readWaitLimit(form, execution.now);
	if (question === undefined) throw new Error('the question was not read');
	const { executionId, nodeId } = execution;
	const issues = questionIssues(question, executionId, nodeId, message, (extras) => provider.extras.validate(extras));
	if (issues.length > 0) throw new InvalidMessageError(issues);
	const responder = responderOf(message);
	const content = questionContent(question, (choice) => {
		// n8n signs the person asked into the URL; the id carries only the signature (see reference.ts).
		const params = { [RESUME_QUERY.choiceId]: choice.id, [RESUME_QUERY.responderTag]: responderParam(responder) };
		const signedUrl = execution.signResumeUrl(params);
		return encodeWireId(referenceFromSignedUrl(signedUrl, { choiceId: choice.id, responder, executionId, nodeId }));
	});
	return { message: { ...message, content }, waitLimit };
}
