// The workflows in examples/ must stay importable and must still send what they show. Each one is
// read the way n8n reads it (node parameters resolved against the node's description, defaults
// filled in), its items are followed down the chain, expressions are evaluated against them, and
// every WhatsApp Session node's form goes through the node's own pure layers: read, validate and
// encode for the provider. A renamed field, a tightened limit or a removed option fails here.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { runInNewContext } from 'node:vm';

import { NodeHelpers, SEND_AND_WAIT_OPERATION, type INode, type INodeParameters } from 'n8n-workflow';

import { isInvalidMessageError, type ValidationIssue } from '../../nodes/WhatsAppSession/message/errors';
import type { FormValues } from '../../nodes/WhatsAppSession/message/formValues';
import { isOperation, OPERATIONS, readSessionMessage, type Operation } from '../../nodes/WhatsAppSession/message/fromForm';
import type { SessionMessage } from '../../nodes/WhatsAppSession/message/types';
import { validateSessionMessage } from '../../nodes/WhatsAppSession/message/validate';
import { isProviderChoice, PROVIDERS } from '../../nodes/WhatsAppSession/providers';
import type { ProviderAdapter } from '../../nodes/WhatsAppSession/providers/types';
import { buildQuestionMessage } from '../../nodes/WhatsAppSession/waiting/questionMessage';
import { WhatsAppSession } from '../../nodes/WhatsAppSession/WhatsAppSession.node';
import { DEMO_CREDENTIAL_REFS, demoCredentials } from '../../scripts/demo/credentials';
import { signResumeUrl } from '../support/n8nResumeSignature';

const EXAMPLES_DIR = path.resolve(__dirname, '..', '..', 'examples');
const NODE_TYPE = 'n8n-nodes-whatsapp-session.whatsAppSession';
const MANUAL_TRIGGER = 'n8n-nodes-base.manualTrigger';
const CODE = 'n8n-nodes-base.code';
const STICKY_NOTE = 'n8n-nodes-base.stickyNote';
/** n8n's own nodes ship with every instance; anything else would need another community package. */
const CORE_PREFIX = 'n8n-nodes-base.';

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

interface ExampleNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: INodeParameters;
	credentials?: Record<string, { id: string; name: string }>;
	onError?: string;
}

interface Example {
	file: string;
	id: string;
	name: string;
	nodes: ExampleNode[];
	connections: Record<string, { main: Array<Array<{ node: string; type: string; index: number }>> }>;
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
	const { id, name, type, typeVersion, position, parameters, credentials, onError } = value;
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
		(onError === undefined || typeof onError === 'string')
	);
}

