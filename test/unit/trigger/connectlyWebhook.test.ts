import { connectlyProvider } from '../../../nodes/WhatsAppSession/providers/connectly/adapter';
import type { InboundEvent } from '../../../nodes/WhatsAppSession/providers/contract/inbound';
import { BUSINESS, CUSTOMER, connectlyMessage, connectlyStatus } from '../../support/inboundSamples';

function decode(body: unknown): InboundEvent[] {
	const inbound = connectlyProvider.inbound;
	if (inbound === undefined) throw new Error('Connectly declares webhooks');
	return inbound.decode(body, { bodyDigest: 'digest-1' });
}

describe('Connectly webhook', () => {
	it('reads a text message: the customer is the sender, the business the recipient', () => {
		const [event] = decode(connectlyMessage({ text: 'Hello' }));
		expect(event).toMatchObject({
			event: 'message',
			from: CUSTOMER.phone,
			userId: null,
			name: CUSTOMER.name,
			phoneNumberId: null,
			businessNumber: BUSINESS.displayNumber,
			messageId: null,
			timestamp: '2025-11-30T00:00:00.000Z',
			type: 'text',
			text: 'Hello',
			isEcho: false,
			// Connectly sends no message id: a redelivery is the same body, so the same digest.
			dedupeKey: 'message:digest-1',
		});
	});

	it.each(['image', 'video', 'audio', 'document'] as const)('reads a %s attachment as media by URL', (kind) => {
		const [event] = decode(connectlyMessage({ attachments: [{ type: kind, url: 'https://cdn.example/f' }] }));
		expect(event).toMatchObject({ type: kind, media: { kind, id: null, url: 'https://cdn.example/f', voice: false } });
	});

	it('reads a button response as a reply known by its title only', () => {
		const [event] = decode(connectlyMessage({ text: 'Confirm', isButtonResponse: true }));
		expect(event).toMatchObject({ type: 'reply', text: null, reply: { id: null, title: 'Confirm', description: null, kind: 'button' } });
	});

	it('reads a location', () => {
		const [event] = decode(connectlyMessage({ location: { latitude: 1.5, longitude: '103.8', name: 'Shop' } }));
		expect(event).toMatchObject({ type: 'location', location: { latitude: 1.5, longitude: 103.8, name: 'Shop', address: null } });
	});

	it('reads a customer known by a BSUID, whose phone number is empty', () => {
		const [event] = decode(connectlyMessage({ text: 'hi' }, { id: CUSTOMER.bsuid, channelType: 'whatsapp', phoneNumber: '' }));
		expect(event).toMatchObject({ from: null, userId: CUSTOMER.bsuid });
	});

	it('reads a delivery status: the customer is the recipient', () => {
		const [event] = decode(connectlyStatus('01FRRW', 'delivered'));
		expect(event).toMatchObject({
			event: 'status',
			messageId: '01FRRW',
			status: 'delivered',
			from: CUSTOMER.phone,
			businessNumber: BUSINESS.displayNumber,
			errors: [],
			dedupeKey: 'status:01FRRW:delivered',
		});
	});

	it('calls delivery_failed "failed", and says what a closed-window code means', () => {
		const [event] = decode(
			connectlyStatus('01FRRX', 'delivery_failed', {
				message: 'outside window',
				type: 'ERROR_TYPE_INVALID_REQUEST',
				code: 'ERROR_CODE_MESSAGE_OUTSIDE_OF_ELIGIBILITY_WINDOW',
				userTitle: 'Outside window',
				userMessage: 'x',
				cntTraceId: '1',
				details: {},
			}),
		);
		expect(event).toMatchObject({
			status: 'failed',
			errors: [
				{
					code: 'ERROR_CODE_MESSAGE_OUTSIDE_OF_ELIGIBILITY_WINDOW',
					title: 'Outside window',
					message: 'outside window',
					details: null,
					meaning: expect.stringContaining('24-hour session window is closed'),
				},
			],
		});
	});

	it('reads a tap in the newer form: a top-level buttonResponse with the button\'s id, and the message it answers', () => {
		const { message: _none, ...withoutMessage } = connectlyMessage({});
		const [event] = decode({
			...withoutMessage,
			buttonResponse: { text: 'Yes', payload: 'confirm-yes' },
			context: { replyToId: '01FRRW' },
			callbackData: { orderId: 1042 },
		});
		expect(event).toMatchObject({
			event: 'message',
			from: CUSTOMER.phone,
			type: 'reply',
			text: null,
			reply: { id: 'confirm-yes', title: 'Yes', description: null, kind: 'button' },
			context: { messageId: '01FRRW', from: null },
			callbackData: { orderId: 1042 },
		});
	});

	it('reads a buttonResponse inside the message the same way', () => {
		const [event] = decode(connectlyMessage({ buttonResponse: { text: 'No', payload: 'confirm-no' }, context: { replyToId: 'M2' } }));
		expect(event).toMatchObject({ type: 'reply', reply: { id: 'confirm-no', title: 'No' }, context: { messageId: 'M2' } });
	});

	it('gives callbackData on a status, as Connectly echoes it, and null where none came', () => {
		const [withData] = decode({ ...connectlyStatus('01FRRW', 'read'), callbackData: 'order-1042' });
		const [without] = decode(connectlyStatus('01FRRW', 'read'));
		expect(withData).toMatchObject({ event: 'status', callbackData: 'order-1042' });
		expect(without).toMatchObject({ event: 'status', callbackData: null });
	});

	it('reads a Click-to-WhatsApp referral into one shape', () => {
		const [event] = decode(
			connectlyMessage({
				text: 'I saw your ad',
				referral: { sourceUrl: 'https://fb.me/ad1', sourceId: '120', sourceType: 'ad', headline: 'Sale', body: '20% off', mediaType: 'image', imageUrl: 'https://cdn.example/i.jpg', ctwaClid: 'ARAk' },
			}),
		);
		expect(event).toMatchObject({
			type: 'text',
			referral: {
				sourceUrl: 'https://fb.me/ad1',
				sourceId: '120',
				sourceType: 'ad',
				headline: 'Sale',
				body: '20% off',
				mediaType: 'image',
				imageUrl: 'https://cdn.example/i.jpg',
				videoUrl: null,
				thumbnailUrl: null,
				ctwaClid: 'ARAk',
			},
		});
		expect(decode(connectlyMessage({ text: 'hi' }))[0]).toMatchObject({ referral: null, callbackData: null });
	});

	it('marks a message the business sent itself as an echo', () => {
		expect(decode(connectlyMessage({ text: 'From the inbox', isEcho: true }))[0]).toMatchObject({ isEcho: true });
	});

	it.each([null, [], {}, { timestamp: '1' }, { buttonResponse: 'Yes' }])('finds no events in %j', (body) => {
		expect(decode(body)).toEqual([]);
	});
});
