import { randomUUID } from 'node:crypto';

import { PROVIDERS } from '../../../nodes/WhatsAppSession/providers';
import { IN_FLIGHT_LIMIT_MS } from '../../../nodes/WhatsAppSession/trigger/recentEvents';
import { signWebhookBody } from '../../../nodes/WhatsAppSession/trigger/signature';
import { metaBody, metaStatus, metaTextBody, metaValue } from '../../support/inboundSamples';
import { deliverToTrigger, triggerWorkflow, type TriggerNodeStandIn } from '../../support/triggerNode';

// The trigger's webhook() itself, with n8n's part after it (start the execution, then answer).
// Every test has its own workflow id: what the trigger remembers lives in the process.

const APP_SECRET = 'node-test-app-secret';
const META_SIGNATURE = PROVIDERS.metaCloudApi.inbound?.signature;

function metaTrigger(name: string, options: Record<string, boolean> = {}, appSecret = APP_SECRET): TriggerNodeStandIn {
	return {
		id: randomUUID(),
		name,
		parameters: { provider: 'metaCloudApi', events: 'messages', options },
		credentials: { whatsAppCloudApi: { accessToken: 'token', phoneNumberId: '1', appSecret } },
	};
}

function signed(body: object, secret = APP_SECRET) {
	const raw = Buffer.from(JSON.stringify(body));
	if (META_SIGNATURE === undefined) throw new Error('Meta declares its webhooks');
	return { body: raw, headers: { 'x-hub-signature-256': signWebhookBody(raw, secret, META_SIGNATURE) } };
}

const EVENT = metaTextBody('wamid.NODE1', 'Where is my order?');

describe("the trigger's webhook(): each event runs once per trigger", () => {
	it('two triggers in one workflow receiving the same event each run once', async () => {
		const workflow = triggerWorkflow(`wf-${randomUUID()}`);
		const first = metaTrigger('Trigger A');
		const second = metaTrigger('Trigger B');
		const runs = [
			await deliverToTrigger(workflow, first, signed(EVENT)),
			await deliverToTrigger(workflow, second, signed(EVENT)),
			await deliverToTrigger(workflow, first, signed(EVENT)),
			await deliverToTrigger(workflow, second, signed(EVENT)),
		];
		expect(runs.map((run) => run.items?.map((item) => item.messageId))).toEqual([['wamid.NODE1'], ['wamid.NODE1'], undefined, undefined]);
		expect(runs.map((run) => run.status)).toEqual([200, 200, 200, 200]);
	});

	it('one trigger receiving the same event twice runs once', async () => {
		const workflow = triggerWorkflow(`wf-${randomUUID()}`);
		const node = metaTrigger('Trigger');
		const first = await deliverToTrigger(workflow, node, signed(EVENT));
		const again = await deliverToTrigger(workflow, node, signed(EVENT));
		expect([first.items?.length, again.items]).toEqual([1, undefined]);
		expect(again.status).toBe(200);
	});

	it('the same trigger in two workflows (a copy) runs in each', async () => {
		const node = metaTrigger('Trigger');
		const inOne = await deliverToTrigger(triggerWorkflow(`wf-${randomUUID()}`), node, signed(EVENT));
		const inOther = await deliverToTrigger(triggerWorkflow(`wf-${randomUUID()}`), node, signed(EVENT));
		expect([inOne.items?.length, inOther.items?.length]).toEqual([1, 1]);
	});
});

