// n8n's package scanner (@n8n/scan-community-package) lints the source a package was published
// from with n8n's two lint plugins, inline eslint-disable comments ignored. `npm run lint` runs that
// rule set the scanner's way; this keeps it so. A probe reintroduces each finding the scanner once
// had (author without email, no homepage, Send and Wait's webhooks, the deprecated request helper),
// with an eslint-disable comment above it, and must be reported. The rule set itself is compared,
// file by file, with the one the scanner builds (scanner.mjs buildScanConfig), so a rule turned off
// or a file left out shows here.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';

import { isPlainObject } from '../../../nodes/WhatsAppSession/util/values';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

const PACKAGE_JSON: unknown = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));

function packageJsonWithout(field: string): string {
	if (!isPlainObject(PACKAGE_JSON)) throw new Error('package.json is not an object');
	const copy = { ...PACKAGE_JSON };
	delete copy[field];
	return `${JSON.stringify(copy, null, 2)}\n`;
}

function packageJsonWithAuthor(author: unknown): string {
	return `${JSON.stringify({ ...(isPlainObject(PACKAGE_JSON) ? PACKAGE_JSON : {}), author }, null, 2)}\n`;
}

/** How the findings were hidden in the repository before: an inline disable, which the scanner ignores. */
const disabled = (rule: string) => `// eslint-disable-next-line @n8n/community-nodes/${rule}\n`;

const NODE_WITH_LITERAL_WEBHOOKS = `import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

${disabled('webhook-lifecycle-complete')}export class ProbeNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Probe',
		name: 'probe',
		icon: 'file:probe.svg',
		group: ['output'],
		version: 1,
		description: 'A probe',
		defaults: { name: 'Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: '={{ $nodeId }}', restartWebhook: true, isFullPath: true }],
		properties: [],
	};
}
`;

const DEPRECATED_REQUEST = `import type { ICredentialTestFunctions } from 'n8n-workflow';

export async function probe(this: ICredentialTestFunctions): Promise<unknown> {
	${disabled('no-deprecated-workflow-functions')}	return await this.helpers.request({ uri: 'https://example.com' });
}
`;

/** The one file the project's lint exempts from one scanner rule; eslint.config.js says why. */
const SCANNER_EXCEPTION = {
	file: 'nodes/WhatsAppSession/providers/shared/credentialProbe.ts',
	rule: '@n8n/community-nodes/no-deprecated-workflow-functions',
};

interface Probe {
	name: string;
	filePath: string;
	code: string;
}

const PROBES: Probe[] = [
	{ name: 'author without email', filePath: 'package.json', code: packageJsonWithAuthor({ name: 'someone' }) },
	{ name: 'author as a string without email', filePath: 'package.json', code: packageJsonWithAuthor('someone') },
	{ name: 'no homepage', filePath: 'package.json', code: packageJsonWithout('homepage') },
	{ name: 'literal webhooks', filePath: 'nodes/WhatsAppSession/ProbeNode.node.ts', code: NODE_WITH_LITERAL_WEBHOOKS },
	{ name: 'request helper', filePath: 'nodes/WhatsAppSession/providers/shared/lintProbe.ts', code: DEPRECATED_REQUEST },
	{ name: 'request helper in the exempt file', filePath: SCANNER_EXCEPTION.file, code: DEPRECATED_REQUEST },
	{ name: 'request helper in a credential', filePath: 'credentials/LintProbe.credentials.ts', code: DEPRECATED_REQUEST },
];

// ESLint loads eslint.config.js and n8n's ESM plugin with a dynamic import, which jest's sandbox
// cannot do; a plain Node process lints as `npm run lint` does, with that script's inline-config flag.
const LINT_PROBES = `
const fs = require('node:fs');
const path = require('node:path');
const { ESLint } = require('eslint');
const n8nNodesBase = require('eslint-plugin-n8n-nodes-base');

// The files the scanner lints in a source checkout: package.json and nodes/, credentials/ .js, .ts, .json.
function scannerFiles() {
	const found = ['package.json'];
	const walk = (dir) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const relative = path.posix.join(dir, entry.name);
			if (entry.isDirectory()) walk(relative);
			else if (/\\.(js|ts|json)$/.test(entry.name)) found.push(relative);
		}
	};
	walk('nodes');
	walk('credentials');
	return found.sort();
}

const severity = (entry) => {
	const level = Array.isArray(entry) ? entry[0] : entry;
	return { off: 0, warn: 1, error: 2 }[level] ?? level;
};

(async () => {
	const { n8nCommunityNodesPlugin } = await import('@n8n/eslint-plugin-community-nodes');
	const { probes, allowInlineConfig } = JSON.parse(process.argv[1]);
	const eslint = new ESLint({ cwd: process.cwd(), allowInlineConfig });

	const findings = {};
	for (const probe of probes) {
		const ignored = await eslint.isPathIgnored(probe.filePath);
		const [result] = await eslint.lintText(probe.code, { filePath: probe.filePath });
		findings[probe.name] = {
			ignored,
			messages: result.messages.map((m) => ({ ruleId: m.ruleId ?? 'fatal: ' + m.message, severity: m.severity })),
		};
	}

	// What the scanner turns on for a file (scanner.mjs buildScanConfig), rule by rule.
	const scannerRules = (file) => {
		const rules = { ...n8nCommunityNodesPlugin.configs.recommended.rules, 'no-console': 'error' };
		if (file === 'package.json') Object.assign(rules, n8nNodesBase.configs.community.rules);
		if (file.startsWith('credentials/') && file.endsWith('.ts')) {
			Object.assign(rules, n8nNodesBase.configs.credentials.rules, {
				'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
				'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
			});
		}
		if (file.startsWith('nodes/') && file.endsWith('.ts')) {
			Object.assign(rules, n8nNodesBase.configs.nodes.rules, {
				'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
				'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
				'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
			});
		}
		return rules;
	};

	const files = scannerFiles();
	const weaker = [];
	const parsers = {};
	for (const file of files) {
		if (await eslint.isPathIgnored(file)) {
			weaker.push(file + ': ignored');
			continue;
		}
		const config = await eslint.calculateConfigForFile(file);
		parsers[file] = config?.languageOptions?.parser?.meta?.name ?? 'none';
		for (const [rule, wanted] of Object.entries(scannerRules(file))) {
			const ours = severity(config?.rules?.[rule] ?? 'off');
			if (ours < severity(wanted)) weaker.push(file + ': ' + rule);
		}
	}
	process.stdout.write(JSON.stringify({ findings, files, weaker, parsers }));
})().catch((error) => { console.error(error); process.exit(1); });
`;

