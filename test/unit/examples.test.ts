// The workflows in examples/ must stay importable and must still send what they show. Each one is
// read the way n8n reads it (node parameters resolved against the node's description, defaults
// filled in), its items are followed down its branches, expressions are evaluated against them, and
// every WhatsApp Session node's form goes through the node's own pure layers: read, validate and
// encode for the provider. A renamed field, a tightened limit or a removed option fails here.
// An example started by the WhatsApp Session Trigger gets its items the way the trigger makes
// them: sample webhook bodies, signed with the demo credential's secret, through the trigger's
// own receiving code with the example's event selection.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { runInNewContext } from 'node:vm';

import { NodeHelpers, SEND_AND_WAIT_OPERATION, type INode, type INodeParameters } from 'n8n-workflow';

import { isInvalidMessageError, type ValidationIssue } from '../../nodes/WhatsAppSession/message/errors';
import type { FormValues } from '../../nodes/WhatsAppSession/message/formValues';
import { readSessionMessage } from '../../nodes/WhatsAppSession/message/fromForm';
import { isOperation, OPERATIONS, type Operation } from '../../nodes/WhatsAppSession/message/operations';
import { mediaFileFacts } from '../../nodes/WhatsAppSession/media/uploadChecks';
import { fileIssues, formWithFile } from '../../nodes/WhatsAppSession/media/upload';
import type { SessionMessage } from '../../nodes/WhatsAppSession/message/types';
import { validateSessionMessage } from '../../nodes/WhatsAppSession/message/validate';
import { GET_MEDIA_OPERATION, readMediaId, readMediaUrl } from '../../nodes/WhatsAppSession/media/receivedFile';
import { isProviderChoice, PROVIDERS } from '../../nodes/WhatsAppSession/providers';
import type { ProviderAdapter } from '../../nodes/WhatsAppSession/providers/contract/adapter';
import { buildQuestionMessage } from '../../nodes/WhatsAppSession/waiting/questionMessage';
import { WhatsAppSession } from '../../nodes/WhatsAppSession/WhatsAppSession.node';
import { findListeningProvider } from '../../nodes/WhatsAppSession/trigger/description';
import { receiveWebhook } from '../../nodes/WhatsAppSession/trigger/receive';
import { selectionFromParameters } from '../../nodes/WhatsAppSession/trigger/selection';
import { signWebhookBody } from '../../nodes/WhatsAppSession/trigger/signature';
import { WhatsAppSessionTrigger } from '../../nodes/WhatsAppSession/WhatsAppSessionTrigger.node';
import { DEMO_CREDENTIAL_REFS, demoCredentials } from '../../scripts/demo/credentials';
import { DEMO_MODEL_CREDENTIAL } from '../../scripts/demo/model';
import {
	CUSTOMER,
	WINDOW_CLOSED_ERROR,
	metaBody,
	metaContact,
	metaMessage,
	metaStatus,
	metaTextBody,
	metaValue,
} from '../support/inboundSamples';
import { signResumeUrl } from '../support/n8nResumeSignature';

const EXAMPLES_DIR = path.resolve(__dirname, '..', '..', 'examples');
const NODE_TYPE = 'n8n-nodes-whatsapp-session.whatsAppSession';
const TRIGGER_TYPE = 'n8n-nodes-whatsapp-session.whatsAppSessionTrigger';
/** WhatsApp Session as an AI agent's tool: n8n offers every `usableAsTool` node under this type. */
const TOOL_TYPE = `${NODE_TYPE}Tool`;
const AGENT = '@n8n/n8n-nodes-langchain.agent';
const OPENAI_CHAT_MODEL = '@n8n/n8n-nodes-langchain.lmChatOpenAi';
/** The connections that attach an agent's sub-nodes (model, memory, tools) to it. */
const AGENT_INPUTS = ['ai_languageModel', 'ai_memory', 'ai_tool'];
const MANUAL_TRIGGER = 'n8n-nodes-base.manualTrigger';
const START_TYPES = [MANUAL_TRIGGER, TRIGGER_TYPE];
const CODE = 'n8n-nodes-base.code';
const IF = 'n8n-nodes-base.if';
const STICKY_NOTE = 'n8n-nodes-base.stickyNote';
/** n8n's own nodes (the AI nodes too) ship with every instance; anything else would need another community package. */
const CORE_PREFIXES = ['n8n-nodes-base.', '@n8n/n8n-nodes-langchain.'];

/**
 * Items that an example makes fail on purpose, by file → node → item index → the field named in
 * the error. Every other item must produce a valid message.
 */
const EXPECTED_INVALID: Record<string, Record<string, Record<number, { field: string; problem: RegExp }>>> = {
	'10-on-error-continue.json': {
		'Send text, continue on error': { 1: { field: 'Recipient Phone Number', problem: /must start with the country code/ } },
	},
};

const description = new WhatsAppSession().description;
const triggerDescription = new WhatsAppSessionTrigger().description;
/** The staff number example 13 alerts; a failed alert to it must not alert again. */
const STAFF_PHONE = '919880132000';

interface ExampleNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: INodeParameters;
	credentials?: Record<string, { id: string; name: string }>;
	onError?: string;
	webhookId?: string;
}

interface Connection {
	node: string;
	type: string;
	index: number;
}

interface Example {
	file: string;
	id: string;
	name: string;
	nodes: ExampleNode[];
	/** By source node, then by connection type (`main`, or an agent's `ai_*` inputs). */
	connections: Record<string, Record<string, Connection[][]>>;
	settings: Record<string, unknown>;
	pinData: Record<string, unknown>;
}

type Json = Record<string, unknown>;

function isDemoCredentialType(type: string): type is keyof typeof DEMO_CREDENTIAL_REFS {
	return Object.prototype.hasOwnProperty.call(DEMO_CREDENTIAL_REFS, type);
}

