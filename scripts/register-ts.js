// Lets `require()` load the repository's .ts files (the demo, the timing scripts), which re-use
// the end-to-end library test/e2e/lib/n8n.ts. That library finds the repository from its own file
// location, so compiling it into an out dir would point it at the wrong folder; instead each .ts
// file is transpiled in memory, as it is required, by the project's own `typescript` (the same job
// ts-node does; ts-node is not a dependency). Transpiling does not type-check: `tsc` runs first.
'use strict';

const { readFileSync } = require('node:fs');
const ts = require('typescript');

const compilerOptions = {
	module: ts.ModuleKind.CommonJS,
	target: ts.ScriptTarget.ES2021,
	esModuleInterop: true,
	inlineSourceMap: true,
	inlineSources: true,
};

require.extensions['.ts'] = (module, filename) => {
	const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), { fileName: filename, compilerOptions });
	module._compile(outputText, filename);
};
// Stack traces point into the .ts files.
process.setSourceMapsEnabled(true);

/**
 * Requires a .ts entry and runs its exported `main(args)` with the command line's arguments; on a
 * failure prints `describeError(error)` and exits with 1.
 */
function runMain(entry, describeError = (error) => (error instanceof Error ? error.stack : String(error))) {
	require(entry)
		.main(process.argv.slice(2))
		.catch((error) => {
			console.error(describeError(error));
			process.exit(1);
		});
}

module.exports = { runMain };
