#!/usr/bin/env node
// Entry of `npm run demo` (scripts/demo/demo.ts, loaded through ../register-ts.js).
'use strict';

// A stack trace only with DEMO_DEBUG=1: failures are mostly "no demo is running" and the like.
require('../register-ts').runMain(require.resolve('./demo.ts'), (error) => {
	const detail = error instanceof Error && process.env.DEMO_DEBUG === '1' ? error.stack : undefined;
	return detail ?? (error instanceof Error ? error.message : String(error));
});