describe("the trigger's webhook(): a failed start does not lose the event", () => {
	it('n8n fails to start the execution (5xx): the redelivery runs, and only once', async () => {
		const workflow = triggerWorkflow(`wf-${randomUUID()}`);
		const node = metaTrigger('Trigger');
		const failed = await deliverToTrigger(workflow, node, { ...signed(EVENT), start: 'fails' });
		expect([failed.items?.length, failed.status]).toEqual([1, 500]);
		const redelivered = await deliverToTrigger(workflow, node, signed(EVENT));
		expect([redelivered.items?.map((item) => item.messageId), redelivered.status]).toEqual([['wamid.NODE1'], 200]);
		const duplicate = await deliverToTrigger(workflow, node, signed(EVENT));
		expect([duplicate.items, duplicate.status]).toEqual([undefined, 200]);
	});

	it('a redelivery while the first is still starting gets 503 and runs nothing; after the first fails, the next runs', async () => {
		const workflow = triggerWorkflow(`wf-${randomUUID()}`);
		const node = metaTrigger('Trigger');
		const first = await deliverToTrigger(workflow, node, { ...signed(EVENT), start: 'pending' });
		expect([first.items?.length, first.status]).toEqual([1, undefined]);
		const meanwhile = await deliverToTrigger(workflow, node, signed(EVENT));
		expect([meanwhile.items, meanwhile.status]).toEqual([undefined, 503]);
		first.answer(500);
		const later = await deliverToTrigger(workflow, node, signed(EVENT));
		expect([later.items?.length, later.status]).toEqual([1, 200]);
	});

	it('a redelivery after the first started is a duplicate, even if it came while the first was starting', async () => {
		const workflow = triggerWorkflow(`wf-${randomUUID()}`);
		const node = metaTrigger('Trigger');
		const first = await deliverToTrigger(workflow, node, { ...signed(EVENT), start: 'pending' });
		expect((await deliverToTrigger(workflow, node, signed(EVENT))).status).toBe(503);
		first.answer(200);
		const later = await deliverToTrigger(workflow, node, signed(EVENT));
		expect([later.items, later.status]).toEqual([undefined, 200]);
	});

	it('a start whose answer never comes lapses: a delivery after the limit takes the event over', async () => {
		jest.useFakeTimers({ now: new Date('2026-12-06T05:00:00Z'), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
		try {
			const workflow = triggerWorkflow(`wf-${randomUUID()}`);
			const node = metaTrigger('Trigger');
			await deliverToTrigger(workflow, node, { ...signed(EVENT), start: 'pending' });
			jest.setSystemTime(Date.now() + IN_FLIGHT_LIMIT_MS - 1_000);
			expect((await deliverToTrigger(workflow, node, signed(EVENT))).status).toBe(503);
			jest.setSystemTime(Date.now() + 2_000);
			expect((await deliverToTrigger(workflow, node, signed(EVENT))).items).toHaveLength(1);
		} finally {
			jest.useRealTimers();
		}
	});
});

describe("the trigger's webhook(): unsigned events", () => {
	it('a Meta trigger without an App Secret answers 401 and starts nothing', async () => {
		const node = metaTrigger('Trigger', {}, '');
		const result = await deliverToTrigger(triggerWorkflow(`wf-${randomUUID()}`), node, { body: Buffer.from(JSON.stringify(EVENT)) });
		expect([result.items, result.status, result.body]).toEqual([
			undefined,
			401,
			'Refused: the credential has no App Secret, and this trigger does not accept unsigned events',
		]);
	});

	it('with "Accept Unsigned Events" on, it runs', async () => {
		const node = metaTrigger('Trigger', { acceptUnsigned: true }, '');
		const result = await deliverToTrigger(triggerWorkflow(`wf-${randomUUID()}`), node, { body: Buffer.from(JSON.stringify(EVENT)) });
		expect([result.items?.length, result.status]).toEqual([1, 200]);
	});

	it('a wrongly signed event is refused even with the option on, when a secret is set', async () => {
		const node = metaTrigger('Trigger', { acceptUnsigned: true });
		const result = await deliverToTrigger(triggerWorkflow(`wf-${randomUUID()}`), node, signed(EVENT, 'not-the-secret'));
		expect([result.items, result.status]).toEqual([undefined, 401]);
	});
});

describe("the trigger's webhook() during a campaign's storm of statuses", () => {
	const storm = (from: number, count: number) =>
		metaBody(metaValue({ statuses: Array.from({ length: count }, (_, index) => metaStatus(`wamid.STORM${from + index}`, 'delivered')) }));

	it('an unselected status starts nothing and writes nothing to the workflow\'s static data', async () => {
		const workflow = triggerWorkflow(`wf-${randomUUID()}`);
		const node = { ...metaTrigger('Trigger'), parameters: { provider: 'metaCloudApi', events: 'messagesAndStatuses', statuses: ['failed'], options: {} } };
		const delivered = await deliverToTrigger(workflow, node, signed(storm(0, 1)));
		const again = await deliverToTrigger(workflow, node, signed(storm(0, 1)));
		expect([delivered.items, delivered.status, again.items, again.status]).toEqual([undefined, 200, undefined, 200]);
		expect(workflow.staticData.get('Trigger')).toEqual({});
	});

	it('a message redelivered after 2,500 selected statuses still starts nothing', async () => {
		const workflow = triggerWorkflow(`wf-${randomUUID()}`);
		const node = { ...metaTrigger('Trigger'), parameters: { provider: 'metaCloudApi', events: 'messagesAndStatuses', statuses: [], options: {} } };
		expect((await deliverToTrigger(workflow, node, signed(EVENT))).items).toHaveLength(1);
		for (let from = 0; from < 2_500; from += 100) {
			expect((await deliverToTrigger(workflow, node, signed(storm(from, 100)))).items).toHaveLength(100);
		}
		const redelivered = await deliverToTrigger(workflow, node, signed(EVENT));
		expect([redelivered.items, redelivered.status]).toEqual([undefined, 200]);
	});
});

describe("the trigger's webhook() keeps its credential between requests", () => {
	it('reads the credential once for many requests (each read is a database read and an expression isolate in n8n)', async () => {
		const workflow = triggerWorkflow(`wf-${randomUUID()}`);
		const node = { ...metaTrigger('Trigger'), credentialReads: { count: 0 } };
		for (let index = 0; index < 5; index++) await deliverToTrigger(workflow, node, signed(metaTextBody(`wamid.KEPT${index}`, 'hi')));
		expect(node.credentialReads.count).toBe(1);
	});

	it('a rotated App Secret applies to the first request signed with it, and the old one is refused from then on', async () => {
		const workflow = triggerWorkflow(`wf-${randomUUID()}`);
		const node = { ...metaTrigger('Trigger'), credentialReads: { count: 0 } };
		expect((await deliverToTrigger(workflow, node, signed(metaTextBody('wamid.ROT1', 'hi')))).items).toHaveLength(1);
		const rotated = 'node-test-app-secret-ROTATED';
		node.credentials = { whatsAppCloudApi: { ...node.credentials.whatsAppCloudApi, appSecret: rotated } };
		const withNew = await deliverToTrigger(workflow, node, signed(metaTextBody('wamid.ROT2', 'hi'), rotated));
		expect([withNew.status, withNew.items?.length]).toEqual([200, 1]);
		const withOld = await deliverToTrigger(workflow, node, signed(metaTextBody('wamid.ROT3', 'hi')));
		expect([withOld.status, withOld.items]).toEqual([401, undefined]);
		// The first read, the re-read for the request the kept secret refused, and the re-read before refusing the old one.
		expect(node.credentialReads.count).toBe(3);
	});
});
