// From measured runs to BenchRows (one per group: P7's rounds become their median round), the
// goals judged against the reference rows, and the markdown table `npm run bench:n8n` prints.
import type { BenchCase, Target } from './cases';
import type { Measured } from './measure';
import type { BenchRow } from './types';

/**
 * Achieved ÷ limit as bench/throughput.ts defines it: a fixed-window provider grants its first
 * window's quota at t = 0, so a client that delivers N messages in T seconds at limit L did
 * (N − L) ÷ T ÷ L of what the limit allows after that; a perfect client scores 1.00.
 */
export function achievedOverLimit(accepted: number, seconds: number, limit: number): number {
	return (accepted - limit) / seconds / limit;
}

function unjudgedRow(measured: Measured): BenchRow {
	const { benchCase } = measured;
	const wallSeconds = measured.senderMs / 1000;
	const limit = benchCase.provider.limitPerSecond;
	return {
		id: benchCase.id,
		subject: benchCase.subject,
		messages: benchCase.messages,
		wallSeconds,
		achievedPerSecond: measured.accepted / wallSeconds,
		achievedOverLimit: limit === null ? null : achievedOverLimit(measured.accepted, wallSeconds, limit),
		responses429: measured.rateLimited,
		share429: measured.requests === 0 ? 0 : measured.rateLimited / measured.requests,
		lost: measured.lost,
		duplicated: measured.duplicated,
		peakRssMb: measured.peakRssMb,
		goal: benchCase.goal,
		met: null,
	};
}

/** The round with the median rate stands for its group; every round's rate is kept for the notes. */
export interface GroupResult {
	benchCase: BenchCase;
	row: BenchRow;
	rounds: readonly Measured[];
}

export function groupResults(measured: readonly Measured[]): GroupResult[] {
	const groups = new Map<string, Measured[]>();
	for (const run of measured) groups.set(run.benchCase.group, [...(groups.get(run.benchCase.group) ?? []), run]);
	return [...groups.values()].map((rounds) => {
		const byRate = [...rounds].sort((a, b) => a.accepted / a.senderMs - b.accepted / b.senderMs);
		const median = byRate[Math.floor((byRate.length - 1) / 2)] ?? rounds[0];
		if (median === undefined) throw new Error('a group without runs');
		return { benchCase: median.benchCase, row: unjudgedRow(median), rounds };
	});
}

function exactlyOnce(row: BenchRow): boolean {
	return row.lost === 0 && row.duplicated === 0;
}

/** Null for a reference row, and for a row whose reference was not measured (a run with --only). */
function judge(target: Target, row: BenchRow, reference: (key: string) => BenchRow | undefined): boolean | null {
	switch (target.kind) {
		case 'reference':
			return null;
		case 'exactlyOnce':
			return exactlyOnce(row);
		case 'paced':
			return exactlyOnce(row) && row.achievedOverLimit !== null && row.achievedOverLimit >= target.minOverLimit;
		case 'fasterThan': {
			const referenceRow = reference(target.referenceKey);
			return referenceRow === undefined ? null : exactlyOnce(row) && row.achievedPerSecond >= target.minRatio * referenceRow.achievedPerSecond;
		}
		case 'costWithin': {
			const referenceRow = reference(target.referenceKey);
			return referenceRow === undefined ? null : exactlyOnce(row) && extraTimePerMessage(row, referenceRow) <= target.maxExtra;
		}
		case 'peakRssWithin': {
			const referencePeak = reference(target.referenceKey)?.peakRssMb;
			if (referencePeak === undefined) return null;
			return exactlyOnce(row) && row.peakRssMb !== null && referencePeak !== null && row.peakRssMb <= referencePeak * (1 + target.margin);
		}
	}
}

/** How much more sender time per message `row` took than `reference`, as a share of the reference's. */
export function extraTimePerMessage(row: BenchRow, reference: BenchRow): number {
	return row.wallSeconds / row.messages / (reference.wallSeconds / reference.messages) - 1;
}

/** Every group's row with its goal marked met or missed (reference rows stay null). */
export function judgedRows(groups: readonly GroupResult[]): BenchRow[] {
	const byGroup = new Map(groups.map((group) => [group.benchCase.group, group.row]));
	return groups.map(({ benchCase, row }) => ({ ...row, met: judge(benchCase.target, row, (key) => byGroup.get(key)) }));
}

// ---- Printing -----------------------------------------------------------------------------------

const fixed = (value: number, digits: number): string => value.toFixed(digits);

function cells(row: BenchRow): string[] {
	return [
		row.id,
		row.subject,
		row.messages.toLocaleString('en-US'),
		fixed(row.wallSeconds, 1),
		fixed(row.achievedPerSecond, 1),
		row.achievedOverLimit === null ? '–' : fixed(row.achievedOverLimit, 2),
		`${row.responses429} (${fixed(row.share429 * 100, 1)} %)`,
		String(row.lost),
		String(row.duplicated),
		row.peakRssMb === null ? '–' : fixed(row.peakRssMb, 0),
		row.goal,
		row.met === null ? 'reference' : row.met ? 'met' : 'MISSED',
	];
}

export function markdownTable(rows: readonly BenchRow[]): string {
	const header = ['Row', 'Sender', 'Messages', 'Sender time (s)', 'Delivered/s', 'Achieved / limit', '429s (share)', 'Lost', 'Duplicated', 'Peak RSS (MB)', 'Goal', 'Result'];
	const align = ['---', '---', '--:', '--:', '--:', '--:', '--:', '--:', '--:', '--:', '---', '---'];
	return [header, align, ...rows.map(cells)].map((line) => `| ${line.join(' | ')} |`).join('\n');
}
