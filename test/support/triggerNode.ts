import { EventEmitter } from 'node:events';

import type { IDataObject, IHttpRequestOptions, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { WhatsAppSessionTrigger } from '../../nodes/WhatsAppSession/WhatsAppSessionTrigger.node';
import { valueAt } from './json';

/**
 * The trigger's real webhook() with a stand-in for n8n's webhook context, and n8n's part after it
 * returns: n8n starts the execution, then answers the provider (2xx), or fails to start it and
 * answers 5xx (webhook-helpers.js, executeWebhook). Static data is kept per workflow and node,
 * as n8n's getWorkflowStaticData('node') does.
 */
export interface TriggerWorkflow {
	id: string;
	staticData: Map<string, IDataObject>;
}

export function triggerWorkflow(id: string): TriggerWorkflow {
	return { id, staticData: new Map() };
}

export interface TriggerNodeStandIn {
	id: string;
	name: string;
	parameters: IDataObject;
	credentials: Record<string, IDataObject>;
	/** Counts the node's getCredentials calls, when given (each one is a database read and decryption in n8n). */
	credentialReads?: { count: number };
}

export interface Delivery {
	body: Buffer;
	headers?: Record<string, string>;
	/** What n8n does once webhook() returned items: start the execution, fail to, or not answer yet. */
	start?: 'succeeds' | 'fails' | 'pending';
}

export interface DeliveryResult {
	/** The items the execution starts with; undefined when none starts. */
	items: IDataObject[] | undefined;
	/** What the provider got: the trigger's own reply, or n8n's answer after starting (or failing). */
	status: number | undefined;
	body: unknown;
	/** Answers n8n's pending start (for `start: 'pending'`). */
	answer: (statusCode: number) => void;
	resumeCalls: IHttpRequestOptions[];
}

/** The express response, as far as the trigger and n8n use it. */
class ResponseStandIn extends EventEmitter {
	statusCode = 200;
	writableFinished = false;
	body: unknown;

	status(code: number): this {
		this.statusCode = code;
		return this;
	}

	type(_contentType: string): this {
		return this;
	}

	send(body: unknown): this {
		this.body = body;
		this.end();
		return this;
	}

	end(): void {
		if (this.writableFinished) return;
		this.writableFinished = true;
		this.emit('finish');
		this.emit('close');
	}
}

function isWebhookFunctionsStandIn(context: object): context is IWebhookFunctions {
	const methods = ['getNodeParameter', 'getCredentials', 'getRequestObject', 'getResponseObject', 'getWorkflowStaticData', 'getWorkflow', 'getNode'];
	return methods.every((name) => typeof Reflect.get(context, name) === 'function');
}

export async function deliverToTrigger(workflow: TriggerWorkflow, node: TriggerNodeStandIn, delivery: Delivery): Promise<DeliveryResult> {
	const response = new ResponseStandIn();
	const resumeCalls: IHttpRequestOptions[] = [];
	const staticData = workflow.staticData.get(node.name) ?? {};
	workflow.staticData.set(node.name, staticData);
	const context = {
		getNodeParameter: (name: string, fallback?: unknown) => valueAt(node.parameters, ...name.split('.')) ?? fallback,
		getCredentials: async (type: string) => {
			if (node.credentialReads !== undefined) node.credentialReads.count += 1;
			const credentials = node.credentials[type];
			if (credentials === undefined) throw new Error(`Node does not have credentials of type "${type}"`);
			return credentials;
		},
		getRequestObject: () => ({ method: 'POST', rawBody: delivery.body, readRawBody: async () => undefined }),
		getResponseObject: () => response,
		getQueryData: () => ({}),
		getHeaderData: () => delivery.headers ?? {},
		getWorkflowStaticData: () => staticData,
		getWorkflow: () => ({ id: workflow.id }),
		getNode: () => ({ id: node.id, name: node.name, credentials: Object.fromEntries(Object.keys(node.credentials).map((type) => [type, { id: `cred-${node.id}`, name: type }])) }),
		getNodeWebhookUrl: () => `http://localhost:5678/webhook/${node.id}/webhook`,
		helpers: {
			httpRequest: async (options: IHttpRequestOptions) => {
				resumeCalls.push(options);
				return { statusCode: 404, body: {} };
			},
		},
	};
	if (!isWebhookFunctionsStandIn(context)) throw new Error('the stand-in lacks a member the node calls');
	const result: IWebhookResponseData = await new WhatsAppSessionTrigger().webhook.call(context);
	const items = result.workflowData?.[0]?.map((item) => item.json);
	const answer = (statusCode: number): void => {
		response.statusCode = statusCode;
		response.body = statusCode < 300 ? '' : { message: 'There was a problem executing the workflow' };
		response.end();
	};
	if (result.noWebhookResponse !== true) {
		if (items === undefined) answer(200);
		else if (delivery.start === 'fails') answer(500);
		else if (delivery.start !== 'pending') answer(200);
	}
	return { items, status: response.writableFinished ? response.statusCode : undefined, body: response.body, answer, resumeCalls };
}
