// Property: whatever headers a provider (or a proxy in front of it) sends, reading them never
// throws and never yields a wait, reset, window or count that is negative or not finite. Headers
// are built from every generation PROVIDERS.md §2 lists, then bent: odd case, stray spaces,
// truncation, huge and negative numbers, dates far in the past and future, repeated fields as
// arrays, and values of the wrong type. The seed is fixed (test/support/propertyRuns.ts).
import fc, { type Arbitrary } from 'fast-check';

import { longestResetMs, parseRateLimitHeaders, type RateLimitSignal, type ResponseHeaders } from '../../../nodes/WhatsAppSession/transport/rateLimitHeaders';
import { parseDurationToMs, parseHttpDate, parseList, parseRetryAfter } from '../../../nodes/WhatsAppSession/transport/headerValues';
import { providerWaitMs } from '../../../nodes/WhatsAppSession/transport/providerWait';
import { propertyParameters, reportCounts } from '../../support/propertyRuns';

const HEADER_SETS = 3_000;
const HEADER_VALUES = 2_000;

const NAMES = [
	'retry-after',
	'ratelimit',
	'ratelimit-policy',
	'ratelimit-limit',
	'ratelimit-remaining',
	'ratelimit-reset',
	'x-ratelimit-limit',
	'x-ratelimit-remaining',
	'x-ratelimit-reset',
];

const anyCase = (name: string): Arbitrary<string> =>
	fc.array(fc.boolean(), { minLength: name.length, maxLength: name.length }).map((upper) =>
		Array.from(name, (char, index) => (upper[index] === true ? char.toUpperCase() : char)).join(''),
	);

const headerName: Arbitrary<string> = fc.oneof(
	{ weight: 6, arbitrary: fc.constantFrom(...NAMES).chain(anyCase) },
	{ weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

const number: Arbitrary<string> = fc.oneof(
	fc.nat({ max: 100_000 }).map(String),
	fc.integer({ min: -1_000, max: -1 }).map(String),
	fc.double({ noNaN: false }).map(String),
	fc.constantFrom('0', '0.5', '.5', '1e308', '99999999999999999999', '-0', 'NaN', 'Infinity', '1_000', ' 7 '),
);

const goDuration: Arbitrary<string> = fc
	.array(fc.tuple(fc.oneof(fc.nat({ max: 10_000 }).map(String), fc.constantFrom('1.5', '.5', '0', '1e3')), fc.constantFrom('ns', 'us', 'µs', 'μs', 'ms', 's', 'm', 'h', 'd', '')), { minLength: 1, maxLength: 4 })
	.map((parts) => parts.map(([amount, unit]) => `${amount}${unit}`).join(''));

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const httpDate: Arbitrary<string> = fc
	.tuple(fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }), fc.constantFrom('imf', 'rfc850', 'asctime', 'broken'))
	.map(([date, form]) => {
		const imf = date.toUTCString();
		if (form === 'imf') return imf;
		const [, day = '', month = '', year = '', time = ''] = imf.split(' ');
		if (form === 'rfc850') return `${WEEKDAYS[date.getUTCDay()] ?? 'Sun'}day, ${day}-${month}-${year.slice(-2)} ${time} GMT`;
		if (form === 'asctime') return `${WEEKDAYS[date.getUTCDay()] ?? 'Sun'} ${month} ${day.replace(/^0/, ' ')} ${time} ${year}`;
		return imf.replace('GMT', 'UTC').replace(':', '');
	});

const policy: Arbitrary<string> = fc
	.array(fc.tuple(number, number, fc.constantFrom('', ' ')), { minLength: 1, maxLength: 3 })
	.map((members) => members.map(([quota, window, space]) => `${quota};w=${space}${window}`).join(', '));

const draft07: Arbitrary<string> = fc
	.tuple(number, number, fc.oneof(number, goDuration))
	.map(([limit, remaining, reset]) => `limit=${limit}, remaining=${remaining}, reset=${reset}`);

const draft08: Arbitrary<string> = fc
	.array(fc.tuple(fc.constantFrom('"permin"', '"perhr"', '"60"', 'default', '""'), fc.constantFrom('q', 'w', 'r', 't', 'pk'), number, fc.constantFrom('q', 'w', 'r', 't'), number), { minLength: 1, maxLength: 3 })
	.map((members) => members.map(([name, key1, value1, key2, value2]) => `${name};${key1}=${value1};${key2}=${value2}`).join(', '));

const wellFormedish: Arbitrary<string> = fc.oneof(number, goDuration, httpDate, policy, draft07, draft08);

/** Cuts, splices and pads a value, which reaches deeper into a parser than noise does. */
const bent: Arbitrary<string> = fc
	.tuple(wellFormedish, fc.nat(), fc.nat({ max: 4 }), fc.string({ unit: fc.constantFrom(...',;="\\ \t-.:0123456789abcwqrt'), maxLength: 4 }))
	.map(([text, at, cut, insert]) => {
		const position = at % (text.length + 1);
		return `${text.slice(0, position)}${insert}${text.slice(position + cut)}`;
	});

