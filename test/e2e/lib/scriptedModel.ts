// A deterministic chat model for real-n8n runs of an AI Agent, on 127.0.0.1: it speaks the
// OpenAI-compatible API that n8n's OpenAI Chat Model node uses when its credential's Base URL
// points here (`POST /v1/chat/completions` with `tools` and `tool_calls`, and `GET /v1/models`,
// which the node's model list calls). Nothing calls a real model.
//
// Each conversation is chosen by the text of its latest user message and answered from a script:
// a list of turns, each either tool calls (name and arguments) or a final text. Which turn comes
// next is read from the request itself (how many tool results follow that user message), so the
// server keeps no state between requests and a retried request gets the same answer. Every request
// is recorded as received, so a test can check what the agent sent: the tools' names,
// descriptions and parameter schemas, the tool results, the chat history.
import { createServer, type Server } from 'node:http';

import type { JsonObject, JsonValue } from './n8n';

export interface ScriptedToolCall {
	/** The tool's name as n8n offers it (a node named "Send text" becomes `Send_text`). */
	name: string;
	arguments: JsonObject;
}

export type ScriptedTurn = { toolCalls: ScriptedToolCall[] } | { text: string };

/** One chat message as the agent sent it (OpenAI chat format). */
export interface ModelMessage {
	role: string;
	content: JsonValue;
	tool_call_id?: string;
	tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
}

/** One tool as the agent offered it to the model. */
export interface OfferedTool {
	name: string;
	description: string;
	parameters: JsonObject;
}

export interface ModelRequest {
	method: string;
	path: string;
	/** The parsed JSON body (`{}` for a GET). */
	body: JsonObject;
	messages: ModelMessage[];
	tools: OfferedTool[];
	/** The latest user message's text: the script it was answered from. */
	conversation: string | undefined;
	receivedAt: number;
}

export const SCRIPTED_MODEL_ID = 'scripted-model-1';

function isObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isModelMessage(value: unknown): value is ModelMessage {
	return isObject(value) && typeof value.role === 'string';
}

function offeredTools(body: JsonObject): OfferedTool[] {
	const tools = Array.isArray(body.tools) ? body.tools : [];
	return tools.flatMap((tool) => {
		const fn = isObject(tool) ? tool.function : undefined;
		if (!isObject(fn) || typeof fn.name !== 'string') return [];
		return [{ name: fn.name, description: typeof fn.description === 'string' ? fn.description : '', parameters: isObject(fn.parameters) ? fn.parameters : {} }];
	});
}

/** A message's text, whether sent as a string or as content parts. */
export function messageText(message: ModelMessage): string {
	if (typeof message.content === 'string') return message.content;
	if (!Array.isArray(message.content)) return '';
	return message.content.map((part) => (isObject(part) && typeof part.text === 'string' ? part.text : '')).join('');
}

function latestUserIndex(messages: readonly ModelMessage[]): number {
	for (let index = messages.length - 1; index >= 0; index -= 1) if (messages[index].role === 'user') return index;
	return -1;
}

/** The tool results the model has had since the latest user message, in order. */
export function toolResultsSinceUser(messages: readonly ModelMessage[]): string[] {
	return messages.slice(latestUserIndex(messages) + 1).filter((message) => message.role === 'tool').map(messageText);
}

/** The turn that answers: the first whose tool calls have not all had a result yet. */
function nextTurn(turns: readonly ScriptedTurn[], resultsSoFar: number): ScriptedTurn | undefined {
	let answered = resultsSoFar;
	for (const turn of turns) {
		if (!('toolCalls' in turn)) return turn;
		if (answered < turn.toolCalls.length) return turn;
		answered -= turn.toolCalls.length;
	}
	return undefined;
}

function completion(turn: ScriptedTurn, callPrefix: string): JsonObject {
	const message: JsonObject =
		'text' in turn
			? { role: 'assistant', content: turn.text }
			: {
					role: 'assistant',
					content: null,
					tool_calls: turn.toolCalls.map((call, index) => ({
						id: `${callPrefix}_${index}`,
						type: 'function',
						function: { name: call.name, arguments: JSON.stringify(call.arguments) },
					})),
				};
	return {
		id: `chatcmpl-${callPrefix}`,
		object: 'chat.completion',
		created: 0,
		model: SCRIPTED_MODEL_ID,
		choices: [{ index: 0, message, finish_reason: 'text' in turn ? 'stop' : 'tool_calls', logprobs: null }],
		usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
	};
}

