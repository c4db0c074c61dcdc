// `npm run bench:n8n`: the WhatsApp Session node inside a real n8n (the pinned 2.41.1, the packed
// package installed the way n8n installs community packages), side by side with n8n's HTTP Request
// node sending the same messages to the same mock provider on 127.0.0.1. Prints one markdown table
// with every row's goal marked met or missed (issue 15); it asserts nothing and is not a test.
//
// All rows but Memory run one after the other in one `n8n start`; each Memory row gets a freshly
// started n8n on the same user folder, because a process's peak RSS only ever grows.
import { cpus, loadavg, totalmem } from 'node:os';
import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';

import { ensureN8nInstalled, N8nSandbox, npmPack, REPO_ROOT } from '../../test/e2e/lib/n8n';
import { KnownKeyApi } from '../../test/e2e/lib/n8nApi';
import { N8nServer } from '../../test/e2e/lib/n8nServer';
import { MockProvider } from '../../test/support/mockProvider';
import { benchCases, LIMIT_PER_SECOND, type BenchCase } from './cases';
import { measure, type Measured } from './measure';
import { cpuProfileEnvironment, profileReport, readProcessProfile, senderFrameTest, summariseProfile } from './profile';
import { runQueueRows } from './queueRows';
import { extraTimePerMessage, groupResults, judgedRows, markdownTable, type GroupResult } from './report';
import type { BenchRow } from './types';
import { benchCredentials, benchWorkflow } from './workflows';

const MINUTE = 60_000;


const load = (): string => loadavg().map((value) => value.toFixed(2)).join(' / ');

function describeRun(run: Measured): string {
	const rate = run.accepted / (run.senderMs / 1000);
	const failure = run.senderError === undefined ? '' : `; the sender failed: ${run.senderError}`;
	const memory = run.peakRssMb === null ? '' : `; RSS ${run.rssBeforeMb?.toFixed(0) ?? '?'} MB before, peak ${run.peakRssMb.toFixed(0)} MB`;
	return (
		`${run.benchCase.key}: ${run.accepted}/${run.benchCase.messages} delivered in ${(run.senderMs / 1000).toFixed(1)} s (${rate.toFixed(1)}/s), ` +
		`${run.requests} requests, ${run.rateLimited} 429s, ${run.lost} lost, ${run.duplicated} duplicated, execution ${run.executionStatus}${failure}${memory}`
	);
}

