// The chat model of `npm run demo`'s AI agent example (examples/20): the tests' scripted model
// (test/e2e/lib/scriptedModel.ts) on 127.0.0.1, with one script for every customer message, and
// the OpenAI credential that points n8n's OpenAI Chat Model at it. Nothing calls a real model; a
// builder who wants one changes the credential's Base URL and key.
import { ScriptedModel, userTexts, type ScriptedTurn } from '../../test/e2e/lib/scriptedModel';
import type { CredentialRef } from './credentials';

export const DEMO_MODEL_CREDENTIAL = { id: 'demo-model', name: 'Scripted model (demo)' } as const satisfies CredentialRef;

/** The tool the example's agent answers through: its node is named "Reply to customer". */
export const DEMO_REPLY_TOOL = 'Reply_to_customer';

/** A made-up key: the scripted model takes any. */
export const DEMO_MODEL_KEY = 'demo-openai-key';

/**
 * What the demo's model does with a customer's message: it calls the reply tool once, with a text
 * that shows what it received and that the agent's memory holds the customer's earlier messages;
 * then it ends the run with a short summary.
 */
export function demoAgentTurns(userText: string, chat: Parameters<typeof userTexts>[0]): ScriptedTurn[] {
	const earlier = userTexts(chat).slice(0, -1);
	const memory =
		earlier.length === 0
			? 'This is your first message in this chat.'
			: `You wrote ${earlier.length} message${earlier.length === 1 ? '' : 's'} before this one; the first was "${earlier[0]}".`;
	const text = `You said: "${userText}". ${memory} (The demo's scripted model wrote this; point the OpenAI credential at a real model to let an AI answer.)`;
	return [{ toolCalls: [{ name: DEMO_REPLY_TOOL, arguments: { text } }] }, { text: `Replied to the customer: ${text}` }];
}

/** Starts the demo's model on a free loopback port; its `start()` answer is the credential's Base URL. */
export async function startDemoModel(): Promise<{ model: ScriptedModel; baseUrl: string }> {
	const model = new ScriptedModel();
	model.answerOthersWith(demoAgentTurns);
	const baseUrl = await model.start();
	return { model, baseUrl };
}

/** n8n's OpenAI credential, pointed at the scripted model. */
export function demoModelCredential(modelBaseUrl: string): CredentialRef & { type: 'openAiApi'; data: Record<string, string> } {
	return { ...DEMO_MODEL_CREDENTIAL, type: 'openAiApi', data: { apiKey: DEMO_MODEL_KEY, url: modelBaseUrl } };
}
