import { isPlainObject, toText, type PlainObject } from '../../util/values';
import type { ProviderErrorKind } from '../contract/sending';
import { callbackDataAt, isBsuid, isoFromUnixSeconds, jsonOf, meaningOf, numberAt, objectAt, objectsAt, phoneDigits, referralOf, textAt } from '../shared/webhookFields';
import { connectlyButtonReply, connectlyRepliedTo } from './buttonReplies';
import { INBOUND_MEDIA_KINDS, type DecodeContext, type InboundError, type InboundEvent, type InboundMediaKind, type InboundMessage, type InboundParties, NO_CONTENT } from '../contract/inbound';

/** Connectly's referral (documented on `message.referral`): Meta's fields in camelCase. */
const CONNECTLY_REFERRAL_NAMES = {
	sourceUrl: 'sourceUrl',
	sourceId: 'sourceId',
	sourceType: 'sourceType',
	headline: 'headline',
	body: 'body',
	mediaType: 'mediaType',
	imageUrl: 'imageUrl',
	videoUrl: 'videoUrl',
	thumbnailUrl: 'thumbnailUrl',
	ctwaClid: 'ctwaClid',
} as const;

/**
 * Connectly posts one event per request, on one of two topics:
 * - messages: `{timestamp, sender: {the customer}, recipient: {the business}, message: {text?, attachments?, location?, isButtonResponse?, referral?}, callbackData?}`,
 *   or a button tap in its newer form (buttonReplies.ts);
 * - delivery_status: `{topic, timestamp, sender: {the business}, recipient: {the customer}, statusUpdate: {id, status, error}}`.
 * Its messages carry no id we know of, so a redelivery is recognised by the body's digest.
 */
export function decodeConnectlyWebhook(
	body: unknown,
	context: DecodeContext,
	errorKinds: Readonly<Record<string, ProviderErrorKind>>,
): InboundEvent[] {
	if (!isPlainObject(body)) return [];
	const statusUpdate = objectAt(body, 'statusUpdate');
	if (statusUpdate !== undefined) return [decodeStatus(body, statusUpdate, context, errorKinds)];
	const message = objectAt(body, 'message');
	// The newer form of a button tap has no `message` object, only a top-level `buttonResponse`.
	if (message === undefined && objectAt(body, 'buttonResponse') === undefined) return [];
	return [decodeMessage(body, message ?? {}, context)];
}

/** Connectly's party object: `id` is "+E.164", or the BSUID (with `phoneNumber` "") for a username user. */
function partyOf(party: PlainObject | undefined): Pick<InboundParties, 'from' | 'userId' | 'name'> {
	const id = textAt(party, 'id');
	return {
		from: phoneDigits(textAt(party, 'phoneNumber')) ?? phoneDigits(id),
		userId: textAt(party, 'userId') ?? (isBsuid(id) ? id : null),
		name: textAt(party, 'name'),
	};
}

function businessOf(party: PlainObject | undefined): Pick<InboundParties, 'phoneNumberId' | 'businessNumber'> {
	const id = textAt(party, 'id');
	return { phoneNumberId: null, businessNumber: phoneDigits(id) ?? id };
}

function isMediaKind(type: string | null): type is InboundMediaKind {
	return INBOUND_MEDIA_KINDS.some((kind) => kind === type);
}

function decodeMessage(body: PlainObject, message: PlainObject, context: DecodeContext): InboundMessage {
	const messageId = textAt(message, 'id') ?? textAt(body, 'id');
	const text = textAt(message, 'text');
	const attachment = objectsAt(message, 'attachments')[0] ?? objectsAt(body, 'attachments')[0];
	const location = objectAt(message, 'location') ?? objectAt(body, 'location');
	const attachmentType = textAt(attachment, 'type');
	const base: Omit<InboundMessage, 'type'> = {
		event: 'message',
		...partyOf(objectAt(body, 'sender')),
		...businessOf(objectAt(body, 'recipient')),
		messageId,
		timestamp: isoFromUnixSeconds(textAt(body, 'timestamp')),
		...NO_CONTENT,
		errors: [],
		...answeredAndAttached(body, message),
		raw: jsonOf(body),
		dedupeKey: `message:${messageId ?? context.bodyDigest}`,
	};
	const reply = connectlyButtonReply(body, message);
	if (reply !== null) return { ...base, type: 'reply', reply };
	if (attachment !== undefined) {
		const kind: InboundMediaKind = isMediaKind(attachmentType) ? attachmentType : 'document';
		return {
			...base,
			type: kind,
			media: {
				kind,
				id: null,
				url: textAt(attachment, 'url'),
				mimeType: textAt(attachment, 'mimeType') ?? textAt(attachment, 'mime_type'),
				sha256: null,
				caption: text,
				filename: textAt(attachment, 'filename') ?? textAt(attachment, 'name'),
				voice: false,
			},
		};
	}
	if (location !== undefined) {
		return {
			...base,
			type: 'location',
			location: {
				latitude: numberAt(location, 'latitude'),
				longitude: numberAt(location, 'longitude'),
				name: textAt(location, 'name'),
				address: textAt(location, 'address'),
			},
		};
	}
	return { ...base, type: text === null ? 'unknown' : 'text', text };
}

/** What the message answers, the ad it came from, the business's callback data, and whether the business sent it. */
function answeredAndAttached(body: PlainObject, message: PlainObject): Pick<InboundMessage, 'context' | 'referral' | 'callbackData' | 'isEcho'> {
	const repliedTo = connectlyRepliedTo(body, message);
	return {
		context: repliedTo === null ? null : { messageId: repliedTo, from: null },
		referral: referralOf(objectAt(message, 'referral'), CONNECTLY_REFERRAL_NAMES),
		callbackData: callbackDataAt(body, 'callbackData'),
		// Documented: true for a message the business itself sent.
		isEcho: message.isEcho === true,
	};
}

/** Connectly's statuses, in WhatsApp's words: "delivery_failed" is what Meta calls "failed". */
function statusName(status: string | null): string {
	if (status === null) return 'unknown';
	return status === 'delivery_failed' ? 'failed' : status;
}

function decodeStatus(
	body: PlainObject,
	update: PlainObject,
	context: DecodeContext,
	errorKinds: Readonly<Record<string, ProviderErrorKind>>,
): InboundEvent {
	const messageId = textAt(update, 'id');
	const status = statusName(textAt(update, 'status'));
	const error = objectAt(update, 'error');
	return {
		event: 'status',
		...partyOf(objectAt(body, 'recipient')),
		...businessOf(objectAt(body, 'sender')),
		messageId,
		timestamp: isoFromUnixSeconds(textAt(body, 'timestamp')),
		status,
		errors: error === undefined ? [] : [connectlyError(error, errorKinds)],
		callbackData: callbackDataAt(body, 'callbackData'),
		raw: jsonOf(body),
		dedupeKey: `status:${messageId ?? context.bodyDigest}:${status}`,
	};
}

/** `{message, type, code, userTitle, userMessage, cntTraceId, details}` */
function connectlyError(error: PlainObject, errorKinds: Readonly<Record<string, ProviderErrorKind>>): InboundError {
	const code = textAt(error, 'code');
	const type = textAt(error, 'type');
	const details = error.details;
	return {
		code,
		title: textAt(error, 'userTitle'),
		message: textAt(error, 'message'),
		details: isPlainObject(details) && Object.keys(details).length > 0 ? JSON.stringify(details) : toText(details) ?? null,
		meaning: meaningOf((code === null ? undefined : errorKinds[code]) ?? (type === null ? undefined : errorKinds[type])),
	};
}
