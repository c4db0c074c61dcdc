import { longestResetMs, parseRateLimitHeaders, type RateLimitSignal, type ResponseHeaders } from '../../../nodes/WhatsAppSession/transport/rateLimitHeaders';
import { parseDurationToMs, parseHttpDate, parseList, parseRetryAfter } from '../../../nodes/WhatsAppSession/transport/headerValues';
import { pauseBeforeNextRequestMs } from '../../support/pauseBeforeNextRequest';

// A fixed clock: Wednesday, 15 January 2025, 12:00:00 UTC.
const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);
const NOW_S = NOW / 1000;


const SEED_HEADERS: ResponseHeaders = {
	'ratelimit-limit': '2',
	'ratelimit-policy': '2;w= 300',
	'ratelimit-remaining': '1',
	'ratelimit-reset': '5m0s',
};
const SEED_QUOTA = { limit: 2, remaining: 1, resetAfterMs: 300_000, windowMs: 300_000 };
const DRAFT_08_QUOTAS = [
	{ policyName: 'permin', limit: 50, windowMs: 60_000, remaining: 0, resetAfterMs: 30_000 },
	{ policyName: 'perhr', limit: 1000, windowMs: 3_600_000, remaining: 900, resetAfterMs: 3_000_000 },
];

describe('parseDurationToMs', () => {
	test.each<[string, number]>([
		['30', 30_000],
		['0', 0],
		[' 30 ', 30_000],
		['1.5', 1_500],
		['.5', 500],
		['5m0s', 300_000],
		['1m30s', 90_000],
		['300ms', 300],
		['1h2m3.5s', 3_723_500],
		['1.5s', 1_500],
		['1h', 3_600_000],
		['2us', 0.002],
		['2µs', 0.002],
		['2μs', 0.002],
		['1500ns', 0.0015],
		['1m1ms', 60_001],
	])('reads %j as %d ms', (value, expected) => {
		expect(parseDurationToMs(value)).toBeCloseTo(expected, 9);
	});

	test.each([
		'',
		'   ',
		'-1',
		'-5m',
		'+5',
		'abc',
		'5x',
		'5 m',
		'5m0',
		'm5',
		'1.2.3',
		'1e3',
		'0x10',
		'NaN',
		'Infinity',
		'5m-3s',
		'9'.repeat(400),
		'99999999999999999',
		'9999999999999999h',
	])('ignores %j', (value) => {
		expect(parseDurationToMs(value)).toBeUndefined();
	});
});

describe('parseHttpDate', () => {
	test.each<[string, number]>([
		['Sun, 06 Nov 1994 08:49:37 GMT', Date.UTC(1994, 10, 6, 8, 49, 37)],
		['Sunday, 06-Nov-94 08:49:37 GMT', Date.UTC(1994, 10, 6, 8, 49, 37)],
		['Sun Nov  6 08:49:37 1994', Date.UTC(1994, 10, 6, 8, 49, 37)],
		['sun, 06 nov 1994 08:49:37 gmt', Date.UTC(1994, 10, 6, 8, 49, 37)],
		// RFC 9110: two-digit years more than 50 years ahead of now belong to the last century.
		['Monday, 01-Jan-74 00:00:00 GMT', Date.UTC(2074, 0, 1)],
		['Wednesday, 01-Jan-76 00:00:00 GMT', Date.UTC(1976, 0, 1)],
	])('reads %j', (value, expected) => {
		expect(parseHttpDate(value, NOW)).toBe(expected);
	});

	test.each([
		'',
		'2025-01-15T12:00:30Z',
		'Wed, 31 Feb 2025 12:00:00 GMT',
		'Wed, 15 Jan 2025 24:00:00 GMT',
		'Wed, 15 Jan 2025 12:60:00 GMT',
		'Wed, 15 Jan 2025 12:00:60 GMT',
		'Wed, 00 Jan 2025 12:00:00 GMT',
		'Wed, 15 Foo 2025 12:00:00 GMT',
		'Wed, 15 Jan 2025 12:00:30 PST',
		'Wed, 15 Jan 2025 12:00 GMT',
		'Wed Jan 15 12:00:05',
	])('ignores %j', (value) => {
		expect(parseHttpDate(value, NOW)).toBeUndefined();
	});
});

