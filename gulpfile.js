// tsc compiles TypeScript only; n8n also needs each node's icons next to its compiled file.
const path = require('path');
const { task, src, dest } = require('gulp');

task('build:icons', copyIcons);

function copyIcons() {
	const nodeIcons = src(path.resolve('nodes', '**', '*.{png,svg}'), { encoding: false });
	const nodesDestination = path.resolve('dist', 'nodes');
	nodeIcons.pipe(dest(nodesDestination));

	const credentialIcons = src(path.resolve('credentials', '**', '*.{png,svg}'), { encoding: false, allowEmpty: true });
	const credentialsDestination = path.resolve('dist', 'credentials');
	return credentialIcons.pipe(dest(credentialsDestination));
}
