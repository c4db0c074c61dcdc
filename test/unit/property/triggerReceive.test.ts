// Properties of the trigger's receive decision (trigger/receive.ts) on hostile requests: random
// JSON, provider bodies with a field removed or of the wrong type, huge strings, bytes that are
// not UTF-8; signature headers that are right, in the other encoding, truncated, repeated, in
// another case, made with another secret, or absent. For every request: nothing throws; the
// answer's status is a documented one; with a secret set, nothing without a valid signature runs;
// without one, Meta and Connectly run nothing unless unsigned events are accepted; every item has
// the documented shape. Validity is known by construction here (the HMAC is computed apart from
// the node's code). The seed is fixed (test/support/propertyRuns.ts).
import { createHmac } from 'node:crypto';

import fc from 'fast-check';
import type { JsonValue } from 'n8n-workflow';

import { STATUS_NAMES, type InboundDeclaration } from '../../../nodes/WhatsAppSession/providers/contract/inbound';
import { ACCOUNT_EVENT_FIELDS } from '../../../nodes/WhatsAppSession/providers/contract/accountEvents';
import { listeningProviders, type ListeningProvider } from '../../../nodes/WhatsAppSession/trigger/description';
import { receiveWebhook, REPLY_STATUSES, type WebhookRequest } from '../../../nodes/WhatsAppSession/trigger/receive';
import {
	connectlyMessage,
	connectlyStatus,
	TEMPLATE_APPROVED,
	metaAccountChangeBody,
	metaBody,
	metaChoiceReplyBody,
	metaFlowReplyMessage,
	metaOrderMessage,
	metaSystemMessage,
	metaContact,
	metaMessage,
	metaStatus,
	metaTextBody,
	metaValue,
	WINDOW_CLOSED_ERROR,
} from '../../support/inboundSamples';
import { propertyParameters, reportCounts } from '../../support/propertyRuns';

const RUNS = 10_000;
const SECRET = 'property-signing-secret';
const VERIFY_TOKEN = 'property-verify-token';

const SAMPLES: JsonValue[] = [
	metaTextBody('wamid.P1', 'hello'),
	metaBody(metaValue({ contacts: [metaContact()], messages: [metaMessage('wamid.P2', 'image', { id: '77', mime_type: 'image/jpeg', caption: 'c' })] })),
	metaBody(metaValue({ statuses: [metaStatus('wamid.P3', 'delivered'), metaStatus('wamid.P4', 'failed', { errors: [WINDOW_CLOSED_ERROR] })] })),
	metaChoiceReplyBody('wamid.P5', { id: 'yes~ws1.9.x', title: 'Yes', kind: 'button', answers: 'wamid.Q' }),
	metaBody(metaValue({ contacts: [metaContact()], messages: [metaOrderMessage('wamid.P6'), metaSystemMessage('wamid.P7', { type: 'user_changed_number', body: 'b', wa_id: '12195555358' })] })),
	metaBody(metaValue({ contacts: [metaContact()], messages: [metaFlowReplyMessage('wamid.P8', JSON.stringify({ flow_token: 'ws1.1.x', email: 'a@b.c', slot: [1, 2] }))] })),
	metaAccountChangeBody('message_template_status_update', TEMPLATE_APPROVED),
	metaAccountChangeBody('security', { display_phone_number: '15550783881', event: 'PIN_CHANGED' }),
	connectlyMessage({ text: 'hi' }),
	connectlyMessage({ attachments: [{ type: 'image', url: 'https://cdn.example/x.jpg' }] }),
	connectlyStatus('c-1', 'read'),
	{ hub_challenge: 'c-9', hub_verify_token: VERIFY_TOKEN },
];

/** Every path to a value in a JSON value, so a mutation can reach any field. */
function pathsOf(value: JsonValue, prefix: Array<string | number> = []): Array<Array<string | number>> {
	const children: Array<[string | number, JsonValue]> = Array.isArray(value)
		? value.map((child, index): [number, JsonValue] => [index, child])
		: value !== null && typeof value === 'object'
			? Object.entries(value).flatMap(([key, child]): Array<[string, JsonValue]> => (child === undefined ? [] : [[key, child]]))
			: [];
	return [prefix, ...children.flatMap(([key, child]) => pathsOf(child, [...prefix, key]))];
}

