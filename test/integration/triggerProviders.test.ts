import { createHmac } from 'node:crypto';

import { postToTrigger } from '../support/triggerWebhook';
import { CUSTOMER, connectlyMessage, metaBody, metaContact, metaMessage, metaValue, texterEvent } from '../support/inboundSamples';

/**
 * The trigger's own webhook(), with the bodies each provider documents: Texter's subscription
 * events behind their shared secret, Connectly's newer button tap, and referrals and callback data.
 */
const TEXTER_SECRET = 'tx-webhook-secret-5f2c-long';
const CONNECTLY_SECRET = 'cn-webhook-secret-91ab';
const META_SECRET = 'meta-app-secret-77';

const texter = (headers: Record<string, string>, body: unknown, webhookSecret = TEXTER_SECRET) =>
	postToTrigger({
		parameters: { provider: 'texter', events: 'messages' },
		credentials: { texterApi: { projectId: 'acme', apiToken: 'tok', webhookSecret } },
		headers,
		rawBody: Buffer.from(JSON.stringify(body)),
	});

function connectly(body: unknown) {
	const rawBody = Buffer.from(JSON.stringify(body));
	return postToTrigger({
		parameters: { provider: 'connectly', events: 'messagesAndStatuses' },
		credentials: { connectlyApi: { apiKey: 'key', businessId: 'biz', webhookSecret: CONNECTLY_SECRET } },
		headers: { 'x-connectly-hmac-sha256': createHmac('sha256', CONNECTLY_SECRET).update(rawBody).digest('base64') },
		rawBody,
	});
}

describe('WhatsApp Session Trigger with Texter', () => {
	it('starts the workflow with a tapped button\'s payload when the secret header matches', async () => {
		const body = texterEvent({ type: 'postback', postback: { payload: 'confirm-yes', title: 'Yes' } });
		const result = await texter({ 'x-webhook-secret': TEXTER_SECRET }, body);

		expect(result.status).toBe(200);
		expect(result.items).toEqual([
			expect.objectContaining({
				event: 'message',
				provider: 'texter',
				from: CUSTOMER.phone,
				messageId: 'wamid.TEXTER.IN1',
				type: 'reply',
				reply: { id: 'confirm-yes', title: 'Yes', description: null, kind: 'button' },
				referral: null,
				callbackData: null,
				raw: body,
			}),
		]);
	});

	it('reads media by fileId', async () => {
		const body = texterEvent({ type: 'media', media: [{ mediaType: 'document', fileId: 'file-9', fileName: 'invoice.pdf' }] }, 'newMediaMessage');
		const result = await texter({ 'x-webhook-secret': TEXTER_SECRET }, body);
		expect(result.items?.[0]).toMatchObject({ type: 'document', media: { kind: 'document', id: 'file-9', filename: 'invoice.pdf' } });
	});

	it.each<[string, Record<string, string>, string]>([
		['without the header', {}, 'Missing signature'],
		['with a wrong secret', { 'x-webhook-secret': 'tx-webhook-secret-5f2c-lonG' }, 'Invalid signature'],
	])('refuses a request %s with 401, and starts nothing', async (_case, headers, answer) => {
		const result = await texter(headers, texterEvent({ type: 'text', text: 'hi' }));
		expect(result).toEqual({ items: undefined, status: 401, answer });
	});

	it('refuses everything while the credential has no Webhook Secret', async () => {
		const result = await texter({ 'x-webhook-secret': '' }, texterEvent({ type: 'text', text: 'hi' }), '');
		expect(result.items).toBeUndefined();
		expect(result.status).toBe(401);
	});
});

describe('WhatsApp Session Trigger with Connectly', () => {
	it('starts the workflow with a tap in the newer form, its button id, the message it answers and the callback data', async () => {
		const { message: _none, ...envelope } = connectlyMessage({});
		const result = await connectly({
			...envelope,
			buttonResponse: { text: 'Yes', payload: 'confirm-yes' },
			context: { replyToId: '01FRRW' },
			callbackData: { orderId: 1042 },
		});

		expect(result.status).toBe(200);
		expect(result.items).toEqual([
			expect.objectContaining({
				provider: 'connectly',
				type: 'reply',
				from: CUSTOMER.phone,
				reply: { id: 'confirm-yes', title: 'Yes', description: null, kind: 'button' },
				context: { messageId: '01FRRW', from: null },
				callbackData: { orderId: 1042 },
			}),
		]);
	});

	it('gives a delivery status its callback data', async () => {
		const result = await connectly({
			topic: 'delivery_status',
			timestamp: '1764460900',
			sender: { id: '+15550783881', channelType: 'whatsapp' },
			recipient: { id: `+${CUSTOMER.phone}`, channelType: 'whatsapp' },
			statusUpdate: { id: '01FRRW', status: 'read', error: null },
			callbackData: 'order-1042',
		});
		expect(result.items).toEqual([expect.objectContaining({ event: 'status', status: 'read', callbackData: 'order-1042' })]);
	});

	it('gives a message from a Click-to-WhatsApp ad its referral', async () => {
		const result = await connectly(connectlyMessage({ text: 'Is this still on sale?', referral: { sourceType: 'ad', sourceId: '120', headline: 'Sale', ctwaClid: 'ARAk' } }));
		expect(result.items?.[0]).toMatchObject({ type: 'text', referral: { sourceType: 'ad', sourceId: '120', headline: 'Sale', ctwaClid: 'ARAk', sourceUrl: null } });
	});
});

describe('WhatsApp Session Trigger with Meta', () => {
	it('gives a message from a Click-to-WhatsApp ad its referral', async () => {
		const body = metaBody(
			metaValue({
				contacts: [metaContact()],
				messages: [metaMessage('wamid.AD1', 'text', { body: 'Hi' }, { referral: { source_type: 'ad', source_id: '120', source_url: 'https://fb.me/ad1', ctwa_clid: 'ARAk' } })],
			}),
		);
		const rawBody = Buffer.from(JSON.stringify(body));
		const result = await postToTrigger({
			parameters: { provider: 'metaCloudApi', events: 'messages' },
			credentials: { whatsAppCloudApi: { accessToken: 't', phoneNumberId: '1', appSecret: META_SECRET, verifyToken: 'v' } },
			headers: { 'x-hub-signature-256': `sha256=${createHmac('sha256', META_SECRET).update(rawBody).digest('hex')}` },
			rawBody,
		});
		expect(result.items?.[0]).toMatchObject({ messageId: 'wamid.AD1', referral: { sourceType: 'ad', sourceId: '120', sourceUrl: 'https://fb.me/ad1', ctwaClid: 'ARAk' } });
	});
});
