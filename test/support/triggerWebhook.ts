import type { IDataObject } from 'n8n-workflow';

import { deliverToTrigger, triggerWorkflow } from './triggerNode';

/** One POST to the trigger's webhook, as n8n hands it to the node. */
export interface TriggerRequest {
	parameters: IDataObject;
	credentials: Record<string, IDataObject>;
	headers: Record<string, string>;
	rawBody: Buffer;
}

export interface TriggerResult {
	/** The items the workflow starts with; undefined when no execution starts. */
	items: IDataObject[] | undefined;
	/** What the provider was answered: the trigger's own reply (refusals, handshakes) or n8n's 200 after starting. */
	status: number | undefined;
	answer: string | undefined;
}

let triggerRuns = 0;

/**
 * One delivery through the trigger's real webhook() (triggerNode.ts plays n8n's part), each in a
 * workflow of its own so the event memory of one test never drops another's event.
 */
export async function postToTrigger(request: TriggerRequest): Promise<TriggerResult> {
	const workflow = triggerWorkflow(`wf-${++triggerRuns}`);
	const node = { id: 'trigger-node', name: 'WhatsApp Session Trigger', parameters: request.parameters, credentials: request.credentials };
	const result = await deliverToTrigger(workflow, node, { body: request.rawBody, headers: request.headers });
	return { items: result.items, status: result.status, answer: typeof result.body === 'string' ? result.body : undefined };
}
