import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import type { SessionMessage } from '../message/types';
import type { ChatLookup, ChatLookupResult } from '../providers/contract/chatLookup';
import { plainWordsForErrorKind } from '../providers/shared/errorWording';
import { deliverMessage, type DeliveryResult } from '../transport/deliver';
import { n8nClock } from '../transport/n8nClock';
import { n8nReadCall } from '../transport/n8nHttp';
import { assertNever } from '../util/values';
import { bindOrExplain, cancelledOrNodeError, failedDeliveryError, type NodeError } from './errors';
import { deliveryFacts, type SendingRun } from './sending';

/** What one search found, or how it failed: kept per run, and worded for each item that asked. */
type LookupOutcome = ChatLookupResult | { kind: 'failed'; failure: SearchFailure; delivery: DeliveryResult };

type SearchFailure = Exclude<DeliveryResult['outcome'], { kind: 'accepted' }>;

/**
 * Each run's searches by phone digits. A number asked for by many items is searched once, even by
 * items that run at the same time (the promise is shared); the run's end drops them, so a chat
 * opened later is found by the next run.
 */
const searchesOfRun = new WeakMap<SendingRun, Map<string, Promise<LookupOutcome>>>();

/**
 * The item's message with its phone number replaced by the chat it belongs to, for a provider that
 * sends into chats (Texter); run after validation and before anything is encoded or uploaded.
 * Anything else comes back as it is. No chat, several chats, or a failed search fail the item
 * before anything is sent for it.
 */
export async function withChatRecipient<Read extends { message: SessionMessage<unknown> }>(
	context: IExecuteFunctions,
	run: SendingRun,
	read: Read,
	itemIndex: number,
	timeoutMs: number,
): Promise<Read> {
	const lookup = run.provider.chatLookup;
	const { recipient } = read.message;
	if (lookup === undefined || recipient.kind !== 'phoneNumber') return read;
	const outcome = await searchOnce(context, run, lookup, recipient.digits, timeoutMs).catch((error: unknown) => {
		throw cancelledOrNodeError(context, error, run.signal, itemIndex);
	});
	if (outcome.kind === 'found') return { ...read, message: { ...read.message, recipient: { kind: 'chatId', chatId: outcome.chatId } } };
	throw lookupError(context, run, lookup, outcome, recipient.digits, itemIndex, timeoutMs);
}

function searchOnce(
	context: IExecuteFunctions,
	run: SendingRun,
	lookup: ChatLookup,
	digits: string,
	timeoutMs: number,
): Promise<LookupOutcome> {
	const searches = searchesOfRun.get(run) ?? new Map<string, Promise<LookupOutcome>>();
	searchesOfRun.set(run, searches);
	const known = searches.get(digits);
	if (known !== undefined) return known;
	const search = bindOrExplain(context, () => lookup.connect(run.credentials.data));
	const started = search(digits);
	const pending = deliverMessage(started, {
		call: n8nReadCall(context, run.credentials, timeoutMs),
		// The search speaks the provider's API: its answers are judged, and its 429s waited out, like a send's.
		verdicts: run.provider,
		limiter: run.limiter,
		clock: n8nClock,
		retryOptions: run.settings.retry,
		...(run.signal !== undefined && { signal: run.signal }),
	}).then((delivery): LookupOutcome => {
		const { outcome } = delivery;
		return outcome.kind === 'accepted' ? lookup.decode(outcome.response.body, digits) : { kind: 'failed', failure: outcome, delivery };
	});
	searches.set(digits, pending);
	return pending;
}

function lookupError(
	context: IExecuteFunctions,
	run: SendingRun,
	lookup: ChatLookup,
	outcome: Exclude<LookupOutcome, { kind: 'found' }>,
	digits: string,
	itemIndex: number,
	timeoutMs: number,
): NodeError {
	const provider = run.provider.choice.name;
	const phone = `+${digits}`;
	const fail = (message: string, description: string) =>
		new NodeOperationError(context.getNode(), `Item ${itemIndex}: ${message}`, {
			itemIndex,
			description: `${description} Nothing was sent for this item.`,
		});
	switch (outcome.kind) {
		case 'none':
			return fail(
				`${provider} has no chat with ${phone}`,
				`${provider} sends session messages only into existing chats, and its chat search found none for this number: the customer must have written first. Check the number, or wait for the customer's first message.`,
			);
		case 'several':
			return fail(
				`${provider} has ${outcome.chatIds.length} chats with ${phone}`,
				`The chats are ${outcome.chatIds.join(', ')}. Pick the chat ID you mean and put it in the recipient field instead of the number.`,
			);
		case 'unreadable':
			return fail(
				`${provider}'s chat search for ${phone} answered in a shape this node does not know`,
				'Put the chat ID in the recipient field instead of the number.',
			);
		case 'failed':
			return searchFailedError(context, run, lookup, outcome, phone, itemIndex, timeoutMs);
		default:
			return assertNever(outcome, 'chat lookup outcome');
	}
}

/** A refusal in the search's own words (its permission is not the send's); a network failure or rate limit as for any request. */
function searchFailedError(
	context: IExecuteFunctions,
	run: SendingRun,
	lookup: ChatLookup,
	{ failure: outcome, delivery }: Extract<LookupOutcome, { kind: 'failed' }>,
	phone: string,
	itemIndex: number,
	timeoutMs: number,
): NodeError {
	if (outcome.kind !== 'rejected') {
		return failedDeliveryError(context, run.provider, outcome, delivery, deliveryFacts(run, itemIndex, timeoutMs));
	}
	const status = outcome.response.statusCode;
	const kind = run.provider.decodeError(status, outcome.response.body).kind;
	const permission = status === 401 || status === 403 ? ` ${lookup.permissionHelp}.` : '';
	return new NodeOperationError(context.getNode(), `Item ${itemIndex}: the chat of ${phone} could not be looked up`, {
		itemIndex,
		description: `${run.provider.choice.name}'s chat search answered HTTP ${status}: ${plainWordsForErrorKind(kind)}${permission} Nothing was sent for this item.`,
	});
}
