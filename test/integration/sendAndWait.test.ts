import { WAIT_INDEFINITELY, type IDataObject } from 'n8n-workflow';

import { parseWireId, referenceLength, replierParam, responderTag, resumeUrl } from '../../nodes/WhatsAppSession/waiting/reference';
import { valueAt } from '../support/json';
import { cloudApiError, useMockProvider } from '../support/mockProvider';
import { n8nAcceptsSignature } from '../support/n8nResumeSignature';
import { runNode, type ExecutionStandIn } from '../support/executeNode';
import { resumeNode } from '../support/resumeNode';

const { provider, url: mockUrl } = useMockProvider();

const NODE_ID = '5c3a1f0e-2b4d-4c6e-8f10-a1b2c3d4e5f6';
const EXECUTION: ExecutionStandIn = { id: '731', waitingBaseUrl: 'http://localhost:5678/webhook-waiting', hmacSecret: 'instance-secret' };
const CUSTOMER = '919880132082';

function credentials() {
	return {
		whatsAppSessionApi: { domain: mockUrl(), phoneNumberId: '123', apiKey: 'KEY_SECRET', accessToken: 'TOKEN_SECRET' },
		whatsAppCloudApi: { phoneNumberId: '123', accessToken: 'TOKEN_SECRET', baseUrl: mockUrl() },
		connectlyApi: { apiKey: 'KEY_SECRET', businessId: 'b-1', baseUrl: mockUrl() },
	};
}

function choices(count: number): { choice: IDataObject[] } {
	return { choice: Array.from({ length: count }, (_unused, index) => ({ id: `slot-${index}`, title: `Slot ${index}` })) };
}

function question(extra: IDataObject = {}): IDataObject {
	return {
		provider: 'cloudApiCompatible',
		resource: 'message',
		operation: 'sendAndWait',
		recipient: '+91 98801 32082',
		bodyText: 'Confirm your order 1042?',
		listButtonText: 'Choose',
		choices: choices(2),
		...extra,
	};
}

async function ask(parameters: IDataObject, overrides: Partial<Parameters<typeof runNode>[0]> = {}) {
	return await runNode({ parameters, credentials: credentials(), execution: EXECUTION, nodeId: NODE_ID, ...overrides });
}

/** The ids that went on the wire, from the one recorded request: buttons or list rows. */
function sentWireIds(): string[] {
	expect(provider.requests).toHaveLength(1);
	const buttons = valueAt(provider.requests[0].body, 'interactive', 'action', 'buttons');
	if (Array.isArray(buttons)) return buttons.map((button) => String(valueAt(button, 'reply', 'id')));
	const sections = valueAt(provider.requests[0].body, 'interactive', 'action', 'sections');
	const rows: unknown = Array.isArray(sections) ? valueAt(sections[0], 'rows') : undefined;
	return Array.isArray(rows) ? rows.map((row) => String(valueAt(row, 'id'))) : [];
}

