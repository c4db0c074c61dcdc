// n8n's own AI Agent with its sub-nodes, for real-n8n runs: the OpenAI Chat Model pointed at the
// scripted model (./scriptedModel), a window memory, and WhatsApp Session nodes as the agent's
// tools. A node that is `usableAsTool` is offered to agents as `<type>Tool`; its `$fromAI()`
// expressions become the tool's parameters, and its Tool Description (or, left on "Set
// Automatically", the operation's action) the tool's description.
import { NODE_TYPE, SESSION_CREDENTIAL } from './nodeFixture';
import { chainWorkflow, workflowNode, type JsonObject, type N8nConnectionType, type N8nWorkflow, type WorkflowNodeSpec } from './n8n';
import { SCRIPTED_MODEL_ID } from './scriptedModel';

export const AGENT = 'AI Agent';
export const CHAT_MODEL = 'OpenAI Chat Model';
export const MEMORY = 'Memory';
export const OPENAI_CREDENTIAL = { openAiApi: { id: 'cred-openai', name: 'Scripted model' } };
/** n8n only offers a community package's nodes as tools when this is set (N8N_COMMUNITY_PACKAGES_ALLOW_TOOL_USAGE). */
export const TOOL_USAGE_ENV = { N8N_COMMUNITY_PACKAGES_ALLOW_TOOL_USAGE: 'true' };

/** n8n's OpenAI Chat Model on the Chat Completions API (not the Responses API), with the scripted model's id. */
export function chatModelNode(): WorkflowNodeSpec {
	return {
		name: CHAT_MODEL,
		type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
		typeVersion: 1.3,
		credentials: OPENAI_CREDENTIAL,
		parameters: {
			model: { __rl: true, mode: 'id', value: SCRIPTED_MODEL_ID },
			responsesApiEnabled: false,
			// A refused request fails at once instead of being sent again.
			options: { maxRetries: 0 },
		},
	};
}

/** n8n's AI Agent (v3.1, the Tools Agent) prompted with `prompt`. */
export function agentNode(prompt: string, systemMessage: string): WorkflowNodeSpec {
	return {
		name: AGENT,
		type: '@n8n/n8n-nodes-langchain.agent',
		typeVersion: 3.1,
		parameters: { promptType: 'define', text: prompt, options: { systemMessage } },
	};
}

/** n8n's Simple Memory, one history per `sessionKey` (an expression). */
export function memoryNode(sessionKey: string): WorkflowNodeSpec {
	return {
		name: MEMORY,
		type: '@n8n/n8n-nodes-langchain.memoryBufferWindow',
		typeVersion: 1.3,
		parameters: { sessionIdType: 'customKey', sessionKey, contextWindowLength: 10 },
	};
}

/** The WhatsApp Session node as an agent's tool; its name is the tool's name, with `_` for spaces. */
export function whatsAppToolNode(name: string, parameters: JsonObject, credentials = SESSION_CREDENTIAL): WorkflowNodeSpec {
	return { name, type: `${NODE_TYPE}Tool`, typeVersion: 1, credentials, parameters: { resource: 'message', ...parameters } };
}

export interface AgentParts {
	model: WorkflowNodeSpec;
	tools: readonly WorkflowNodeSpec[];
	memory?: WorkflowNodeSpec;
}

/** `chain` (a trigger, …, the agent last) in a row, with the agent's model, tools and memory attached to it. */
export function agentWorkflow(id: string, name: string, chain: readonly [WorkflowNodeSpec, ...WorkflowNodeSpec[]], parts: AgentParts): N8nWorkflow {
	const [trigger, ...rest] = chain;
	// The editor saves every new workflow with execution order v1. Under the legacy order n8n 2.41
	// resumes the agent before the tool it asked for has run, and the model gets "" as the result.
	const workflow = { ...chainWorkflow(id, name, trigger, rest), settings: { executionOrder: 'v1' } };
	const agentName = chain[chain.length - 1].name;
	const attach = (spec: WorkflowNodeSpec, type: N8nConnectionType, column: number): void => {
		workflow.nodes.push(workflowNode(spec, [column * 220, 240]));
		workflow.connections[spec.name] = { [type]: [[{ node: agentName, type, index: 0 }]] };
	};
	attach(parts.model, 'ai_languageModel', chain.length - 2);
	if (parts.memory) attach(parts.memory, 'ai_memory', chain.length - 1);
	parts.tools.forEach((tool, index) => attach(tool, 'ai_tool', chain.length + index));
	return workflow;
}
