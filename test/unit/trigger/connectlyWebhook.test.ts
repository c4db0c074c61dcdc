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

	it.each([null, [], {}, { timestamp: '1' }])('finds no events in %j', (body) => {
		expect(decode(body)).toEqual([]);
	});
});
