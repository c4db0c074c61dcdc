import { join } from 'node:path';

import {
	describeCycle,
	importCycles,
	moduleSpecifiers,
	parseText,
	productFiles,
	readImportGraph,
	resolveRelative,
	stronglyConnectedComponents,
	type ImportGraph,
} from '../../support/codebase';

/**
 * No import cycles in nodes/ and credentials/ (ARCHITECTURE.md, "Layout"): a helper that two files
 * share moves down a level instead of being imported back. Every import counts, `import type` and
 * re-exports included, since a type-only cycle still ties two files into one unit a reader must
 * take in at once. There is no allow-list.
 */

const ROOT = join(__dirname, '..', '..', '..');
const NODE_FOLDER = 'nodes/WhatsAppSession/';
const shorten = (file: string): string => (file.startsWith(NODE_FOLDER) ? file.slice(NODE_FOLDER.length) : file);

describe('the product code has no import cycle', () => {
	const files = productFiles(ROOT);
	const { graph, unresolved } = readImportGraph(ROOT, files);

	it('reads the imports of every product file', () => {
		expect(files.length).toBeGreaterThan(50);
		expect(files).toContain('credentials/ConnectlyApi.credentials.ts');
		expect(graph.get('nodes/WhatsAppSession/providers/index.ts')).toContain('nodes/WhatsAppSession/providers/connectly/adapter.ts');
	});

	it('resolves every relative import to a product file', () => {
		expect(unresolved).toEqual([]);
	});

	it('finds no cycle', () => {
		expect(importCycles(graph).map((cycle) => describeCycle(cycle, graph, shorten))).toEqual([]);
	});
});

describe('reading imports', () => {
	it('sees imports, type imports, re-exports, import-require, import() and require()', () => {
		const source = parseText(
			'sample.ts',
			[
				"import { a } from './a';",
				"import type { B } from './b';",
				"import './sideEffect';",
				"export { c } from './c';",
				"export * from './d';",
				"export type { E } from './e';",
				"import f = require('./f');",
				"type G = import('./g').G;",
				"const h = require('./h');",
				"const i = import('./i');",
				"// import { j } from './j';",
				"const notAnImport = './k';",
			].join('\n'),
		);
		expect(moduleSpecifiers(source)).toEqual(['./a', './b', './sideEffect', './c', './d', './e', './f', './g', './h', './i']);
	});

	it('resolves a specifier to a file or a folder index, and nothing else', () => {
		const files = new Set(['nodes/x/a.ts', 'nodes/x/b/index.ts', 'nodes/y.ts']);
		expect(resolveRelative('nodes/x/c.ts', './a', files)).toBe('nodes/x/a.ts');
		expect(resolveRelative('nodes/x/c.ts', './b', files)).toBe('nodes/x/b/index.ts');
		expect(resolveRelative('nodes/x/c.ts', '../y', files)).toBe('nodes/y.ts');
		expect(resolveRelative('nodes/x/c.ts', './y', files)).toBeUndefined();
	});
});

describe('the cycle finder', () => {
	const graphOf = (edges: Record<string, string[]>): ImportGraph => new Map(Object.entries(edges));

	it('finds each strongly connected group once, and a file that imports itself', () => {
		const graph = graphOf({
			a: ['b'],
			b: ['a', 'c'],
			c: ['d'],
			d: ['e'],
			e: ['c', 'f'],
			f: [],
			g: ['g', 'a'],
			h: ['f'],
		});
		expect(importCycles(graph)).toEqual([['a', 'b'], ['c', 'd', 'e'], ['g']]);
		expect(stronglyConnectedComponents(graph).sort()).toEqual([['a', 'b'], ['c', 'd', 'e'], ['f'], ['g'], ['h']]);
	});

	it('finds none in a graph without cycles, however the paths join', () => {
		expect(importCycles(graphOf({ a: ['b', 'c'], b: ['d'], c: ['d'], d: [], e: ['a', 'd'] }))).toEqual([]);
	});

	it('joins two loops that share a file into one cycle', () => {
		expect(importCycles(graphOf({ a: ['b'], b: ['a', 'c'], c: ['b'] }))).toEqual([['a', 'b', 'c']]);
	});

	it('names a cycle by the imports that close it', () => {
		const graph = graphOf({ 'x/a.ts': ['x/b.ts', 'y.ts'], 'x/b.ts': ['x/a.ts'], 'y.ts': [] });
		expect(describeCycle(['x/a.ts', 'x/b.ts'], graph)).toBe('x/a.ts → x/b.ts; x/b.ts → x/a.ts');
	});
});
