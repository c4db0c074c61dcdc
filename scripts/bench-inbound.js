#!/usr/bin/env node
// Entry of `npm run bench:inbound` (bench/inbound/run.ts, loaded through ./register-ts.js: the e2e
// library it uses finds the repository from its own location, so it must not run from a compiled copy).
'use strict';

require('./register-ts').runMain(require.resolve('../bench/inbound/run.ts'));
