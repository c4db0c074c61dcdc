#!/usr/bin/env node
// `node scripts/architecture/layoutFigures.js <repo root>`: the layout's figures (layoutFigures.ts,
// loaded through ../register-ts.js).
'use strict';

require('../register-ts').runMain(require.resolve('./layoutFigures.ts'));
