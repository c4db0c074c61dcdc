// `npm run bench:n8n -- --profile`: where the CPU goes while a sender runs. Each chosen case runs
// in a freshly started n8n with V8's sampling profiler on (`--cpu-prof`, written when n8n exits);
// the samples between the first and the last one that has the sender's code on its stack are
// summed by where the sampled function lives (our package, n8n-core, n8n-workflow, …), and the
// busiest functions are listed. Wall time is not the point here (profiling slows n8n down); the
// split of CPU per item is.
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';

import type { Sender } from './workflows';

interface CallFrame {
	functionName: string;
	url: string;
	lineNumber: number;
}

interface ProfileNode {
	id: number;
	callFrame: CallFrame;
	children?: number[];
}

interface CpuProfile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCallFrame(value: unknown): value is CallFrame {
	return isRecord(value) && typeof value.functionName === 'string' && typeof value.url === 'string' && typeof value.lineNumber === 'number';
}

function isProfileNode(value: unknown): value is ProfileNode {
	return (
		isRecord(value) &&
		typeof value.id === 'number' &&
		isCallFrame(value.callFrame) &&
		(value.children === undefined || (Array.isArray(value.children) && value.children.every((child) => typeof child === 'number')))
	);
}

function isNumberArray(value: unknown): value is number[] {
	return Array.isArray(value) && value.every((entry) => typeof entry === 'number');
}

function isCpuProfile(value: unknown): value is CpuProfile {
	return isRecord(value) && Array.isArray(value.nodes) && value.nodes.every(isProfileNode) && isNumberArray(value.samples) && isNumberArray(value.timeDeltas);
}

/** The environment that makes a Node process write its CPU profile into `dir` when it exits. */
export function cpuProfileEnvironment(dir: string): Record<string, string> {
	return { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir}` };
}

/** The profile that process `pid` wrote into `dir` (V8 names it CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile). */
export async function readProcessProfile(dir: string, pid: number): Promise<CpuProfile> {
	const file = (await readdir(dir)).find((name) => name.endsWith('.cpuprofile') && name.split('.')[3] === String(pid));
	if (file === undefined) throw new Error(`no CPU profile of process ${pid} in ${dir} (did it exit gracefully?)`);
	const parsed: unknown = JSON.parse(await readFile(path.join(dir, file), 'utf8'));
	if (!isCpuProfile(parsed)) throw new Error(`${file} is not a V8 CPU profile`);
	return parsed;
}

/** Where a sampled function lives, in words a reader of the table knows. */
export function areaOf(frame: CallFrame): string {
	const { url, functionName } = frame;
	if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
	if (url.includes('/n8n-nodes-whatsapp-session/')) return 'WhatsApp Session (ours)';
	if (url.startsWith('node:')) return 'Node.js';
	const packages = url.split('/node_modules/');
	const last = packages[packages.length - 1] ?? url;
	if (packages.length === 1) return 'other';
	const parts = last.split('/');
	const name = parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1] ?? ''}` : (parts[0] ?? 'other');
	return name;
}

export interface ProfileSummary {
	/** From the first to the last sample with the sender on its stack. */
	windowMs: number;
	/** Sampled time in that window that was not idle. */
	busyMs: number;
	/** Self time in the window by area, busiest first. */
	areas: Array<{ area: string; ms: number }>;
	/** Self time by function, busiest first. */
	functions: Array<{ name: string; area: string; ms: number }>;
	/** Samples with any frame of our package on the stack: our code and what it called synchronously. */
	underOursMs: number;
}

/** Samples of the sender further apart than this belong to different stretches of work (boot, the run). */
const RUN_GAP_US = 3_000_000;

/** Module loading: n8n requires a community package's files at boot, long before the row runs. */
function isModuleLoading(frame: CallFrame): boolean {
	return frame.url.startsWith('node:internal/modules') || frame.functionName === 'require';
}

/**
 * Sums a profile's samples inside the sender's window. `isSender` picks the frames that mark the
 * sender (its package's files, or HTTP Request's); after an `await` a resumed function is on the
 * stack again, so the window spans the whole execution of the node.
 */