/** The value with the field at `path` removed (`replacement` undefined) or replaced. */
function mutated(value: JsonValue, path: ReadonlyArray<string | number>, replacement: JsonValue | undefined): JsonValue | undefined {
	if (path.length === 0) return replacement;
	const [head, ...rest] = path;
	if (Array.isArray(value) && typeof head === 'number') {
		const child = value[head];
		const next = child === undefined ? undefined : mutated(child, rest, replacement);
		return next === undefined ? value.filter((_item, index) => index !== head) : value.map((item, index) => (index === head ? next : item));
	}
	if (value !== null && typeof value === 'object' && !Array.isArray(value) && typeof head === 'string') {
		const child = value[head];
		const next = child === undefined ? undefined : mutated(child, rest, replacement);
		const { [head]: _removed, ...others } = value;
		return next === undefined ? others : { ...others, [head]: next };
	}
	return value;
}

/** A value of any JSON type, to put where a field of another type was. */
const anyTyped: fc.Arbitrary<JsonValue> = fc.oneof(
	fc.string({ maxLength: 20 }),
	fc.integer(),
	fc.double({ noNaN: true, noDefaultInfinity: true }),
	fc.boolean(),
	fc.constant(null),
	fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
	fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

const nearValidBody = fc
	.tuple(fc.constantFrom(...SAMPLES), fc.nat(), fc.option(anyTyped, { freq: 2 }))
	.map(([sample, pick, replacement]) => {
		const paths = pathsOf(sample);
		const path = paths[pick % paths.length] ?? [];
		return Buffer.from(JSON.stringify(mutated(sample, path, replacement ?? undefined) ?? null));
	});

const hugeStringBody = fc
	.tuple(fc.constantFrom(...SAMPLES), fc.integer({ min: 50_000, max: 300_000 }), fc.constantFrom('x', 'é', '\u{1F600}', '\\', '"'))
	.map(([sample, length, unit]) => Buffer.from(JSON.stringify({ ...(typeof sample === 'object' && sample !== null && !Array.isArray(sample) ? sample : {}), text: unit.repeat(length) })));

const notUtf8Body = fc.oneof(
	fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
	fc.constantFrom(...SAMPLES).map((sample) => {
		const text = Buffer.from(JSON.stringify(sample));
		return Buffer.concat([text.subarray(0, text.length >> 1), Buffer.from([0xff, 0xfe, 0xc3]), text.subarray(text.length >> 1)]);
	}),
);

const body = fc.oneof(
	{ weight: 3, arbitrary: fc.jsonValue().map((value) => Buffer.from(JSON.stringify(value))) },
	{ weight: 4, arbitrary: nearValidBody },
	{ weight: 2, arbitrary: fc.constantFrom(...SAMPLES).map((sample) => Buffer.from(JSON.stringify(sample))) },
	{ weight: 1, arbitrary: hugeStringBody },
	{ weight: 1, arbitrary: notUtf8Body },
	{ weight: 1, arbitrary: fc.string({ maxLength: 200 }).map((text) => Buffer.from(text)) },
);

type SignatureVariant = 'valid' | 'otherCaseHex' | 'otherEncoding' | 'truncated' | 'repeatedValid' | 'invalidThenValid' | 'joined' | 'otherSecret' | 'random' | 'absent' | 'headerNameCapitalised';
const VARIANTS: SignatureVariant[] = ['valid', 'otherCaseHex', 'otherEncoding', 'truncated', 'repeatedValid', 'invalidThenValid', 'joined', 'otherSecret', 'random', 'absent', 'headerNameCapitalised'];

function hmac(raw: Buffer, secret: string, encoding: 'hex' | 'base64'): string {
	return createHmac('sha256', secret).update(raw).digest(encoding);
}

/** The header as the variant writes it, and whether it carries a valid signature (by construction). */
function signatureHeader(variant: SignatureVariant, inbound: InboundDeclaration, raw: Buffer, noise: string): { headers: WebhookRequest['headers']; valid: boolean } {
	const { signature } = inbound;
	// The property covers the HMAC schemes (Meta, Connectly, the Cloud-API format); Texter's shared secret has its own tests.
	if (!('encoding' in signature)) throw new Error(`${inbound.setupHelp}: not an HMAC scheme`);
	const { header, prefix, encoding } = signature;
	const right = `${prefix}${hmac(raw, SECRET, encoding)}`;
	const other = `${prefix}${hmac(raw, SECRET, encoding === 'hex' ? 'base64' : 'hex')}`;
	switch (variant) {
		case 'valid':
			return { headers: { [header]: right }, valid: true };
		case 'otherCaseHex': {
			// Upper-case hex is the same digest; base64 in another case is another one.
			const swapped = `${prefix}${hmac(raw, SECRET, encoding).replace(/[a-z]/gi, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()))}`;
			return { headers: { [header]: swapped }, valid: encoding === 'hex' || swapped === right };
		}
		case 'otherEncoding':
			return { headers: { [header]: other }, valid: false };
		case 'truncated':
			return { headers: { [header]: right.slice(0, Math.max(0, right.length - 1 - (noise.length % 8))) }, valid: false };
		case 'repeatedValid':
			return { headers: { [header]: [right, right] }, valid: true };
		case 'invalidThenValid':
			return { headers: { [header]: [other, right] }, valid: false };
		case 'joined':
			return { headers: { [header]: `${right}, ${right}` }, valid: false };
		case 'otherSecret':
			return { headers: { [header]: `${prefix}${hmac(raw, `${SECRET}x`, encoding)}` }, valid: false };
		case 'random':
			return { headers: { [header]: noise }, valid: false };
		case 'absent':
			return { headers: {}, valid: false };
		case 'headerNameCapitalised':
			// Node lower-cases header names; one that is not is not the header.
			return { headers: { [header.toUpperCase()]: right }, valid: false };
	}
}

const STRING_OR_NULL = ['from', 'userId', 'name', 'phoneNumberId', 'businessNumber', 'messageId', 'timestamp'] as const;
const MESSAGE_KEYS = [...STRING_OR_NULL, 'event', 'provider', 'receivedAt', 'type', 'text', 'media', 'location', 'contacts', 'reply', 'reaction', 'order', 'flowReply', 'system', 'context', 'referral', 'callbackData', 'errors', 'isEcho', 'sessionWindowEndsAt', 'raw'].sort();
const STATUS_KEYS = [...STRING_OR_NULL, 'event', 'provider', 'receivedAt', 'type', 'status', 'callbackData', 'errors', 'raw'].sort();
const ACCOUNT_KEYS = [...STRING_OR_NULL, 'event', 'provider', 'receivedAt', 'type', 'businessAccountId', 'template', 'update', 'value', 'callbackData', 'raw'].sort();
const KEYS_OF_EVENT: Record<string, string[]> = { message: MESSAGE_KEYS, status: STATUS_KEYS, account: ACCOUNT_KEYS };

/** The documented item shape (README "What the trigger puts out"), checked key by key. */
function shapeProblem(item: Record<string, unknown>, provider: string): string | undefined {
	const keys = Object.keys(item).sort();
	const expected = typeof item.event === 'string' ? KEYS_OF_EVENT[item.event] : undefined;
	if (expected === undefined) return `event is ${String(item.event)}`;
	if (JSON.stringify(keys) !== JSON.stringify(expected)) return `keys ${keys.join(',')}`;
	if (item.provider !== provider) return 'provider';
	for (const key of STRING_OR_NULL) if (item[key] !== null && typeof item[key] !== 'string') return `${key} is ${typeof item[key]}`;
	if (typeof item.type !== 'string') return 'type';
	if (item.event === 'account') return item.update === null || typeof item.update === 'string' ? undefined : 'update';
	if (!Array.isArray(item.errors)) return 'errors';
	if (item.event === 'status' && typeof item.status !== 'string') return 'status';
	if (item.event === 'message' && typeof item.isEcho !== 'boolean') return 'isEcho';
	if (item.event === 'message' && item.text !== null && typeof item.text !== 'string') return 'text';
	if (item.event === 'message' && flowReplyProblem(item.flowReply) !== undefined) return flowReplyProblem(item.flowReply);
	return undefined;
}

/** A Flow reply's answers are an object or null, and null only with the reason said. */
function flowReplyProblem(flowReply: unknown): string | undefined {
	if (flowReply === null) return undefined;
	if (typeof flowReply !== 'object' || Array.isArray(flowReply)) return 'flowReply';
	const { response, responseProblem, token } = { response: undefined, responseProblem: undefined, token: undefined, ...flowReply };
	if (token !== null && typeof token !== 'string') return 'flowReply.token';
	if (response === null) return typeof responseProblem === 'string' ? undefined : 'flowReply without answers says no reason';
	return typeof response === 'object' && !Array.isArray(response) && responseProblem === null ? undefined : 'flowReply.response';
}

// The HMAC schemes (Meta, Connectly, the Cloud-API format); Texter's shared secret has tests of its own (texterWebhook.test.ts).
const PROVIDERS: ListeningProvider[] = listeningProviders().filter((provider) => 'encoding' in provider.inbound.signature);
const ALLOWED_STATUSES: readonly number[] = REPLY_STATUSES;

describe('the trigger\'s receive decision on hostile requests', () => {
	it(`never throws, answers only documented statuses, runs only what is verified, and puts out the documented shape: ${RUNS} requests`, () => {
		const counts: Record<string, number> = { run: 0, nothingNew: 0 };
		fc.assert(
			fc.property(
				// By id, so a counterexample reads short.
				fc.constantFrom(...PROVIDERS.map((provider) => provider.id)),
				fc.boolean(),
				fc.boolean(),
				fc.constantFrom(...VARIANTS),
				fc.string({ maxLength: 90 }),
				body,
				fc.integer({ min: 0, max: 9 }).map((dice) => dice === 0),
				(providerId, hasSecret, acceptUnsigned, variant, noise, raw, asGet) => {
					const provider = PROVIDERS.find((candidate) => candidate.id === providerId);
					if (provider === undefined) throw new Error(`no provider ${providerId}`);
					const { headers, valid } = signatureHeader(variant, provider.inbound, raw, noise);
					const outcome = receiveWebhook(
						{ method: asGet ? 'GET' : 'POST', query: asGet ? { 'hub.mode': 'subscribe', 'hub.challenge': noise, 'hub.verify_token': noise } : {}, headers, rawBody: raw },
						{
							provider: provider.id,
							inbound: provider.inbound,
							signingSecret: hasSecret ? SECRET : '',
							verifyToken: VERIFY_TOKEN,
							selection: { events: 'messagesAndStatuses', statuses: [...STATUS_NAMES], includeEchoes: true, accountEvents: [...ACCOUNT_EVENT_FIELDS] },
							acceptUnsigned,
							seen: new Set<string>(),
							inFlight: [],
							receivedAt: '2026-12-06T05:00:00.000Z',
						},
					);
					const label = outcome.kind === 'reply' ? `reply ${outcome.status}` : outcome.kind;
					counts[label] = (counts[label] ?? 0) + 1;
					if (outcome.kind === 'reply') {
						expect(ALLOWED_STATUSES).toContain(outcome.status);
						return;
					}
					expect(asGet).toBe(false);
					if (hasSecret) expect(valid).toBe(true);
					if (!hasSecret && provider.inbound.signatureOptional !== true) expect(acceptUnsigned).toBe(true);
					if (outcome.kind === 'run') {
						expect(outcome.items.length).toBeGreaterThan(0);
						for (const item of outcome.items) expect(shapeProblem(item, provider.id)).toBeUndefined();
					}
				},
			),
			propertyParameters(RUNS),
		);
		reportCounts('trigger receive', counts);
		// The generators reach every kind of answer, so the properties above were really exercised.
		expect(counts.run).toBeGreaterThan(RUNS / 20);
		expect(Object.keys(counts)).toEqual(expect.arrayContaining(['reply 200', 'reply 400', 'reply 401', 'nothingNew']));
	});
});
