#!/usr/bin/env node
// Entry of `npm run docs:screenshots` (screenshot-send-and-wait.ts, loaded through ../register-ts.js).
'use strict';

require('../register-ts').runMain(require.resolve('./screenshot-send-and-wait.ts'));
