import type { IDataObject, JsonObject, JsonValue } from 'n8n-workflow';

import { isPlainObject } from '../../nodes/WhatsAppSession/util/values';

/**
 * Type guards for what tests read back from JSON (request bodies the mock recorded, n8n's API
 * answers). A test that expects a shape narrows to it here instead of casting, so an unexpected
 * shape fails the test where it is read instead of passing a wrong type along.
 */

export function isJsonValue(value: unknown): value is JsonValue {
	if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
	if (typeof value === 'number') return Number.isFinite(value);
	if (Array.isArray(value)) return value.every(isJsonValue);
	return isJsonObject(value);
}

export function isJsonObject(value: unknown): value is JsonObject {
	return isPlainObject(value) && Object.values(value).every(isJsonValue);
}

/** n8n's IDataObject: a plain object whose values are data (no functions, symbols or bigints). */
export function isDataObject(value: unknown): value is IDataObject {
	return (
		isPlainObject(value) &&
		Object.values(value).every((entry) => !['function', 'symbol', 'bigint'].includes(typeof entry))
	);
}

/** The value at a path of object keys, or undefined where the path leaves the objects. */
export function valueAt(value: unknown, ...path: string[]): unknown {
	let current: unknown = value;
	for (const key of path) {
		if (!isPlainObject(current)) return undefined;
		current = current[key];
	}
	return current;
}

/** The object itself, or a test failure naming what came instead. */
export function dataObjectOf(value: unknown): IDataObject {
	if (!isDataObject(value)) throw new Error(`expected an object, got ${JSON.stringify(value)}`);
	return value;
}

/** The JSON object itself, or a test failure naming what came instead. */
export function jsonObjectOf(value: unknown): JsonObject {
	if (!isJsonObject(value)) throw new Error(`expected a JSON object, got ${JSON.stringify(value)}`);
	return value;
}
