import { createHash } from 'crypto';

import type { IDataObject } from 'n8n-workflow';

import type { InboundDeclaration, InboundEvent } from '../providers/contract/inbound';
import { assertNever } from '../util/values';
import { answerBodyHandshake, answerQueryHandshake, type HandshakeAnswer } from './handshake';
import { dropRepeated } from './dedupe';
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
	/** Keys of events already passed on (the workflow's static data). */
	remembered: readonly string[];
	receivedAt: string;
}

/**
 * What to do with a request. A reply ends it without an execution; `run` starts one with the
 * items (n8n answers 200 as soon as it has started). Every outcome that reads the body says how
 * the remembered keys change.
 */
export type WebhookOutcome =
	| { kind: 'reply'; status: number; body: string; remembered?: undefined }
	| { kind: 'run'; items: IDataObject[]; events: InboundEvent[]; remembered: string[]; repeated: number }
	| { kind: 'nothingNew'; remembered: string[]; repeated: number; received: number };

const REPLIES = {
	ok: { kind: 'reply', status: 200, body: 'OK' },
	unsigned: { kind: 'reply', status: 401, body: 'Missing signature' },
	wronglySigned: { kind: 'reply', status: 401, body: 'Invalid signature' },
	notJson: { kind: 'reply', status: 400, body: 'The body is not JSON' },
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

	// A shared secret is the only proof a provider that signs nothing has: without one, nothing is accepted.
	if (setup.signingSecret !== '' || 'sharedSecret' in inbound.signature) {
		const header = request.headers[inbound.signature.header];
		const headerValue = Array.isArray(header) ? header[0] : header;
		const verdict = verifyWebhookSignature(request.rawBody, headerValue, setup.signingSecret, inbound.signature);
		if (verdict === 'missing') return REPLIES.unsigned;
		if (verdict === 'invalid') return REPLIES.wronglySigned;
	}
	if (!body.ok) return REPLIES.notJson;

	const bodyDigest = createHash('sha256').update(request.rawBody).digest('hex');
	const events: InboundEvent[] = inbound.decode(body.value, { bodyDigest });
	const selected = events.filter((event) => isSelected(event, setup.selection));
	const { fresh, remembered, repeated } = dropRepeated(selected, setup.remembered);
	if (fresh.length === 0) return { kind: 'nothingNew', remembered, repeated, received: events.length };
	return {
		kind: 'run',
		items: fresh.map((event) => toOutputItem(event, setup.provider, setup.receivedAt)),
		// Each item's event, for replies that resume a waiting execution.
		events: fresh,
		remembered,
		repeated,
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