describe('parseRetryAfter', () => {
	test.each<[string, number]>([
		['120', 120_000],
		['0', 0],
		['1.5', 1_500],
		['Wed, 15 Jan 2025 12:00:30 GMT', 30_000],
		['Wednesday, 15-Jan-25 12:01:00 GMT', 60_000],
		['Sat Feb  1 12:00:00 2025', 17 * 24 * 3_600_000],
		['Sun, 06 Nov 1994 08:49:37 GMT', 0],
		['Wed, 15 Jan 2025 11:59:59 GMT', 0],
		['  Wed, 15 Jan 2025 12:00:30 GMT  ', 30_000],
	])('reads %j as %d ms', (value, expected) => {
		expect(parseRetryAfter(value, NOW)).toBe(expected);
	});

	test.each(['', 'soon', '-5', 'Wed, 31 Feb 2025 12:00:00 GMT', '2025-01-15T12:00:30Z', '1e3'])(
		'ignores %j',
		(value) => {
			expect(parseRetryAfter(value, NOW)).toBeUndefined();
		},
	);

	test('ignores an HTTP-date when the clock is not a number', () => {
		expect(parseRetryAfter('Wed, 15 Jan 2025 12:00:30 GMT', Number.NaN)).toBeUndefined();
	});
});

describe('parseList', () => {
	test.each<[string, string, Array<[string, string | undefined, boolean, Record<string, string>]>]>([
		['bare integers with windows', '10, 10;w=1, 50;w=60', [
			['10', undefined, false, {}],
			['10', undefined, false, { w: '1' }],
			['50', undefined, false, { w: '60' }],
		]],
		['a space after "="', '2;w= 300', [['2', undefined, false, { w: '300' }]]],
		['a dictionary', 'limit=10, Remaining=0,reset=10', [
			['limit', '10', false, {}],
			['remaining', '0', false, {}],
			['reset', '10', false, {}],
		]],
		['quoted names', '"permin";q=50;W=60, "perhr";q=1000;w=3600', [
			['permin', undefined, true, { q: '50', w: '60' }],
			['perhr', undefined, true, { q: '1000', w: '3600' }],
		]],
		['separators inside quotes', '"a,b;c";comment="x, y; z"', [
			['a,b;c', undefined, true, { comment: 'x, y; z' }],
		]],
		['an escaped quote', '"a\\"b";q=1', [['a"b', undefined, true, { q: '1' }]]],
		['a byte-sequence parameter', '"p";pk=:cHJvZmlsZQ==:', [['p', undefined, true, { pk: ':cHJvZmlsZQ==:' }]]],
		['empty members', ' , ,10,', [['10', undefined, false, {}]]],
		['an unbalanced quote', '"permin;r=0, "perhr";r=1', []],
		['trailing garbage after a quote', '"permin"x;r=0, 5', [['5', undefined, false, {}]]],
		// The stray quote opens a quoted run that hides the comma, so the whole line is one bad member.
		['a stray quote in a token', 'ab"c, 5', []],
		['a parameter without a value', '5;flag;w=2', [['5', undefined, false, { w: '2' }]]],
	])('tokenizes %s', (_name, text, expected) => {
		const members = parseList(text).map((member) => [
			member.item,
			member.value,
			member.quoted,
			Object.fromEntries(member.params),
		]);
		expect(members).toEqual(expected);
	});
});

