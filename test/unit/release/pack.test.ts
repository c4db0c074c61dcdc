// What npm ships: `npm pack --dry-run --json` lists the tarball's files without writing it. The
// package must carry everything n8n loads (every node and credential n8n's package.json field
// names, their codex files, icons and output schemas) and nothing else: no tests, no TypeScript
// sources, no source maps (they would point at sources the package does not ship), no examples.
// The size budget keeps an accident (a fixture, a bundled dependency) from reaching users.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';

import type { ICredentialType, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { ConnectlyApi } from '../../../credentials/ConnectlyApi.credentials';
import { TexterApi } from '../../../credentials/TexterApi.credentials';
import { WhatsAppCloudApi } from '../../../credentials/WhatsAppCloudApi.credentials';
import { WhatsAppSessionApi } from '../../../credentials/WhatsAppSessionApi.credentials';
import { WhatsAppSession } from '../../../nodes/WhatsAppSession/WhatsAppSession.node';
import { WhatsAppSessionTrigger } from '../../../nodes/WhatsAppSession/WhatsAppSessionTrigger.node';
import { isPlainObject } from '../../../nodes/WhatsAppSession/util/values';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/**
 * The budget, with about a quarter of room over what was measured once products, catalogs, Flows,
 * account events and the trigger's second version were in (tarball 159,344 bytes, unpacked 673,106,
 * largest file 22,018, 333 files; 0.1.0's first cut was 117,392 / 493,809 / 239 files): a tarball
 * over 200 KiB, over 832 KiB unpacked, or one file over 32 KiB is something nobody meant to ship
 * (the README before its split was 90 KiB).
 */
const BUDGET = { tarballBytes: 200 * 1024, unpackedBytes: 832 * 1024, fileBytes: 32 * 1024 };

/** Files outside dist/ that belong in the package: npm's own, and the main entry. */
const TOP_LEVEL_FILES = ['LICENSE', 'README.md', 'index.js', 'package.json'];

interface PackedFile {
	path: string;
	size: number;
}

interface Pack {
	size: number;
	unpackedSize: number;
	files: PackedFile[];
}

function isPackedFile(value: unknown): value is PackedFile {
	return isPlainObject(value) && typeof value.path === 'string' && typeof value.size === 'number';
}

function packOf(stdout: string): Pack {
	const parsed: unknown = JSON.parse(stdout);
	const [pack] = Array.isArray(parsed) ? parsed : [];
	if (!isPlainObject(pack) || typeof pack.size !== 'number' || typeof pack.unpackedSize !== 'number' || !Array.isArray(pack.files)) {
		throw new Error(`npm pack --dry-run --json printed ${stdout.slice(0, 500)}`);
	}
	return { size: pack.size, unpackedSize: pack.unpackedSize, files: pack.files.filter(isPackedFile) };
}

/**
 * The second half of n8n's scanner (scanner.mjs): it lints the published tarball too, its compiled
 * .js files and package.json, with the same plugins and inline config off, since provenance pins
 * the source commit, not what the build emitted. A Node process of its own: ESLint loads n8n's ESM
 * plugin with a dynamic import, which jest's sandbox cannot do.
 */
const LINT_AS_THE_SCANNER_LINTS_THE_TARBALL = `
const { ESLint } = require('eslint');
const { defineConfig } = require('eslint/config');
const tsParser = require('@typescript-eslint/parser');
const n8nNodesBase = require('eslint-plugin-n8n-nodes-base');
(async () => {
	const { n8nCommunityNodesPlugin } = await import('@n8n/eslint-plugin-community-nodes');
	const config = defineConfig(
		n8nCommunityNodesPlugin.configs.recommended,
		{ rules: { 'no-console': 'error' } },
		{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
		{ files: ['package.json'], rules: { ...n8nNodesBase.configs.community.rules } },
		{ files: ['**/*.json'], languageOptions: { parser: tsParser } },
	);
	const eslint = new ESLint({ cwd: process.cwd(), allowInlineConfig: false, overrideConfigFile: true, overrideConfig: config });
	const results = await eslint.lintFiles(JSON.parse(process.argv[1]));
	const findings = results.flatMap((result) =>
		result.messages.map((m) => require('node:path').relative(process.cwd(), result.filePath) + ': ' + (m.ruleId ?? 'fatal: ' + m.message)),
	);
	process.stdout.write(JSON.stringify(findings));
})().catch((error) => { console.error(error); process.exit(1); });
`;

jest.setTimeout(120_000);

let pack: Pack;
let packed: Set<string>;

beforeAll(async () => {
	// `npm test` builds dist/ before jest runs; alone, this test needs `npm run build` first.
	if (!existsSync(path.join(REPO_ROOT, 'dist', 'nodes'))) throw new Error('dist/ is missing: run `npm run build` first');
	// --ignore-scripts: .npmrc sets it too; prepack would rebuild dist/ under the test's feet.
	const { stdout } = await promisify(execFile)('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: REPO_ROOT,
		maxBuffer: 8 << 20,
	});
	pack = packOf(stdout);
	packed = new Set(pack.files.map((file) => file.path));
});

function n8nField(): { nodes: string[]; credentials: string[] } {
	const packageJson: unknown = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
	const n8n = isPlainObject(packageJson) ? packageJson.n8n : undefined;
	const strings = (value: unknown) => (Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : []);
	return isPlainObject(n8n) ? { nodes: strings(n8n.nodes), credentials: strings(n8n.credentials) } : { nodes: [], credentials: [] };
}

