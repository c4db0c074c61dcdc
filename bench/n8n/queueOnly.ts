// `npm run bench:n8n:queue`: only the queue-mode rows (P6) of `npm run bench:n8n`, for working on
// them without the in-process rows. Loaded through scripts/register-ts.js, so the e2e library
// finds the repository from its own file. Progress goes to stderr, the table to stdout.
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';

import { ensureN8nInstalled, npmPack, REPO_ROOT } from '../../test/e2e/lib/n8n';
import { runQueueRows } from './queueRows';
import type { BenchRow } from './types';

const load = (): string => loadavg().map((value) => value.toFixed(2)).join(' / ');

export async function main(): Promise<void> {
	const packDir = await mkdtemp(path.join(tmpdir(), 'bench-p6-pack-'));
	try {
		const paths = await ensureN8nInstalled();
		// `npm run bench:n8n:queue` builds dist/ first; this packs it as a publisher would.
		const tarball = await npmPack(REPO_ROOT, packDir);
		console.log(`# Queue-mode rows (P6), ${new Date().toISOString()}`);
		console.log(`${cpus().length} CPU(s), load average ${load()} (1/5/15 min) at start.`);
		const rows = await runQueueRows({
			n8nInstallDir: path.join(paths.cacheDir, 'node_modules'),
			packedNodeTarball: tarball,
			log: (line) => console.error(line),
		});
		printRows(rows);
		console.log(`\nLoad average ${load()} at the end.`);
	} finally {
		await rm(packDir, { recursive: true, force: true });
	}
}

function printRows(rows: readonly BenchRow[]): void {
	const cells = (values: readonly string[]): string => `| ${values.join(' | ')} |`;
	console.log();
	console.log(cells(['Row', 'Subject', 'Messages', 'Wall (provider side)', 'Achieved/s', 'Achieved / limit', '429s', 'Lost', 'Duplicated', 'Peak RSS (worker)', 'Goal', 'Met']));
	console.log(cells(['---', '---', '--:', '--:', '--:', '--:', '--:', '--:', '--:', '--:', '---', '---']));
	for (const row of rows) {
		console.log(
			cells([
				row.id,
				row.subject,
				String(row.messages),
				`${row.wallSeconds.toFixed(1)} s`,
				row.achievedPerSecond.toFixed(1),
				row.achievedOverLimit === null ? 'n/a' : row.achievedOverLimit.toFixed(2),
				`${row.responses429} (${(row.share429 * 100).toFixed(1)} %)`,
				String(row.lost),
				String(row.duplicated),
				row.peakRssMb === null ? 'n/a' : `${row.peakRssMb.toFixed(0)} MB`,
				row.goal,
				row.met === null ? 'reference' : row.met ? 'met' : 'missed',
			]),
		);
	}
}
