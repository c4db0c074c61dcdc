// tsc compiles TypeScript only; n8n also needs each node's icons next to its compiled file, and
// credentials point at the node's icons through a relative path. It also reads a node's output
// schemas (for the next node's field picker before a run) from `__schema__/` beside the node.
const fs = require('fs');
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

/**
 * One schema file per resource and operation the compiled node offers, at the path n8n 2.x
 * resolves: `__schema__/v<major.minor.patch>/<resource>/<operation>.json`. The lists come from the
 * node's own description, so a new operation gets its schema without a change here.
 */
async function writeOutputSchemas() {
	const nodeDir = path.resolve('dist', 'nodes', 'WhatsAppSession');
	const { WhatsAppSession } = require(path.join(nodeDir, 'WhatsAppSession.node.js'));
	const { outputSchemaFor } = require(path.join(nodeDir, 'outputSchema.js'));
	const { description } = new WhatsAppSession();
	const version = String(description.version).split('.').concat(['0', '0']).slice(0, 3).join('.');
	const valuesOf = (name) => [
		...new Set(description.properties.filter((p) => p.name === name).flatMap((p) => (p.options || []).map((o) => o.value))),
	];
	// The trigger's one schema: it has no resource or operation, so it sits at the version's own file.
	const { WhatsAppSessionTrigger } = require(path.join(nodeDir, 'WhatsAppSessionTrigger.node.js'));
	const { TRIGGER_OUTPUT_SCHEMA } = require(path.join(nodeDir, 'outputSchema.js'));
	// Every version the trigger offers has the same items, so each gets the same schema.
	const triggerVersions = [new WhatsAppSessionTrigger().description.version].flat();
	await fs.promises.mkdir(path.join(nodeDir, '__schema__'), { recursive: true });
	for (const triggerVersion of triggerVersions) {
		const semver = String(triggerVersion).split('.').concat(['0', '0']).slice(0, 3).join('.');
		await fs.promises.writeFile(path.join(nodeDir, '__schema__', `v${semver}.json`), `${JSON.stringify(TRIGGER_OUTPUT_SCHEMA, null, '\t')}\n`);
	}
	for (const resource of valuesOf('resource')) {
		for (const operation of valuesOf('operation')) {
			const file = path.join(nodeDir, '__schema__', `v${version}`, resource, `${operation}.json`);
			await fs.promises.mkdir(path.dirname(file), { recursive: true });
			await fs.promises.writeFile(file, `${JSON.stringify(outputSchemaFor(operation), null, '\t')}\n`);
		}
	}
}

task('build:icons', parallel(copyNodeIcons, copyCredentialIcons));
task('build:schemas', writeOutputSchemas);
task('build:assets', parallel('build:icons', 'build:schemas'));
