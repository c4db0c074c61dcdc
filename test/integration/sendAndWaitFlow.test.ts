// Send and Wait for Reply with a WhatsApp Flow ("Flow Form"): the Flow goes out with the signed
// reference as its flow token, and the trigger's resume with the Flow's answers outputs them as
// answer.form. Through execute() and webhook() over real HTTP, against the mock provider.
import { WAIT_INDEFINITELY, type IDataObject } from 'n8n-workflow';

import { judgeEvent } from '../../nodes/WhatsAppSession/waiting/inboundReply';
import { parseWireId, replierParam, resumeUrl } from '../../nodes/WhatsAppSession/waiting/reference';
import { decodeMetaWebhook } from '../../nodes/WhatsAppSession/providers/cloudApi/webhook';
import { valueAt } from '../support/json';
import { useMockProvider } from '../support/mockProvider';
import { n8nAcceptsSignature } from '../support/n8nResumeSignature';
import { runNode, type ExecutionStandIn } from '../support/executeNode';
import { resumeNode } from '../support/resumeNode';

const { provider, url: mockUrl } = useMockProvider();

const NODE_ID = '5c3a1f0e-2b4d-4c6e-8f10-a1b2c3d4e5f6';
const EXECUTION: ExecutionStandIn = { id: '732', waitingBaseUrl: 'http://localhost:5678/webhook-waiting', hmacSecret: 'instance-secret' };
const CUSTOMER = '919880132082';

function credentials() {
	return {
		whatsAppSessionApi: { domain: mockUrl(), phoneNumberId: '123', apiKey: 'KEY_SECRET', accessToken: 'TOKEN_SECRET' },
		connectlyApi: { apiKey: 'KEY_SECRET', businessId: 'b-1', baseUrl: mockUrl() },
	};
}

function flowQuestion(extra: IDataObject = {}): IDataObject {
	return {
		provider: 'cloudApiCompatible',
		resource: 'message',
		operation: 'sendAndWait',
		responseType: 'flowForm',
		recipient: '+91 98801 32082',
		bodyText: 'Tell us where to deliver order 1042',
		flowReference: 'id',
		flowId: '1234567890123456',
		flowButtonText: 'Delivery details',
		flowAction: 'navigate',
		flowScreen: 'DELIVERY',
		flowScreenData: '{ "order_id": "1042" }',
		...extra,
	};
}

async function ask(parameters: IDataObject) {
	return await runNode({ parameters, credentials: credentials(), execution: EXECUTION, nodeId: NODE_ID });
}

function sentToken(): string {
	expect(provider.requests).toHaveLength(1);
	return String(valueAt(provider.requests[0].body, 'interactive', 'action', 'parameters', 'flow_token'));
}

/** A Meta webhook with the customer's submitted Flow, as the trigger decodes it. */
function submitted(token: string, from: string, answers: IDataObject) {
	const body = {
		object: 'whatsapp_business_account',
		entry: [
			{
				id: 'WABA',
				changes: [
					{
						field: 'messages',
						value: {
							messaging_product: 'whatsapp',
							metadata: { display_phone_number: '15550783881', phone_number_id: '123' },
							contacts: [{ profile: { name: 'Asha' }, wa_id: from }],
							messages: [
								{
									from,
									id: 'wamid.FLOWREPLY',
									timestamp: '1764496800',
									type: 'interactive',
									context: { from: '15550783881', id: 'wamid.mock.1' },
									interactive: { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: JSON.stringify({ ...answers, flow_token: token }) } },
								},
							],
						},
					},
				],
			},
		],
	};
	const [event] = decodeMetaWebhook(body, { bodyDigest: 'digest' });
	if (event === undefined) throw new Error('the webhook decoded to nothing');
	return event;
}

describe('Send and Wait for Reply with a Flow form', () => {
	it('sends the Flow with the signed reference as its flow token, and waits', async () => {
		const result = await ask(flowQuestion());
		expect(result.error).toBeUndefined();
		expect(result.waitTill).toEqual(WAIT_INDEFINITELY);
		const token = sentToken();
		expect(provider.requests[0].body).toEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: CUSTOMER,
			type: 'interactive',
			interactive: {
				type: 'flow',
				body: { text: 'Tell us where to deliver order 1042' },
				action: {
					name: 'flow',
					parameters: {
						flow_message_version: '3',
						flow_id: '1234567890123456',
						flow_cta: 'Delivery details',
						flow_token: token,
						mode: 'published',
						flow_action: 'navigate',
						flow_action_payload: { screen: 'DELIVERY', data: { order_id: '1042' } },
					},
				},
			},
		});
		const reference = parseWireId(token);
		expect(reference).toEqual(expect.objectContaining({ choiceId: 'form', executionId: '732', nodeId: NODE_ID }));
		const responder = reference === undefined ? undefined : replierParam(reference, CUSTOMER, null);
		if (reference === undefined || responder === undefined) throw new Error('the token is no reference the customer can answer');
		expect(n8nAcceptsSignature(resumeUrl(EXECUTION.waitingBaseUrl, reference, responder), EXECUTION.hmacSecret)).toBe(true);
		expect(token).not.toContain(CUSTOMER);
	});

	it('is refused by name with a provider that sends no Flows, before sending', async () => {
		const result = await ask(flowQuestion({ provider: 'connectly' }));
		expect(result.error?.message).toMatch(/^Item 0: "Response Type" .*not available with Connectly/);
		expect(provider.requests).toEqual([]);
	});

	it('refuses a Flow\'s missing pieces naming each field, before sending', async () => {
		const result = await ask(flowQuestion({ flowId: '', flowButtonText: 'A button label over thirty chars' }));
		const told = `${result.error?.message ?? ''} ${String(Reflect.get(result.error ?? {}, 'description'))}`;
		expect(told).toMatch(/^Item 0:/);
		expect(told).toContain('"Flow ID"');
		expect(told).toContain('"Flow Button Label"');
		expect(provider.requests).toEqual([]);
	});
});