interface Answer {
	status: number;
	body: JsonObject;
}

/**
 * Turns for a conversation no script names: computed from the user text and the chat so far. It must
 * give the same turns for every request of one conversation (the server keeps no state), so base it
 * on what does not change while the tools run: the user text and the history before it.
 */
export type ScriptFallback = (userText: string, messages: readonly ModelMessage[]) => readonly ScriptedTurn[];

/** The user messages of a chat, oldest first: a fallback can tell the first message from a later one. */
export function userTexts(messages: readonly ModelMessage[]): string[] {
	return messages.filter((message) => message.role === 'user').map(messageText);
}

export class ScriptedModel {
	readonly requests: ModelRequest[] = [];
	private readonly scripts = new Map<string, readonly ScriptedTurn[]>();
	private fallback: ScriptFallback | undefined;
	private server: Server | undefined;
	/** Milliseconds before each answer: 0 is a model that answers at once. */
	latencyMs = 0;

	/** Answers every conversation whose latest user message is `userText` with `turns`. */
	script(userText: string, turns: readonly ScriptedTurn[]): void {
		this.scripts.set(userText, turns);
	}

	/** Answers every conversation that has no script of its own (the demo's model answers anything). */
	answerOthersWith(fallback: ScriptFallback): void {
		this.fallback = fallback;
	}

	/** The chat-completion requests of one conversation, in the order they came. */
	conversation(userText: string): ModelRequest[] {
		return this.requests.filter((request) => request.path.endsWith('/chat/completions') && request.conversation === userText);
	}

	/** Starts on a free loopback port; returns the Base URL for n8n's OpenAI credential. */
	async start(): Promise<string> {
		this.server = createServer((incoming, response) => {
			const chunks: Buffer[] = [];
			incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
			incoming.on('end', () => {
				const answer = this.answer(incoming.method ?? '', incoming.url ?? '', Buffer.concat(chunks).toString('utf8'));
				setTimeout(() => {
					response.writeHead(answer.status, { 'content-type': 'application/json' });
					response.end(JSON.stringify(answer.body));
				}, this.latencyMs);
			});
		});
		await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
		const address = this.server.address();
		if (address === null || typeof address === 'string') throw new Error('the scripted model is not on a TCP port');
		return `http://127.0.0.1:${address.port}/v1`;
	}

	async stop(): Promise<void> {
		const server = this.server;
		this.server = undefined;
		if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
	}

	private answer(method: string, path: string, raw: string): Answer {
		let parsed: unknown = {};
		if (raw !== '') {
			try {
				parsed = JSON.parse(raw);
			} catch {
				parsed = { unparsed: raw };
			}
		}
		const body = isObject(parsed) ? parsed : {};
		const messages: ModelMessage[] = Array.isArray(body.messages) ? body.messages.flatMap((message) => (isModelMessage(message) ? [message] : [])) : [];
		const user = messages[latestUserIndex(messages)];
		const conversation = user === undefined ? undefined : messageText(user);
		this.requests.push({ method, path, body, messages, tools: offeredTools(body), conversation, receivedAt: Date.now() });
		if (method === 'GET' && path.endsWith('/models')) {
			return { status: 200, body: { object: 'list', data: [{ id: SCRIPTED_MODEL_ID, object: 'model', created: 0, owned_by: 'tests' }] } };
		}
		if (method !== 'POST' || !path.endsWith('/chat/completions')) return refusal(404, `the scripted model has no ${method} ${path}`);
		if (body.stream === true) return refusal(400, 'the scripted model does not stream');
		const turns = conversation === undefined ? undefined : (this.scripts.get(conversation) ?? this.fallback?.(conversation, messages));
		if (turns === undefined) return refusal(400, `no script for the user message ${JSON.stringify(conversation)}`);
		const results = toolResultsSinceUser(messages).length;
		const turn = nextTurn(turns, results);
		if (turn === undefined) return refusal(400, `the script for ${JSON.stringify(conversation)} has no turn after ${results} tool results`);
		return { status: 200, body: completion(turn, `call_${this.requests.length}_${results}`) };
	}
}

// 400, not 5xx: the OpenAI client retries a 5xx, which would hide a script's mistake behind retries.
function refusal(status: number, message: string): Answer {
	return { status, body: { error: { message, type: 'invalid_request_error', code: null } } };
}
