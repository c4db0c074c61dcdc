import type { IDataObject, INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';

import { WhatsAppSession } from '../../nodes/WhatsAppSession/WhatsAppSession.node';
import { valueAt } from './json';

/** One POST to the waiting node's resume URL, after n8n has checked its signature. */
export interface ResumeRequest {
	parameters: IDataObject;
	query: IDataObject;
	body: unknown;
}

export interface ResumeResult {
	status: number | undefined;
	answer: unknown;
	/** The items the execution goes on with; undefined when it keeps waiting. */
	resumedWith: INodeExecutionData[] | undefined;
}

function isWebhookFunctionsStandIn(context: object): context is IWebhookFunctions {
	return ['getQueryData', 'getBodyData', 'getResponseObject', 'getNodeParameter'].every(
		(name) => typeof Reflect.get(context, name) === 'function',
	);
}

/** Runs the node's real webhook() with a stand-in for n8n's webhook context, recording its answer. */
export async function resumeNode(request: ResumeRequest): Promise<ResumeResult> {
	let status: number | undefined;
	let answer: unknown;
	const response = {
		status(code: number) {
			status = code;
			return response;
		},
		json(body: unknown) {
			answer = body;
			return response;
		},
	};
	const context = {
		getQueryData: () => request.query,
		getBodyData: () => request.body,
		getResponseObject: () => response,
		getNodeParameter: (name: string, fallback?: unknown) => valueAt(request.parameters, ...name.split('.')) ?? fallback,
	};
	if (!isWebhookFunctionsStandIn(context)) throw new Error('the stand-in lacks a member the node calls');
	const result = await new WhatsAppSession().webhook.call(context);
	return { status, answer, resumedWith: result.workflowData?.[0] };
}
