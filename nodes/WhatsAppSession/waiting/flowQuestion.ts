import { InvalidMessageError } from '../message/errors';
import { readFlowContent } from '../message/flowFromForm';
import type { FormValues } from '../message/formValues';
import { readMessageWith } from '../message/fromForm';
import type { FlowContent, SessionMessage } from '../message/types';
import { validateSessionMessage } from '../message/validate';
import type { ProviderAdapter } from '../providers/contract/adapter';
import { readWaitLimit, type WaitLimit } from './questionForm';
import { encodeWireId, referenceFromSignedUrl, RESUME_QUERY, responderParam } from './reference';
import { responderOf, type WaitingExecution } from './waitingExecution';

/**
 * Send and Wait for Reply with a WhatsApp Flow: the customer fills in the Flow's form, and its
 * answers resume the execution. WhatsApp returns the Flow's `flow_token` with the answers, so the
 * token carries the same signed reference a reply button's ID carries, under a fixed choice ID;
 * the trigger hands the answers to n8n's waiting URL as it does a tap (waiting/inboundReply.ts).
 */

/** Send and Wait's form field that picks how the customer answers. */
export const RESPONSE_TYPE_FIELD = 'responseType';

export const RESPONSE_TYPES = ['choice', 'flowForm'] as const;

/** A tap on one of the builder's choices (buttons or a list), or a WhatsApp Flow's form. */
export type ResponseType = (typeof RESPONSE_TYPES)[number];

export const RESPONSE_TYPE_LABEL = 'Response Type';

/** The choice ID the signed reference of a Flow names; the answer is the form, not a choice. */
export const FLOW_FORM_CHOICE_ID = 'form';

export function readResponseType(form: FormValues): ResponseType {
	const written = form.get(RESPONSE_TYPE_FIELD) ?? 'choice';
	const known = RESPONSE_TYPES.find((type) => type === written);
	if (known === undefined) {
		throw new InvalidMessageError([{ field: RESPONSE_TYPE_LABEL, problem: `must be choice or flowForm (got ${JSON.stringify(written)})` }]);
	}
	return known;
}

/** Providers that send Flows and whose trigger reads a Flow's answers with their token. */
export function asksWithFlows(adapter: ProviderAdapter): boolean {
	return adapter.carries.contentTypes.includes('flow') && adapter.inbound?.decodesFlowReplies === true;
}

/**
 * One item's Flow, read and checked before anything is sent, with the signed reference as its
 * flow token. Throws InvalidMessageError naming every field that is wrong.
 */
export function buildFlowQuestionMessage(
	form: FormValues,
	provider: ProviderAdapter,
	execution: WaitingExecution,
): { message: SessionMessage<unknown>; waitLimit: WaitLimit } {
	if (!asksWithFlows(provider)) {
		throw new InvalidMessageError([
			{
				field: RESPONSE_TYPE_LABEL,
				problem: `"Flow Form" is not available with ${provider.choice.name}: it sends no WhatsApp Flows, or its webhooks do not return a Flow's answers. Use a credential whose provider offers Send Flow, or the Choice response type.`,
			},
		]);
	}
	let flow: FlowContent | undefined;
	const message = readMessageWith(
		(values) => {
			flow = readFlowContent(values);
			return flow;
		},
		form,
		{ recipientKind: provider.recipientKind, readExtras: (values) => provider.extras.read(values) },
		true,
	);
	const waitLimit = readWaitLimit(form, execution.now);
	if (flow === undefined) throw new Error('the Flow was not read');
	const issues = validateSessionMessage(message, (extras) => provider.extras.validate(extras));
	if (issues.length > 0) throw new InvalidMessageError(issues);
	const responder = responderOf(message);
	const { executionId, nodeId } = execution;
	// n8n signs the person asked into the URL; the token carries only the signature (see reference.ts).
	const signedUrl = execution.signResumeUrl({ [RESUME_QUERY.choiceId]: FLOW_FORM_CHOICE_ID, [RESUME_QUERY.responderTag]: responderParam(responder) });
	const flowToken = encodeWireId(referenceFromSignedUrl(signedUrl, { choiceId: FLOW_FORM_CHOICE_ID, responder, executionId, nodeId }));
	return { message: { ...message, content: { ...flow, flowToken } }, waitLimit };
}