function isNodeConnections(value: unknown): value is Example['connections'][string] {
	return (
		isRecord(value) &&
		Array.isArray(value.main) &&
		value.main.every(
			(outputs) =>
				Array.isArray(outputs) &&
				outputs.every(
					(connection) =>
						isRecord(connection) &&
						typeof connection.node === 'string' &&
						typeof connection.type === 'string' &&
						typeof connection.index === 'number',
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

/** The nodes that run: everything but sticky notes. */
const runnable = (example: Example) => example.nodes.filter((node) => node.type !== STICKY_NOTE);

function targetsOf(example: Example, nodeName: string): string[] {
	return (example.connections[nodeName]?.main ?? []).flat().map((connection) => connection.node);
}

/**
 * The nodes in run order from the Manual Trigger, one list per branch: most examples are one chain,
 * and one that branches (an If on an answer) is followed down each branch with every item.
 */
function chains(example: Example): ExampleNode[][] {
	const byName = new Map(example.nodes.map((node) => [node.name, node]));
	const trigger = example.nodes.find((node) => node.type === MANUAL_TRIGGER);
	if (!trigger) throw new Error(`${example.file} has no Manual Trigger`);
	const walk = (ordered: ExampleNode[]): ExampleNode[][] => {
		const current = ordered[ordered.length - 1];
		const targets = current === undefined ? [] : targetsOf(example, current.name);
		if (targets.length === 0) return [ordered];
		return targets.flatMap((target) => {
			const next = byName.get(target);
			if (!next) throw new Error(`${example.file}: "${current?.name}" connects to a missing node "${target}"`);
			if (ordered.includes(next)) throw new Error(`${example.file}: the chain loops at "${next.name}"`);
			return walk([...ordered, next]);
		});
	};
	return walk([trigger]);
}

// ---------------------------------------------------------------------------------------------
// Following items down the chain

/** One item as it travels: its json at every node it has passed, by node name. */
type Lineage = Map<string, Json>;

/**
 * Runs a Code node's JavaScript in an empty sandbox. Example code nodes only return literal data
 * (they stand in for a trigger, a CRM or a sheet), so nothing else is needed.
 */
function runCodeNode(example: Example, node: ExampleNode): Json[] {
	const jsCode = node.parameters.jsCode;
	if (typeof jsCode !== 'string') throw new Error(`${example.file}: code node "${node.name}" has no jsCode`);
	const result: unknown = JSON.parse(JSON.stringify(runInNewContext(`(function () {\n${jsCode}\n})()`, {}, { timeout: 1_000 })));
	const items = Array.isArray(result) ? result : [result];
	return items.map((item) => {
		// The Code node takes both { json: {...} } and plain objects.
		const json = isRecord(item) && isRecord(item.json) ? item.json : item;
		if (!isRecord(json)) throw new Error(`${example.file}: code node "${node.name}" returned a non-object item`);
		return json;
	});
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
	const context = { $json: lineage.get(previousNode) ?? {}, $: nodeAccessor };
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
function sendThroughPureLayers(node: ExampleNode, form: FormValues): Omit<ItemOutcome, 'itemIndex'> {
	const provider = form.get('provider');
	const operation = form.get('operation');
	if (!isProviderChoice(provider)) throw new Error(`${node.name}: unknown provider ${String(provider)}`);
	const adapter: ProviderAdapter = PROVIDERS[provider];
	if (operation === SEND_AND_WAIT_OPERATION) return askThroughPureLayers(adapter, form);
	if (!isOperation(operation)) throw new Error(`${node.name}: unknown operation ${String(operation)}`);
	try {
		const message = readSessionMessage(operation, form, {
			recipientKind: adapter.recipientKind,
			readExtras: adapter.extras.read,
		});
		const issues = validateSessionMessage(message, adapter.extras.validate);
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

interface WhatsAppRun {
	node: ExampleNode;
	operation: Operation | typeof SEND_AND_WAIT_OPERATION;
	outcomes: ItemOutcome[];
}

/** Follows the items from the trigger through every node, sending each WhatsApp Session node's items. */
function runExample(example: Example): WhatsAppRun[] {
	const runs: WhatsAppRun[] = [];
	const seen = new Set<string>();
	for (const run of chains(example).flatMap((branch) => runChain(example, branch))) {
		// A node shared by several branches runs once, as in n8n.
		if (seen.has(run.node.name)) continue;
		seen.add(run.node.name);
		runs.push(run);
	}
	return runs;
}

function runChain(example: Example, branch: ExampleNode[]): WhatsAppRun[] {
	const runs: WhatsAppRun[] = [];
	const [trigger, ...rest] = branch;
	if (!trigger) return runs;
	let lineages: Lineage[] = [new Map([[trigger.name, {}]])];
	let previous = trigger.name;
	for (const node of rest) {
		if (node.type === CODE) {
			const base = lineages[0] ?? new Map<string, Json>();
			lineages = runCodeNode(example, node).map((json) => new Map([...base, [node.name, json]]));
		} else if (node.type === NODE_TYPE) {
			const parameters = resolvedParameters(node);
			const outcomes = lineages.map((lineage, itemIndex): ItemOutcome => {
				const form: FormValues = {
					get: (name) => resolveExpressions(parameters[name], lineage, previous, `${example.file} › ${node.name} › ${name}`),
				};
				return { itemIndex, ...sendThroughPureLayers(node, form) };
			});
			const operation = parameters.operation;
			if (!isOperation(operation) && operation !== SEND_AND_WAIT_OPERATION) throw new Error(`${node.name}: unknown operation`);
			runs.push({ node, operation, outcomes });
			// What the node puts out, for expressions further down the chain.
			lineages = lineages.map((lineage, index) => {
				const outcome = outcomes[index];
				const json: Json = outcome?.issues
					? { error: 'invalid item' }
					: { messageId: `wamid.test.${index + 1}`, recipient: outcome?.message?.recipient, status: 'accepted' };
				return new Map([...lineage, [node.name, json]]);
			});
		} else {
			lineages = lineages.map((lineage) => new Map([...lineage, [node.name, lineage.get(previous) ?? {}]]));
		}
		previous = node.name;
	}
	return runs;
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

		it('uses only the WhatsApp Session node and n8n core nodes', () => {
			for (const node of example.nodes) {
				expect(node.type === NODE_TYPE || node.type.startsWith(CORE_PREFIX) ? 'allowed' : node.type).toBe('allowed');
			}
			expect(example.nodes.some((node) => node.type === NODE_TYPE)).toBe(true);
		});

		it('starts from one Manual Trigger, and every node runs from it', () => {
			expect(example.nodes.filter((node) => node.type === MANUAL_TRIGGER)).toHaveLength(1);
			const reached = new Set(chains(example).flatMap((branch) => branch.map((node) => node.name)));
			expect([...reached].sort()).toEqual(runnable(example).map((node) => node.name).sort());
			for (const [source, { main }] of Object.entries(example.connections)) {
				expect(example.nodes.map((node) => node.name)).toContain(source);
				for (const connection of main.flat()) expect(connection).toEqual({ node: expect.any(String), type: 'main', index: 0 });
			}
		});

		it("explains itself in a sticky note that names the placeholder recipient", () => {
			const notes = example.nodes.filter((node) => node.type === STICKY_NOTE);
			expect(notes.length).toBeGreaterThanOrEqual(1);
			expect(notes.map((note) => String(note.parameters.content)).join('\n')).toMatch(/\+91 98801/);
		});

		it('refers to the demo credential of the provider each WhatsApp Session node uses', () => {
			for (const node of example.nodes.filter((entry) => entry.type === NODE_TYPE)) {
				const provider = resolvedParameters(node).provider;
				if (!isProviderChoice(provider)) throw new Error(`${node.name}: unknown provider ${String(provider)}`);
				const type = PROVIDERS[provider].credentialType;
				expect(node.credentials).toEqual({ [type]: isDemoCredentialType(type) ? DEMO_CREDENTIAL_REFS[type] : 'no demo credential' });
			}
		});

		it('n8n finds no parameter issues in its WhatsApp Session nodes', () => {
			for (const node of example.nodes.filter((entry) => entry.type === NODE_TYPE)) {
				const asNode = asINode(node, resolvedParameters(node));
				expect({ node: node.name, issues: NodeHelpers.getNodeParametersIssues(description.properties, asNode, description) }).toEqual({
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
		expect([...operations].sort()).toEqual([...OPERATIONS, SEND_AND_WAIT_OPERATION].sort());

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
});
