// The project's TypeScript style is enforced by `npm run lint`; this keeps the lint configuration
// itself honest. ESLint's own API lints, with the repository's eslint.config.js, a snippet holding
// each forbidden construct as if it were a file of the node, a credential and a test, so turning a
// rule off or narrowing its files makes this test fail.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';

import { isPlainObject } from '../../../nodes/WhatsAppSession/util/values';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

const ESCAPE_HATCHES = 'export const x: any = (1 as unknown as string)!;\n';
const STRICT_RULES = [
	'@typescript-eslint/consistent-type-assertions',
	'@typescript-eslint/no-explicit-any',
	'@typescript-eslint/no-non-null-assertion',
];
const AS_CONST = "export const kinds = ['a', 'b'] as const;\n";
const SKIPPED_AND_FOCUSED = "it.skip('a', () => undefined);\ndescribe.only('b', () => undefined);\nxit('c', () => undefined);\n";

interface Probe {
	filePath: string;
	code: string;
}

const PROBES: Probe[] = [
	{ filePath: 'nodes/WhatsAppSession/message/lintProbe.ts', code: ESCAPE_HATCHES },
	{ filePath: 'credentials/LintProbe.credentials.ts', code: ESCAPE_HATCHES },
	{ filePath: 'test/unit/lintProbe.test.ts', code: ESCAPE_HATCHES },
	{ filePath: 'test/support/lintProbe.ts', code: ESCAPE_HATCHES },
	{ filePath: 'nodes/WhatsAppSession/message/asConstProbe.ts', code: AS_CONST },
	{ filePath: 'test/unit/skipProbe.test.ts', code: SKIPPED_AND_FOCUSED },
];

// ESLint imports eslint.config.js (and n8n's ESM plugin) with a dynamic import, which jest's module
// sandbox cannot do; a plain Node process lints exactly as `npm run lint` does. One process for
// all probes: loading the plugins takes a few seconds.
const LINT_PROBES = `
const { ESLint } = require('eslint');
(async () => {
	const eslint = new ESLint({ cwd: process.cwd() });
	const probes = JSON.parse(process.argv[1]);
	const results = {};
	for (const probe of probes) {
		const ignored = await eslint.isPathIgnored(probe.filePath);
		const [result] = await eslint.lintText(probe.code, { filePath: probe.filePath });
		results[probe.filePath] = { ignored, ruleIds: result.messages.map((m) => m.ruleId ?? 'fatal: ' + m.message).sort() };
	}
	process.stdout.write(JSON.stringify(results));
})().catch((error) => { console.error(error); process.exit(1); });
`;

jest.setTimeout(120_000);

let findings: Record<string, unknown> = {};

beforeAll(async () => {
	const { stdout } = await promisify(execFile)(process.execPath, ['-e', LINT_PROBES, JSON.stringify(PROBES)], {
		cwd: REPO_ROOT,
		maxBuffer: 1 << 20,
	});
	const parsed: unknown = JSON.parse(stdout);
	if (!isPlainObject(parsed)) throw new Error(`the lint probe printed ${stdout}`);
	findings = parsed;
});

function findingsFor(filePath: string): unknown {
	return findings[filePath];
}

describe('eslint.config.js', () => {
	it.each(PROBES.filter((probe) => probe.code === ESCAPE_HATCHES).map((probe) => probe.filePath))(
		'rejects any, an `as` cast and a non-null assertion in %s',
		(filePath) => {
			// `1 as unknown as string` is two assertions, so that rule reports twice.
			expect(findingsFor(filePath)).toEqual({ ignored: false, ruleIds: [STRICT_RULES[0], ...STRICT_RULES] });
		},
	);

	it('still allows `as const`', () => {
		expect(findingsFor('nodes/WhatsAppSession/message/asConstProbe.ts')).toEqual({ ignored: false, ruleIds: [] });
	});

	it('rejects a skipped or focused test', () => {
		expect(findingsFor('test/unit/skipProbe.test.ts')).toEqual({
			ignored: false,
			ruleIds: ['no-restricted-syntax', 'no-restricted-syntax', 'no-restricted-syntax'],
		});
	});

	it('keeps `npm run lint` over the node, the credentials and the tests, with warnings failing it', () => {
		const packageJson: unknown = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
		const scripts = isPlainObject(packageJson) ? packageJson.scripts : undefined;
		const lint = isPlainObject(scripts) ? scripts.lint : undefined;
		expect(typeof lint).toBe('string');
		const words = String(lint).split(/\s+/);
		expect(words[0]).toBe('eslint');
		expect(words).toEqual(expect.arrayContaining(['nodes', 'credentials', 'test', '--max-warnings=0']));
	});
});