function isRecord(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const files = readdirSync(EXAMPLES_DIR)
	.filter((file) => file.endsWith('.json'))
	.sort();

function loadExample(file: string): Example {
	let parsed: unknown;
	try {
		parsed = JSON.parse(readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'));
	} catch (error) {
		throw new Error(`examples/${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
	}
	if (!isRecord(parsed)) throw new Error(`${file} is not a JSON object`);
	if (!isExampleWorkflow(parsed)) throw new Error(`${file} does not have the shape of an n8n workflow export`);
	return { file, ...parsed };
}

// What n8n's workflow import needs; the shape test below names the field that is off.
function isExampleWorkflow(value: Json): value is Omit<Example, 'file'> {
	const { id, name, nodes, connections, settings, pinData } = value;
	return (
		typeof id === 'string' &&
		typeof name === 'string' &&
		Array.isArray(nodes) &&
		nodes.every(isExampleNode) &&
		isRecord(connections) &&
		Object.values(connections).every(isNodeConnections) &&
		isRecord(settings) &&
		isRecord(pinData)
	);
}

function isExampleNode(value: unknown): value is ExampleNode {
	if (!isRecord(value)) return false;
	const { id, name, type, typeVersion, position, parameters, credentials, onError, webhookId } = value;
	return (
		typeof id === 'string' &&
		typeof name === 'string' &&
		typeof type === 'string' &&
		typeof typeVersion === 'number' &&
		Array.isArray(position) &&
		position.length === 2 &&
		position.every((coordinate) => typeof coordinate === 'number') &&
		isNodeParameters(parameters) &&
		(credentials === undefined ||
			(isRecord(credentials) &&
				Object.values(credentials).every((ref) => isRecord(ref) && typeof ref.id === 'string' && typeof ref.name === 'string'))) &&
		(onError === undefined || typeof onError === 'string') &&
		(webhookId === undefined || typeof webhookId === 'string')
	);
}

function isNodeConnections(value: unknown): value is Example['connections'][string] {
	return (
		isRecord(value) &&
		Object.values(value).every(
			(byOutput) =>
				Array.isArray(byOutput) &&
				byOutput.every(
					(outputs) =>
						Array.isArray(outputs) &&
						outputs.every(
							(connection) =>
								isRecord(connection) &&
								typeof connection.node === 'string' &&
								typeof connection.type === 'string' &&
								typeof connection.index === 'number',
						),
				),
		)
	);
}

/** Node parameters as JSON holds them: text, numbers, booleans, null, lists and nested objects. */
function isNodeParameters(value: unknown): value is INodeParameters {
	return isRecord(value) && Object.values(value).every(isNodeParameterValue);
}

function isNodeParameterValue(value: unknown): boolean {
	const isPrimitive = (entry: unknown) => entry === null || ['string', 'number', 'boolean'].includes(typeof entry);
	if (isPrimitive(value) || isNodeParameters(value)) return true;
	return Array.isArray(value) && (value.every(isPrimitive) || value.every(isNodeParameters));
}

const examples = files.map(loadExample);

/** An agent's sub-nodes: attached to it, not run by the items (the agent calls them). */
const isSubNode = (example: Example, node: ExampleNode) => AGENT_INPUTS.some((type) => (example.connections[node.name]?.[type] ?? []).length > 0);

/** The nodes the items run through: everything but sticky notes and an agent's sub-nodes. */
const runnable = (example: Example) => example.nodes.filter((node) => node.type !== STICKY_NOTE && !isSubNode(example, node));

/** The WhatsApp Session nodes attached to an agent as its tools. */
function toolsOf(example: Example, agentName: string): ExampleNode[] {
	return example.nodes.filter((node) => (example.connections[node.name]?.ai_tool ?? []).flat().some((connection) => connection.node === agentName));
}

const byName = (example: Example, name: string) => example.nodes.find((node) => node.name === name);

function targetsOf(example: Example, nodeName: string): string[] {
	return (example.connections[nodeName]?.main ?? []).flat().map((connection) => connection.node);
}

function startNode(example: Example): ExampleNode {
	const starts = example.nodes.filter((node) => START_TYPES.includes(node.type));
	const [only] = starts;
	if (starts.length !== 1 || only === undefined) throw new Error(`${example.file} has ${starts.length} start nodes; an example has one trigger`);
	return only;
}

/**
 * Every node the start node reaches, in run order. Examples are trees: a chain, or branches of
 * an If node, and no node is fed from two places.
 */
function reachable(example: Example): ExampleNode[] {
	const byName = new Map(example.nodes.map((node) => [node.name, node]));
	const ordered: ExampleNode[] = [startNode(example)];
	for (let index = 0; index < ordered.length; index += 1) {
		const current = ordered[index];
		if (current === undefined) break;
		for (const target of targetsOf(example, current.name)) {
			const next = byName.get(target);
			if (!next) throw new Error(`${example.file}: "${current.name}" connects to a missing node "${target}"`);
			if (ordered.includes(next)) throw new Error(`${example.file}: "${next.name}" is fed from two places; examples are trees`);
			ordered.push(next);
		}
	}
	return ordered;
}

// ---------------------------------------------------------------------------------------------
// Following items down the branches

/** One item as it travels: its json at every node it has passed, by node name. */
type Lineage = Map<string, Json>;

/**
 * Runs a Code node's JavaScript in a sandbox with Buffer only. Example code nodes only return
 * literal data (they stand in for a trigger, a CRM, a sheet or a file), so nothing else is needed.
 */
function runCodeNode(example: Example, node: ExampleNode): Array<{ json: Json; binary?: Json }> {
	const jsCode = node.parameters.jsCode;
	if (typeof jsCode !== 'string') throw new Error(`${example.file}: code node "${node.name}" has no jsCode`);
	const result: unknown = JSON.parse(JSON.stringify(runInNewContext(`(function () {\n${jsCode}\n})()`, { Buffer }, { timeout: 1_000 })));
	const items = Array.isArray(result) ? result : [result];
	return items.map((item) => {
		// The Code node takes both { json: {...} } and plain objects.
		const json = isRecord(item) && isRecord(item.json) ? item.json : item;
		if (!isRecord(json)) throw new Error(`${example.file}: code node "${node.name}" returned a non-object item`);
		return { json, ...(isRecord(item) && isRecord(item.binary) && { binary: item.binary }) };
	});
}

/** Where a lineage keeps the binary data an item had at a node (n8n passes it on beside the json). */
const binaryAt = (nodeName: string) => `binary of ${nodeName}`;

/**
 * Send Media from an n8n binary file, as the node's item loop reads it: the file's facts from the
 * item's binary field, the form as it reads once the file is uploaded, and the file's checks.
 */
function withBinaryFile(form: FormValues, binary: Json | undefined): { form: FormValues; fileIssues?: (message: SessionMessage<unknown>) => ValidationIssue[] } {
	if (form.get('operation') !== 'sendMedia' || form.get('mediaSource') !== 'binary') return { form };
	const field = String(form.get('binaryPropertyName'));
	const file = binary?.[field];
	if (!isRecord(file) || typeof file.data !== 'string' || typeof file.mimeType !== 'string') {
		throw new Error(`the item has no binary field "${field}" with data and a MIME type`);
	}
	const facts = mediaFileFacts(file.mimeType, typeof file.fileName === 'string' ? file.fileName : undefined, Buffer.from(file.data, 'base64'));
	return { form: formWithFile(form, facts), fileIssues: (message) => fileIssues(facts, message) };
}

/**
 * Evaluates an n8n expression (`={{ … }}` or a template with `{{ … }}` parts) for one item, with
 * `$json` and `$('Node').item.json` / `.first().json`. Examples keep to these, so this test can
 * follow them; anything else fails with the expression named.
 */
function evaluateExpression(expression: string, lineage: Lineage, previousNode: string, where: string): unknown {
	const nodeAccessor = (name: string) => {
		const json = lineage.get(name);
		if (!json) throw new Error(`$('${name}') names a node this item has not passed`);
		return { item: { json }, first: () => ({ json }) };
	};
	// An agent's tool: what the model fills in, marked so a test can find it in the message.
	const fromAI = (key: string) => `(the model's ${key})`;
	const context = { $json: lineage.get(previousNode) ?? {}, $: nodeAccessor, $fromAI: fromAI };
	const evaluate = (code: string): unknown => {
		try {
			const value: unknown = runInNewContext(`(${code})`, context, { timeout: 1_000 });
			return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
		} catch (error) {
			throw new Error(`${where}: cannot evaluate {{${code}}}: ${error instanceof Error ? error.message : String(error)}`);
		}
	};
	const body = expression.slice(1);
	const whole = /^\{\{([\s\S]*)\}\}$/.exec(body.trim());
	if (whole?.[1] !== undefined && !whole[1].includes('}}')) return evaluate(whole[1]);
	return body.replace(/\{\{([\s\S]*?)\}\}/g, (_match, code: string) => {
		const value = evaluate(code);
		if (value === undefined || value === null) return '';
		return typeof value === 'object' ? JSON.stringify(value) : String(value);
	});
}

/** Replaces every expression in a parameter value (also inside collections) by its value. */
function resolveExpressions(value: unknown, lineage: Lineage, previousNode: string, where: string): unknown {
	if (typeof value === 'string' && value.startsWith('=')) return evaluateExpression(value, lineage, previousNode, where);
	if (Array.isArray(value)) return value.map((entry) => resolveExpressions(entry, lineage, previousNode, where));
	if (isRecord(value)) {
		return Object.fromEntries(
			Object.entries(value).map(([key, entry]) => [key, resolveExpressions(entry, lineage, previousNode, `${where} › ${key}`)]),
		);
	}
	return value;
}

function asINode(node: ExampleNode, parameters: INodeParameters = node.parameters): INode {
	return { id: node.id, name: node.name, type: node.type, typeVersion: node.typeVersion, position: node.position, parameters };
}

/** The node's parameters as n8n sees them at run time: defaults filled in, hidden fields dropped. */
function resolvedParameters(node: ExampleNode): INodeParameters {
	const resolved = NodeHelpers.getNodeParameters(description.properties, node.parameters, true, false, asINode(node), description);
	if (!resolved) throw new Error(`${node.name}: n8n could not resolve its parameters`);
	return resolved;
}

interface ItemOutcome {
	itemIndex: number;
	message?: SessionMessage<unknown>;
	body?: unknown;
	issues?: ValidationIssue[];
}

/** What the node's item loop does before sending: read the form, validate, encode for the provider. */
function sendThroughPureLayers(node: ExampleNode, itemForm: FormValues, binary: Json | undefined): Omit<ItemOutcome, 'itemIndex'> {
	const { form, fileIssues: issuesOfFile } = withBinaryFile(itemForm, binary);
	const provider = form.get('provider');
	const operation = form.get('operation');
	if (!isProviderChoice(provider)) throw new Error(`${node.name}: unknown provider ${String(provider)}`);
	const adapter: ProviderAdapter = PROVIDERS[provider];
	if (operation === SEND_AND_WAIT_OPERATION) return askThroughPureLayers(adapter, form);
	if (operation === GET_MEDIA_OPERATION) return getThroughPureLayers(adapter, form);
	if (!isOperation(operation)) throw new Error(`${node.name}: unknown operation ${String(operation)}`);
	try {
		const message = readSessionMessage(operation, form, {
			recipientKind: adapter.recipientKind,
			readExtras: adapter.extras.read,
		});
		const issues = [...validateSessionMessage(message, adapter.extras.validate), ...(issuesOfFile?.(message) ?? [])];
		if (issues.length > 0) return { message, issues };
		return { message, body: encodeWithDemoCredential(adapter, message) };
	} catch (error) {
		if (isInvalidMessageError(error)) return { issues: error.issues };
		throw error;
	}
}

function encodeWithDemoCredential(adapter: ProviderAdapter, message: SessionMessage<unknown>): unknown {
	const credential = demoCredentials('http://127.0.0.1:9').find((entry) => entry.type === adapter.credentialType);
	if (!credential) throw new Error(`no demo credential of type ${adapter.credentialType}`);
	return adapter.connect(credential.data).encode(message).body;
}

/** Send and Wait for Reply's own reading, with a resume URL signed as n8n signs it. */
function askThroughPureLayers(adapter: ProviderAdapter, form: FormValues): Omit<ItemOutcome, 'itemIndex'> {
	const execution = { executionId: '1042', nodeId: '3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d', now: new Date() };
	try {
		const { message } = buildQuestionMessage(form, adapter, {
			...execution,
			signResumeUrl: (params) => signResumeUrl('http://localhost:5678/webhook-waiting', execution.executionId, execution.nodeId, params, 'secret'),
		});
		return { message, body: encodeWithDemoCredential(adapter, message) };
	} catch (error) {
		if (isInvalidMessageError(error)) return { issues: error.issues };
		throw error;
	}
}

/** Get Media's reading: the id (or URL) the provider's declaration asks for, checked as the node checks it. */
function getThroughPureLayers(adapter: ProviderAdapter, form: FormValues): Omit<ItemOutcome, 'itemIndex'> {
	const download = adapter.media?.download;
	if (download === undefined) throw new Error(`${adapter.id} declares no media download`);
	try {
		return {
			body: download.takes === 'mediaId' ? { mediaId: readMediaId(form.get('receivedMediaId')) } : { mediaUrl: readMediaUrl(form.get('receivedMediaUrl')).href },
		};
	} catch (error) {
		if (isInvalidMessageError(error)) return { issues: error.issues };
		throw error;
	}
}

type NodeOperation = Operation | typeof SEND_AND_WAIT_OPERATION | typeof GET_MEDIA_OPERATION;

interface WhatsAppRun {
	node: ExampleNode;
	operation: NodeOperation;
	outcomes: ItemOutcome[];
}

/** The trigger's parameters as n8n sees them at run time. */
function resolvedTriggerParameters(node: ExampleNode): INodeParameters {
	const resolved = NodeHelpers.getNodeParameters(triggerDescription.properties, node.parameters, true, false, asINode(node), triggerDescription);
	if (!resolved) throw new Error(`${node.name}: n8n could not resolve its parameters`);
	return resolved;
}

/** The reply-button ids an example offers, so its samples tap each one. */
function offeredButtonIds(example: Example): string[] {
	return example.nodes.flatMap((node) => {
		const collection: unknown = node.parameters.buttons;
		const buttons = node.type === NODE_TYPE && isRecord(collection) ? collection.button : undefined;
		return Array.isArray(buttons) ? buttons.flatMap((button) => (isRecord(button) && typeof button.id === 'string' ? [button.id] : [])) : [];
	});
}

/**
 * What a provider posts while an example's workflow is active: a customer's text, the text of a
 * customer known only by a BSUID (a username hides the number), a tap on each button the example
 * offers and on one it no longer offers, a photo with a caption, a delivered and two failed statuses (window closed) about
 * customers, one of them known only by a BSUID, and a failed status about the staff number
 * example 13 alerts.
 */
function sampleWebhookBodies(example: Example): unknown[] {
	const tap = (id: string, index: number) =>
		metaBody(
			metaValue({
				contacts: [metaContact()],
				messages: [metaMessage(`wamid.EXAMPLE.TAP.${index}`, 'interactive', { type: 'button_reply', button_reply: { id, title: `Button ${id}` } })],
			}),
		);
	const failed = { errors: [WINDOW_CLOSED_ERROR] };
	const { from: _noPhone, ...byUserIdOnly } = metaMessage('wamid.EXAMPLE.BSUID', 'text', { body: 'Hi, it is me again' });
	return [
		metaTextBody('wamid.EXAMPLE.TEXT', 'Hi, where is my order?'),
		metaBody(metaValue({ contacts: [metaContact(null, 'asha_k', CUSTOMER.bsuid)], messages: [{ ...byUserIdOnly, from_user_id: CUSTOMER.bsuid }] })),
		...[...offeredButtonIds(example), 'retired-button'].map(tap),
		metaBody(
			metaValue({
				contacts: [metaContact()],
				messages: [metaMessage('wamid.EXAMPLE.IMAGE', 'image', { id: '1042381205592316', mime_type: 'image/jpeg', sha256: 'IhM1HYjy6VAMYL2fUvVW+UyOvCjL3BnUdY2FKHvOOWE=', caption: 'My receipt' })],
			}),
		),
		metaBody(metaValue({ statuses: [metaStatus('wamid.EXAMPLE.SENT.1', 'delivered')] })),
		metaBody(metaValue({ statuses: [metaStatus('wamid.EXAMPLE.SENT.2', 'failed', failed)] })),
		metaBody(metaValue({ statuses: [metaStatus('wamid.EXAMPLE.SENT.3', 'failed', { ...failed, recipient_id: STAFF_PHONE })] })),
		metaBody(metaValue({ statuses: [{ id: 'wamid.EXAMPLE.SENT.4', status: 'failed', timestamp: '1764460900', recipient_user_id: CUSTOMER.bsuid, ...failed }] })),
	];
}

/** The items the example's trigger puts out for the sample webhooks, through the trigger's own code. */
function triggerItems(example: Example, trigger: ExampleNode): Json[] {
	const parameters = resolvedTriggerParameters(trigger);
	const provider = findListeningProvider(parameters.provider);
	if (!provider) throw new Error(`${trigger.name}: provider ${String(parameters.provider)} sends no webhooks`);
	const credential = demoCredentials('http://127.0.0.1:9').find((entry) => entry.type === provider.credentialType);
	const signingSecret = credential?.data[provider.inbound.signingSecret.name];
	if (signingSecret === undefined) throw new Error(`the demo credential of ${provider.credentialType} has no ${provider.inbound.signingSecret.name}`);
	return sampleWebhookBodies(example).flatMap((body) => {
		const rawBody = Buffer.from(JSON.stringify(body));
		const outcome = receiveWebhook(
			{ method: 'POST', query: {}, headers: { [provider.inbound.signature.header]: signWebhookBody(rawBody, signingSecret, provider.inbound.signature) }, rawBody },
			{
				provider: provider.id,
				inbound: provider.inbound,
				signingSecret,
				verifyToken: '',
				selection: selectionFromParameters(parameters.events, parameters.statuses, parameters.options),
				// The examples and the demo sign their events, as Meta and Connectly do.
				acceptUnsigned: false,
				seen: new Set<string>(),
				inFlight: [],
				receivedAt: '2025-11-30T00:00:00.000Z',
			},
		);
		if (outcome.kind === 'reply') throw new Error(`${trigger.name} refused a sample webhook: ${outcome.status} ${outcome.body}`);
		return outcome.kind === 'run' ? outcome.items.map((item): Json => ({ ...item })) : [];
	});
}

/**
 * The If node's verdict for one item: the operators the examples use, evaluated as n8n's If node
 * (version 2, strict types) does; any other fails the test with the operator named.
 */
function ifHolds(example: Example, node: ExampleNode, lineage: Lineage, previous: string): boolean {
	const parameter: unknown = node.parameters.conditions;
	const conditions: Json = isRecord(parameter) ? parameter : {};
	const list: unknown[] = Array.isArray(conditions.conditions) ? conditions.conditions : [];
	const verdicts = list.map((condition, index) => {
		if (!isRecord(condition) || !isRecord(condition.operator)) throw new Error(`${example.file} › ${node.name}: condition ${index} has no operator`);
		const where = `${example.file} › ${node.name} › condition ${index}`;
		const resolved = resolveExpressions(condition.leftValue, lineage, previous, where);
		// With loose type validation, n8n's If reads a missing value (an answer after a time-out) as empty.
		const loose = node.parameters.looseTypeValidation === true;
		const left = loose && (resolved === undefined || resolved === null) ? '' : resolved;
		const right = resolveExpressions(condition.rightValue, lineage, previous, where);
		const { type, operation } = condition.operator;
		if (type !== 'string' || typeof left !== 'string') throw new Error(`${where}: the test knows string conditions only, got ${String(type)} on ${JSON.stringify(left)}`);
		switch (operation) {
			case 'notEmpty':
				return left !== '';
			case 'empty':
				return left === '';
			case 'equals':
				return left === right;
			case 'notEquals':
				return left !== right;
			default:
				throw new Error(`${where}: the test does not know the operation ${String(operation)}`);
		}
	});
	return conditions.combinator === 'or' ? verdicts.some(Boolean) : verdicts.every(Boolean);
}

/** Follows the items from the trigger through every node, sending each WhatsApp Session node's items. */
function runExample(example: Example): WhatsAppRun[] {
	const runs: WhatsAppRun[] = [];
	const byName = new Map(example.nodes.map((node) => [node.name, node]));
	const trigger = startNode(example);
	const start = trigger.type === TRIGGER_TYPE ? triggerItems(example, trigger) : [{}];

	/** Runs one node on the items that reached it; returns its items on each of its outputs. */
	const runNode = (node: ExampleNode, lineages: Lineage[], previous: string): Lineage[][] => {
		if (node.type === CODE) {
			const base = lineages[0] ?? new Map<string, Json>();
			return [
				runCodeNode(example, node).map(
					({ json, binary }) => new Map([...base, [node.name, json], ...(binary === undefined ? [] : [[binaryAt(node.name), binary] as const])]),
				),
			];
		}
		const passThrough = (lineage: Lineage): Lineage => {
			const binary = lineage.get(binaryAt(previous));
			return new Map([...lineage, [node.name, lineage.get(previous) ?? {}], ...(binary === undefined ? [] : [[binaryAt(node.name), binary] as const])]);
		};
		if (node.type === IF) {
			const verdicts = lineages.map((lineage) => ifHolds(example, node, lineage, previous));
			return [lineages.filter((_lineage, index) => verdicts[index]).map(passThrough), lineages.filter((_lineage, index) => !verdicts[index]).map(passThrough)];
		}
		if (node.type === AGENT) {
			// Each tool as the agent would call it once for every item, with the model's arguments.
			for (const tool of toolsOf(example, node.name)) runNode(tool, lineages.map(passThrough), node.name);
			return [lineages.map(passThrough)];
		}
		if (node.type !== NODE_TYPE && node.type !== TOOL_TYPE) return [lineages.map(passThrough)];
		const parameters = resolvedParameters(node);
		const outcomes = lineages.map((lineage, itemIndex): ItemOutcome => {
			const form: FormValues = {
				get: (name) => resolveExpressions(parameters[name], lineage, previous, `${example.file} › ${node.name} › ${name}`),
			};
			return { itemIndex, ...sendThroughPureLayers(node, form, lineage.get(binaryAt(previous))) };
		});
		const operation = parameters.operation;
		if (!isOperation(operation) && operation !== SEND_AND_WAIT_OPERATION && operation !== GET_MEDIA_OPERATION) throw new Error(`${node.name}: unknown operation`);
		runs.push({ node, operation, outcomes });
		if (operation === SEND_AND_WAIT_OPERATION) {
			// Every answer the customer could give, and the time-out, which passes the input item on.
			return [
				lineages.flatMap((lineage, index) => [
					...answersOffered(outcomes[index]?.message).map((answer) => new Map([...lineage, [node.name, { timedOut: false, answer }]])),
					passThrough(lineage),
				]),
			];
		}
		// What the node puts out, for expressions further down the chain.
		return [
			lineages.map((lineage, index) => {
				const outcome = outcomes[index];
				const fetched = { provider: parameters.provider, fileName: 'file.jpg', mimeType: 'image/jpeg', sha256: '0'.repeat(64), fileSize: 48213, sha256Checked: true };
				const json: Json = outcome?.issues
					? { error: 'invalid item' }
					: operation === GET_MEDIA_OPERATION
						? { ...(isRecord(outcome?.body) ? outcome.body : {}), ...fetched }
						: { messageId: `wamid.test.${index + 1}`, recipient: outcome?.message?.recipient, status: 'accepted' };
				return new Map([...lineage, [node.name, json]]);
			}),
		];
	};

	const visit = (node: ExampleNode, outputs: Lineage[][]): void => {
		(example.connections[node.name]?.main ?? []).forEach((connections, outputIndex) => {
			for (const connection of connections) {
				const next = byName.get(connection.node);
				if (!next) throw new Error(`${example.file}: "${node.name}" connects to a missing node "${connection.node}"`);
				visit(next, runNode(next, outputs[outputIndex] ?? [], node.name));
			}
		});
	};
	visit(trigger, [start.map((json) => new Map([[trigger.name, json]]))]);
	return runs;
}

/** What the customer fills in when a question is a Flow (Send and Wait's Flow Form), as the demo's `--flow` does. */
const SAMPLE_FLOW_FORM = { street: 'MG Road 5', slot: 'evening' };

/** The choices a question offered, as the builder defined them: the wire id carries a reference after "~"; a Flow's answer is its form. */
function answersOffered(message: SessionMessage<unknown> | undefined): Json[] {
	const content = message?.content;
	if (content?.type === 'flow') return [{ form: SAMPLE_FLOW_FORM }];
	const choices =
		content?.type === 'replyButtons' ? content.buttons : content?.type === 'list' ? content.sections.flatMap((section) => section.rows) : [];
	return choices.map((choice) => ({ id: choice.id.split('~')[0] ?? '', title: choice.title }));
}

/** Each WhatsApp Session node's outcomes in an example, by node name. */
function outcomesByNode(file: string): Map<string, ItemOutcome[]> {
	const example = examples.find((entry) => entry.file === file);
	if (!example) throw new Error(`examples/${file} is missing`);
	return new Map(runExample(example).map((run) => [run.node.name, run.outcomes]));
}

// ---------------------------------------------------------------------------------------------

describe('examples/', () => {
	it('holds the example workflows, with unique ids and names', () => {
		expect(files.length).toBeGreaterThanOrEqual(10);
		const ids = examples.map((example) => example.id);
		const names = examples.map((example) => example.name);
		expect(new Set(ids).size).toBe(ids.length);
		expect(new Set(names).size).toBe(names.length);
	});

	describe.each(examples.map((example) => [example.file, example] as const))('%s', (_file, example) => {
		it('has the shape n8n imports: fixed id, name, nodes, connections, settings, pinData', () => {
			expect(typeof example.id).toBe('string');
			expect(example.id).toMatch(/^[A-Za-z0-9-]{1,36}$/);
			expect(typeof example.name).toBe('string');
			expect(Array.isArray(example.nodes)).toBe(true);
			expect(isRecord(example.connections)).toBe(true);
			expect(isRecord(example.settings)).toBe(true);
			expect(isRecord(example.pinData)).toBe(true);
			const nodeIds = example.nodes.map((node) => node.id);
			const nodeNames = example.nodes.map((node) => node.name);
			expect(new Set(nodeIds).size).toBe(nodeIds.length);
			expect(new Set(nodeNames).size).toBe(nodeNames.length);
			for (const node of example.nodes) {
				expect(node).toEqual(
					expect.objectContaining({ id: expect.any(String), name: expect.any(String), type: expect.any(String), typeVersion: expect.any(Number) }),
				);
				expect(node.position).toEqual([expect.any(Number), expect.any(Number)]);
				expect(isRecord(node.parameters)).toBe(true);
			}
		});

		it("uses this package's nodes at their current version, as a node added in the editor would be", () => {
			// An example on an older version keeps its costs: trigger 1 makes n8n evaluate one more expression per webhook.
			const current = (description: { version: number | number[]; defaultVersion?: number }): number =>
				description.defaultVersion ?? (Array.isArray(description.version) ? Math.max(...description.version) : description.version);
			const expected: Record<string, number | undefined> = { [NODE_TYPE]: current(new WhatsAppSession().description), [TOOL_TYPE]: current(new WhatsAppSession().description), [TRIGGER_TYPE]: current(new WhatsAppSessionTrigger().description) };
			for (const node of example.nodes) {
				const version = expected[node.type];
				if (version !== undefined) expect(`${node.name}: ${node.typeVersion}`).toBe(`${node.name}: ${version}`);
			}
		});

		it('uses only the WhatsApp Session nodes and n8n\'s own nodes', () => {
			for (const node of example.nodes) {
				const own = [NODE_TYPE, TRIGGER_TYPE, TOOL_TYPE].includes(node.type) || CORE_PREFIXES.some((prefix) => node.type.startsWith(prefix));
				expect(own ? 'allowed' : node.type).toBe('allowed');
			}
			expect(example.nodes.some((node) => node.type === NODE_TYPE)).toBe(true);
		});

		it('starts from one trigger (Manual or WhatsApp Session), and every node runs from it', () => {
			expect(example.nodes.filter((node) => START_TYPES.includes(node.type))).toHaveLength(1);
			const reached = reachable(example).map((node) => node.name);
			expect([...reached].sort()).toEqual(runnable(example).map((node) => node.name).sort());
			const agents = reached.filter((name) => byName(example, name)?.type === AGENT);
			for (const [source, byType] of Object.entries(example.connections)) {
				expect(example.nodes.map((node) => node.name)).toContain(source);
				for (const [type, outputs] of Object.entries(byType)) {
					// main between the nodes the items run through; ai_* from a sub-node into an agent that runs.
					expect(type === 'main' || AGENT_INPUTS.includes(type) ? 'known' : type).toBe('known');
					const target = type === 'main' ? expect.any(String) : expect.stringMatching(new RegExp(`^(${agents.join('|') || '(no agent)'})$`));
					for (const connection of outputs.flat()) expect(connection).toEqual({ node: target, type, index: 0 });
				}
			}
		});

		it('an example a trigger starts has an id n8n saves static data for (at most 21 characters), or redeliveries would run again', () => {
			// n8n 2.41 saves a workflow's static data, where the trigger remembers the events it
			// passed on, only when the workflow id passes its isWorkflowIdValid: 1-21 characters.
			if (!example.nodes.some((node) => node.type === TRIGGER_TYPE)) return;
			expect({ id: example.id, fitsN8nsLimit: example.id.length >= 1 && example.id.length <= 21 }).toEqual({ id: example.id, fitsN8nsLimit: true });
		});

		it('a WhatsApp Session Trigger has its own fixed webhook id, so its URL stays the same on every import', () => {
			for (const node of example.nodes.filter((entry) => entry.type === TRIGGER_TYPE)) {
				expect({ node: node.name, webhookId: node.webhookId }).toEqual({ node: node.name, webhookId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
			}
		});

		it('explains itself in a sticky note that names the placeholder recipient, or the customer who wrote', () => {
			const notes = example.nodes.filter((node) => node.type === STICKY_NOTE);
			expect(notes.length).toBeGreaterThanOrEqual(1);
			expect(notes.map((note) => String(note.parameters.content)).join('\n')).toMatch(/\+91 98801|\{\{ \$json\.from \?\? \$json\.userId \}\}/);
		});

		it('its sticky note says how to see it work in the demo, with a run.js command that fits it', () => {
			const note = example.nodes.filter((node) => node.type === STICKY_NOTE).map((node) => String(node.parameters.content)).join('\n');
			expect(note).toContain('**See it work in `npm run demo`:**');
			const number = Number(_file.slice(0, 2));
			const started = example.nodes.some((node) => node.type === TRIGGER_TYPE);
			// A trigger example is played from the provider's side; the others run by number.
			expect([_file, started ? /run\.js (customer|status)/.test(note) : note.includes(`node scripts/demo/run.js run ${number}`)]).toEqual([_file, true]);
		});

		it('refers to the demo credential of the provider each WhatsApp Session node uses', () => {
			for (const node of example.nodes.filter((entry) => entry.type === NODE_TYPE || entry.type === TOOL_TYPE)) {
				const provider = resolvedParameters(node).provider;
				if (!isProviderChoice(provider)) throw new Error(`${node.name}: unknown provider ${String(provider)}`);
				const type = PROVIDERS[provider].credentialType;
				expect(node.credentials).toEqual({ [type]: isDemoCredentialType(type) ? DEMO_CREDENTIAL_REFS[type] : 'no demo credential' });
			}
			// The agent example's chat model: the demo's scripted model.
			for (const node of example.nodes.filter((entry) => entry.type === OPENAI_CHAT_MODEL)) expect(node.credentials).toEqual({ openAiApi: DEMO_MODEL_CREDENTIAL });
			for (const node of example.nodes.filter((entry) => entry.type === TRIGGER_TYPE)) {
				const type = findListeningProvider(resolvedTriggerParameters(node).provider)?.credentialType ?? 'no listening provider';
				expect(node.credentials).toEqual({ [type]: isDemoCredentialType(type) ? DEMO_CREDENTIAL_REFS[type] : 'no demo credential' });
			}
		});

		it('n8n finds no parameter issues in its WhatsApp Session nodes', () => {
			for (const node of example.nodes.filter((entry) => entry.type === NODE_TYPE || entry.type === TOOL_TYPE)) {
				const asNode = asINode(node, resolvedParameters(node));
				expect({ node: node.name, issues: NodeHelpers.getNodeParametersIssues(description.properties, asNode, description) }).toEqual({
					node: node.name,
					issues: null,
				});
			}
			for (const node of example.nodes.filter((entry) => entry.type === TRIGGER_TYPE)) {
				const asNode = asINode(node, resolvedTriggerParameters(node));
				expect({ node: node.name, issues: NodeHelpers.getNodeParametersIssues(triggerDescription.properties, asNode, triggerDescription) }).toEqual({
					node: node.name,
					issues: null,
				});
			}
		});

		it('every item of every WhatsApp Session node makes a valid message for its provider', () => {
			const runs = runExample(example);
			expect(runs.length).toBeGreaterThanOrEqual(1);
			const expectedInvalid = EXPECTED_INVALID[example.file] ?? {};
			for (const { node, outcomes } of runs) {
				expect(outcomes.length).toBeGreaterThanOrEqual(1);
				const invalid = expectedInvalid[node.name] ?? {};
				for (const outcome of outcomes) {
					const expected = invalid[outcome.itemIndex];
					const where = `${node.name}, item ${outcome.itemIndex}`;
					if (expected) {
						expect({ where, issues: outcome.issues }).toEqual({
							where,
							issues: [{ field: expected.field, problem: expect.stringMatching(expected.problem) }],
						});
					} else {
						expect({ where, issues: outcome.issues ?? [] }).toEqual({ where, issues: [] });
						expect(isRecord(outcome.body)).toBe(true);
					}
				}
				if (Object.keys(invalid).length > 0) {
					// An example that fails an item on purpose shows On Error → Continue.
					expect(node.onError).toBe('continueRegularOutput');
					expect(outcomes.some((outcome) => outcome.issues === undefined)).toBe(true);
				}
			}
		});
	});

	it('together show every operation and the features the README promises', () => {
		const runs = examples.flatMap(runExample);
		const operations = new Set(runs.map((run) => run.operation));
		expect([...operations].sort()).toEqual([...OPERATIONS, SEND_AND_WAIT_OPERATION, GET_MEDIA_OPERATION].sort());

		const messages = runs.flatMap((run) => run.outcomes.flatMap((outcome) => (outcome.message ? [outcome.message] : [])));
		// A document with a caption.
		expect(messages.some((message) => message.content.type === 'media' && message.content.mediaKind === 'document' && message.content.caption)).toBe(true);
		// A quoted reply.
		expect(messages.some((message) => message.replyToMessageId !== undefined)).toBe(true);
		// Several items from a code node, each with its own recipient and buttons mapped from JSON.
		const mapped = runs.find((run) => run.node.parameters.buttonsInputMode === 'json' && String(run.node.parameters.buttonsJson).startsWith('='));
		expect(mapped?.outcomes.length).toBeGreaterThanOrEqual(2);
		expect(new Set(mapped?.outcomes.map((outcome) => outcome.message?.recipient)).size).toBe(mapped?.outcomes.length);
		// On Error → Continue.
		expect(runs.some((run) => run.node.onError === 'continueRegularOutput')).toBe(true);
	});

	it('the Flow form example sends a Flow carrying the signed reference, then quotes the submitted answers back', () => {
		const byNode = outcomesByNode('24-send-and-wait-flow-form.json');
		const [asked] = byNode.get('Ask for delivery details') ?? [];
		expect(valueAtPath(asked?.body, ['interactive', 'type'])).toBe('flow');
		expect(String(valueAtPath(asked?.body, ['interactive', 'action', 'parameters', 'flow_token']))).toMatch(/^form~ws2\./);
		expect((byNode.get('Confirm the delivery') ?? []).map((outcome) => outcome.body)).toEqual([
			expect.objectContaining({ text: expect.objectContaining({ body: 'Thank you! Order 1042 goes to MG Road 5, in the evening.' }) }),
		]);
	});

	it('the mapped example sends each item its own recipient, text and buttons', () => {
		const example = examples.find((entry) => entry.file === '09-map-items-with-expressions.json');
		if (!example) throw new Error('09-map-items-with-expressions.json is missing');
		const [run] = runExample(example);
		expect(run?.outcomes.map((outcome) => outcome.body)).toEqual([
			expect.objectContaining({
				to: '919880132082',
				interactive: expect.objectContaining({
					body: { text: 'Hi Asha, your order 1042 has shipped. What would you like to do?' },
					action: {
						buttons: [
							{ type: 'reply', reply: { id: 'track-1042', title: 'Track order' } },
							{ type: 'reply', reply: { id: 'help-1042', title: 'Talk to us' } },
						],
					},
				}),
			}),
			expect.objectContaining({ to: '919880132083' }),
			expect.objectContaining({ to: '919880132084' }),
		]);
	});

	describe('started by the WhatsApp Session Trigger', () => {
		it('the auto-reply answers the customer who wrote, by phone number or by BSUID, quoting their message', () => {
			const bodies = (outcomesByNode('11-trigger-auto-reply.json').get('Reply to the customer') ?? []).map((outcome) => outcome.body);
			expect(bodies).toContainEqual(
				expect.objectContaining({ to: CUSTOMER.phone, context: { message_id: 'wamid.EXAMPLE.TEXT' }, text: expect.objectContaining({ body: expect.stringMatching(/^Hi Asha, thanks/) }) }),
			);
			const toTheUsername = bodies.filter((body) => isRecord(body) && body.recipient === CUSTOMER.bsuid);
			expect(toTheUsername).toEqual([expect.objectContaining({ context: { message_id: 'wamid.EXAMPLE.BSUID' }, text: expect.objectContaining({ body: expect.stringMatching(/^Hi asha_k, thanks/) }) })]);
			expect(toTheUsername[0]).not.toHaveProperty('to');
			// The two texts, the taps (a tap is a message too) and the photo; never a status.
			expect(bodies).toHaveLength(2 + 1 + 1);
		});

		it('the menu sends buttons to a text, and answers every button it offers by its id', () => {
			const byNode = outcomesByNode('12-trigger-menu.json');
			const menu = byNode.get('Send the menu') ?? [];
			// Every message that is no tap gets the menu: the texts and the photo.
			expect(menu.map((outcome) => outcome.body)).toEqual([
				expect.objectContaining({ to: CUSTOMER.phone, type: 'interactive' }),
				expect.objectContaining({ recipient: CUSTOMER.bsuid, type: 'interactive' }),
				expect.objectContaining({ to: CUSTOMER.phone, type: 'interactive' }),
			]);
			const answers = (byNode.get('Answer the button') ?? []).map((outcome) => (isRecord(outcome.body) && isRecord(outcome.body.text) ? outcome.body.text.body : undefined));
			const example = examples.find((entry) => entry.file === '12-trigger-menu.json');
			const offered = example ? offeredButtonIds(example) : [];
			expect(offered).toHaveLength(3);
			// One answer per offered button, each its own; then the retired button's fallback.
			expect(answers).toHaveLength(offered.length + 1);
			expect(new Set(answers.slice(0, offered.length)).size).toBe(offered.length);
			for (const answer of answers.slice(0, offered.length)) expect(answer).not.toMatch(/no longer on the menu/);
			expect(answers[offered.length]).toMatch(/no longer on the menu/);
		});

		it('the file example gets the photo by its media id, and only the photo, then confirms it to the customer who sent it', () => {
			const byNode = outcomesByNode('19-trigger-get-media.json');
			// The texts, the BSUID's text and the taps carry no file: they stop at the If.
			expect((byNode.get('Get the file') ?? []).map((outcome) => outcome.body)).toEqual([{ mediaId: '1042381205592316' }]);
			expect((byNode.get('Confirm the file arrived') ?? []).map((outcome) => outcome.body)).toEqual([
				expect.objectContaining({
					to: CUSTOMER.phone,
					context: { message_id: 'wamid.EXAMPLE.IMAGE' },
					text: expect.objectContaining({ body: 'Thanks! We received your image (file.jpg, 48 KB) and will look at it shortly.' }),
				}),
			]);
		});

		it('the AI agent replies through its tool to the customer who wrote, by phone number or by BSUID, with the model\'s words', () => {
			const byNode = outcomesByNode('20-ai-agent-answers-whatsapp.json');
			const receipts = (byNode.get('Mark as read, show typing') ?? []).map((outcome) => outcome.body);
			const replies = (byNode.get('Reply to customer') ?? []).map((outcome) => outcome.body);
			// Every message gets the read receipt with "typing…" and one reply, never a status.
			expect(receipts).toHaveLength(replies.length);
			expect(receipts).toContainEqual(expect.objectContaining({ status: 'read', message_id: 'wamid.EXAMPLE.TEXT', typing_indicator: { type: 'text' } }));
			expect(replies).toContainEqual(expect.objectContaining({ to: CUSTOMER.phone, type: 'text', text: expect.objectContaining({ body: "(the model's text)" }) }));
			expect(replies).toContainEqual(expect.objectContaining({ recipient: CUSTOMER.bsuid, type: 'text' }));
			// What the model is told about the text it writes states WhatsApp's limit.
			const example = examples.find((entry) => entry.file === '20-ai-agent-answers-whatsapp.json');
			const tool = example?.nodes.find((node) => node.type === TOOL_TYPE);
			expect(tool?.parameters.textBody).toMatch(/\$fromAI\('text', `[^`]*at most 4096 characters`/);
		});

		it('the failure alert tells the staff number why a message to a customer failed, and never alerts about itself', () => {
			const outcomes = outcomesByNode('13-trigger-delivery-failure-alert.json').get('Alert the team') ?? [];
			// The delivered status and the failed alert to the staff number start no alert.
			expect(outcomes.map((outcome) => outcome.body)).toEqual([
				expect.objectContaining({
					to: STAFF_PHONE,
					text: expect.objectContaining({ body: expect.stringMatching(new RegExp(`^Delivery failed to \\+${CUSTOMER.phone}: .*24-hour.*\\(code 131047, message wamid\\.EXAMPLE\\.SENT\\.2\\)\\.$`)) }),
				}),
				expect.objectContaining({
					to: STAFF_PHONE,
					text: expect.objectContaining({ body: expect.stringMatching(/^Delivery failed to US\.13491208655302741918: .*\(code 131047, message wamid\.EXAMPLE\.SENT\.4\)\.$/) }),
				}),
			]);
		});
	});
});

/** A value inside a JSON body, or undefined. */
function valueAtPath(value: unknown, keys: readonly string[]): unknown {
	return keys.reduce<unknown>((current, key) => (isRecord(current) ? current[key] : undefined), value);
}
