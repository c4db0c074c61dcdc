import { timingSafeEqual } from 'crypto';

import { isPlainObject, toText } from '../util/values';

/** How to answer a provider's "is this your URL?" check, or that the request is not one. */
export type HandshakeAnswer =
	| { kind: 'notHandshake' }
	| { kind: 'challenge'; challenge: string }
	| { kind: 'forbidden'; reason: string };

/** Meta's check: `GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`. */
export function answerQueryHandshake(query: unknown, expectedToken: string): HandshakeAnswer {
	if (!isPlainObject(query)) return { kind: 'notHandshake' };
	const mode = toText(query['hub.mode']);
	const challenge = toText(query['hub.challenge']);
	if (mode === undefined && challenge === undefined) return { kind: 'notHandshake' };
	if (mode !== 'subscribe') return { kind: 'forbidden', reason: 'hub.mode is not "subscribe"' };
	return judge(challenge, toText(query['hub.verify_token']), expectedToken);
}

/** The seed-000 provider's check: a POST whose JSON body carries `hub_challenge` and `hub_verify_token`. */
export function answerBodyHandshake(body: unknown, expectedToken: string): HandshakeAnswer {
	if (!isPlainObject(body) || !('hub_challenge' in body)) return { kind: 'notHandshake' };
	return judge(toText(body.hub_challenge), toText(body.hub_verify_token), expectedToken);
}

function judge(challenge: string | undefined, token: string | undefined, expectedToken: string): HandshakeAnswer {
	if (challenge === undefined || challenge === '') return { kind: 'forbidden', reason: 'the challenge is empty' };
	if (expectedToken === '') {
		return { kind: 'forbidden', reason: 'the credential has no verify token, so no token can match' };
	}
	if (token === undefined || !sameText(token, expectedToken)) {
		return { kind: 'forbidden', reason: 'the verify token does not match the credential\'s' };
	}
	return { kind: 'challenge', challenge };
}

/** Constant time for equal lengths; a different length is not a secret worth hiding. */
function sameText(a: string, b: string): boolean {
	const left = Buffer.from(a);
	const right = Buffer.from(b);
	return left.length === right.length && timingSafeEqual(left, right);
}
