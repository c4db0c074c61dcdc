import type { DeduplicationHelperFunctions, DeduplicationScope, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { InvalidMessageError } from '../message/errors';
import { FIELD_LABELS as L } from '../message/fieldLabels';
import { readCollection, type FormValues } from '../message/formValues';
import type { DeliveryResult } from '../transport/deliver';

/**
 * Never twice across executions: an item with an Idempotency Key claims the key in n8n's own
 * deduplication store (the one Remove Duplicates uses: n8n's database, shared by every queue-mode
 * worker) before its first request. A key already there means the message was sent, or may have
 * been, by this or an earlier execution, so the item is skipped. The claim is given back only when
 * the message certainly did not go out, so that a retry can send it.
 *
 * The store keeps one hashed list per scope; n8n reads and writes that list whole. Two claims in
 * one process could therefore erase each other, so this process makes its claims one at a time
 * per scope. Across processes (queue-mode workers) n8n's store gives no such guarantee: two
 * workers claiming the same new key at the same moment may both win (docs/idempotency.md).
 */

/** The store's calls this node makes; n8n's `this.helpers` has them (n8n-workflow ≥ 1.60). */
export type ProcessedStore = Pick<DeduplicationHelperFunctions, 'checkProcessedAndRecord' | 'removeProcessed'>;

/** How many keys one scope remembers; older ones are forgotten (n8n's Remove Duplicates uses the same default). */
export const KEY_HISTORY_SIZE = 10_000;

const STORE_OPTIONS = { mode: 'entries', maxEntries: KEY_HISTORY_SIZE } as const;

/** Marks kept beside a claim, so a skipped item can say why: sent, or delivery unknown. */
const MARK = { claim: 'claim:', sent: 'sent:', unknown: 'unknown:' } as const;

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

/** One process's claims, one at a time per scope (see the header): the chain's tail per scope. */
const claimQueues = new Map<string, Promise<unknown>>();

async function oneAtATime<T>(queue: string, work: () => Promise<T>): Promise<T> {
	const before = claimQueues.get(queue) ?? Promise.resolve();
	const result = before.then(work, work);
	const tail = result.then(
		() => undefined,
		() => undefined,
	);
	claimQueues.set(queue, tail);
	try {
		return await result;
	} finally {
		// The last one out empties the map, so a long-lived worker keeps no entry per finished run.
		if (claimQueues.get(queue) === tail) claimQueues.delete(queue);
	}
}

/** What happened to a claimed item's message, which decides whether the claim is kept. */
export type ClaimEnd = 'accepted' | 'notSent' | 'unknown';

export interface Claim {
	readonly setting: IdempotencySetting;
	end(how: ClaimEnd): Promise<void>;
}

export type ClaimResult = { claimed: true; claim: Claim } | { claimed: false; reason: SkipReason };

/** The node's view of the store: the queue it waits in, and the store calls. */
export interface ClaimStore {
	queue(scope: DeduplicationScope): string;
	store: ProcessedStore;
}

export function claimStoreOf(context: IExecuteFunctions): ClaimStore {
	const workflowId = context.getWorkflow().id ?? 'unsaved';
	const nodeId = context.getNode().id;
	return {
		queue: (scope) => (scope === 'node' ? `${workflowId}|${nodeId}` : workflowId),
		store: context.helpers,
	};
}

/**
 * Records the key as claimed, or says why it cannot be: sent already, delivery unknown, or
 * another run is sending it now. Exactly one of several claims of a new key in this process wins.
 */
export async function claimKey({ queue, store }: ClaimStore, setting: IdempotencySetting): Promise<ClaimResult> {
	const { key, scope } = setting;
	return await oneAtATime(queue(scope), async (): Promise<ClaimResult> => {
		if (setting.forgetFirst) await store.removeProcessed(Object.values(MARK).map((mark) => mark + key), scope, STORE_OPTIONS);
		const claimed = await store.checkProcessedAndRecord([MARK.claim + key], scope, STORE_OPTIONS);
		if (claimed.new.length === 1) {
			return { claimed: true, claim: { setting, end: async (how) => await endClaim({ queue, store }, setting, how) } };
		}
		return { claimed: false, reason: await skipReason(store, setting) };
	});
}

/** Probes the marks without leaving one behind: a mark found new was recorded by the probe, so it is removed again. */
async function skipReason(store: ProcessedStore, { key, scope }: IdempotencySetting): Promise<SkipReason> {
	const probe = await store.checkProcessedAndRecord([MARK.sent + key, MARK.unknown + key], scope, STORE_OPTIONS);
	if (probe.new.length > 0) await store.removeProcessed(probe.new, scope, STORE_OPTIONS);
	if (probe.processed.includes(MARK.sent + key)) return 'already sent';
	if (probe.processed.includes(MARK.unknown + key)) return 'delivery unknown';
	return 'in flight';
}

async function endClaim({ queue, store }: ClaimStore, { key, scope }: IdempotencySetting, how: ClaimEnd): Promise<void> {
	// Kept when the message went out or may have: a retry must not send it again. Given back only when it certainly did not.
	await oneAtATime(queue(scope), async () => {
		switch (how) {
			case 'accepted':
				await store.checkProcessedAndRecord([MARK.sent + key], scope, STORE_OPTIONS);
				return;
			case 'unknown':
				await store.checkProcessedAndRecord([MARK.unknown + key], scope, STORE_OPTIONS);
				return;
			case 'notSent':
				await store.removeProcessed([MARK.claim + key], scope, STORE_OPTIONS);
				return;
		}
	});
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
