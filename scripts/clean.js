// Cross-platform `rm -rf dist` so a build never ships files from a deleted source.
const fs = require('fs');
const path = require('path');
fs.rmSync(path.join(__dirname, '..', 'dist'), { recursive: true, force: true });
