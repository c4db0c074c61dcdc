import { decodeMetaWebhook } from '../../../nodes/WhatsAppSession/providers/cloudApi/webhook';
import type { InboundEvent, InboundMessage, InboundStatus } from '../../../nodes/WhatsAppSession/providers/contract/inbound';
import {
	BUSINESS,
	CUSTOMER,
	WINDOW_CLOSED_ERROR,
	metaBody,
	metaContact,
	metaMessage,
	metaStatus,
	metaValue,
} from '../../support/inboundSamples';

const CONTEXT = { bodyDigest: 'digest-of-body' };

function decode(body: unknown): InboundEvent[] {
	return decodeMetaWebhook(body, CONTEXT);
}

function onlyMessage(message: ReturnType<typeof metaMessage>): InboundMessage {
	const events = decode(metaBody(metaValue({ contacts: [metaContact()], messages: [message] })));
	expect(events).toHaveLength(1);
	const [event] = events;
	if (event?.event !== 'message') throw new Error(`expected a message, got ${JSON.stringify(event)}`);
	return event;
}

function onlyStatus(status: ReturnType<typeof metaStatus>): InboundStatus {
	const [event] = decode(metaBody(metaValue({ statuses: [status] })));
	if (event?.event !== 'status') throw new Error(`expected a status, got ${JSON.stringify(event)}`);
	return event;
}

