import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { WhatsAppSessionTrigger } from '../../nodes/WhatsAppSession/WhatsAppSessionTrigger.node';
import { valueAt } from './json';

/** One POST to the trigger's webhook, as n8n hands it to the node. */
export interface TriggerRequest {
	parameters: IDataObject;
	credentials: Record<string, IDataObject>;
	headers: Record<string, string>;
	rawBody: Buffer;
	/** The workflow's static data for the node, kept across requests by the caller. */
	staticData?: IDataObject;
}

export interface TriggerResult {
	/** The items the workflow starts with; undefined when no execution starts. */
	items: IDataObject[] | undefined;
	/** The status and text the node answered itself (refusals, handshakes); undefined when n8n answers. */
	status: number | undefined;
	answer: string | undefined;
}

function isWebhookFunctionsStandIn(context: object): context is IWebhookFunctions {
	return ['getRequestObject', 'getResponseObject', 'getNodeParameter', 'getCredentials', 'getHeaderData'].every(
		(name) => typeof Reflect.get(context, name) === 'function',
	);
}

let triggerRuns = 0;

/** Runs the trigger's real webhook() with a stand-in for n8n's webhook context. */
export async function postToTrigger(request: TriggerRequest): Promise<TriggerResult> {
	let status: number | undefined;
	let answer: string | undefined;
	const response = {
		status(code: number) {
			status = code;
			return response;
		},
		type() {
			return response;
		},
		send(body: string) {
			answer = body;
			return response;
		},
	};
	const staticData = request.staticData ?? {};
	// Each call is its own workflow unless the caller shares static data: the in-memory dedupe is keyed by it.
	const workflowId = `wf-${++triggerRuns}`;
	const context = {
		getNodeParameter: (name: string, fallback?: unknown) => valueAt(request.parameters, ...name.split('.')) ?? fallback,
		getCredentials: async (type: string) => request.credentials[type] ?? {},
		getRequestObject: () => ({ method: 'POST', rawBody: request.rawBody, readRawBody: async () => undefined }),
		getResponseObject: () => response,
		getWorkflowStaticData: () => staticData,
		getWorkflow: () => ({ id: workflowId }),
		getNode: () => ({ id: 'trigger-node', name: 'WhatsApp Session Trigger' }),
		getQueryData: () => ({}),
		getHeaderData: () => request.headers,
		getNodeWebhookUrl: () => 'http://127.0.0.1:5678/webhook/abc/webhook',
	};
	if (!isWebhookFunctionsStandIn(context)) throw new Error('the stand-in lacks a member the node calls');
	const result = await new WhatsAppSessionTrigger().webhook.call(context);
	return { items: result.workflowData?.[0]?.map((item) => item.json), status, answer };
}
