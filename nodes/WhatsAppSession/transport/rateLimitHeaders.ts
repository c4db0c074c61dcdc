// Reads every generation of the IETF RateLimit header drafts, the common X-RateLimit-* trio and
// Retry-After into one signal. Pure: the clock comes in as `nowMs`, so pacing can be tested
// with a fake one. Headers are advisory, so anything malformed is dropped, never thrown.

import { isPlainObject } from '../util/values';
import { COUNT, optional, parseCount, parseDuration, parseList, parseResetMs, parseRetryAfter, type ListMember } from './headerValues';

/** Header values as n8n's request helper returns them: keys in any case; a repeated header may arrive as string[] or as one comma-joined string. */
export type ResponseHeaders = Record<string, string | string[] | number | undefined>;

interface RateLimitQuota {
	policyName?: string; // draft-08 "permin"
	limit?: number; // requests per window
	remaining?: number;
	resetAfterMs?: number; // ms from now until this quota resets
	windowMs?: number; // the policy window
}

export interface RateLimitSignal {
	retryAfterMs?: number; // from Retry-After (delay-seconds or HTTP-date relative to nowMs); wins over everything
	quotas: RateLimitQuota[]; // every quota the headers describe (possibly several policies)
}

const QUOTA_NUMBERS = ['limit', 'remaining', 'resetAfterMs', 'windowMs'] as const;

/** Takes `unknown`: the headers come from n8n's helper at run time, whatever their declared type. */
export function parseRateLimitHeaders(headers: unknown, nowMs: number): RateLimitSignal {
	const fields = indexHeaders(headers);
	const members = (name: string): ListMember[] => (fields.get(name) ?? []).flatMap(parseList);
	const retryAfterMs = firstDefined(fields.get('retry-after') ?? [], (value) =>
		parseRetryAfter(value, nowMs),
	);
	const quotas = [
		...namedQuotas(members('ratelimit-policy'), members('ratelimit'), nowMs),
		// X-RateLimit-* read by the same rules: its -policy and bare forms are unheard of, but harmless.
		...unnamedQuotas(members, 'ratelimit', nowMs),
		...unnamedQuotas(members, 'x-ratelimit', nowMs),
	].filter((quota) => QUOTA_NUMBERS.some((field) => quota[field] !== undefined));
	return retryAfterMs === undefined ? { quotas } : { retryAfterMs, quotas };
}

/**
 * The longest time until any of these quotas resets; a quota's window stands in for an unknown
 * reset because it is the most the reset can be. For a 429 without Retry-After, where the server
 * may still report quota left (the Messangi seed answers 429 with `remaining: 1`).
 */
export function longestResetMs(quotas: readonly RateLimitQuota[]): number | undefined {
	const waits = quotas.flatMap((quota) => optional(quota.resetAfterMs ?? quota.windowMs));
	return waits.length > 0 ? Math.max(...waits) : undefined;
}

/** Draft 08+: policies named in RateLimit-Policy (q, w) joined by name to RateLimit (r, t). */
function namedQuotas(
	policies: ListMember[],
	counters: ListMember[],
	nowMs: number,
): RateLimitQuota[] {
	const byName = new Map<string, RateLimitQuota>();
	const add = (name: string, numbers: RateLimitQuota): void => {
		const quota = byName.get(name) ?? { policyName: name };
		fillMissing(quota, numbers);
		byName.set(name, quota);
	};
	for (const member of policies.filter(isNamedPolicy)) {
		add(member.item, {
			limit: parseCount(member.params.get('q')),
			windowMs: parseDuration(member.params.get('w')),
		});
	}
	for (const member of counters.filter(isNamedPolicy)) {
		add(member.item, {
			remaining: parseCount(member.params.get('r')),
			resetAfterMs: parseResetMs(member.params.get('t'), nowMs),
		});
	}
	return [...byName.values()];
}

/**
 * Drafts 01–07 and X-RateLimit-*: one current quota, plus the policies listed inline after the
 * limit (drafts 01–03) or in RateLimit-Policy (04–07). The policy whose quota equals the current
 * limit is the one in force, so its window joins the current quota instead of being listed twice.
 */
function unnamedQuotas(
	members: (name: string) => ListMember[],
	prefix: string,
	nowMs: number,
): RateLimitQuota[] {
	const dictionary = new Map<string, string>();
	for (const { item, value } of members(prefix)) {
		if (value !== undefined && !dictionary.has(item)) dictionary.set(item, value);
	}
	const [first, ...inlinePolicies] = members(`${prefix}-limit`).flatMap(numericPolicy);
	const current: RateLimitQuota = {};
	fillMissing(current, {
		limit: parseCount(dictionary.get('limit')),
		remaining:
			parseCount(dictionary.get('remaining')) ??
			firstDefined(members(`${prefix}-remaining`), (member) => parseCount(member.item)),
		resetAfterMs:
			parseResetMs(dictionary.get('reset'), nowMs) ??
			firstDefined(members(`${prefix}-reset`), (member) => parseResetMs(member.item, nowMs)),
	});
	fillMissing(current, first ?? {});
	const policies = [...inlinePolicies, ...members(`${prefix}-policy`).flatMap(numericPolicy)];
	const inForce = policies.findIndex((policy) =>
		current.limit === undefined ? policies.length === 1 : policy.limit === current.limit,
	);
	if (current.windowMs === undefined && inForce >= 0) {
		fillMissing(current, policies[inForce]);
		policies.splice(inForce, 1);
	}
	return [current, ...policies];
}

function isNamedPolicy(member: ListMember): boolean {
	return member.value === undefined && (member.quoted || !COUNT.test(member.item));
}

function numericPolicy(member: ListMember): RateLimitQuota[] {
	if (member.value !== undefined || member.quoted) return [];
	const limit = parseCount(member.item);
	if (limit === undefined) return [];
	const quota: RateLimitQuota = {};
	fillMissing(quota, { limit, windowMs: parseDuration(member.params.get('w')) });
	return [quota];
}

/** Copies only defined numbers, so results never carry `key: undefined` and earlier sources win. */
function fillMissing(target: RateLimitQuota, source: RateLimitQuota): void {
	for (const field of QUOTA_NUMBERS) {
		if (target[field] === undefined && source[field] !== undefined) target[field] = source[field];
	}
}

/** Header values under lower-cased names; numbers are stringified and anything else dropped. */
function indexHeaders(headers: unknown): Map<string, string[]> {
	const index = new Map<string, string[]>();
	if (!isPlainObject(headers)) return index;
	for (const [name, raw] of Object.entries(headers)) {
		const values: unknown[] = Array.isArray(raw) ? raw : [raw];
		const texts = values.flatMap((value) =>
			typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))
				? [String(value)]
				: [],
		);
		const key = name.toLowerCase();
		index.set(key, [...(index.get(key) ?? []), ...texts]);
	}
	return index;
}

function firstDefined<T, R>(items: readonly T[], read: (item: T) => R | undefined): R | undefined {
	for (const item of items) {
		const result = read(item);
		if (result !== undefined) return result;
	}
	return undefined;
}
