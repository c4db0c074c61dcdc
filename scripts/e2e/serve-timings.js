#!/usr/bin/env node
// Entry of `npm run e2e:serve-timings` (serve-timings.ts).
'use strict';

require('../register-ts').runMain(require.resolve('./serve-timings.ts'));