describe('Meta webhook: messages', () => {
	it('reads a text message with its customer, business and times', () => {
		const event = onlyMessage(metaMessage('wamid.A', 'text', { body: 'Where is my order?' }));
		expect(event).toMatchObject({
			event: 'message',
			from: CUSTOMER.phone,
			userId: null,
			name: CUSTOMER.name,
			phoneNumberId: BUSINESS.phoneNumberId,
			businessNumber: BUSINESS.displayNumber,
			messageId: 'wamid.A',
			timestamp: '2025-11-30T00:00:00.000Z',
			type: 'text',
			text: 'Where is my order?',
			media: null,
			reply: null,
			context: null,
			isEcho: false,
			dedupeKey: 'message:wamid.A',
		});
		expect(event.raw).toEqual(metaMessage('wamid.A', 'text', { body: 'Where is my order?' }));
	});

	it.each(['image', 'video', 'document', 'sticker'] as const)('reads a %s as media by id', (kind) => {
		const event = onlyMessage(
			metaMessage('wamid.M', kind, { id: 'media-1', mime_type: 'x/y', sha256: 'abc=', caption: 'Look', filename: 'f.pdf' }),
		);
		expect(event.type).toBe(kind);
		expect(event.media).toEqual({
			kind,
			id: 'media-1',
			url: null,
			mimeType: 'x/y',
			sha256: 'abc=',
			caption: 'Look',
			filename: 'f.pdf',
			voice: false,
		});
	});

	it('marks an audio message recorded as a voice note', () => {
		const voice = onlyMessage(metaMessage('wamid.V', 'audio', { id: 'a-1', mime_type: 'audio/ogg; codecs=opus', voice: true }));
		const file = onlyMessage(metaMessage('wamid.F', 'audio', { id: 'a-2', mime_type: 'audio/mpeg' }));
		expect(voice.media).toMatchObject({ kind: 'audio', id: 'a-1', voice: true });
		expect(file.media).toMatchObject({ kind: 'audio', id: 'a-2', voice: false });
	});

	it('reads a location pin', () => {
		const event = onlyMessage(
			metaMessage('wamid.L', 'location', { latitude: 12.9716, longitude: 77.5946, name: 'Office', address: 'MG Road' }),
		);
		expect(event.location).toEqual({ latitude: 12.9716, longitude: 77.5946, name: 'Office', address: 'MG Road' });
	});

	it('keeps shared contact cards as WhatsApp sent them', () => {
		const cards = [{ name: { formatted_name: 'Ravi' }, phones: [{ phone: '+91 98450 00000', type: 'CELL' }] }];
		const event = onlyMessage({ ...metaMessage('wamid.C', 'contacts', null), contacts: cards });
		expect(event.type).toBe('contacts');
		expect(event.contacts).toEqual(cards);
	});

	it.each([
		['button_reply', { id: 'confirm', title: 'Confirm' }, { id: 'confirm', title: 'Confirm', description: null, kind: 'button' }],
		[
			'list_reply',
			{ id: 'slot-9', title: '9:00', description: 'Morning slot' },
			{ id: 'slot-9', title: '9:00', description: 'Morning slot', kind: 'listRow' },
		],
	])('reads a %s as a reply with its id', (kind, chosen, reply) => {
		const event = onlyMessage(metaMessage('wamid.R', 'interactive', { type: kind, [kind]: chosen }, { context: { from: BUSINESS.displayNumber, id: 'wamid.OURS' } }));
		expect(event.type).toBe('reply');
		expect(event.reply).toEqual(reply);
		expect(event.context).toEqual({ messageId: 'wamid.OURS', from: BUSINESS.displayNumber });
	});

	it('reads a template\'s quick-reply button as a reply whose id is its payload', () => {
		const event = onlyMessage(metaMessage('wamid.T', 'button', { payload: 'STOP_PROMOS', text: 'Stop promotions' }));
		expect(event.reply).toEqual({ id: 'STOP_PROMOS', title: 'Stop promotions', description: null, kind: 'templateButton' });
	});

	it('reads a reaction, and a removed one as an empty emoji', () => {
		expect(onlyMessage(metaMessage('wamid.X', 'reaction', { message_id: 'wamid.OURS', emoji: '👍' })).reaction).toEqual({
			messageId: 'wamid.OURS',
			emoji: '👍',
		});
		expect(onlyMessage(metaMessage('wamid.Y', 'reaction', { message_id: 'wamid.OURS' })).reaction).toEqual({
			messageId: 'wamid.OURS',
			emoji: '',
		});
	});

	it('passes other types through under their own name, with the errors WhatsApp attached', () => {
		const event = onlyMessage({
			...metaMessage('wamid.U', 'unsupported', {}),
			errors: [{ code: 131051, title: 'Message type unknown', message: 'Message type unknown', error_data: { details: 'Message type is currently not supported.' } }],
		});
		expect(event.type).toBe('unsupported');
		expect(event.errors).toEqual([
			{
				code: '131051',
				title: 'Message type unknown',
				message: 'Message type unknown',
				details: 'Message type is currently not supported.',
				meaning: 'The provider does not support this message type',
			},
		]);
	});

	it('reads the quoted message of a reply', () => {
		const event = onlyMessage(metaMessage('wamid.Q', 'text', { body: 'this one' }, { context: { from: BUSINESS.displayNumber, id: 'wamid.Q0' } }));
		expect(event.context).toEqual({ messageId: 'wamid.Q0', from: BUSINESS.displayNumber });
	});

	it('reads a sender known only by a business-scoped user id (no phone number)', () => {
		const message = metaMessage('wamid.B', 'text', { body: 'hi' });
		delete message.from;
		const events = decode(
			metaBody(metaValue({ contacts: [metaContact(null, 'asha_k', CUSTOMER.bsuid)], messages: [{ ...message, from_user_id: CUSTOMER.bsuid }] })),
		);
		expect(events[0]).toMatchObject({ from: null, userId: CUSTOMER.bsuid, name: 'asha_k' });
	});

	it('takes the BSUID from the contact when the message only has the phone number', () => {
		const events = decode(
			metaBody(metaValue({ contacts: [metaContact(CUSTOMER.phone, 'Asha', CUSTOMER.bsuid)], messages: [metaMessage('wamid.P', 'text', { body: 'hi' })] })),
		);
		expect(events[0]).toMatchObject({ from: CUSTOMER.phone, userId: CUSTOMER.bsuid });
	});

	it('marks the business\'s own messages as echoes: an smb_message_echoes change, or one from the business number', () => {
		const echoBody = {
			object: 'whatsapp_business_account',
			entry: [
				{
					id: '1',
					changes: [
						{
							field: 'smb_message_echoes',
							value: { ...metaValue({}), message_echoes: [{ from: BUSINESS.displayNumber, to: CUSTOMER.phone, id: 'wamid.E1', timestamp: '1764460800', type: 'text', text: { body: 'Sent from the app' } }] },
						},
					],
				},
			],
		};
		expect(decode(echoBody)[0]).toMatchObject({ isEcho: true, from: CUSTOMER.phone, text: 'Sent from the app' });
		const fromBusiness = onlyMessage(metaMessage('wamid.E2', 'text', { body: 'me' }, { from: BUSINESS.displayNumber }));
		expect(fromBusiness.isEcho).toBe(true);
	});

	it('makes one event per message and status, across entries and changes, in order', () => {
		const body = {
			object: 'whatsapp_business_account',
			entry: [
				{
					id: '1',
					changes: [
						{ field: 'messages', value: metaValue({ contacts: [metaContact()], messages: [metaMessage('m1', 'text', { body: '1' }), metaMessage('m2', 'text', { body: '2' })] }) },
						{ field: 'messages', value: metaValue({ statuses: [metaStatus('s1', 'delivered')] }) },
					],
				},
				{ id: '2', changes: [{ field: 'messages', value: metaValue({ messages: [metaMessage('m3', 'text', { body: '3' })] }) }] },
			],
		};
		expect(decode(body).map((event) => `${event.event}:${event.messageId ?? ''}`)).toEqual([
			'message:m1',
			'message:m2',
			'status:s1',
			'message:m3',
		]);
	});

	it.each([null, 'text', [], {}, { entry: 'x' }, { entry: [{ changes: [{ value: 'x' }] }] }])('finds no events in %j', (body) => {
		expect(decode(body)).toEqual([]);
	});

	it('tells apart messages without an id by where they sit in the body', () => {
		const noId = metaMessage('x', 'text', { body: 'a' });
		delete noId.id;
		const events = decode(metaBody(metaValue({ messages: [noId, noId] })));
		expect(events.map((event) => event.dedupeKey)).toEqual(['message:digest-of-body:0.0.0', 'message:digest-of-body:0.0.1']);
	});
});