function lintScriptWords(): string[] {
	const scripts = isPlainObject(PACKAGE_JSON) ? PACKAGE_JSON.scripts : undefined;
	const lint = isPlainObject(scripts) ? scripts.lint : undefined;
	if (typeof lint !== 'string') throw new Error('package.json has no lint script');
	return lint.split(/\s+/);
}

jest.setTimeout(120_000);

let report: Record<string, unknown> = {};

beforeAll(async () => {
	const allowInlineConfig = !lintScriptWords().includes('--no-inline-config');
	const { stdout } = await promisify(execFile)(process.execPath, ['-e', LINT_PROBES, JSON.stringify({ probes: PROBES, allowInlineConfig })], {
		cwd: REPO_ROOT,
		maxBuffer: 4 << 20,
	});
	const parsed: unknown = JSON.parse(stdout);
	if (!isPlainObject(parsed)) throw new Error(`the scanner probe printed ${stdout}`);
	report = parsed;
});

function findingsOf(probeName: string): unknown {
	const findings = report.findings;
	return isPlainObject(findings) ? findings[probeName] : undefined;
}

const ERROR = 2;
const WARNING = 1;

describe("n8n's scanner rule set in `npm run lint`", () => {
	it('runs with inline config off and warnings failing, over everything the scanner reads', () => {
		const words = lintScriptWords();
		expect(words[0]).toBe('eslint');
		expect(words).toEqual(expect.arrayContaining(['--no-inline-config', '--max-warnings=0', 'nodes', 'credentials', 'package.json']));
	});

	it.each([['author without email'], ['author as a string without email']])('reports an %s', (probeName) => {
		expect(findingsOf(probeName)).toEqual({
			ignored: false,
			messages: [{ ruleId: '@n8n/community-nodes/valid-author', severity: ERROR }],
		});
	});

	it('reports a package.json without homepage (a warning, which --max-warnings=0 makes fatal)', () => {
		expect(findingsOf('no homepage')).toEqual({
			ignored: false,
			messages: [{ ruleId: '@n8n/community-nodes/require-homepage', severity: WARNING }],
		});
	});

	it('reports a literal webhooks list without webhookMethods, despite an eslint-disable comment', () => {
		// The bare probe class draws other findings too (its icon file does not exist); this one matters.
		expect(findingsOf('literal webhooks')).toEqual({
			ignored: false,
			messages: expect.arrayContaining([{ ruleId: '@n8n/community-nodes/webhook-lifecycle-complete', severity: ERROR }]),
		});
	});

	it.each([['request helper'], ['request helper in a credential']])(
		'reports the deprecated request helper (%s), despite an eslint-disable comment',
		(probeName) => {
			expect(findingsOf(probeName)).toEqual({
				ignored: false,
				messages: [expect.objectContaining({ ruleId: '@n8n/community-nodes/no-deprecated-workflow-functions', severity: ERROR })],
			});
		},
	);

	it('exempts only the credential probe from that rule, the one place n8n offers nothing else', () => {
		expect(findingsOf('request helper in the exempt file')).toEqual({ ignored: false, messages: [] });
	});

	it("lints every file the scanner reads with at least the scanner's rules, but for that one exception", () => {
		const files = report.files;
		expect(Array.isArray(files) ? files : []).toEqual(
			expect.arrayContaining(['package.json', 'nodes/WhatsAppSession/WhatsAppSession.node.json', 'nodes/WhatsAppSession/WhatsAppSession.node.ts', 'credentials/WhatsAppSessionApi.credentials.ts']),
		);
		expect(report.weaker).toEqual([`${SCANNER_EXCEPTION.file}: ${SCANNER_EXCEPTION.rule}`]);
	});

	it("parses package.json and the codex files with TypeScript's parser, on which n8n's package rules work", () => {
		const parsers = report.parsers;
		expect(isPlainObject(parsers)).toBe(true);
		const names = new Set(Object.values(isPlainObject(parsers) ? parsers : {}));
		expect([...names]).toEqual(['typescript-eslint/parser']);
	});
});
