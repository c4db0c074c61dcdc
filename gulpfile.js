// tsc compiles TypeScript only; n8n also needs each node's icons next to its compiled file, and
// credentials point at the node's icons through a relative path.
const path = require('path');
const { task, src, dest, parallel } = require('gulp');

function copyNodeIcons() {
	return src(path.resolve('nodes', '**', '*.{png,svg}'), { encoding: false }).pipe(dest(path.resolve('dist', 'nodes')));
}

function copyCredentialIcons() {
	return src(path.resolve('credentials', '**', '*.{png,svg}'), { encoding: false, allowEmpty: true }).pipe(
		dest(path.resolve('dist', 'credentials')),
	);
}

task('build:icons', parallel(copyNodeIcons, copyCredentialIcons));
