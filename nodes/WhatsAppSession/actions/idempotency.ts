import type { DeduplicationHelperFunctions, DeduplicationScope, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { InvalidMessageError } from '../message/errors';
import { FIELD_LABELS as L } from '../message/fieldLabels';
import { readCollection, type FormValues } from '../message/formValues';
import type { DeliveryResult } from '../transport/deliver';
import type { Clock } from '../transport/limiter';
import { n8nClock } from '../transport/n8nClock';
import { MAX_CLAIM_ROUNDS, nextClaimStep, settleDelayMs, STORE_CALL_ATTEMPTS } from './claimRace';
import { oneAtATime, recordTogether } from './storeQueue';

/**
 * Never twice across executions: an item with an Idempotency Key claims the key in n8n's own
 * deduplication store (the one Remove Duplicates uses: n8n's database, shared by every queue-mode
 * worker) before its first request. A key already there means the message was sent, or may have
 * been, by this or an earlier execution, so the item is skipped. The claim is given back only when
 * the message certainly did not go out, so that a retry can send it.
 *
 * The store keeps one hashed list per scope; n8n reads and writes that list whole, with no lock.
 * Within this process the node makes its store calls one at a time per scope, so they cannot erase
 * each other. Across processes (queue-mode workers) they can: a claim is therefore recorded with a
 * token of its own and checked after a wait (claimRace.ts; its limits in docs/idempotency.md).
 */

/** The store's calls this node makes; n8n's `this.helpers` has them (n8n-workflow ≥ 1.60). */
export type ProcessedStore = Pick<DeduplicationHelperFunctions, 'checkProcessedAndRecord' | 'removeProcessed'>;

/** How many entries one scope remembers (a key takes three: claim, owner token, sent or unknown); older ones are forgotten (n8n's Remove Duplicates uses the same default). */
export const KEY_HISTORY_SIZE = 10_000;

const STORE_OPTIONS = { mode: 'entries', maxEntries: KEY_HISTORY_SIZE } as const;

/** Marks kept beside a claim, so a skipped item can say why: sent, or delivery unknown. */
const MARK = { claim: 'claim:', sent: 'sent:', unknown: 'unknown:' } as const;

/** One claim's own token: only that claim's write can put it in the list (claimRace.ts). */
const OWNER_MARK = 'owner:';

export type SkipReason = 'already sent' | 'delivery unknown' | 'in flight';

/** The item's key and its scope, from Options › Idempotency Key; undefined when the key is empty. */
export interface IdempotencySetting {
	key: string;
	scope: DeduplicationScope;
	/** Forget This Key First: the builder really wants to send again, so the key's marks are dropped before the claim. */
	forgetFirst: boolean;
}

export function readIdempotencySetting(form: FormValues): IdempotencySetting | undefined {
	const options = readCollection(form, 'options');
	const { idempotencyKey, idempotencyScope, forgetIdempotencyKey } = options;
	if (idempotencyKey === undefined || idempotencyKey === null || idempotencyKey === '') return undefined;
	if (typeof idempotencyKey !== 'string' && typeof idempotencyKey !== 'number') {
		throw new InvalidMessageError([{ field: L.idempotencyKey, problem: `must be text or a number (got ${typeof idempotencyKey})` }]);
	}
	const key = String(idempotencyKey).trim();
	if (key === '') return undefined;
	return { key, scope: idempotencyScope === 'workflow' ? 'workflow' : 'node', forgetFirst: forgetIdempotencyKey === true };
}

/** What happened to a claimed item's message, which decides whether the claim is kept. */
export type ClaimEnd = 'accepted' | 'notSent' | 'unknown';

export interface Claim {
	readonly setting: IdempotencySetting;
	end(how: ClaimEnd): Promise<void>;
}

export type ClaimResult = { claimed: true; claim: Claim } | { claimed: false; reason: SkipReason };

/** The node's view of the store: the queue it waits in, the store calls, the clock that waits, and a fresh token per claim. */
export interface ClaimStore {
	queue(scope: DeduplicationScope): string;
	store: ProcessedStore;
	clock: Clock;
	newToken(): string;
}

export function claimStoreOf(context: IExecuteFunctions): ClaimStore {
	const workflowId = context.getWorkflow().id ?? 'unsaved';
	const nodeId = context.getNode().id;
	return {
		queue: (scope) => (scope === 'node' ? `${workflowId}|${nodeId}` : workflowId),
		store: context.helpers,
		clock: n8nClock,
		// Unique enough to tell two claimers apart; it is no secret, so no cryptographic source is needed.
		newToken: () => `${Date.now().toString(36)}.${Math.random().toString(36).slice(2, 12)}`,
	};
}

/**
 * Records the key as claimed, or says why it cannot be: sent already, delivery unknown, or
 * another run is sending it now. Exactly one of several claims of a new key wins, in this process
 * and, but for the limits in docs/idempotency.md, across processes (claimRace.ts).
 */
export async function claimKey(claimStore: ClaimStore, setting: IdempotencySetting): Promise<ClaimResult> {
	const { queue, store, clock } = claimStore;
	const { key, scope } = setting;
	const claimMark = MARK.claim + key;
	const ownToken = `${OWNER_MARK}${key}:${claimStore.newToken()}`;
	const marks = [claimMark, ownToken];
	if (setting.forgetFirst) {
		await oneAtATime(queue(scope), async () => await store.removeProcessed(Object.values(MARK).map((mark) => mark + key), scope, STORE_OPTIONS));
	}
	let checking = false;
	let freshClaims = 0;
	for (;;) {
		const seen = await recordTogether(queue(scope), marks, async (batch) => await recordWithRetries(claimStore, batch, scope));
		if (seen.new.includes(ownToken)) freshClaims++;
		const step = nextClaimStep({ ownTokenThere: seen.processed.includes(ownToken), claimThere: seen.processed.includes(claimMark) }, checking);
		if (step === 'owned') {
			return { claimed: true, claim: { setting, end: async (how) => await endClaim(claimStore, setting, ownToken, how) } };
		}
		if (step === 'takenByAnother') {
			// The token just recorded goes out with whatever the probe for the reason recorded.
			return { claimed: false, reason: await oneAtATime(queue(scope), async () => await skipReason(store, setting, [ownToken])) };
		}
		if (freshClaims > MAX_CLAIM_ROUNDS) break;
		await clock.sleep(settleDelayMs(seen.callMs));
		checking = true;
	}
	// Every round's claim was erased by other writers: give the last one back, send nothing, and say so.
	await oneAtATime(queue(scope), async () => await store.removeProcessed(marks, scope, STORE_OPTIONS));
	throw new IdempotencyClaimError(
		`The Idempotency Key "${key}" could not be claimed: n8n's deduplication store lost the claim ${MAX_CLAIM_ROUNDS} times to other runs writing at the same moment. Nothing was sent for this item; retry it.`,
	);
}

/** A key that could not be claimed; the item fails with nothing sent. */
export class IdempotencyClaimError extends Error {}

/** One store call, tried again when it throws: n8n's first insert of a scope's row fails for the second of two racing claimers, and writes nothing. */
async function recordWithRetries({ store, clock }: ClaimStore, marks: string[], scope: DeduplicationScope) {
	let failure = '';
	for (let attempt = 1; attempt <= STORE_CALL_ATTEMPTS; attempt++) {
		try {
			return await store.checkProcessedAndRecord(marks, scope, STORE_OPTIONS);
		} catch (error) {
			failure = error instanceof Error ? error.message : String(error);
		}
		if (attempt < STORE_CALL_ATTEMPTS) await clock.sleep(settleDelayMs(0));
	}
	throw new IdempotencyClaimError(`The Idempotency Key could not be recorded: n8n's deduplication store failed ${STORE_CALL_ATTEMPTS} times in a row (${failure}).`);
}

/** Probes the marks without leaving one behind: a mark found new was recorded by the probe, so it is removed again, with `alsoRemove`. */
async function skipReason(store: ProcessedStore, { key, scope }: IdempotencySetting, alsoRemove: string[]): Promise<SkipReason> {
	const probe = await store.checkProcessedAndRecord([MARK.sent + key, MARK.unknown + key], scope, STORE_OPTIONS);
	await store.removeProcessed([...alsoRemove, ...probe.new], scope, STORE_OPTIONS);
	if (probe.processed.includes(MARK.sent + key)) return 'already sent';
	if (probe.processed.includes(MARK.unknown + key)) return 'delivery unknown';
	return 'in flight';
}

async function endClaim(claimStore: ClaimStore, { key, scope }: IdempotencySetting, ownToken: string, how: ClaimEnd): Promise<void> {
	const { queue, store } = claimStore;
	const record = async (mark: string) => await recordTogether(queue(scope), [mark], async (batch) => await recordWithRetries(claimStore, batch, scope));
	// Kept when the message went out or may have: a retry must not send it again. Given back only when it certainly did not.
	switch (how) {
		case 'accepted':
			await record(MARK.sent + key);
			return;
		case 'unknown':
			await record(MARK.unknown + key);
			return;
		case 'notSent':
			await oneAtATime(queue(scope), async () => await store.removeProcessed([MARK.claim + key, ownToken], scope, STORE_OPTIONS));
			return;
	}
}

/**
 * Whether a finished delivery may have reached the customer: accepted, or stopped because a
 * resend could have been a duplicate (a timeout, a reset, a 5xx after sending).
 */
export function mayHaveReachedCustomer(delivery: Pick<DeliveryResult, 'outcome' | 'decision'>): boolean {
	return delivery.outcome.kind === 'accepted' || delivery.decision.reason === 'mayHaveBeenDelivered';
}

/** The output of an item that was not sent because its key was claimed before. */
export function skippedOutput(setting: IdempotencySetting, reason: SkipReason): IDataObject {
	return { status: 'skipped', reason, idempotencyKey: setting.key };
}
