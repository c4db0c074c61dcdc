import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import * as ts from 'typescript';

/**
 * Only the provider adapters (providers/) and the credentials know a provider by name: everything
 * else asks the registry. This reads every identifier and string of the node's product code
 * (comments are free to explain) and fails on a provider name outside those two places.
 *
 * The allow-list below names what is still there, file by file, with why. An entry that no longer
 * matches fails too, so the list only shrinks.
 */

const ROOT = join(__dirname, '..', '..', '..');
const NODE_DIR = join(ROOT, 'nodes');
const OWNERS = ['nodes/WhatsAppSession/providers/'];

const PROVIDER_NAMES: RegExp[] = [/connectly/i, /texter/i, /session[\s_-]?api/i, /\bmeta\b/i, /\b[Mm]eta(?=[A-Z])/];

/** file → the identifiers and strings that may still name a provider there, and why. */
const ALLOWED: Record<string, { hits: string[]; why: string }> = {
	'nodes/WhatsAppSession/WhatsAppSession.node.ts': {
		hits: [
			'whatsAppSessionApi',
			'whatsAppSessionApiCredentialTest',
			'metaCloudApi',
			'connectlyApi',
			'connectly',
			'texterApi',
			'texterApiCredentialTest',
			'texter',
		],
		why: 'n8n\'s community lint (credential-test-required) reads the credentials and testedBy literally from the node class; declarations.test.ts holds the list to the registry',
	},
	'nodes/WhatsAppSession/WhatsAppSessionTrigger.node.ts': {
		hits: ['whatsAppSessionApi', 'whatsAppSessionApiCredentialTest', 'metaCloudApi', 'connectlyApi', 'connectly'],
		why: 'the same literal credentials list as the sending node\'s, for the providers with webhooks; test/unit/trigger/declaration.test.ts holds it to the registry',
	},
};

function productFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return productFiles(path);
		return entry.name.endsWith('.ts') ? [path] : [];
	});
}

/** Every identifier and string literal (template parts included) of a TypeScript file. */
function identifiersAndStrings(path: string): string[] {
	const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
	const found: string[] = [];
	const visit = (node: ts.Node): void => {
		if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) found.push(node.text);
		else if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node)) found.push(node.text);
		ts.forEachChild(node, visit);
	};
	visit(source);
	return found;
}

function providerNameHits(path: string): string[] {
	const hits = identifiersAndStrings(path).filter((text) => PROVIDER_NAMES.some((name) => name.test(text)));
	return [...new Set(hits)];
}

const files = productFiles(NODE_DIR)
	.map((path) => relative(ROOT, path).split('\\').join('/'))
	.filter((file) => !OWNERS.some((owner) => file.startsWith(owner)));

describe('provider names live in providers/ and credentials/ only', () => {
	it('scans the node\'s product code', () => {
		expect(files.length).toBeGreaterThan(20);
		expect(files).toContain('nodes/WhatsAppSession/message/fromForm.ts');
	});

	it.each(files)('%s', (file) => {
		const hits = providerNameHits(join(ROOT, file));
		expect(hits.sort()).toEqual([...(ALLOWED[file]?.hits ?? [])].sort());
	});

	it('lists no file that is gone', () => {
		for (const file of Object.keys(ALLOWED)) expect(files).toContain(file);
	});

	it('would see a provider name in an identifier, a string and a template, but not in a comment', () => {
		const sample = join(ROOT, 'test', 'unit', 'architecture', 'providerNames.sample.ts');
		expect(providerNameHits(sample).sort()).toEqual(['Sent with Texter ', 'connectlyLabel', 'metaCloudApi']);
	});
});
