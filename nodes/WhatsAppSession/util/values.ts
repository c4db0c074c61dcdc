/**
 * Generic checks on values of unknown shape (form values, credential data, provider answers).
 * Every layer uses them, so they belong to none: message/, providers/ and transport/ import them
 * from here rather than from one another.
 */

export type PlainObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is PlainObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Expressions may yield numbers or booleans where text is expected (an id, a caption). */
export function toText(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
	return undefined;
}

/** An absolute URL, or undefined for text that is none: a form, a webhook or a provider may give anything. */
export function parseAbsoluteUrl(text: string): URL | undefined {
	try {
		return new URL(text);
	} catch {
		return undefined;
	}
}

/** Any value JSON can hold, as a provider echoes it back. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Deeper than any message, answer or form value nests. A webhook body (or a provider's answer)
 * nested thousands deep would overflow the stack of a recursive check and throw instead of being
 * refused; a cycle (from an expression) ends here too.
 */
export const MAX_JSON_DEPTH = 256;

/** NaN and Infinity are numbers but not JSON: JSON.stringify would turn them into null. */
export function isJsonValue(value: unknown): value is JsonValue {
	return isJsonWithin(value, MAX_JSON_DEPTH);
}

/** JSON nested at most `depth` levels (for a value with a tighter bound of its own). */
export function isJsonWithin(value: unknown, depth: number): value is JsonValue {
	if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
	if (typeof value === 'number') return Number.isFinite(value);
	if (depth === 0) return false;
	if (Array.isArray(value)) return value.every((entry) => isJsonWithin(entry, depth - 1));
	return isPlainObject(value) && Object.values(value).every((entry) => isJsonWithin(entry, depth - 1));
}

/**
 * The default branch of a switch over a union (a message type, a provider): it only compiles when
 * every member has its own case, so a new member cannot be forgotten silently.
 */
export function assertNever(value: never, what: string): never {
	throw new Error(`Unhandled ${what}: ${JSON.stringify(value)}`);
}