describe('parseRateLimitHeaders', () => {
	test.each<[string, ResponseHeaders, RateLimitSignal]>([
		['the Messangi seed exactly', SEED_HEADERS, { quotas: [SEED_QUOTA] }],
		[
			'the Messangi seed in mixed-case names',
			{
				'RateLimit-Limit': '2',
				'RATELIMIT-POLICY': '2;w= 300',
				'Ratelimit-Remaining': '1',
				'rateLimit-reset': '5m0s',
			},
			{ quotas: [SEED_QUOTA] },
		],
		[
			'generation 1: plain limit, remaining, reset',
			{ 'RateLimit-Limit': '10', 'RateLimit-Remaining': '0', 'RateLimit-Reset': '7' },
			{ quotas: [{ limit: 10, remaining: 0, resetAfterMs: 7_000 }] },
		],
		[
			'generation 1: inline policies after the limit (drafts 01-03)',
			{ 'RateLimit-Limit': '10, 10;w=1, 50;w=60', 'RateLimit-Remaining': '3', 'RateLimit-Reset': '1' },
			{
				quotas: [
					{ limit: 10, remaining: 3, resetAfterMs: 1_000, windowMs: 1_000 },
					{ limit: 50, windowMs: 60_000 },
				],
			},
		],
		[
			'generation 1: a Go duration reset with fractional seconds',
			{ 'ratelimit-remaining': '0', 'ratelimit-reset': '1m30.5s' },
			{ quotas: [{ remaining: 0, resetAfterMs: 90_500 }] },
		],
		[
			'generation 2: the policy whose quota equals the limit is the one in force',
			{
				'RateLimit-Limit': '50',
				'RateLimit-Remaining': '49',
				'RateLimit-Reset': '30',
				'RateLimit-Policy': '10;w=1, 50;w=60;comment="sliding window"',
			},
			{
				quotas: [
					{ limit: 50, remaining: 49, resetAfterMs: 30_000, windowMs: 60_000 },
					{ limit: 10, windowMs: 1_000 },
				],
			},
		],
		[
			'generation 2: burst and comment parameters are ignored',
			{ 'RateLimit-Limit': '100', 'RateLimit-Policy': '100;w=60;burst=1000;comment="x;y"' },
			{ quotas: [{ limit: 100, windowMs: 60_000 }] },
		],
		[
			'generation 2: a sole policy joins counters that omit the limit',
			{ 'RateLimit-Policy': '2;w=300', 'RateLimit-Remaining': '0', 'RateLimit-Reset': '60' },
			{ quotas: [{ limit: 2, remaining: 0, resetAfterMs: 60_000, windowMs: 300_000 }] },
		],
		[
			'generation 2: a limit no policy matches keeps the policies apart',
			{ 'RateLimit-Limit': '7', 'RateLimit-Policy': '10;w=1' },
			{ quotas: [{ limit: 7 }, { limit: 10, windowMs: 1_000 }] },
		],
		[
			'draft 07: one dictionary',
			{ RateLimit: 'limit=10, remaining=0, reset=10' },
			{ quotas: [{ limit: 10, remaining: 0, resetAfterMs: 10_000 }] },
		],
		[
			'draft 07: dictionary keys in any case, with RateLimit-Policy',
			{ ratelimit: 'Limit=10, REMAINING=0, reset=10', 'ratelimit-policy': '10;w=1, 50;w=60' },
			{
				quotas: [
					{ limit: 10, remaining: 0, resetAfterMs: 10_000, windowMs: 1_000 },
					{ limit: 50, windowMs: 60_000 },
				],
			},
		],
		[
			'draft 08: named policies joined to their counters',
			{
				'RateLimit-Policy': '"permin";q=50;w=60, "perhr";q=1000;w=3600',
				RateLimit: '"permin";r=0;t=30, "perhr";r=900;t=3000',
			},
			{ quotas: DRAFT_08_QUOTAS },
		],
		[
			'draft 08: fields split over several header lines (string[])',
			{
				'ratelimit-policy': ['"permin";q=50;w=60', '"perhr";q=1000;w=3600'],
				ratelimit: ['"perhr";r=900;t=3000', '"permin";r=0;t=30'],
			},
			{ quotas: DRAFT_08_QUOTAS },
		],
		[
			'draft 08: the same field under two spellings of its name',
			{ 'RateLimit-Policy': '"permin";q=50;w=60', 'ratelimit-policy': '"perhr";q=1000;w=3600' },
			{
				quotas: [
					{ policyName: 'permin', limit: 50, windowMs: 60_000 },
					{ policyName: 'perhr', limit: 1000, windowMs: 3_600_000 },
				],
			},
		],
		[
			'draft 08: a numeric policy name, a partition key and an undeclared policy',
			{
				'RateLimit-Policy': '"60";q=60;w=60;pk=:cHJvZmlsZQ==:',
				RateLimit: '"60";r=59;t=1, "daily";r=0;t=86400',
			},
			{
				quotas: [
					{ policyName: '60', limit: 60, windowMs: 60_000, remaining: 59, resetAfterMs: 1_000 },
					{ policyName: 'daily', remaining: 0, resetAfterMs: 86_400_000 },
				],
			},
		],
		[
			'draft 09+: bare-token policy names',
			{ 'RateLimit-Policy': 'burst;q=100;w=60', RateLimit: 'burst;r=0;t=5' },
			{ quotas: [{ policyName: 'burst', limit: 100, windowMs: 60_000, remaining: 0, resetAfterMs: 5_000 }] },
		],
		[
			'X-RateLimit-*: reset in seconds',
			{ 'X-RateLimit-Limit': '60', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '60' },
			{ quotas: [{ limit: 60, remaining: 0, resetAfterMs: 60_000 }] },
		],
		[
			'X-RateLimit-*: reset as epoch seconds',
			{ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW_S + 90) },
			{ quotas: [{ remaining: 0, resetAfterMs: 90_000 }] },
		],
		[
			'X-RateLimit-*: reset as fractional epoch seconds',
			{ 'x-ratelimit-reset': String(NOW_S + 1.25) },
			{ quotas: [{ resetAfterMs: 1_250 }] },
		],
		[
			'X-RateLimit-*: reset as epoch milliseconds',
			{ 'x-ratelimit-reset': String(NOW + 2_500) },
			{ quotas: [{ resetAfterMs: 2_500 }] },
		],
		[
			'X-RateLimit-*: an epoch in the past',
			{ 'x-ratelimit-reset': String(NOW_S - 10) },
			{ quotas: [{ resetAfterMs: 0 }] },
		],
		[
			'X-RateLimit-*: exactly one year of seconds is still a delay',
			{ 'x-ratelimit-reset': '31536000' },
			{ quotas: [{ resetAfterMs: 31_536_000_000 }] },
		],
		[
			'X-RateLimit-*: one second more is an epoch (1971, so already past)',
			{ 'x-ratelimit-reset': '31536001' },
			{ quotas: [{ resetAfterMs: 0 }] },
		],
		[
			'X-RateLimit-*: numbers instead of strings',
			{ 'x-ratelimit-limit': 60, 'x-ratelimit-remaining': 0, 'x-ratelimit-reset': NOW_S + 5 },
			{ quotas: [{ limit: 60, remaining: 0, resetAfterMs: 5_000 }] },
		],
		[
			'RateLimit-Reset as an epoch too (some servers do)',
			{ 'ratelimit-reset': String(NOW_S + 3) },
			{ quotas: [{ resetAfterMs: 3_000 }] },
		],
		[
			'both families: one quota each',
			{ ...SEED_HEADERS, 'x-ratelimit-limit': '1000', 'x-ratelimit-remaining': '999' },
			{ quotas: [SEED_QUOTA, { limit: 1000, remaining: 999 }] },
		],
		[
			'Retry-After as delay-seconds beside quotas',
			{ ...SEED_HEADERS, 'Retry-After': '120' },
			{ retryAfterMs: 120_000, quotas: [SEED_QUOTA] },
		],
		[
			'Retry-After as an HTTP-date, upper case name',
			{ 'RETRY-AFTER': 'Wed, 15 Jan 2025 12:00:30 GMT' },
			{ retryAfterMs: 30_000, quotas: [] },
		],
		[
			'Retry-After repeated: the first usable value',
			{ 'retry-after': ['soon', 'Wed, 15 Jan 2025 12:00:30 GMT', '5'] },
			{ retryAfterMs: 30_000, quotas: [] },
		],
		['Retry-After as a number', { 'retry-after': 2 }, { retryAfterMs: 2_000, quotas: [] }],
		['no rate-limit headers', { 'content-type': 'application/json', 'x-request-id': '42' }, { quotas: [] }],
		['no headers at all', {}, { quotas: [] }],
	])('%s', (_name, headers, expected) => {
		expect(parseRateLimitHeaders(headers, NOW)).toStrictEqual(expected);
	});

	describe('ignores malformed values, keeping whatever else is usable', () => {
		test.each<[string, unknown, RateLimitSignal]>([
			['a word as limit', { 'ratelimit-limit': 'abc' }, { quotas: [] }],
			['a negative remaining', { 'ratelimit-remaining': '-1' }, { quotas: [] }],
			['a fractional remaining', { 'ratelimit-remaining': '1.5' }, { quotas: [] }],
			['NaN and Infinity', { 'ratelimit-remaining': 'NaN', 'ratelimit-reset': 'Infinity' }, { quotas: [] }],
			['empty and blank strings', { 'ratelimit-limit': '', 'ratelimit-remaining': '   ', 'retry-after': '' }, { quotas: [] }],
			['a negative reset', { 'ratelimit-reset': '-30' }, { quotas: [] }],
			['a limit beyond safe integers', { 'ratelimit-limit': '99999999999999999999' }, { quotas: [] }],
			['an exponent', { 'ratelimit-reset': '1e309', 'x-ratelimit-limit': '1e3' }, { quotas: [] }],
			['a 400-digit reset', { 'x-ratelimit-reset': '9'.repeat(400) }, { quotas: [] }],
			['an epoch far beyond any plausible date', { 'x-ratelimit-reset': '9'.repeat(30) }, { quotas: [] }],
			['a negative window', { 'ratelimit-limit': '5', 'ratelimit-policy': '5;w=-1' }, { quotas: [{ limit: 5 }] }],
			['an unbalanced quote', { 'ratelimit-policy': '"permin;q=50;w=60' }, { quotas: [] }],
			[
				'an unbalanced quote swallows the rest of the line only',
				{ 'ratelimit-policy': ['"perhr";q=1000;w=3600', '"permin;q=50;w=60, "x";q=1'] },
				{ quotas: [{ policyName: 'perhr', limit: 1000, windowMs: 3_600_000 }] },
			],
			['a policy name with only bad numbers', { 'ratelimit-policy': '"permin";q=abc;w=-1', ratelimit: '"permin";r=;t=x' }, { quotas: [] }],
			['a dictionary of garbage', { ratelimit: 'limit=ten, remaining=, reset=soon' }, { quotas: [] }],
			['garbage before a good remaining', { 'ratelimit-remaining': 'garbage, 4' }, { quotas: [{ remaining: 4 }] }],
			['garbage before a good limit', { 'ratelimit-limit': 'abc, 10;w=60' }, { quotas: [{ limit: 10, windowMs: 60_000 }] }],
			['an unparseable Retry-After beside good quotas', { ...SEED_HEADERS, 'retry-after': 'later' }, { quotas: [SEED_QUOTA] }],
			['a negative Retry-After', { 'retry-after': '-5' }, { quotas: [] }],
			[
				'values of the wrong type',
				{
					'ratelimit-limit': null,
					'ratelimit-remaining': {},
					'ratelimit-reset': true,
					'x-ratelimit-limit': Number.NaN,
					'x-ratelimit-remaining': -Infinity,
					'x-ratelimit-reset': [null, {}, ['5']],
					'retry-after': [null, 5],
				},
				{ retryAfterMs: 5_000, quotas: [] },
			],
			['negative numbers', { 'x-ratelimit-remaining': -1, 'retry-after': -3 }, { quotas: [] }],
			['null instead of headers', null, { quotas: [] }],
			['undefined instead of headers', undefined, { quotas: [] }],
			['a string instead of headers', 'ratelimit-limit: 5', { quotas: [] }],
		])('%s', (_name, headers, expected) => {
			expect(parseRateLimitHeaders(headers, NOW)).toStrictEqual(expected);
		});
	});
});