describe('the trigger hands a submitted Flow to the waiting execution', () => {
	it('a submit from the person asked goes to the signed waiting URL with the answers, without the token', async () => {
		await ask(flowQuestion());
		const token = sentToken();
		const verdict = judgeEvent(submitted(token, CUSTOMER, { street: 'MG Road 5', slot: 'evening' }), EXECUTION.waitingBaseUrl);
		if (verdict.kind !== 'resume') throw new Error(`expected a resume, got ${verdict.kind}`);
		expect(n8nAcceptsSignature(verdict.url, EXECUTION.hmacSecret)).toBe(true);
		expect(verdict.body).toEqual(expect.objectContaining({ from: CUSTOMER, form: { street: 'MG Road 5', slot: 'evening' }, contextMessageId: 'wamid.mock.1', title: null }));
	});

	it('a submit from someone else builds a URL n8n refuses', async () => {
		await ask(flowQuestion());
		const verdict = judgeEvent(submitted(sentToken(), '15550001111', { street: 'elsewhere' }), EXECUTION.waitingBaseUrl);
		if (verdict.kind !== 'resume') throw new Error(`expected a resume attempt, got ${verdict.kind}`);
		expect(n8nAcceptsSignature(verdict.url, EXECUTION.hmacSecret)).toBe(false);
	});

	it('a Flow sent by Send Flow (a token of the builder\'s own) is an ordinary event', () => {
		expect(judgeEvent(submitted('order-1042', CUSTOMER, { street: 'x' }), EXECUTION.waitingBaseUrl)).toEqual({ kind: 'ordinary' });
	});
});

describe('the resume (webhook) of a waiting Flow form', () => {
	const submit = { from: CUSTOMER, userId: null, name: 'Asha', title: null, messageId: 'wamid.FLOWREPLY', timestamp: '2026-11-30T10:00:00.000Z', contextMessageId: 'wamid.QUESTION' };

	async function tagOfCustomer(): Promise<string> {
		await ask(flowQuestion());
		const reference = parseWireId(sentToken());
		const r = reference === undefined ? undefined : replierParam(reference, CUSTOMER, null);
		if (r === undefined) throw new Error('no reference the customer can answer in the sent Flow');
		return r;
	}

	it('outputs the form\'s fields as answer.form, with who answered and when', async () => {
		const r = await tagOfCustomer();
		const result = await resumeNode({ parameters: flowQuestion(), query: { a: 'form', r }, body: { ...submit, form: { street: 'MG Road 5', slot: 'evening' } } });
		expect(result.status).toBe(200);
		expect(result.answer).toEqual({ whatsAppSessionResumed: true });
		expect(result.resumedWith).toEqual([
			{
				json: {
					timedOut: false,
					answer: { form: { street: 'MG Road 5', slot: 'evening' } },
					respondedAt: '2026-11-30T10:00:00.000Z',
					from: CUSTOMER,
					userId: null,
					name: 'Asha',
					answeredMessageId: 'wamid.QUESTION',
					replyMessageId: 'wamid.FLOWREPLY',
					messageId: 'wamid.QUESTION',
					recipient: CUSTOMER,
					provider: 'cloudApiCompatible',
				},
			},
		]);
	});

	it('keeps waiting for a tap where a Flow\'s answers are awaited, and for someone else\'s submit', async () => {
		const r = await tagOfCustomer();
		const tap = await resumeNode({ parameters: flowQuestion(), query: { a: 'confirm', r }, body: { ...submit, title: 'Confirm' } });
		expect([tap.status, tap.resumedWith]).toEqual([400, undefined]);
		const other = await resumeNode({ parameters: flowQuestion(), query: { a: 'form', r }, body: { ...submit, from: '15550001111', form: { street: 'x' } } });
		expect([other.status, other.resumedWith]).toEqual([403, undefined]);
	});

	it('a question with choices is not resumed by a Flow\'s answers', async () => {
		const r = await tagOfCustomer();
		const parameters = { ...flowQuestion(), responseType: 'choice', choices: { choice: [{ id: 'form', title: 'Form' }] } };
		const result = await resumeNode({ parameters, query: { a: 'form', r }, body: { ...submit, form: { street: 'x' } } });
		expect([result.status, result.resumedWith]).toEqual([400, undefined]);
	});
});
