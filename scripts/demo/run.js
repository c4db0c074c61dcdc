#!/usr/bin/env node
// Entry of `npm run demo` (scripts/demo/demo.ts).
//
// The demo is TypeScript and re-uses the end-to-end library test/e2e/lib/n8n.ts, which finds the
// repository from its own file location. Compiling it into an out dir would move that file and
// point it at the wrong folder, so instead each .ts file is transpiled in memory, as it is
// required, by the project's own `typescript` (the same job ts-node does; ts-node is not a
// dependency). Transpiling does not type-check: `npm run demo` runs `tsc -p tsconfig.demo.json`
// before this.
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

require('./demo.ts')
	.main(process.argv.slice(2))
	.catch((error) => {
		// A stack trace only with DEMO_DEBUG=1: these are mostly "no demo is running" and the like.
		const detail = error instanceof Error && process.env.DEMO_DEBUG === '1' ? error.stack : undefined;
		console.error(detail ?? (error instanceof Error ? error.message : String(error)));
		process.exit(1);
	});