describe('Send and Wait for Reply through execute() over real HTTP', () => {
	it('sends 1–3 choices as reply buttons whose ids carry a reference n8n accepts, and waits without limit', async () => {
		const result = await ask(question({ choices: choices(3), headerText: 'Order 1042', footerText: 'Tap one' }));

		expect(result.error).toBeUndefined();
		expect(result.waitTill).toEqual(WAIT_INDEFINITELY);
		const wireIds = sentWireIds();
		expect(provider.requests[0].body).toEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: CUSTOMER,
			type: 'interactive',
			interactive: {
				type: 'button',
				header: { type: 'text', text: 'Order 1042' },
				body: { text: 'Confirm your order 1042?' },
				footer: { text: 'Tap one' },
				action: {
					buttons: wireIds.map((id, index) => ({ type: 'reply', reply: { id, title: `Slot ${index}` } })),
				},
			},
		});
		wireIds.forEach((wireId, index) => {
			const reference = parseWireId(wireId);
			expect(reference).toEqual(expect.objectContaining({ choiceId: `slot-${index}`, executionId: '731', nodeId: NODE_ID }));
			const responder = reference === undefined ? undefined : replierParam(reference, CUSTOMER, null);
			if (reference === undefined || responder === undefined) throw new Error(`${wireId} is no reference the customer can answer`);
			expect(n8nAcceptsSignature(resumeUrl(EXECUTION.waitingBaseUrl, reference, responder), EXECUTION.hmacSecret)).toBe(true);
			// The button id does not give the number away.
			expect(wireId).not.toContain(CUSTOMER);
		});
		// Shown while waiting; n8n goes on with the input item instead if the wait limit passes (see waitingItem).
		expect(result.output).toEqual([
			{
				json: { waitingForAnswer: true, answer: null, messageId: 'wamid.mock.1', recipient: CUSTOMER, provider: 'cloudApiCompatible' },
				pairedItem: { item: 0 },
			},
		]);
	});

	it('sends 4–10 choices as a one-section list with its button label and descriptions', async () => {
		const rows = { choice: choices(5).choice.map((choice, index) => (index === 0 ? { ...choice, description: 'Morning' } : choice)) };
		const result = await ask(question({ choices: rows, listButtonText: 'Pick a slot' }));

		expect(result.error).toBeUndefined();
		const wireIds = sentWireIds();
		expect(valueAt(provider.requests[0].body, 'interactive')).toEqual({
			type: 'list',
			body: { text: 'Confirm your order 1042?' },
			action: {
				button: 'Pick a slot',
				sections: [
					{
						rows: wireIds.map((id, index) => ({
							id,
							title: `Slot ${index}`,
							...(index === 0 && { description: 'Morning' }),
						})),
					},
				],
			},
		});
		expect(wireIds.map((id) => parseWireId(id)?.choiceId)).toEqual(['slot-0', 'slot-1', 'slot-2', 'slot-3', 'slot-4']);
	});

	it('takes the choices as JSON from a previous node', async () => {
		const result = await ask(question({ choicesInputMode: 'json', choicesJson: '[{"id":"yes","title":"Yes"},{"id":"no","title":"No"}]' }));
		expect(result.error).toBeUndefined();
		expect(sentWireIds().map((id) => parseWireId(id)?.choiceId)).toEqual(['yes', 'no']);
	});

	it('waits until the wait limit: an interval, or a date', async () => {
		const before = Date.now();
		const interval = await ask(question({ limitWaitTime: true, limitType: 'afterTimeInterval', resumeAmount: 90, resumeUnit: 'seconds' }));
		expect(interval.error).toBeUndefined();
		const waitTill = interval.waitTill?.getTime() ?? 0;
		expect(waitTill).toBeGreaterThanOrEqual(before + 90_000);
		expect(waitTill).toBeLessThanOrEqual(Date.now() + 90_000);

		const until = await ask(question({ limitWaitTime: true, limitType: 'atSpecifiedTime', maxDateAndTime: '2031-05-01T10:00:00.000Z' }));
		expect(until.waitTill).toEqual(new Date('2031-05-01T10:00:00.000Z'));
	});

	it.each([
		['reply button', 3, 256],
		['list row', 4, 200],
	])('refuses a choice id too long for a %s with its reference, naming item, field and limit; sends nothing', async (_kind, count, limit) => {
		const room = limit - referenceLength(EXECUTION.id, NODE_ID);
		const tooLong = choices(count);
		tooLong.choice[count - 1] = { id: 'x'.repeat(room + 1), title: 'Last' };
		const result = await ask(question({ choices: tooLong }));

		expect(result.error?.message).toBe(
			`Item 0: "Choices › Choice ${count - 1} › Choice ID" is ${room + 1} characters long; the limit is ${room} here: WhatsApp allows ${limit} for a ${_kind}'s ID, and the reference that ties the answer to this execution takes ${limit - room}`,
		);
		expect(provider.requests).toHaveLength(0);
		expect(result.waitTill).toBeUndefined();
	});

	it('refuses more than one input item before sending anything: one question per execution', async () => {
		const result = await ask(question(), { items: [{ json: {} }, { json: {} }] });
		expect(result.error?.message).toBe('Send and Wait for Reply asks one question per execution, and got 2 items');
		expect(provider.requests).toHaveLength(0);
		expect(result.waitTill).toBeUndefined();
	});

	it('is refused with a provider whose button replies carry no id, before sending', async () => {
		const result = await ask(question({ provider: 'connectly' }));
		expect(result.error?.message).toMatch(/^Item 0: "Operation" "Send and Wait for Reply" is not available with Connectly/);
		expect(provider.requests).toHaveLength(0);
	});

	it('does not wait for a question the provider refused (Continue On Fail)', async () => {
		provider.respondWith(() => cloudApiError(400, 131047, 'Re-engagement message'));
		const result = await ask(question(), { continueOnFail: true });
		expect(result.waitTill).toBeUndefined();
		expect(result.output[0]?.json.error).toEqual(expect.stringContaining('24-hour'));
	});

	it('sends to a BSUID through Meta, and only that BSUID can answer', async () => {
		const bsuid = 'US.13491208655302741918';
		const result = await ask(question({ provider: 'metaCloudApi', recipient: bsuid }));
		expect(result.error).toBeUndefined();
		expect(valueAt(provider.requests[0].body, 'recipient')).toBe(bsuid);
		const reference = parseWireId(sentWireIds()[0]);
		if (reference === undefined) throw new Error('no reference in the sent button');
		const r = replierParam(reference, null, bsuid);
		if (r === undefined) throw new Error('the reference asks for a BSUID');
		const query = { a: reference.choiceId, r };
		const parameters = question({ provider: 'metaCloudApi', recipient: bsuid });

		const byNumber = await resumeNode({ parameters, query, body: { from: CUSTOMER, userId: null, title: 'Slot 0' } });
		expect(byNumber.status).toBe(403);
		expect(byNumber.resumedWith).toBeUndefined();

		const byBsuid = await resumeNode({ parameters, query, body: { from: null, userId: bsuid, title: 'Slot 0', contextMessageId: 'wamid.mock.1' } });
		expect(byBsuid.status).toBe(200);
		expect(byBsuid.resumedWith?.[0]?.json).toEqual(
			expect.objectContaining({ timedOut: false, answer: { id: 'slot-0', title: 'Slot 0' }, userId: bsuid, recipient: bsuid, provider: 'metaCloudApi' }),
		);
	});
});

