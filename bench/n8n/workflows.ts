// The workflows the n8n bench runs: a Webhook starts each one (so n8n's start-up is not measured,
// and the run starts on our signal), a Code node makes N items, and one sender sends them all to the
// mock provider. Only the sender differs between rows: the WhatsApp Session node, or n8n's own
// HTTP Request node set up the way a user would to POST the same Cloud API body.
import { chainWorkflow, webhookNode, type JsonObject, type N8nCredential, type N8nWorkflow, type N8nWorkflowNode, type WorkflowNodeSpec } from '../../test/e2e/lib/n8n';
import { codeNode, whatsAppNode } from '../../test/e2e/lib/nodeFixture';

/** Every sender is named this, so the run data of every row is read the same way. */
export const SENDER = 'Send';
export const PHONE_NUMBER_ID = '1555000777';
/** Written the way people type it; the node normalises it to the `to` below, per item. */
export const RECIPIENT = '+91 98801 32082';
const RECIPIENT_DIGITS = '919880132082';
const ACCESS_TOKEN = 'bench-token-not-a-secret';
const SESSION_PATH = '/api/v1.0/{phoneNumberId}/{key}/simpleMessages';

export const HEADER_AUTH_CREDENTIAL = { id: 'bench-http-header', name: 'Bench provider (Header Auth)' };

/** One sender configuration; `key` names its webhook, its markers and (ours) its credential. */
export type Sender =
	/** idempotencyKey: every item carries one (its marker), so each send claims it in n8n's deduplication store. */
	| { kind: 'whatsAppSession'; concurrency: number; idempotencyKey?: boolean }
	| { kind: 'httpRequest'; batching?: { itemsPerBatch: number; intervalMs: number }; retryOnFail?: boolean };

/** n8n's node settings a spec of the e2e library does not carry (Retry On Fail). */
interface BenchWorkflowNode extends N8nWorkflowNode {
	retryOnFail?: boolean;
	maxTries?: number;
	waitBetweenTries?: number;
}

/** A credential of our node per row: the node's limiter is shared per credential, so no row inherits another's pace. */
export function sessionCredentialId(key: string): string {
	return `bench-session-${key}`;
}

export function benchCredentials(providerUrl: string, sessionRowKeys: readonly string[]): N8nCredential[] {
	return [
		...sessionRowKeys.map(
			(key): N8nCredential => ({
				id: sessionCredentialId(key),
				name: `Bench provider ${key}`,
				type: 'whatsAppSessionApi',
				data: { domain: providerUrl, phoneNumberId: PHONE_NUMBER_ID, apiKey: `bench-key-${key}`, accessToken: ACCESS_TOKEN, sessionPath: SESSION_PATH },
			}),
		),
		{
			...HEADER_AUTH_CREDENTIAL,
			type: 'httpHeaderAuth',
			data: { name: 'Authorization', value: `Bearer ${ACCESS_TOKEN}` },
		},
	];
}

/** The message that item `index` of a row carries: the mock counts deliveries by it. */
export function marker(key: string, index: number): string {
	return `${key}-${index}`;
}

export function webhookPath(key: string): string {
	return `bench-${key}`;
}

function itemsNode(key: string, count: number): WorkflowNodeSpec {
	return codeNode(`return Array.from({ length: ${count} }, (_unused, index) => ({ json: { marker: ${JSON.stringify(`${key}-`)} + index } }));`);
}

function whatsAppSessionSender(key: string, concurrency: number, idempotencyKey: boolean): WorkflowNodeSpec {
	return whatsAppNode(
		{
			operation: 'sendText',
			recipient: RECIPIENT,
			textBody: '={{ $json.marker }}',
			delivery: { concurrency },
			...(idempotencyKey && { options: { idempotencyKey: '={{ $json.marker }}' } }),
		},
		{ name: SENDER, credentials: { whatsAppSessionApi: { id: sessionCredentialId(key), name: `Bench provider ${key}` } } },
	);
}

/** The same POST our node makes, as a user writes it in HTTP Request: JSON with one expression. */
function httpRequestSender(providerUrl: string, sender: Extract<Sender, { kind: 'httpRequest' }>): WorkflowNodeSpec {
	const body = `={"messaging_product":"whatsapp","recipient_type":"individual","to":"${RECIPIENT_DIGITS}","type":"text","text":{"preview_url":false,"body":"{{ $json.marker }}"}}`;
	const options: JsonObject =
		sender.batching === undefined ? {} : { batching: { batch: { batchSize: sender.batching.itemsPerBatch, batchInterval: sender.batching.intervalMs } } };
	return {
		name: SENDER,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.5,
		credentials: { httpHeaderAuth: HEADER_AUTH_CREDENTIAL },
		parameters: {
			method: 'POST',
			url: `${providerUrl}/api/v1.0/${PHONE_NUMBER_ID}/bench-http-key/simpleMessages`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpHeaderAuth',
			sendBody: true,
			specifyBody: 'json',
			jsonBody: body,
			options,
		},
	};
}

/** Webhook (answers at once) → Code "Items" (N markers) → the sender. */
export function benchWorkflow(key: string, count: number, sender: Sender, providerUrl: string): N8nWorkflow {
	const senderSpec = sender.kind === 'whatsAppSession' ? whatsAppSessionSender(key, sender.concurrency, sender.idempotencyKey === true) : httpRequestSender(providerUrl, sender);
	const workflow = chainWorkflow(`bench${key}`, `Bench ${key}`, webhookNode({ path: webhookPath(key) }), [itemsNode(key, count), senderSpec]);
	if (sender.kind !== 'httpRequest' || sender.retryOnFail !== true) return workflow;
	// n8n's defaults for Retry On Fail, as a user gets them by switching it on: 3 tries, 1 s apart.
	const nodes = workflow.nodes.map((node): BenchWorkflowNode => (node.name === SENDER ? { ...node, retryOnFail: true, maxTries: 3, waitBetweenTries: 1000 } : node));
	return { ...workflow, nodes };
}
