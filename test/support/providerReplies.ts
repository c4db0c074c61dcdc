import { valueAt } from './json';
import type { MockReply, RecordedRequest } from './mockProvider';

/**
 * Answers of Connectly and Texter for the mock provider, in the shapes PROVIDERS.md gives: use
 * with `provider.respondWith(...)`.
 */

/** Connectly accepts with an object holding the message `id` (the exact shape is unverified). */
export function connectlyAccepted(_request: RecordedRequest, index: number): MockReply {
	return { status: 200, body: { id: `cnct-msg-${index + 1}` } };
}

/** Connectly's error body: `{message, type, code, userTitle, userMessage, cntTraceId, details}`. */
export function connectlyError(status: number, code: string, message: string, type = 'ERROR_TYPE_INVALID_REQUEST'): MockReply {
	return {
		status,
		body: {
			message,
			type,
			code,
			userTitle: message,
			userMessage: 'Pass along the connectly trace id to the team for more information.',
			cntTraceId: '11824978358485860716',
			details: {},
		},
	};
}

export const CONNECTLY_WINDOW_CLOSED = connectlyError(
	400,
	'ERROR_CODE_MESSAGE_OUTSIDE_OF_ELIGIBILITY_WINDOW',
	'Failed to send a message because more than 24 hours have passed since the customer last replied',
	'ERROR_TYPE_DEADLINE_EXCEEDED',
);

/** Texter's confirmation: the sent message with Texter's `_id` and WhatsApp's wamid in `channelInfo.id`. */
export function texterAccepted(request: RecordedRequest, index: number): MockReply {
	const type = valueAt(request.body, 'type');
	return {
		status: 200,
		body: {
			success: true,
			messages: [
				{
					_id: `texter-${index + 1}`,
					channelInfo: { name: 'whatsapp', id: `wamid.texter.${index + 1}` },
					status: 'pending',
					type: typeof type === 'string' ? type : 'text',
					timestamp: 1_762_200_315_209,
				},
			],
		},
	};
}

/** Texter's error body is undocumented; this is a plausible `{success: false, message}`. */
export function texterError(status: number, message: string, code?: string | number): MockReply {
	return { status, body: { success: false, message, ...(code !== undefined && { code }) } };
}
