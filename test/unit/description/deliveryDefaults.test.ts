import { optionsProperty } from '../../../nodes/WhatsAppSession/description/common';
import { deliveryProperty } from '../../../nodes/WhatsAppSession/description/delivery';
import { DELIVERY_DEFAULTS } from '../../../nodes/WhatsAppSession/transport/defaults';
import { DEFAULT_RETRY_OPTIONS } from '../../../nodes/WhatsAppSession/transport/retryPolicy';

// What the form shows as a field's default must be what an untouched field does: both come from
// DELIVERY_DEFAULTS, and n8n's lint keeps a boolean's default a literal, which this test holds to it.

const defaultOf = (collection: { options?: unknown[] }, name: string): unknown => {
	const field = (collection.options ?? []).find(
		(option): option is { name: string; default: unknown } =>
			typeof option === 'object' && option !== null && 'name' in option && option.name === name && 'default' in option,
	);
	return field?.default;
};

test.each<[string, unknown]>([
	['concurrency', DELIVERY_DEFAULTS.concurrency],
	['maxRequestsPerSecond', DELIVERY_DEFAULTS.maxRequestsPerSecond],
	['maxRetries', DELIVERY_DEFAULTS.maxRetries],
	['maxWaitSeconds', DELIVERY_DEFAULTS.maxWaitMs / 1000],
	['retryServerErrors', DELIVERY_DEFAULTS.retryServerErrors],
])('Rate Limits and Retries › %s defaults to DELIVERY_DEFAULTS', (name, expected) => {
	expect(defaultOf(deliveryProperty, name)).toBe(expected);
});

test('Options › Timeout defaults to DELIVERY_DEFAULTS', () => {
	expect(defaultOf(optionsProperty, 'timeoutSeconds')).toBe(DELIVERY_DEFAULTS.timeoutMs / 1000);
});

test('the retry policy starts from the same defaults', () => {
	expect(DEFAULT_RETRY_OPTIONS).toMatchObject({
		maxRetries: DELIVERY_DEFAULTS.maxRetries,
		maxWaitMs: DELIVERY_DEFAULTS.maxWaitMs,
		baseDelayMs: DELIVERY_DEFAULTS.baseDelayMs,
		maxBackoffMs: DELIVERY_DEFAULTS.maxBackoffMs,
		retryServerErrors: DELIVERY_DEFAULTS.retryServerErrors,
	});
});