describe('Meta webhook: statuses', () => {
	it.each(['sent', 'delivered', 'read', 'played'])('reads a %s status of a message we sent', (status) => {
		expect(onlyStatus(metaStatus('wamid.OURS', status))).toMatchObject({
			event: 'status',
			messageId: 'wamid.OURS',
			status,
			from: CUSTOMER.phone,
			phoneNumberId: BUSINESS.phoneNumberId,
			timestamp: '2025-11-30T00:01:40.000Z',
			errors: [],
			dedupeKey: `status:wamid.OURS:${status}`,
		});
	});

	it('says in plain words that a failed status with 131047 means the window had closed', () => {
		const event = onlyStatus(metaStatus('wamid.OURS', 'failed', { errors: [WINDOW_CLOSED_ERROR] }));
		expect(event.errors).toEqual([
			{
				code: '131047',
				title: 'Re-engagement message',
				message: 'Re-engagement message',
				details: expect.stringContaining('more than 24 hours'),
				meaning: expect.stringContaining('24-hour session window is closed'),
			},
		]);
	});

	it('leaves the meaning empty for a code we have no words for', () => {
		const event = onlyStatus(metaStatus('wamid.OURS', 'failed', { errors: [{ code: 999999, title: 'New' }] }));
		expect(event.errors[0]).toMatchObject({ code: '999999', title: 'New', meaning: null });
	});

	it('reads a status sent to a BSUID', () => {
		const status = metaStatus('wamid.OURS', 'delivered', { recipient_user_id: CUSTOMER.bsuid });
		delete status.recipient_id;
		expect(onlyStatus(status)).toMatchObject({ from: null, userId: CUSTOMER.bsuid });
	});
});

describe('Meta webhook: referral and callback data', () => {
	it('reads a Click-to-WhatsApp referral into the same shape as Connectly\'s', () => {
		const referral = { source_url: 'https://fb.me/ad1', source_id: '120', source_type: 'ad', headline: 'Sale', body: '20% off', media_type: 'video', video_url: 'https://cdn.example/v.mp4', thumbnail_url: 'https://cdn.example/t.jpg', ctwa_clid: 'ARAk' };
		const [event] = decode(metaBody(metaValue({ contacts: [metaContact()], messages: [metaMessage('wamid.R', 'text', { body: 'Hi' }, { referral })] })));
		expect(event).toMatchObject({
			referral: {
				sourceUrl: 'https://fb.me/ad1',
				sourceId: '120',
				sourceType: 'ad',
				headline: 'Sale',
				body: '20% off',
				mediaType: 'video',
				imageUrl: null,
				videoUrl: 'https://cdn.example/v.mp4',
				thumbnailUrl: 'https://cdn.example/t.jpg',
				ctwaClid: 'ARAk',
			},
			callbackData: null,
		});
	});

	it('gives a status\'s biz_opaque_callback_data as callbackData', () => {
		const [event] = decode(metaBody(metaValue({ statuses: [metaStatus('wamid.S', 'delivered', { biz_opaque_callback_data: 'order-1042' })] })));
		expect(event).toMatchObject({ event: 'status', callbackData: 'order-1042' });
	});
});