export function summariseProfile(profile: CpuProfile, isSender: (frame: CallFrame) => boolean): ProfileSummary {
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parentOf = new Map<number, number>();
	for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
	interface StackFlags {
		sender: boolean;
		ours: boolean;
		loading: boolean;
	}
	const stackHas = new Map<number, StackFlags>();
	const flags = (id: number): StackFlags => {
		const known = stackHas.get(id);
		if (known) return known;
		const node = byId.get(id);
		const parent = parentOf.get(id);
		const inherited = parent === undefined ? { sender: false, ours: false, loading: false } : flags(parent);
		const frame = node?.callFrame;
		const result = {
			sender: inherited.sender || (frame !== undefined && isSender(frame)),
			ours: inherited.ours || (frame !== undefined && areaOf(frame) === 'WhatsApp Session (ours)'),
			loading: inherited.loading || (frame !== undefined && isModuleLoading(frame)),
		};
		stackHas.set(id, result);
		return result;
	};

	// The run is the sender's last stretch of work: walk back from its last sample while its samples
	// follow each other closely. n8n loads and describes the node at boot, long before, after a gap.
	const atUs: number[] = [];
	profile.timeDeltas.reduce((sum, delta, index) => (atUs[index] = sum + delta), 0);
	const senderSamples = profile.samples.flatMap((id, index) => (flags(id).sender && !flags(id).loading ? [index] : []));
	const last = senderSamples[senderSamples.length - 1] ?? -1;
	let first = last;
	for (let position = senderSamples.length - 2; position >= 0; position--) {
		const earlier = senderSamples[position] ?? 0;
		if ((atUs[first] ?? 0) - (atUs[earlier] ?? 0) > RUN_GAP_US) break;
		first = earlier;
	}
	if (last < 0) throw new Error('no sample has the sender on its stack');

	const areas = new Map<string, number>();
	const functions = new Map<string, { name: string; area: string; ms: number }>();
	let windowUs = 0;
	let busyUs = 0;
	let underOursUs = 0;
	// Sample i's delta is the time since sample i−1: the time sample i stands for.
	for (let index = first + 1; index <= last; index++) {
		const deltaUs = profile.timeDeltas[index] ?? 0;
		const id = profile.samples[index];
		const node = id === undefined ? undefined : byId.get(id);
		windowUs += deltaUs;
		if (node === undefined || node.callFrame.functionName === '(idle)') continue;
		busyUs += deltaUs;
		if (flags(node.id).ours) underOursUs += deltaUs;
		const area = areaOf(node.callFrame);
		areas.set(area, (areas.get(area) ?? 0) + deltaUs);
		const name = `${node.callFrame.functionName || '(anonymous)'} ${path.basename(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`;
		const entry = functions.get(name) ?? { name, area, ms: 0 };
		entry.ms += deltaUs;
		functions.set(name, entry);
	}
	const toMs = (us: number): number => us / 1000;
	return {
		windowMs: toMs(windowUs),
		busyMs: toMs(busyUs),
		areas: [...areas].map(([area, us]) => ({ area, ms: toMs(us) })).sort((a, b) => b.ms - a.ms),
		functions: [...functions.values()].map((entry) => ({ ...entry, ms: toMs(entry.ms) })).sort((a, b) => b.ms - a.ms),
		underOursMs: toMs(underOursUs),
	};
}

/** Which frames mark the sender of a row: our package's code, or HTTP Request's. */
export function senderFrameTest(sender: Sender): (frame: CallFrame) => boolean {
	return sender.kind === 'whatsAppSession'
		? (frame) => areaOf(frame) === 'WhatsApp Session (ours)'
		: (frame) => frame.url.includes('/nodes/HttpRequest/');
}

/** A profile's summary as markdown: CPU per item, by area, and the busiest functions. */
export function profileReport(key: string, messages: number, summary: ProfileSummary, topFunctions = 12): string {
	const perItem = (ms: number): string => `${((ms / messages) * 1000).toFixed(0)} µs`;
	const share = (ms: number): string => `${((ms / summary.busyMs) * 100).toFixed(1)} %`;
	return [
		`### ${key}: ${summary.busyMs.toFixed(0)} ms of CPU in a ${summary.windowMs.toFixed(0)} ms window, ${perItem(summary.busyMs)} per item; ` +
			`with our package on the stack: ${share(summary.underOursMs)} (${perItem(summary.underOursMs)} per item)`,
		'',
		'| Where (self time) | CPU per item | Share |',
		'| --- | --: | --: |',
		...summary.areas.slice(0, 10).map((entry) => `| ${entry.area} | ${perItem(entry.ms)} | ${share(entry.ms)} |`),
		'',
		'| Busiest functions (self time) | Where | CPU per item | Share |',
		'| --- | --- | --: | --: |',
		...summary.functions.slice(0, topFunctions).map((entry) => `| \`${entry.name}\` | ${entry.area} | ${perItem(entry.ms)} | ${share(entry.ms)} |`),
	].join('\n');
}
