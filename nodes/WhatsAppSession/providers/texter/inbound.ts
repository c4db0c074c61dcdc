import type { InboundDeclaration } from '../contract/inbound';
import { decodeTexterWebhook } from './webhook';

/** The request header the user adds to the Texter subscription, carrying the credential's Webhook Secret. */
export const TEXTER_SECRET_HEADER = 'x-webhook-secret';

/**
 * Texter documents no webhook signature (its "Webhooks guide"): a subscription's request may carry
 * headers the user writes, so a secret they share with the credential is the only proof a request
 * came from their Texter project. Without it every request is refused.
 */
export const TEXTER_INBOUND: InboundDeclaration = {
	signature: { header: TEXTER_SECRET_HEADER, sharedSecret: true },
	signingSecret: { name: 'webhookSecret', label: 'Webhook Secret' },
	handshakes: [],
	decode: decodeTexterWebhook,
	// A tap's postback carries the payload it was sent with, but a question is sent to a chat and the
	// tap comes from a phone number: tying the two to a waiting execution is not built yet.
	repliesCarryChoiceIds: false,
	decodesFlowReplies: false,
	reportsAccountEvents: false,
	setupHelp:
		'In Texter, import a Scenario subscription (POST /server/api/v2/scenarios/manage/import) for "newIncomingMessage" and "newMediaMessage" that POSTs {eventName, eventData: {message, chat}} to this URL with the request header "X-Webhook-Secret" set to the credential\'s Webhook Secret; docs/providers.md shows the body',
};