describe('pauseBeforeNextRequestMs', () => {
	test.each<[string, RateLimitSignal, number | undefined]>([
		['Retry-After wins over an exhausted quota', { retryAfterMs: 5_000, quotas: [{ remaining: 0, resetAfterMs: 9_000 }] }, 5_000],
		['Retry-After wins even when it is 0', { retryAfterMs: 0, quotas: [{ remaining: 0, resetAfterMs: 9_000 }] }, 0],
		[
			'the longest reset among exhausted quotas only',
			{
				quotas: [
					{ policyName: 'permin', remaining: 0, resetAfterMs: 30_000 },
					{ policyName: 'perhr', remaining: 0, resetAfterMs: 3_000_000 },
					{ policyName: 'perday', remaining: 5, resetAfterMs: 80_000_000 },
				],
			},
			3_000_000,
		],
		['an exhausted quota without reset waits its window', { quotas: [{ remaining: 0, windowMs: 60_000 }] }, 60_000],
		['an exhausted quota that says nothing of time', { quotas: [{ limit: 10, remaining: 0 }] }, undefined],
		['quota left: no pause', { quotas: [{ limit: 10, remaining: 3, resetAfterMs: 9_000 }] }, 0],
		['a quota with only a limit: no pause', { quotas: [{ limit: 10 }] }, 0],
		['nothing usable', { quotas: [] }, undefined],
	])('%s', (_name, signal, expected) => {
		expect(pauseBeforeNextRequestMs(signal)).toBe(expected);
	});

	test.each<[string, ResponseHeaders, number | undefined]>([
		['the Messangi seed still has quota', SEED_HEADERS, 0],
		['the seed exhausted', { ...SEED_HEADERS, 'ratelimit-remaining': '0' }, 300_000],
		['draft 08 exhausted per minute', { RateLimit: '"permin";r=0;t=30, "perhr";r=900;t=3000' }, 30_000],
		['Retry-After date', { 'retry-after': 'Wed, 15 Jan 2025 12:00:30 GMT', ...SEED_HEADERS }, 30_000],
		['garbage only', { 'ratelimit-reset': 'soon' }, undefined],
	])('from headers: %s', (_name, headers, expected) => {
		expect(pauseBeforeNextRequestMs(parseRateLimitHeaders(headers, NOW))).toBe(expected);
	});
});

describe('longestResetMs', () => {
	test.each<[string, RateLimitSignal['quotas'], number | undefined]>([
		['the seed 429 reports quota left, yet the reset is known', [SEED_QUOTA], 300_000],
		['the longest of several', [{ resetAfterMs: 1_000 }, { resetAfterMs: 7_000 }, { resetAfterMs: 3_000 }], 7_000],
		['a window stands in for an unknown reset', [{ resetAfterMs: 1_000 }, { windowMs: 60_000 }], 60_000],
		['a reset takes precedence over its own window', [{ resetAfterMs: 1_000, windowMs: 60_000 }], 1_000],
		['nothing known', [{ limit: 5 }], undefined],
		['no quotas', [], undefined],
	])('%s', (_name, quotas, expected) => {
		expect(longestResetMs(quotas)).toBe(expected);
	});
});