function notes(groups: readonly GroupResult[], rows: readonly BenchRow[]): string[] {
	const row = (group: string): BenchRow | undefined => groups.find((result) => result.benchCase.group === group)?.row;
	const lines: string[] = [];
	const ours = row('p7-ours');
	const http = row('p7-http');
	if (ours && http) {
		const rounds = (group: string): string =>
			(groups.find((result) => result.benchCase.group === group)?.rounds ?? []).map((run) => (run.accepted / (run.senderMs / 1000)).toFixed(0)).join(', ');
		lines.push(
			`- P7: WhatsApp Session ÷ HTTP Request = ${(ours.achievedPerSecond / http.achievedPerSecond).toFixed(2)} in messages per second ` +
				`(median of the interleaved rounds; per round: ours ${rounds('p7-ours')}, HTTP Request ${rounds('p7-http')}).`,
		);
	}
	const withKey = row('key-with');
	const withoutKey = row('key-without');
	if (withKey && withoutKey) {
		const perMessageMs = (group: string): string =>
			(groups.find((result) => result.benchCase.group === group)?.rounds ?? []).map((run) => (run.senderMs / run.benchCase.messages).toFixed(2)).join(', ');
		lines.push(
			`- Key: sender time per message with ÷ without an Idempotency Key = ${(1 + extraTimePerMessage(withKey, withoutKey)).toFixed(2)} ` +
				`(${(withKey.wallSeconds * 1000 / withKey.messages).toFixed(2)} ms ÷ ${(withoutKey.wallSeconds * 1000 / withoutKey.messages).toFixed(2)} ms, medians; per round in ms: ` +
				`with ${perMessageMs('key-with')}, without ${perMessageMs('key-without')}); the key adds ${(extraTimePerMessage(withKey, withoutKey) * 100).toFixed(0)} % of the node's own time per message.`,
		);
	}
	const memoryOurs = groups.find((result) => result.benchCase.group === 'mem-ours')?.rounds[0];
	const memoryHttp = groups.find((result) => result.benchCase.group === 'mem-http')?.rounds[0];
	const peakOurs = memoryOurs?.peakRssMb ?? null;
	const peakHttp = memoryHttp?.peakRssMb ?? null;
	if (memoryOurs && memoryHttp && peakOurs !== null && peakHttp !== null) {
		const rise = (run: Measured): string => (run.peakRssMb === null || run.rssBeforeMb === null ? '?' : (run.peakRssMb - run.rssBeforeMb).toFixed(0));
		lines.push(
			`- Memory: peak RSS ours ÷ HTTP Request = ${(peakOurs / peakHttp).toFixed(2)}; ` +
				`RSS of the idle, freshly booted n8n before the run: ours ${memoryOurs.rssBeforeMb?.toFixed(0) ?? '?'} MB, HTTP Request ${memoryHttp.rssBeforeMb?.toFixed(0) ?? '?'} MB; ` +
				`rise to the peak: ours ${rise(memoryOurs)} MB, HTTP Request ${rise(memoryHttp)} MB.`,
		);
	}
	const missed = rows.filter((result) => result.met === false).map((result) => `${result.id} ${result.subject}`);
	lines.push(missed.length === 0 ? '- Every goal was met.' : `- Goals missed: ${missed.join('; ')}.`);
	return lines;
}

/**
 * `--only=<regular expression>`: run just the cases whose key matches (for a quick look; goals need
 * their reference rows). `--profile`: run each chosen case in its own n8n with the CPU profiler on.
 */
function selectedCases(args: readonly string[]): BenchCase[] {
	const only = args.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
	const pattern = only === undefined ? undefined : new RegExp(only);
	return benchCases().filter((benchCase) => pattern === undefined || pattern.test(benchCase.key));
}

/** P6 runs unless `--only` leaves it out (its rows' ids start with "P6"). */
function wantsQueueRows(args: readonly string[]): boolean {
	const only = args.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
	return only === undefined || new RegExp(only).test('P6');
}

