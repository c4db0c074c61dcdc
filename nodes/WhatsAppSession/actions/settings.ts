import type { IExecuteFunctions } from 'n8n-workflow';

import { readCollection, type FormValues } from '../message/formValues';
import type { ProviderConnection } from '../providers/contract/sending';
import type { ProviderAdapter } from '../providers/contract/adapter';
import { DELIVERY_DEFAULTS } from '../transport/defaults';
import { DEFAULT_RETRY_OPTIONS, type RetryOptions } from '../transport/retryPolicy';

/** n8n's getNodeParameter needs a fallback to not throw for hidden fields; this one marks "absent". */
const ABSENT = Symbol('absent');

/**
 * One item's form values, with hidden and unset fields as undefined. Each field is resolved once
 * per item: n8n evaluates a field's expressions again on every read (in 2.x each in an isolate),
 * and several readers share a field (Options holds the message's options and its timeout).
 */
export function formForItem(context: IExecuteFunctions, itemIndex: number): FormValues {
	const resolved = new Map<string, unknown>();
	return {
		get: (name) => {
			if (resolved.has(name)) return resolved.get(name);
			const value: unknown = context.getNodeParameter(name, itemIndex, ABSENT);
			const field = value === ABSENT ? undefined : value;
			resolved.set(name, field);
			return field;
		},
	};
}

/** The "Rate Limits and Retries" collection (named `delivery` in stored workflows). */
interface RateLimitSettings {
	concurrency: number;
	maxRequestsPerSecond: number;
	retry: RetryOptions;
}

/** Pacing concerns the provider's quota for the whole run, so these are read once, not per item. */
export function readRateLimitSettings(context: IExecuteFunctions): RateLimitSettings {
	const delivery = readCollection(formForItem(context, 0), 'delivery');
	const numberOr = (value: unknown, fallback: number, min: number) =>
		typeof value === 'number' && Number.isFinite(value) && value >= min ? value : fallback;
	return {
		concurrency: Math.floor(numberOr(delivery.concurrency, DELIVERY_DEFAULTS.concurrency, 1)),
		maxRequestsPerSecond: numberOr(delivery.maxRequestsPerSecond, DELIVERY_DEFAULTS.maxRequestsPerSecond, 0),
		retry: {
			...DEFAULT_RETRY_OPTIONS,
			maxRetries: Math.floor(numberOr(delivery.maxRetries, DELIVERY_DEFAULTS.maxRetries, 0)),
			maxWaitMs: numberOr(delivery.maxWaitSeconds, DELIVERY_DEFAULTS.maxWaitMs / 1000, 0) * 1000,
			retryServerErrors: delivery.retryServerErrors === true,
		},
	};
}

/** The item's Options › Timeout, per item because it may be an expression. */
export function readTimeoutMs(form: FormValues): number {
	const options = readCollection(form, 'options');
	const seconds = options.timeoutSeconds;
	return typeof seconds === 'number' && seconds > 0 ? seconds * 1000 : DELIVERY_DEFAULTS.timeoutMs;
}

/** Same credential and same sender → one limiter in this process; anything else is kept apart. */
export function limiterKey(context: IExecuteFunctions, provider: ProviderAdapter, connection: ProviderConnection): string {
	const credentialId = context.getNode().credentials?.[provider.credentialType]?.id ?? 'unsaved';
	return `${provider.credentialType}|${credentialId}|${fingerprint(connection.senderKey)}`;
}

/** FNV-1a: the sender key may hold an API key (it is the URL), so only a fingerprint is kept. */
function fingerprint(text: string): string {
	let hash = 0x811c9dc5;
	for (let index = 0; index < text.length; index++) {
		hash ^= text.charCodeAt(index);
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return `${text.length}:${hash.toString(16)}`;
}
