import { join } from 'node:path';

import { codeLines, functionSizes, measureFiles, parseText, productFiles } from '../../support/codebase';
import { FILE_LINE_LIMIT, FUNCTION_LINE_LIMIT } from '../../support/sizeLimits';

/**
 * No product file over 300 lines and no function over 50 (issue 20): past that a file holds more
 * than one idea, and a function more than a reader keeps in mind. Lengths are lines of the syntax
 * node's text, start to end, read with TypeScript's parser; every function counts (declaration,
 * method, constructor, accessor, arrow, function expression), nested ones inside their parent too.
 *
 * Description data is exempt, by this rule: a variable, class property or function whose declared
 * type names one of n8n's description types (INodeProperties, INodePropertyOptions,
 * INodePropertyCollection, INodeTypeDescription, INodeTypeBaseDescription) is form data, long by
 * nature. Such a function is not measured, and a file's limit counts its lines outside such data.
 *
 * Today's offenders are listed with their current size. The test fails when one grows, and when one
 * no longer exceeds its limit (then its entry goes), so the lists only shrink.
 */

const ROOT = join(__dirname, '..', '..', '..');

/** file → lines outside description data, today. */
const FILES_OVER_LIMIT: Record<string, number> = {
	'nodes/WhatsAppSession/transport/limiter.ts': 303,
};

/** `file › function` → lines, today. */
const FUNCTIONS_OVER_LIMIT: Record<string, number> = {
	'nodes/WhatsAppSession/actions/errors.ts › failedDeliveryError': 54,
	'nodes/WhatsAppSession/providers/connectly/webhook.ts › decodeMessage': 51,
};

/** What breaks a limit against its list: a newcomer, a grown entry, an entry back within the limit. */
function sizeProblems(measured: ReadonlyMap<string, number>, allowed: Record<string, number>, limit: number): string[] {
	const problems: string[] = [];
	for (const [key, lines] of measured) {
		const recorded = allowed[key];
		if (lines <= limit) continue;
		if (recorded === undefined) problems.push(`${key}: ${lines} lines, over ${limit}`);
		else if (lines > recorded) problems.push(`${key}: grew from ${recorded} to ${lines} lines`);
	}
	for (const [key, recorded] of Object.entries(allowed)) {
		const lines = measured.get(key);
		if (lines === undefined) problems.push(`${key}: listed at ${recorded} lines but gone; remove its entry`);
		else if (lines <= limit) problems.push(`${key}: ${lines} lines, within ${limit} now; remove its entry`);
	}
	return problems;
}

describe('files and functions stay short', () => {
	const measures = measureFiles(ROOT, productFiles(ROOT));

	it('measures every product file', () => {
		expect(measures.length).toBeGreaterThan(50);
		expect(measures.map(({ file }) => file)).toContain('credentials/TexterApi.credentials.ts');
	});

	it(`no file over ${FILE_LINE_LIMIT} lines outside description data, but the listed ones, none grown`, () => {
		const measured = new Map(measures.map(({ file, codeLines: lines }) => [file, lines]));
		expect(sizeProblems(measured, FILES_OVER_LIMIT, FILE_LINE_LIMIT)).toEqual([]);
	});

	it(`no function over ${FUNCTION_LINE_LIMIT} lines but description data and the listed ones, none grown`, () => {
		const measured = new Map(
			measures.flatMap(({ file, functions }) =>
				functions.filter(({ descriptionData }) => !descriptionData).map(({ name, lines }): [string, number] => [`${file} › ${name}`, lines]),
			),
		);
		expect(sizeProblems(measured, FUNCTIONS_OVER_LIMIT, FUNCTION_LINE_LIMIT)).toEqual([]);
	});
});

describe('the size rules', () => {
	const body = (count: number): string => Array.from({ length: count }, (_, index) => `\tconst v${index} = ${index};`).join('\n');

	it('counts a function from its first to its last line, whatever kind it is, named by its scope', () => {
		const source = parseText(
			'sample.ts',
			[
				'/** a comment is not the function */',
				`export function declared(): void {\n${body(3)}\n}`,
				`const arrow = (): void => {\n${body(1)}\n};`,
				'export class Node {',
				`\tmethod(): void {\n${body(2)}\n\t\t[1].map((item) => {\n${body(1)}\n\t\t});\n\t}`,
				'}',
				'const adapter = { encode: function (): number { return 1; }, decode() { return 2; } };',
				'declare function overload(): void;',
				`void arrow;`,
			].join('\n'),
		);
		expect(functionSizes(source).map(({ name, lines }) => [name, lines])).toEqual([
			['declared', 5],
			['arrow', 3],
			['Node.method', 7],
			['Node.method.map(callback)', 3],
			['adapter.encode', 1],
			['adapter.decode', 1],
		]);
	});

	it('leaves out description data, by its declared type', () => {
		const source = parseText(
			'sample.ts',
			[
				"import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';",
				`function fields(): INodeProperties[] {\n${body(60)}\n\treturn [];\n}`,
				`const logic = (): number[] => {\n${body(60)}\n\treturn [];\n};`,
				'export const table: INodeProperties[] = [',
				'\t{ displayName: "A", name: "a", type: "string", default: "" },',
				'];',
				'export class N { description: INodeTypeDescription = {',
				'\tdisplayName: "N",',
				'} as never; }',
			].join('\n'),
		);
		expect(functionSizes(source).map(({ name, lines, descriptionData }) => [name, lines, descriptionData])).toEqual([
			['fields', 63, true],
			['logic', 63, false],
		]);
		// 133 lines; left are the import and `logic` (the class's head and tail share lines with its description).
		expect(codeLines(source)).toBe(1 + 63);
	});

	it('finds a newcomer, a grown entry, and entries that are within the limit or gone', () => {
		const measured = new Map([
			['new.ts', 301],
			['grown.ts', 320],
			['shrunk.ts', 305],
			['fixed.ts', 300],
		]);
		const allowed = { 'grown.ts': 310, 'shrunk.ts': 310, 'fixed.ts': 330, 'gone.ts': 400 };
		expect(sizeProblems(measured, allowed, 300)).toEqual([
			'new.ts: 301 lines, over 300',
			'grown.ts: grew from 310 to 320 lines',
			'fixed.ts: 300 lines, within 300 now; remove its entry',
			'gone.ts: listed at 400 lines but gone; remove its entry',
		]);
	});
});
