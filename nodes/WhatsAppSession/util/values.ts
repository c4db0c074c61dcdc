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

/** NaN and Infinity are numbers but not JSON: JSON.stringify would turn them into null. */
export function isJsonValue(value: unknown): value is JsonValue {
	if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
	if (typeof value === 'number') return Number.isFinite(value);
	if (Array.isArray(value)) return value.every(isJsonValue);
	return isPlainObject(value) && Object.values(value).every(isJsonValue);
}

/**
 * The default branch of a switch over a union (a message type, a provider): it only compiles when
 * every member has its own case, so a new member cannot be forgotten silently.
 */
export function assertNever(value: never, what: string): never {
	throw new Error(`Unhandled ${what}: ${JSON.stringify(value)}`);
}
