import type { PlainObject } from '../../util/values';
import { objectAt, textAt } from '../shared/webhookFields';
import type { InboundReply } from '../contract/inbound';

/**
 * Connectly's webhook payload page shows a button tap in three shapes; every one is read:
 * - older: `message: {text: <title>, isButtonResponse: true}`: the title only, no id;
 * - `message: {buttonResponse: {text, payload}}`: the same object inside the message (*inferred*
 *   from the two documented ones: no example shows it, but a decoder that reads it costs nothing);
 * - newer: a top-level `buttonResponse: {text, payload}` with `context: {replyToId}` and no
 *   `message` object (documented).
 * `payload` is the id the button was sent with, so the tap can be matched to what was asked.
 */
export function connectlyButtonReply(body: PlainObject, message: PlainObject | undefined): InboundReply | null {
	const response = objectAt(body, 'buttonResponse') ?? (message === undefined ? undefined : objectAt(message, 'buttonResponse'));
	if (response !== undefined) {
		return { id: textAt(response, 'payload'), title: textAt(response, 'text') ?? '', description: null, kind: 'button' };
	}
	if (message?.isButtonResponse === true) {
		return { id: null, title: textAt(message, 'text') ?? '', description: null, kind: 'button' };
	}
	return null;
}

/** The message the customer answered: `context.replyToId`, at the top level (newer form) or in the message. */
export function connectlyRepliedTo(body: PlainObject, message: PlainObject | undefined): string | null {
	const context = objectAt(body, 'context') ?? (message === undefined ? undefined : objectAt(message, 'context'));
	return textAt(context, 'replyToId');
}