/** The packed paths a `file:` icon resolves to, light and dark, from the compiled file's folder. */
function iconFiles(icon: unknown, compiledDir: string): string[] {
	const references = typeof icon === 'string' ? [icon] : isPlainObject(icon) ? [icon.light, icon.dark] : [];
	return references.map((reference) => {
		if (typeof reference !== 'string' || !reference.startsWith('file:')) throw new Error(`not a file icon: ${String(reference)}`);
		return path.posix.join(compiledDir, reference.slice('file:'.length));
	});
}

const NODES: Array<{ file: string; type: INodeType }> = [
	{ file: 'dist/nodes/WhatsAppSession/WhatsAppSession.node.js', type: new WhatsAppSession() },
	{ file: 'dist/nodes/WhatsAppSession/WhatsAppSessionTrigger.node.js', type: new WhatsAppSessionTrigger() },
];

const CREDENTIALS: Array<{ file: string; type: ICredentialType }> = [
	{ file: 'dist/credentials/WhatsAppSessionApi.credentials.js', type: new WhatsAppSessionApi() },
	{ file: 'dist/credentials/WhatsAppCloudApi.credentials.js', type: new WhatsAppCloudApi() },
	{ file: 'dist/credentials/ConnectlyApi.credentials.js', type: new ConnectlyApi() },
	{ file: 'dist/credentials/TexterApi.credentials.js', type: new TexterApi() },
];

function optionValues(description: INodeTypeDescription, name: string): string[] {
	return [
		...new Set(
			description.properties
				.filter((property) => property.name === name)
				.flatMap((property) => property.options ?? [])
				.flatMap((option) => ('value' in option && typeof option.value === 'string' ? [option.value] : [])),
		),
	];
}

describe('the npm package', () => {
	it('ships every node and credential package.json names for n8n, and this test knows them all', () => {
		const { nodes, credentials } = n8nField();
		expect(nodes.sort()).toEqual(NODES.map((node) => node.file).sort());
		expect(credentials.sort()).toEqual(CREDENTIALS.map((credential) => credential.file).sort());
		for (const file of [...nodes, ...credentials]) expect(packed).toContain(file);
	});

	it.each(NODES)('ships $file with its codex file and icons', ({ file, type }) => {
		expect(packed).toContain(file.replace(/\.js$/, '.json'));
		for (const icon of iconFiles(type.description.icon, path.posix.dirname(file))) expect(packed).toContain(icon);
	});

	it.each(CREDENTIALS)('ships the icons $file points at', ({ file, type }) => {
		for (const icon of iconFiles(type.icon, path.posix.dirname(file))) expect(packed).toContain(icon);
	});

	it('ships an output schema for every operation of the sending node', () => {
		const { description } = new WhatsAppSession();
		const operations = optionValues(description, 'operation');
		expect(operations.length).toBeGreaterThan(10);
		for (const resource of optionValues(description, 'resource')) {
			for (const operation of operations) {
				expect(packed).toContain(`dist/nodes/WhatsAppSession/__schema__/v1.0.0/${resource}/${operation}.json`);
			}
		}
	});

	it('ships the trigger\'s output schema for every version it offers', () => {
		const versions = [new WhatsAppSessionTrigger().description.version].flat();
		expect(versions.length).toBeGreaterThan(1);
		for (const version of versions) {
			const semver = String(version).split('.').concat(['0', '0']).slice(0, 3).join('.');
			expect(packed).toContain(`dist/nodes/WhatsAppSession/__schema__/v${semver}.json`);
		}
	});

	it('ships nothing but dist/ and the top-level files', () => {
		const outside = [...packed].filter((file) => !file.startsWith('dist/') && !TOP_LEVEL_FILES.includes(file));
		expect(outside).toEqual([]);
		for (const file of TOP_LEVEL_FILES) expect(packed).toContain(file);
	});

	it('ships no tests, TypeScript sources, source maps or examples', () => {
		const unwanted = [...packed].filter(
			(file) =>
				/(^|\/)(test|tests|__tests__|examples|bench|scripts)\//.test(file) ||
				/\.test\.|\.spec\./.test(file) ||
				(file.endsWith('.ts') && !file.endsWith('.d.ts')) ||
				file.endsWith('.map'),
		);
		expect(unwanted).toEqual([]);
	});

	it("passes the scanner's lint of the tarball, but for the credential probe's request helper (eslint.config.js says why)", async () => {
		const linted = [...packed].filter((file) => file.endsWith('.js') || file === 'package.json');
		expect(linted.length).toBeGreaterThan(100);
		const { stdout } = await promisify(execFile)(process.execPath, ['-e', LINT_AS_THE_SCANNER_LINTS_THE_TARBALL, JSON.stringify(linted)], {
			cwd: REPO_ROOT,
			maxBuffer: 4 << 20,
		});
		expect(JSON.parse(stdout)).toEqual(['dist/nodes/WhatsAppSession/providers/shared/credentialProbe.js: @n8n/community-nodes/no-deprecated-workflow-functions']);
	});

	it('stays within the size budget', () => {
		const largest = [...pack.files].sort((a, b) => b.size - a.size)[0];
		expect(pack.size).toBeLessThanOrEqual(BUDGET.tarballBytes);
		expect(pack.unpackedSize).toBeLessThanOrEqual(BUDGET.unpackedBytes);
		expect({ file: largest?.path, tooLarge: (largest?.size ?? 0) > BUDGET.fileBytes }).toEqual({ file: largest?.path, tooLarge: false });
	});
});