export async function main(args: readonly string[]): Promise<void> {
	const log = (line: string): void => void process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
	const startedAt = new Date();
	const loadAtStart = load();
	const cases = selectedCases(args);

	log('checking the pinned n8n install (installs it on first use) …');
	const paths = await ensureN8nInstalled(40 * MINUTE);
	const mock = new MockProvider();
	const providerUrl = await mock.start();
	const sandbox = await N8nSandbox.create({ label: 'bench-n8n' });
	const servers: N8nServer[] = [];
	try {
		const tarball = await npmPack(REPO_ROOT, path.join(sandbox.runDir, 'packed'));
		await sandbox.installCommunityPackage(tarball);
		const sessionKeys = cases.filter((benchCase) => benchCase.sender.kind === 'whatsAppSession').map((benchCase) => benchCase.key);

		log(`starting n8n ${sandbox.version} (${sandbox.runDir}) …`);
		const server = await N8nServer.start(sandbox, { credentials: benchCredentials(providerUrl, sessionKeys) });
		servers.push(server);
		const workflowIds = new Map<string, string>();
		const ids = await server.addWorkflows(cases.map((benchCase) => benchWorkflow(benchCase.key, benchCase.messages, benchCase.sender, providerUrl)));
		cases.forEach((benchCase, index) => workflowIds.set(benchCase.key, ids[index] ?? ''));
		const workflowOf = (benchCase: BenchCase): string => {
			const id = workflowIds.get(benchCase.key);
			if (!id) throw new Error(`no workflow was created for ${benchCase.key}`);
			return id;
		};
		const apiKey = await server.api.publicApiKey();

		const profiling = args.includes('--profile');
		const measured: Measured[] = [];
		for (const benchCase of cases.filter((candidate) => !profiling && !candidate.freshProcess)) {
			log(`running ${benchCase.key} …`);
			const run = await measure(benchCase, { server, api: server.api, workflowId: workflowOf(benchCase) }, mock, log);
			log(`  ${describeRun(run)}`);
			measured.push(run);
		}
		await server.stop();

		const profiles: string[] = [];
		for (const benchCase of cases.filter((candidate) => profiling || candidate.freshProcess)) {
			log(`starting a fresh n8n for ${benchCase.key}${profiling ? ' with the CPU profiler on' : ''} …`);
			const profileDir = path.join(sandbox.runDir, 'profiles', benchCase.key);
			await mkdir(profileDir, { recursive: true });
			const fresh = await N8nServer.boot(sandbox, {
				name: `n8n start (${benchCase.key})`,
				logName: `n8n-start-${benchCase.key}`,
				...(profiling && { env: cpuProfileEnvironment(profileDir) }),
			});
			servers.push(fresh);
			const api = new KnownKeyApi(fresh.baseUrl, sandbox.version, apiKey);
			const run = await measure(benchCase, { server: fresh, api, workflowId: workflowOf(benchCase) }, mock, log);
			log(`  ${describeRun(run)}`);
			measured.push(run);
			const stopped = await fresh.stop();
			if (profiling) {
				if (!stopped.stopped.every((entry) => entry.graceful)) log('  n8n did not exit gracefully: its profile may be missing');
				const summary = summariseProfile(await readProcessProfile(profileDir, fresh.process.pid), senderFrameTest(benchCase.sender));
				profiles.push(profileReport(benchCase.key, benchCase.messages, summary));
			}
		}

		const groups = groupResults(measured);
		const rows = judgedRows(groups);
		// Queue mode last: it starts its own main, workers and Redis, while the server above sits idle.
		if (wantsQueueRows(args) && !profiling) {
			rows.push(...(await runQueueRows({ n8nInstallDir: paths.cacheDir, packedNodeTarball: tarball, log })));
		}

		console.log(`# WhatsApp Session in n8n ${sandbox.version}: throughput, overhead and memory (${startedAt.toISOString()})\n`);
		console.log(
			`${cpus().length} CPU(s) (${cpus()[0]?.model.trim() ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(1)} GB; ` +
				`load average (1/5/15 min) ${loadAtStart} at start, ${load()} at the end. n8n on ${path.basename(path.dirname(path.dirname(paths.nodeBin)))}; mock provider at ${providerUrl}.\n`,
		);
		console.log(markdownTable(rows));
		if (profiling) console.log(`\n## CPU profiles (each row in its own n8n, profiler on: rates above are slowed by it)\n\n${profiles.join('\n\n')}`);
		console.log(
			[
				'',
				...notes(groups, rows),
				`- Limit rows: a fixed window of ${LIMIT_PER_SECOND} per 1 s, counted on arrival; Achieved / limit = (delivered − ${LIMIT_PER_SECOND}) ÷ sender time ÷ limit, since the first window is granted at once (a perfect client scores 1.00).`,
				'- Sender time is the sending node\'s executionTime in n8n\'s run data: the Code node before it and n8n\'s start-up are not in it.',
				'- Lost and Duplicated come from the mock provider, by each message\'s own text; HTTP Request rows that fail stop the run as n8n does.',
				`- Total bench time: ${((Date.now() - startedAt.getTime()) / MINUTE).toFixed(1)} min.`,
			].join('\n'),
		);
	} finally {
		for (const server of servers) await server.stop();
		await mock.stop();
		await sandbox.cleanup();
	}
}
