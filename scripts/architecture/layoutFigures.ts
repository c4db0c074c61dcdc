// Prints the figures of the code's layout, for a closing note's before and after: product files
// (nodes/ + credentials/ .ts), lines, files over the size limit, the longest functions, import
// cycles and, per provider, the files that name it. It measures with the same reader and rules as
// the tests that hold the layout (test/support/codebase.ts), on any checkout:
//   node scripts/architecture/layoutFigures.js <repo root>
// (through a .js entry, as scripts/docs/ does: under `node -e`, runMain's arguments lose their first.)
import * as path from 'node:path';

import {
	describeCycle,
	importCycles,
	measureFiles,
	parseFile,
	productFiles,
	PROVIDER_HOMES,
	providerNameHits,
	readImportGraph,
} from '../../test/support/codebase';
import { FILE_LINE_LIMIT, FUNCTION_LINE_LIMIT } from '../../test/support/sizeLimits';

const LONGEST_SHOWN = 10;

export async function main(args: string[]): Promise<void> {
	// No default: measuring this checkout when another was meant would print the wrong figures quietly.
	const [rootArgument] = args;
	if (rootArgument === undefined) throw new Error('Usage: node scripts/architecture/layoutFigures.js <repo root>');
	const root = path.resolve(rootArgument);
	console.log(layoutFigures(root).join('\n'));
}

function layoutFigures(root: string): string[] {
	const files = productFiles(root);
	const measures = measureFiles(root, files);
	const overLimit = measures.filter(({ lines }) => lines > FILE_LINE_LIMIT).sort((a, b) => b.lines - a.lines);
	const functions = measures
		.flatMap(({ file, functions }) => functions.map((size) => ({ file, ...size })))
		.filter(({ descriptionData }) => !descriptionData)
		.sort((a, b) => b.lines - a.lines);
	const { graph } = readImportGraph(root, files);
	const cycles = importCycles(graph);
	const namers = (provider: string): string[] =>
		files.filter((file) => providerNameHits(parseFile(root, file)).some((hit) => hit.provider === provider));

	return [
		`root: ${root}`,
		`product files (nodes/ + credentials/ .ts): ${files.length}`,
		`total lines: ${measures.reduce((sum, { lines }) => sum + lines, 0)}`,
		`files over ${FILE_LINE_LIMIT} lines: ${overLimit.length}` +
			` (${overLimit.filter(({ codeLines }) => codeLines > FILE_LINE_LIMIT).length} counting only lines outside description data)`,
		...overLimit.map(({ file, lines, codeLines }) => `  ${pad(lines)}  ${file}${codeLines === lines ? '' : ` (${codeLines} outside description data)`}`),
		`functions over ${FUNCTION_LINE_LIMIT} lines, description data left out: ${functions.filter(({ lines }) => lines > FUNCTION_LINE_LIMIT).length} of ${functions.length}`,
		`the ${LONGEST_SHOWN} longest:`,
		...functions.slice(0, LONGEST_SHOWN).map(({ file, name, lines }) => `  ${pad(lines)}  ${file}  ${name}`),
		`import cycles: ${cycles.length}`,
		...cycles.map((cycle) => `  ${describeCycle(cycle, graph)}`),
		'files that name each provider (identifiers and strings, comments left out):',
		...PROVIDER_HOMES.flatMap(({ provider }) => {
			const named = namers(provider);
			return [`  ${provider}: ${named.length}`, ...named.map((file) => `    ${file}`)];
		}),
	];
}

function pad(count: number): string {
	return String(count).padStart(4);
}
