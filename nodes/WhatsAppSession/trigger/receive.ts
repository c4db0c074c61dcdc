import { createHash } from 'crypto';

import type { IDataObject } from 'n8n-workflow';

import type { InboundDeclaration, InboundEvent } from '../providers/contract/inbound';
import { assertNever } from '../util/values';
import { answerBodyHandshake, answerQueryHandshake, type HandshakeAnswer } from './handshake';
import { dropRepeated, type SeenKeys } from './dedupe';
import { toOutputItem } from './item';
import { isSelected, type EventSelection } from './selection';
import { verifyWebhookSignature } from './signature';

/** What the trigger needs of one HTTP request; n8n's request object is read into this at the edge. */
export interface WebhookRequest {
	method: 'GET' | 'POST';
	query: unknown;
	headers: Readonly<Record<string, string | string[] | undefined>>;
	/** The body's bytes exactly as they arrived. */
	rawBody: Uint8Array;
}

export interface TriggerSetup {
	provider: string;
	inbound: InboundDeclaration;
	/** The credential's signing secret; empty when the user set none. */
	signingSecret: string;
	verifyToken: string;
	selection: EventSelection;
	/**
	 * Whether the user turned on Accept Unsigned Events. Off, a provider that signs its webhooks
	 * gets its events refused while the credential has no secret.
	 */
	acceptUnsigned: boolean;
	/** Keys of events n8n took (an execution started). */
	seen: SeenKeys;
	/** Keys of events an earlier delivery passed on whose start n8n has not confirmed yet. */
	inFlight: readonly string[];
	receivedAt: string;
}

/**
 * What to do with a request. A reply ends it without an execution; `run` starts one with the
 * items (n8n answers 200 once it has started it, 5xx when it could not). `claimed` are the keys of
 * the events passed on: they are in flight until n8n's answer says whether it took them.
 * `nothingNew` answers 200 and starts nothing: `repeated` counts the selected events n8n took
 * before; the rest were not selected, and nothing needs remembering for them.
 */
export type WebhookOutcome =
	| { kind: 'reply'; status: ReplyStatus; body: string }
	| { kind: 'run'; items: IDataObject[]; events: InboundEvent[]; claimed: string[]; repeated: number }
	| { kind: 'nothingNew'; repeated: number; received: number };

/** Every status the trigger itself answers with (n8n adds its own 5xx when it cannot start a run). */
export const REPLY_STATUSES = [200, 400, 401, 403, 503] as const;
export type ReplyStatus = (typeof REPLY_STATUSES)[number];

const REPLIES = {
	ok: { kind: 'reply', status: 200, body: 'OK' },
	unsigned: { kind: 'reply', status: 401, body: 'Missing signature' },
	wronglySigned: { kind: 'reply', status: 401, body: 'Invalid signature' },
	notJson: { kind: 'reply', status: 400, body: 'The body is not JSON' },
	// The provider redelivers on a 5xx: by then the earlier delivery has run, or failed and let go.
	inFlight: { kind: 'reply', status: 503, body: 'An earlier delivery of this event is still starting; deliver it again later' },
} as const satisfies Record<string, WebhookOutcome>;

/** Pure apart from hashing: the whole decision the trigger makes for one request. */
export function receiveWebhook(request: WebhookRequest, setup: TriggerSetup): WebhookOutcome {
	const { inbound } = setup;
	if (request.method === 'GET') {
		const answer = inbound.handshakes.includes('queryChallenge')
			? answerQueryHandshake(request.query, setup.verifyToken)
			: { kind: 'notHandshake' as const };
		return replyToHandshake(answer) ?? REPLIES.ok;
	}

	const body = parseJson(request.rawBody);
	// A dashboard's verification request is not signed; its verify token is what proves it.
	if (body.ok && inbound.handshakes.includes('bodyChallenge')) {
		const answer = replyToHandshake(answerBodyHandshake(body.value, setup.verifyToken));
		if (answer !== undefined) return answer;
	}

	const refusal = refuseUnverified(request, setup);
	if (refusal !== undefined) return refusal;
	if (!body.ok) return REPLIES.notJson;

	const bodyDigest = createHash('sha256').update(request.rawBody).digest('hex');
	const events: InboundEvent[] = inbound.decode(body.value, { bodyDigest });
	// An unselected event is neither checked nor remembered: it starts nothing, so neither can
	// its redelivery. During a campaign's storm of statuses this keeps the memory for what runs.
	const selected = events.filter((event) => isSelected(event, setup.selection));
	if (selected.length === 0) return { kind: 'nothingNew', repeated: 0, received: events.length };
	const { fresh, added, repeated } = dropRepeated(selected, setup.seen);
	if (fresh.length === 0) return { kind: 'nothingNew', repeated, received: events.length };
	// Running it now could start it twice; answering 200 without running it could lose it.
	const inFlight = new Set(setup.inFlight);
	if (added.some((key) => inFlight.has(key))) return REPLIES.inFlight;
	return {
		kind: 'run',
		items: fresh.map((event) => toOutputItem(event, setup.provider, setup.receivedAt)),
		// Each item's event, for replies that resume a waiting execution.
		events: fresh,
		claimed: added,
		repeated,
	};
}

/** The signature check: a refusal, or undefined when the request may go on. */
function refuseUnverified(request: WebhookRequest, setup: TriggerSetup): WebhookOutcome | undefined {
	const { inbound } = setup;
	if (setup.signingSecret === '') {
		return inbound.signatureOptional === true || setup.acceptUnsigned ? undefined : refusedForNoSecret(inbound);
	}
	const header = request.headers[inbound.signature.header];
	const headerValue = Array.isArray(header) ? header[0] : header;
	const verdict = verifyWebhookSignature(request.rawBody, headerValue, setup.signingSecret, inbound.signature);
	if (verdict === 'missing') return REPLIES.unsigned;
	if (verdict === 'invalid') return REPLIES.wronglySigned;
	return undefined;
}

/** Names the credential field, never its value: the provider's dashboard shows this text. */
function refusedForNoSecret(inbound: InboundDeclaration): WebhookOutcome {
	return {
		kind: 'reply',
		status: 401,
		body: `Refused: the credential has no ${inbound.signingSecret.label}, and this trigger does not accept unsigned events`,
	};
}

function replyToHandshake(answer: HandshakeAnswer): WebhookOutcome | undefined {
	switch (answer.kind) {
		case 'notHandshake':
			return undefined;
		case 'challenge':
			return { kind: 'reply', status: 200, body: answer.challenge };
		case 'forbidden':
			return { kind: 'reply', status: 403, body: `Verification refused: ${answer.reason}` };
		default:
			return assertNever(answer, 'handshake answer');
	}
}

function parseJson(rawBody: Uint8Array): { ok: true; value: unknown } | { ok: false } {
	try {
		const value: unknown = JSON.parse(Buffer.from(rawBody).toString('utf8').replace(/^\uFEFF/, ''));
		return { ok: true, value };
	} catch {
		return { ok: false };
	}
}
