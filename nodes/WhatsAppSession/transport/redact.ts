/**
 * Removes secrets from any text that may reach a user, a log or an output item. Providers and
 * HTTP libraries sometimes echo the request URL (which holds the API key) or headers back.
 */
export const REDACTED = '[redacted]';

// Shorter values are too likely to occur by chance in ordinary text to be replaced safely.
const MIN_SECRET_LENGTH = 4;

export function secretVariants(secrets: Array<string | undefined>): string[] {
	const variants = new Set<string>();
	for (const secret of secrets) {
		if (secret === undefined || secret.trim().length < MIN_SECRET_LENGTH) continue;
		const trimmed = secret.trim();
		variants.add(trimmed);
		variants.add(encodeURIComponent(trimmed));
		// Servers may echo percent-encoding in lower-case hex.
		variants.add(encodeURIComponent(trimmed).replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()));
	}
	// Longest first, so a secret that contains another is replaced whole.
	return [...variants].sort((a, b) => b.length - a.length);
}

export function redactText(text: string, secrets: string[]): string {
	let redacted = text;
	for (const secret of secrets) {
		redacted = redacted.split(secret).join(REDACTED);
	}
	return redacted;
}

/** Deep copy of a JSON-like value with every secret occurrence replaced, in keys and values. */
export function redactValue(value: unknown, secrets: string[]): unknown {
	if (secrets.length === 0) return value;
	if (typeof value === 'string') return redactText(value, secrets);
	if (Array.isArray(value)) return value.map((entry) => redactValue(entry, secrets));
	if (typeof value === 'object' && value !== null) {
		return Object.fromEntries(
			Object.entries(value).map(([key, entry]) => [redactText(key, secrets), redactValue(entry, secrets)]),
		);
	}
	return value;
}
