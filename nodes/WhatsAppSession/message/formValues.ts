import { isJsonValue, isPlainObject, toText, type JsonValue, type PlainObject } from '../util/values';
import { InvalidMessageError } from './errors';
import { listPosition, nestedFieldLabel } from './fieldLabels';

/**
 * One item's form values. The node binds it to n8n's getNodeParameter(name, itemIndex); tests
 * bind it to a plain object. Returns undefined for a field that is hidden or not set.
 */
export interface FormValues {
	get(name: string): unknown;
}

export function readText(form: FormValues, name: string, label: string): string {
	const value = form.get(name);
	if (value === undefined || value === null) return '';
	const text = toText(value);
	if (text === undefined) {
		throw new InvalidMessageError([{ field: label, problem: `must be text (got ${describeType(value)})` }]);
	}
	return text;
}

/** Optional text: an empty field means "not set", so nothing is sent for it. */
export function readOptionalText(form: FormValues, name: string, label: string): string | undefined {
	const text = readText(form, name, label);
	return text === '' ? undefined : text;
}

export function readNumber(form: FormValues, name: string, label: string): number {
	const value = form.get(name);
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isFinite(number)) {
		throw new InvalidMessageError([{ field: label, problem: `must be a number (got ${describeType(value)})` }]);
	}
	return number;
}

export function readBoolean(form: FormValues, name: string, fallback: boolean): boolean {
	const value = form.get(name);
	if (typeof value === 'boolean') return value;
	if (value === 'true') return true;
	if (value === 'false') return false;
	return fallback;
}

/** The named key of an n8n "options"/"collection" field, treating an absent collection as empty. */
export function readCollection(form: FormValues, name: string): PlainObject {
	const value = form.get(name);
	return isPlainObject(value) ? value : {};
}

/**
 * A list field is either n8n's fixed collection ({ button: [...] }) or, in JSON mode, JSON text or
 * an array an expression produced. Both arrive here as an array of entries.
 */
export function readListEntries(
	form: FormValues,
	options: { modeName: string; collectionName: string; entryKey: string; jsonName: string; label: string },
): PlainObject[] {
	const mode = form.get(options.modeName);
	if (mode === 'json') {
		return parseJsonList(form.get(options.jsonName), options.label);
	}
	const collection = form.get(options.collectionName);
	return entriesOfFixedCollection(collection, options.entryKey, options.label);
}

export function entriesOfFixedCollection(collection: unknown, entryKey: string, label: string): PlainObject[] {
	if (collection === undefined || collection === null || collection === '') return [];
	// An expression in place of the whole collection may yield the array itself. Without an entry
	// key (JSON input) only an array is a list: an object would silently lose its contents.
	const entries = Array.isArray(collection)
		? collection
		: isPlainObject(collection) && entryKey !== ''
			? collection[entryKey] ?? []
			: undefined;
	if (!Array.isArray(entries)) {
		throw new InvalidMessageError([{ field: label, problem: `must be a list (got ${describeType(collection)})` }]);
	}
	return entries.map((entry, index) => {
		if (!isPlainObject(entry)) {
			throw new InvalidMessageError([
				{ field: nestedFieldLabel(label, listPosition('entry', index)), problem: `must be an object (got ${describeType(entry)})` },
			]);
		}
		return entry;
	});
}

function parseJsonList(value: unknown, label: string): PlainObject[] {
	let parsed: unknown = value;
	if (typeof value === 'string') {
		if (value.trim() === '') return [];
		const result = parseJson(value);
		if (!result.ok) {
			throw new InvalidMessageError([{ field: label, problem: `is not valid JSON: ${result.reason}` }]);
		}
		parsed = result.value;
	}
	if (!Array.isArray(parsed)) {
		throw new InvalidMessageError([
			{ field: label, problem: `must be a JSON array (got ${describeType(parsed)})` },
		]);
	}
	return entriesOfFixedCollection(parsed, '', label);
}

export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
	try {
		return { ok: true, value: JSON.parse(text) };
	} catch (error) {
		return { ok: false, reason: error instanceof Error ? error.message : 'not valid JSON' };
	}
}

/**
 * A JSON object field: JSON text typed into the form, or the object an expression handed over.
 * Empty text and an empty object mean "not set" (WhatsApp refuses an empty Flow data object).
 */
export function readJsonObject(value: unknown, label: string): { [key: string]: JsonValue } | undefined {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return undefined;
	let parsed: unknown = value;
	if (typeof value === 'string') {
		const result = parseJson(value);
		if (!result.ok) throw new InvalidMessageError([{ field: label, problem: `is not valid JSON: ${result.reason}` }]);
		parsed = result.value;
	}
	if (!isPlainObject(parsed) || !isJsonValue(parsed)) {
		throw new InvalidMessageError([{ field: label, problem: `must be a JSON object (got ${describeType(parsed)})` }]);
	}
	const entries = Object.entries(parsed).flatMap(([key, entry]): Array<[string, JsonValue]> => (isJsonValue(entry) ? [[key, entry]] : []));
	return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

/** Reads a text property of a list entry (a button, a row, a contact). */
export function entryText(entry: PlainObject, key: string): string {
	return toText(entry[key]) ?? '';
}

export function entryOptionalText(entry: PlainObject, key: string): string | undefined {
	const text = entryText(entry, key);
	return text === '' ? undefined : text;
}

export function describeType(value: unknown): string {
	if (value === undefined) return 'nothing';
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'an object';
	if (typeof value === 'string') return value === '' ? 'empty text' : `"${value.length > 40 ? value.slice(0, 40) + '…' : value}"`;
	return `${typeof value} ${String(value)}`;
}

/** A wrong choice as the user wrote it; an object is described, since String() throws for some. */
export function shownChoice(value: unknown): string {
	return typeof value === 'object' && value !== null ? describeType(value) : String(value);
}
