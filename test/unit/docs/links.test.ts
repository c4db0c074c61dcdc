// Every relative link and image in the user documentation resolves: the file exists, and an
// anchor names a heading of that file as GitHub slugs it. The codex and credential documentation
// URLs n8n shows in the editor point at this repository's README, so their anchors are held to it.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

import { isPlainObject } from '../../../nodes/WhatsAppSession/util/values';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

const DOCUMENTS = [
	'README.md',
	'CHANGELOG.md',
	'SECURITY.md',
	...readdirSync(path.join(REPO_ROOT, 'docs'))
		.filter((file) => file.endsWith('.md'))
		.map((file) => `docs/${file}`),
];

/** The text outside fenced code blocks and inline code spans, where Markdown links and headings live. */
function proseLines(markdown: string): string[] {
	let fenced = false;
	return markdown.split('\n').flatMap((line) => {
		if (/^\s*(```|~~~)/.test(line)) {
			fenced = !fenced;
			return [];
		}
		return fenced ? [] : [line.replace(/`[^`]*`/g, '')];
	});
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function headingAnchors(markdown: string): Set<string> {
	const seen = new Map<string, number>();
	const anchors = new Set<string>();
	let fenced = false;
	for (const line of markdown.split('\n')) {
		if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
		const heading = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
		if (heading === null) continue;
		const text = (heading[1] ?? '')
			.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
			.replace(/[`*]/g, '')
			.toLowerCase();
		const slug = text.replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
		const count = seen.get(slug) ?? 0;
		seen.set(slug, count + 1);
		anchors.add(count === 0 ? slug : `${slug}-${count}`);
	}
	return anchors;
}

interface Link {
	document: string;
	target: string;
}

function relativeLinks(document: string): Link[] {
	const markdown = readFileSync(path.join(REPO_ROOT, document), 'utf8');
	return proseLines(markdown).flatMap((line) =>
		[...line.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)]
			.map((match) => match[1] ?? '')
			.filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target))
			.map((target) => ({ document, target })),
	);
}

/** Why a link does not resolve, or undefined when it does. */
function brokenBecause({ document, target }: Link): string | undefined {
	const [file = '', anchor] = target.split('#');
	const resolved = file === '' ? path.join(REPO_ROOT, document) : path.resolve(path.dirname(path.join(REPO_ROOT, document)), decodeURIComponent(file));
	if (!resolved.startsWith(REPO_ROOT + path.sep)) return 'leaves the repository';
	if (!existsSync(resolved)) return 'no such file';
	if (anchor === undefined) return undefined;
	if (!statSync(resolved).isFile() || !resolved.endsWith('.md')) return 'an anchor into something that is not Markdown';
	return headingAnchors(readFileSync(resolved, 'utf8')).has(anchor) ? undefined : `no heading #${anchor}`;
}

const LINKS = DOCUMENTS.flatMap(relativeLinks);

describe('the documentation links', () => {
	it('finds the documents and their links', () => {
		expect(DOCUMENTS).toEqual(expect.arrayContaining(['README.md', 'docs/trigger.md', 'docs/development.md', 'docs/security.md']));
		expect(LINKS.length).toBeGreaterThan(40);
	});

	it.each(DOCUMENTS)('every relative link and image in %s resolves', (document) => {
		const broken = LINKS.filter((link) => link.document === document)
			.map((link) => ({ target: link.target, problem: brokenBecause(link) }))
			.filter((link) => link.problem !== undefined);
		expect(broken).toEqual([]);
	});

	it('slugs headings as GitHub does', () => {
		const anchors = headingAnchors(
			'# Inside a real n8n (`npm run bench:n8n`)\n## If the 24-Hour Window Is Closed\n## Output\n## Output\n```bash\n# not a heading\n```\n',
		);
		expect([...anchors]).toEqual(['inside-a-real-n8n-npm-run-benchn8n', 'if-the-24-hour-window-is-closed', 'output', 'output-1']);
	});

	it("points the codex and credential documentation URLs at this repository's README headings", () => {
		const packageJson: unknown = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
		const homepage = isPlainObject(packageJson) ? packageJson.homepage : undefined;
		const repository = isPlainObject(packageJson) && isPlainObject(packageJson.repository) ? packageJson.repository.url : undefined;
		const bugs = isPlainObject(packageJson) && isPlainObject(packageJson.bugs) ? packageJson.bugs.url : undefined;
		expect(typeof homepage).toBe('string');
		const repositoryUrl = String(homepage).replace(/#readme$/, '');
		expect(repository).toBe(`git+${repositoryUrl}.git`);
		expect(bugs).toBe(`${repositoryUrl}/issues`);

		const sources = [
			'nodes/WhatsAppSession/WhatsAppSession.node.json',
			'nodes/WhatsAppSession/WhatsAppSessionTrigger.node.json',
			...readdirSync(path.join(REPO_ROOT, 'credentials')).map((file) => `credentials/${file}`),
		];
		const urls = sources.flatMap((source) => [...readFileSync(path.join(REPO_ROOT, source), 'utf8').matchAll(/https:\/\/github\.com\/[^"'\s)]+/g)].map((match) => match[0]));
		expect(urls.length).toBeGreaterThanOrEqual(5);
		const readmeAnchors = headingAnchors(readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8'));
		for (const url of urls) {
			const [base, anchor = ''] = url.split('#');
			expect({ url, base }).toEqual({ url, base: repositoryUrl });
			// GitHub's #readme scrolls to the README itself; any other anchor must be a README heading.
			expect({ url, resolves: anchor === 'readme' || readmeAnchors.has(anchor) }).toEqual({ url, resolves: true });
		}
	});
});
