/** The value grammars of rate-limit headers: seconds, Go durations, HTTP dates, epoch stamps and structured-field lists. Pure; rateLimitHeaders.ts reads the headers through them. */

/** One member of a comma-separated header list, after `;` parameters are split off. */
export interface ListMember {
	/** The bare item, or the key of a `key=value` member (draft 07's dictionary). Quotes removed. */
	item: string;
	/** The value of a `key=value` member. */
	value?: string;
	/** Draft 08+ quotes policy names, which tells `"60";q=60` (a name) from `60;w=60` (a limit). */
	quoted: boolean;
	/** Parameter names lower-cased; values trimmed (the Messangi seed sends `w= 300`) and unquoted. */
	params: ReadonlyMap<string, string>;
}

const SECOND_MS = 1000;
const ONE_YEAR_MS = 365 * 24 * 3600 * SECOND_MS;
// Epoch seconds stay below 1e11 until the year 5138; epoch milliseconds passed 1e11 in 1973.
const EPOCH_MILLIS_FROM = 1e11;

const PLAIN_NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)$/;
export const COUNT = /^\d+$/;
// Go's time.Duration.String() format, which the Messangi seed sends as RateLimit-Reset ("5m0s").
const GO_DURATION = /^(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/;
const GO_DURATION_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g;
const GO_UNIT_MS: Readonly<Record<string, number>> = {
	ns: 1e-6,
	us: 1e-3,
	'µs': 1e-3, // U+00B5 micro sign
	'μs': 1e-3, // U+03BC Greek mu; Go accepts both
	ms: 1,
	s: SECOND_MS,
	m: 60 * SECOND_MS,
	h: 3600 * SECOND_MS,
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
// IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT" and the obsolete RFC 850 "Sunday, 06-Nov-94 08:49:37 GMT".
const IMF_OR_RFC850_DATE = /^[a-z]+, (\d{1,2})[ -]([a-z]{3})[ -](\d{4}|\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/i;
// The obsolete asctime form "Sun Nov  6 08:49:37 1994" (whitespace is collapsed first).
const ASCTIME_DATE = /^[a-z]+ ([a-z]{3}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/i;

export function parseRetryAfter(value: string, nowMs: number): number | undefined {
	return parseDurationToMs(value) ?? delayUntil(parseHttpDate(value, nowMs), nowMs);
}

/** "30" (seconds, may be fractional) or a Go duration such as "5m0s", "1h2m3.5s", "300ms", "2µs". */
export function parseDurationToMs(value: string): number | undefined {
	const text = value.trim();
	if (PLAIN_NUMBER.test(text)) return plausibleMs(Number(text) * SECOND_MS);
	if (!GO_DURATION.test(text)) return undefined;
	let totalMs = 0;
	for (const [, amount, unit] of text.matchAll(GO_DURATION_PART)) {
		totalMs += Number(amount) * GO_UNIT_MS[unit];
	}
	return plausibleMs(totalMs);
}

/** Milliseconds since the epoch of an RFC 9110 HTTP-date in any of its three forms. */
export function parseHttpDate(value: string, nowMs: number): number | undefined {
	const text = value.trim().replace(/\s+/g, ' ');
	const imf = IMF_OR_RFC850_DATE.exec(text);
	if (imf) {
		const [, day, month, year, hours, minutes, seconds] = imf;
		return utcDate(fullYear(year, nowMs), month, day, hours, minutes, seconds);
	}
	const asctime = ASCTIME_DATE.exec(text);
	if (asctime) {
		const [, month, day, hours, minutes, seconds, year] = asctime;
		return utcDate(Number(year), month, day, hours, minutes, seconds);
	}
	return undefined;
}

/**
 * The one tokenizer for every generation: commas outside quotes separate members, `;` outside
 * quotes separates parameters. Close to RFC 8941 structured fields, but lenient where real
 * servers are sloppy (spaces after `=`, bare tokens as names, non-integer values).
 */
export function parseList(text: string): ListMember[] {
	return splitOutsideQuotes(text, ',').flatMap((raw) => optional(parseMember(raw)));
}

function parseMember(raw: string): ListMember | undefined {
	const [head, ...paramTexts] = splitOutsideQuotes(raw, ';');
	const quoted = head.startsWith('"');
	const [item, value] = quoted ? [unquote(head), undefined] : splitKeyValue(head);
	if (item === undefined || item === '') return undefined;
	const params = new Map<string, string>();
	for (const paramText of paramTexts) {
		const [name, paramValue] = splitKeyValue(paramText);
		if (name !== undefined && paramValue !== undefined) params.set(name.toLowerCase(), paramValue);
	}
	return value === undefined ? { item, quoted, params } : { item: item.toLowerCase(), value, quoted, params };
}

function splitKeyValue(text: string): [string | undefined, string | undefined] {
	const equals = text.indexOf('=');
	if (equals < 0) return [text.includes('"') ? undefined : text, undefined];
	const key = text.slice(0, equals).trim();
	const rawValue = text.slice(equals + 1).trim();
	return [key, rawValue.startsWith('"') ? unquote(rawValue) : rawValue];
}

function splitOutsideQuotes(text: string, separator: ',' | ';'): string[] {
	const parts: string[] = [];
	let current = '';
	let inQuotes = false;
	for (let i = 0; i < text.length; i++) {
		const char = text[i];
		if (inQuotes && char === '\\') {
			// Keep the escape: unquote() needs it to tell an escaped quote from a closing one.
			current += text.slice(i, i + 2);
			i++;
			continue;
		}
		if (char === '"') inQuotes = !inQuotes;
		if (char === separator && !inQuotes) {
			parts.push(current.trim());
			current = '';
		} else {
			current += char;
		}
	}
	parts.push(current.trim());
	return parts;
}

/** undefined for an unbalanced or trailing-garbage string, so a broken member is dropped. */
function unquote(text: string): string | undefined {
	const match = /^"((?:[^"\\]|\\.)*)"$/.exec(text);
	return match ? match[1].replace(/\\(.)/g, '$1') : undefined;
}

/**
 * A reset is meant as delay-seconds, but the Messangi seed sends a Go duration, and
 * X-RateLimit-Reset is often a Unix timestamp: a plain number beyond a year of seconds cannot
 * sensibly be a delay, so it is read as epoch seconds, or epoch milliseconds when larger still.
 */
export function parseResetMs(value: string | undefined, nowMs: number): number | undefined {
	if (value === undefined) return undefined;
	const text = value.trim();
	const number = Number(text);
	if (!PLAIN_NUMBER.test(text) || number * SECOND_MS <= ONE_YEAR_MS) return parseDurationToMs(text);
	return delayUntil(number < EPOCH_MILLIS_FROM ? number * SECOND_MS : number, nowMs);
}

export function parseDuration(value: string | undefined): number | undefined {
	return value === undefined ? undefined : parseDurationToMs(value);
}

/** Limits and remaining counts are whole requests; anything else is garbage. */
export function parseCount(value: string | undefined): number | undefined {
	if (value === undefined || !COUNT.test(value.trim())) return undefined;
	const count = Number(value);
	return Number.isSafeInteger(count) ? count : undefined;
}

function delayUntil(epochMs: number | undefined, nowMs: number): number | undefined {
	return epochMs === undefined ? undefined : plausibleMs(Math.max(0, epochMs - nowMs));
}

/** Keeps callers' arithmetic safe: every number this module returns is finite and >= 0. */
function plausibleMs(ms: number): number | undefined {
	return Number.isFinite(ms) && ms >= 0 && ms <= Number.MAX_SAFE_INTEGER ? ms : undefined;
}

function fullYear(year: string, nowMs: number): number {
	if (year.length === 4) return Number(year);
	// RFC 9110 §5.6.7: a two-digit year more than 50 years ahead belongs to the last century.
	const nowYear = new Date(nowMs).getUTCFullYear();
	const candidate = nowYear - (nowYear % 100) + Number(year);
	return candidate > nowYear + 50 ? candidate - 100 : candidate;
}

function utcDate(
	year: number,
	month: string,
	day: string,
	hours: string,
	minutes: string,
	seconds: string,
): number | undefined {
	const monthIndex = MONTHS.indexOf(month.toLowerCase());
	const [d, h, m, s] = [day, hours, minutes, seconds].map(Number);
	const ms = Date.UTC(year, monthIndex, d, h, m, s);
	// Date.UTC rolls "31 Feb" or "25:00" into another date; a round trip catches it.
	const valid = monthIndex >= 0 && h < 24 && m < 60 && s < 60 && new Date(ms).getUTCDate() === d;
	return valid && Number.isFinite(ms) ? ms : undefined;
}

export function optional<T>(value: T | undefined): T[] {
	return value === undefined ? [] : [value];
}