const headerValue: Arbitrary<unknown> = fc.oneof(
	{ weight: 4, arbitrary: wellFormedish },
	{ weight: 3, arbitrary: bent },
	{ weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
	{ weight: 1, arbitrary: fc.array(fc.oneof(wellFormedish, bent), { maxLength: 3 }) },
	{ weight: 1, arbitrary: fc.oneof(fc.double(), fc.integer()) },
	{ weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, null, true, {}, [null], [5], Symbol('x')) },
);

/** A value of the kind its header carries, so most sets say something the parser can use. */
function fittingValue(name: string): Arbitrary<unknown> {
	const lower = name.toLowerCase();
	if (lower === 'retry-after') return fc.oneof(number, httpDate);
	if (lower === 'ratelimit-policy') return fc.oneof(policy, draft08);
	if (lower === 'ratelimit') return fc.oneof(draft07, draft08);
	if (lower.endsWith('-reset')) return fc.oneof(number, goDuration, fc.integer({ min: 1_500_000_000, max: 2_000_000_000 }).map(String));
	return number;
}

const fittingEntry: Arbitrary<[string, unknown]> = fc
	.constantFrom(...NAMES)
	.chain(anyCase)
	.chain((name) => fc.tuple(fc.constant(name), fc.oneof({ weight: 3, arbitrary: fittingValue(name) }, { weight: 1, arbitrary: headerValue })));

const headers: Arbitrary<unknown> = fc.oneof(
	{ weight: 8, arbitrary: fc.array(fittingEntry, { minLength: 1, maxLength: 6 }).map((entries) => Object.fromEntries(entries)) },
	{ weight: 4, arbitrary: fc.dictionary(headerName, headerValue, { maxKeys: 6 }) },
	{ weight: 1, arbitrary: fc.constantFrom<unknown>(null, undefined, 'ratelimit-limit: 5', 42, [['retry-after', '5']]) },
);

/** Epoch milliseconds of a clock, including the far ends of what Date can hold. */
const now: Arbitrary<number> = fc.oneof(
	fc.integer({ min: 1_500_000_000_000, max: 2_000_000_000_000 }),
	fc.constantFrom(0, 8.64e15, -8.64e15, Date.UTC(2025, 0, 15, 12)),
);

/** The fields n8n's request helper can hand over: entries of another type never reach the node. */
function responseHeadersOf(value: unknown): ResponseHeaders {
	const headers: ResponseHeaders = {};
	if (typeof value !== 'object' || value === null) return headers;
	for (const [name, entry] of Object.entries(value)) {
		if (typeof entry === 'string' || typeof entry === 'number') headers[name] = entry;
		else if (Array.isArray(entry)) headers[name] = entry.filter((part): part is string => typeof part === 'string');
	}
	return headers;
}

function isWait(value: number | undefined): boolean {
	return value === undefined || (Number.isFinite(value) && value >= 0);
}

function numbersIn(signal: RateLimitSignal): number[] {
	return [
		...(signal.retryAfterMs === undefined ? [] : [signal.retryAfterMs]),
		...signal.quotas.flatMap((quota) => [quota.limit, quota.remaining, quota.resetAfterMs, quota.windowMs].filter((value) => value !== undefined)),
	];
}

describe('rate-limit headers, read from random header sets', () => {
	it(`never throw and never give a negative or non-finite wait: ${HEADER_SETS} header sets`, () => {
		let runs = 0;
		let quotasSeen = 0;
		let pausesSeen = 0;
		fc.assert(
			fc.property(headers, now, (headerSet, nowMs) => {
				const signal = parseRateLimitHeaders(headerSet, nowMs);
				runs += 1;
				quotasSeen += signal.quotas.length;
				expect(numbersIn(signal).filter((value) => !isWait(value))).toEqual([]);
				// The wait the node applies: to a 429 and to a 503 carrying these headers.
				const pause = providerWaitMs({ kind: 'rateLimited', response: { statusCode: 429, headers: responseHeadersOf(headerSet), body: null } }, nowMs);
				const serverPause = providerWaitMs({ kind: 'rejected', response: { statusCode: 503, headers: responseHeadersOf(headerSet), body: null } }, nowMs);
				if (pause !== undefined) pausesSeen += 1;
				expect(isWait(pause)).toBe(true);
				expect(isWait(serverPause)).toBe(true);
				expect(isWait(longestResetMs(signal.quotas))).toBe(true);
			}),
			propertyParameters(HEADER_SETS),
		);
		reportCounts('rate-limit header sets', { runs, quotasSeen, pausesSeen });
		// The generators must reach the parser's insides: noise that never parses proves nothing.
		expect(quotasSeen).toBeGreaterThan(HEADER_SETS / 2);
		expect(pausesSeen).toBeGreaterThan(HEADER_SETS / 4);
	});

	it(`read every single value without throwing, to a wait that is absent or finite and not negative: ${HEADER_VALUES} values`, () => {
		fc.assert(
			fc.property(fc.oneof(wellFormedish, bent, fc.string()), now, (value, nowMs) => {
				expect(isWait(parseDurationToMs(value))).toBe(true);
				expect(isWait(parseRetryAfter(value, nowMs))).toBe(true);
				const date = parseHttpDate(value, nowMs);
				expect(date === undefined || Number.isFinite(date)).toBe(true);
				expect(parseList(value).every((member) => typeof member.item === 'string')).toBe(true);
			}),
			propertyParameters(HEADER_VALUES),
		);
	});
});