describe('the resume (webhook) of a waiting Send and Wait for Reply', () => {
	const reply = {
		from: CUSTOMER,
		userId: 'US.1',
		name: 'Asha',
		title: 'Confirm',
		messageId: 'wamid.REPLY',
		timestamp: '2026-11-30T10:00:00.000Z',
		contextMessageId: 'wamid.QUESTION',
	};

	/** The `r` n8n signed for the customer: what the trigger rebuilds when the customer taps. */
	async function tagOfCustomer(): Promise<string> {
		await ask(question());
		const reference = parseWireId(sentWireIds()[0]);
		const r = reference === undefined ? undefined : replierParam(reference, CUSTOMER, null);
		if (r === undefined) throw new Error('no reference the customer can answer in the sent button');
		return r;
	}

	it('still resumes for an id sent before the keyed reference (its unkeyed tag), and only for the person asked', async () => {
		const r = responderTag({ kind: 'phoneNumber', digits: CUSTOMER });
		const mine = await resumeNode({ parameters: question(), query: { a: 'confirm', r }, body: reply });
		expect([mine.status, mine.resumedWith?.[0]?.json.from]).toEqual([200, CUSTOMER]);
		const other = await resumeNode({ parameters: question(), query: { a: 'confirm', r }, body: { ...reply, from: '15550001111', userId: null } });
		expect([other.status, other.resumedWith]).toEqual([403, undefined]);
	});

	it('resumes with the builder\'s choice id, marks the answer, and says who answered what', async () => {
		const r = await tagOfCustomer();
		const result = await resumeNode({ parameters: question(), query: { a: 'confirm', r }, body: reply });

		expect(result.status).toBe(200);
		expect(result.answer).toEqual({ whatsAppSessionResumed: true });
		expect(result.resumedWith).toEqual([
			{
				json: {
					timedOut: false,
					answer: { id: 'confirm', title: 'Confirm' },
					respondedAt: '2026-11-30T10:00:00.000Z',
					from: CUSTOMER,
					userId: 'US.1',
					name: 'Asha',
					answeredMessageId: 'wamid.QUESTION',
					replyMessageId: 'wamid.REPLY',
					messageId: 'wamid.QUESTION',
					recipient: CUSTOMER,
					provider: 'cloudApiCompatible',
				},
			},
		]);
	});

	it('answers with the builder\'s own title, not the wire\'s (a tap that carries the wire id as its title, or none)', async () => {
		const r = await tagOfCustomer();
		const parameters = question({ choices: { choice: [{ id: 'confirm', title: 'Confirm order' }, { id: 'change', title: 'Change' }] } });
		for (const wireTitle of [sentWireIds()[0], null]) {
			const result = await resumeNode({ parameters, query: { a: 'confirm', r }, body: { ...reply, title: wireTitle } });
			expect(valueAt(result.resumedWith?.[0]?.json, 'answer')).toEqual({ id: 'confirm', title: 'Confirm order' });
		}
	});

	it('keeps waiting when someone else taps (403, no workflow data)', async () => {
		const r = await tagOfCustomer();
		const result = await resumeNode({ parameters: question(), query: { a: 'confirm', r }, body: { ...reply, from: '15550001111', userId: null } });
		expect(result.status).toBe(403);
		expect(result.answer).toEqual({ whatsAppSessionResumed: false, reason: 'not the person asked' });
		expect(result.resumedWith).toBeUndefined();
	});

	it('keeps waiting for a request without the signed parameters', async () => {
		const result = await resumeNode({ parameters: question(), query: {}, body: reply });
		expect(result.status).toBe(400);
		expect(result.resumedWith).toBeUndefined();
	});
});
