// `npm run demo`: a real n8n on 127.0.0.1 with this package installed the way n8n installs
// community packages, a demo credential per provider pointing at a local mock provider, and the
// workflows in examples/ imported. The mock prints every request it receives, so running an
// example shows exactly what would have gone to a real provider. Ctrl-C stops everything it started.
//
//   node scripts/demo/run.js [--port <n>] [--keep]   start (npm run demo -- --port 5679)
//   node scripts/demo/run.js run <workflow id | example number>
//                                                    run an example in the running demo
//   node scripts/demo/run.js customer "Hi"           play the customer: post a signed webhook to
//   node scripts/demo/run.js customer --tap <id>     the active trigger examples, then print the run
//   node scripts/demo/run.js status failed           and what the mock provider received
//
// Re-uses the end-to-end library (test/e2e/lib/n8n.ts): the pinned n8n install, the sandboxed
// user folder with its environment, `npm pack` and the community-package install, CLI imports.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import * as path from 'node:path';

import {
	E2E_RUNS_DIR,
	ensureN8nInstalled,
	N8N_VERSION,
	N8nSandbox,
	n8nPaths,
} from '../../test/e2e/lib/n8n';
import { DEMO_CREDENTIAL_REFS, DEMO_SECRETS } from './credentials';
import {
	buildSignedWebhook,
	DEMO_CUSTOMER,
	listensTo,
	looksLikeBsuid,
	offeredButtons,
	productionUrl,
	triggerOf,
	type InboundRequest,
} from './inboundEvents';
import {
	authHeaders,
	DEMO_N8N_ENV,
	loadExamples,
	login,
	NODE_TYPE,
	nodeTypeIsKnown,
	OWNER,
	prepareDemoUserFolder,
	setUpOwner,
	TRIGGER_NODE_TYPE,
	triggerExamples,
	waitUntilReady,
	type Example,
} from './instance';
import { startMockProvider, type LoggedRequest, type RunningMockProvider } from './mockProvider';
import { startDemoModel } from './model';
import type { ScriptedModel } from '../../test/e2e/lib/scriptedModel';
import { findQuestionChoice, findWaitingFlow, type QuestionChoice } from './questionTap';
import { WINDOW_PATH } from './mockFixtures';
import type { JsonObject } from '../../test/support/inboundSamples';
import { parseWireId } from '../../nodes/WhatsAppSession/waiting/reference';

const DEFAULT_PORT = 5678;
/** Where a running demo says how to reach it, for `run.js run <example>`. */
const STATE_FILE = path.join(E2E_RUNS_DIR, 'demo-state.json');
const READY_TIMEOUT_MS = 3 * 60_000;
const STOP_GRACE_MS = 10_000;
/** Run folders are `<stamp>-demo-<pid>-<hex>` (N8nSandbox.create with label "demo"). */
const DEMO_RUN_DIR = /^\d{8}T\d{6}-demo-(\d+)-[0-9a-f]{6}$/;
/** In a run folder kept with --keep: later starts leave it alone. */
const KEPT_MARKER = 'KEPT';

const USAGE = `npm run demo [-- --port <n>] [-- --keep]
    Starts n8n on 127.0.0.1 (port 5678, or a free one) with the node, the examples and a mock provider.
    --keep keeps the demo's user folder after Ctrl-C.
node scripts/demo/run.js run <example number | workflow id>
    Runs an example in the running demo and prints what its WhatsApp Session nodes put out.
node scripts/demo/run.js customer [--example <n>] [--from <number | BSUID>] [--name <name>] [--id <message id>] "<text>"
node scripts/demo/run.js customer [--example <n>] [--id <message id>] --tap <reply id | choice id>
node scripts/demo/run.js customer [--example <n>] --image ["<caption>"]
node scripts/demo/run.js customer [--example <n>] --flow '<answers as a JSON object>'
node scripts/demo/run.js status <sent|delivered|read|failed|played> [--example <n>] [--message <id>] [--from <number | BSUID>]
    Plays the provider: posts a signed webhook to the Production URL of an active trigger example
    (the first that listens for it, or --example), then prints the run and what the mock received.
    --id reuses a message id: posting it again shows that a redelivered event starts nothing.
    --tap with a choice id of a waiting Send and Wait for Reply (example 17's confirm) answers its question.
    --image sends a photo; example 19 gets the file with Get Media.
    --flow submits the newest Flow a waiting Send and Wait for Reply sent (its Flow Form), with these answers.
node scripts/demo/run.js window <closed|open> [--for <number>]
    Closes (or reopens) the 24-hour window of a customer in the mock: session messages to them are
    refused with 131047, templates still go out (example 15's fallback).
`;

interface DemoState {
	/** The demo process. */
	pid: number;
	/** `n8n start`, leader of its own process group (n8n and its task runner). */
	n8nPid: number;
	runDir: string;
	baseUrl: string;
	/** The mock provider's redacted request log, for `customer` and `status`. */
	mockLogUrl: string;
	email: string;
	password: string;
	/** Set once the owner exists and the node type is confirmed. */
	ready: boolean;
}

const started = Date.now();

function log(message: string): void {
	const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(5);
	process.stdout.write(`[demo ${seconds}s] ${message}\n`);
}

export async function main(argv: readonly string[]): Promise<void> {
	if (argv[0] === 'run') {
		await runExampleCommand(argv[1]);
		return;
	}
	if (argv[0] === 'window') {
		await windowCommand(argv.slice(1));
		return;
	}
	if (argv[0] === 'customer' || argv[0] === 'status') {
		await webhookCommand(argv[0], argv.slice(1));
		return;
	}
	if (argv.includes('--help') || argv.includes('-h')) {
		process.stdout.write(USAGE);
		return;
	}
	const portArg = argv.indexOf('--port');
	const port = portArg >= 0 ? Number(argv[portArg + 1]) : undefined;
	if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) throw new Error('--port needs a port number');
	await startDemo({ port, keep: argv.includes('--keep') });
}

// ---------------------------------------------------------------------------------------------
// Start

/** WhatsApp Session as an AI agent's tool (example 20), and n8n's AI Agent. */
const TOOL_NODE_TYPE = `${NODE_TYPE}Tool`;
const LANGCHAIN_PREFIX = '@n8n/n8n-nodes-langchain.';
const AGENT_NODE_TYPE = `${LANGCHAIN_PREFIX}agent`;

interface Running {
	sandbox?: N8nSandbox;
	mock?: RunningMockProvider;
	model?: ScriptedModel;
	n8n?: ChildProcess;
	n8nExited?: Promise<void>;
	keep: boolean;
	stopping: boolean;
	firstSignalAt?: number;
}

async function startDemo(options: { port?: number; keep: boolean }): Promise<void> {
	const running: Running = { keep: options.keep, stopping: false };
	installSignalHandlers(running);
	try {
		await bringUp(running, options.port);
	} catch (error) {
		log(`the demo could not start: ${error instanceof Error ? error.message : String(error)}`);
		await shutDown(running, 'start-up failed', 1);
	}
}

async function bringUp(running: Running, requestedPort: number | undefined): Promise<void> {
	const examples = loadExamples();
	log(`n8n ${N8N_VERSION} with the WhatsApp Session node, ${examples.length} example workflows, a mock provider; Ctrl-C stops it all`);

	if (!existsSync(n8nPaths().marker)) {
		log(`installing n8n ${N8N_VERSION} into ${relative(n8nPaths().cacheDir)} (first time only: about 5-6 minutes)`);
	}
	await ensureN8nInstalled();
	await stopOrphanedN8n();
	await removeStaleDemoFolders();

	const port = requestedPort ?? ((await isPortFree(DEFAULT_PORT)) ? DEFAULT_PORT : await freePort());
	if (!(await isPortFree(port))) throw new Error(`port ${port} on 127.0.0.1 is in use; pick another with --port`);
	const sandbox = await N8nSandbox.create({
		label: 'demo',
		// The Test and Production URLs the editor shows point back at this n8n (2.41's name for
		// WEBHOOK_URL, which it still reads but warns about).
		env: { N8N_PORT: String(port), N8N_HOST: '127.0.0.1', N8N_WEBHOOK_URL: `http://127.0.0.1:${port}/`, ...DEMO_N8N_ENV },
	});
	running.sandbox = sandbox;
	log(`user folder: ${relative(sandbox.userFolder)}`);

	const mock = await startMockProvider({ secrets: Object.values(DEMO_SECRETS), print: (text) => process.stdout.write(`${text}\n`) });
	running.mock = mock;
	log(`mock provider listening on ${mock.baseUrl}`);
	const { model, baseUrl: modelBaseUrl } = await startDemoModel();
	running.model = model;
	log(`scripted chat model (for example 20's AI agent) listening on ${modelBaseUrl}`);

	const { tarball, installed } = await prepareDemoUserFolder(sandbox, mock, modelBaseUrl, examples);
	log(`installed ${path.basename(tarball)} as community package ${installed.name}@${installed.version}`);
	log(`imported ${Object.keys(DEMO_CREDENTIAL_REFS).length + 1} demo credentials and ${examples.length} workflows; activated ${triggerExamples(examples).length} started by the trigger`);

	const baseUrl = `http://127.0.0.1:${port}`;
	const logFile = path.join(sandbox.runDir, 'logs', 'n8n-start.log');
	const n8nPid = startN8n(running, sandbox, logFile);
	const state: DemoState = {
		pid: process.pid,
		n8nPid,
		runDir: sandbox.runDir,
		baseUrl,
		mockLogUrl: mock.logUrl,
		email: OWNER.email,
		password: OWNER.password,
		ready: false,
	};
	await writeFile(STATE_FILE, JSON.stringify(state, null, 2), 'utf8');
	try {
		await waitUntilReady(baseUrl, () => readFileSafe(logFile), () => running.n8n !== undefined, READY_TIMEOUT_MS);
	} catch (error) {
		throw new Error(`${error instanceof Error ? error.message : String(error)}; see ${relative(logFile)}`);
	}
	const cookie = await setUpOwner(baseUrl);
	const nodeLoaded = await nodeTypeIsKnown(baseUrl, cookie);
	if (!nodeLoaded) throw new Error(`n8n started, but does not know ${NODE_TYPE}; see ${relative(logFile)}`);
	await writeFile(STATE_FILE, JSON.stringify({ ...state, ready: true }, null, 2), 'utf8');
	printBanner({ baseUrl, examples, mock, logFile, sandbox, keep: running.keep });
}

/**
 * A demo killed hard (SIGKILL) cannot stop its n8n, which then keeps running without it. The next
 * start stops that n8n: the one the state file names, if it still runs in that demo's folder.
 */
async function stopOrphanedN8n(): Promise<void> {
	const state = readState();
	if (!state || isAlive(state.pid) || !isAlive(state.n8nPid)) return;
	let cwd = '';
	try {
		cwd = readlinkSync(`/proc/${state.n8nPid}/cwd`);
	} catch {
		return;
	}
	if (cwd !== state.runDir) return;
	log(`stopping n8n (pid ${state.n8nPid}) left behind by a demo that was killed`);
	killGroup(state.n8nPid, 'SIGKILL');
	// Its port is free once it is gone.
	for (let waited = 0; waited < 5_000 && isAlive(state.n8nPid); waited += 100) await sleep(100);
	await rm(STATE_FILE, { force: true });
}

/** Folders of demos that ended without cleaning up (killed hard): their process is gone. */
async function removeStaleDemoFolders(): Promise<void> {
	if (!existsSync(E2E_RUNS_DIR)) return;
	for (const entry of readdirSync(E2E_RUNS_DIR)) {
		const match = DEMO_RUN_DIR.exec(entry);
		const kept = existsSync(path.join(E2E_RUNS_DIR, entry, KEPT_MARKER));
		if (match?.[1] !== undefined && !kept && !isAlive(Number(match[1]))) {
			await rm(path.join(E2E_RUNS_DIR, entry), { recursive: true, force: true });
		}
	}
}

function startN8n(running: Running, sandbox: N8nSandbox, logFile: string): number {
	const { nodeBin, n8nBin } = sandbox.paths;
	// Its own process group, so stopping the group also stops n8n's task runner.
	const child = spawn(nodeBin, [n8nBin, 'start'], {
		cwd: sandbox.runDir,
		env: sandbox.env,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	running.n8n = child;
	const out = createWriteStream(logFile);
	child.stdout?.pipe(out, { end: false });
	child.stderr?.pipe(out, { end: false });
	running.n8nExited = new Promise<void>((resolve) => {
		child.once('error', (error) => {
			log(`could not run n8n: ${error.message}`);
			running.n8n = undefined;
			resolve();
		});
		child.once('exit', (code, signal) => {
			// Stragglers in its group (the task runner) go with it.
			if (child.pid !== undefined) killGroup(child.pid, 'SIGKILL');
			running.n8n = undefined;
			out.end();
			resolve();
			if (!running.stopping) {
				log(`n8n exited by itself (${signal ?? `exit code ${String(code)}`}); the end of its log:`);
				process.stdout.write(tailOf(logFile));
				void shutDown(running, 'n8n exited', 1);
			}
		});
	});
	if (child.pid === undefined) throw new Error('could not start n8n');
	log(`n8n start: pid ${child.pid}, log ${relative(logFile)}`);
	return child.pid;
}

function printBanner(input: {
	baseUrl: string;
	examples: Example[];
	mock: RunningMockProvider;
	logFile: string;
	sandbox: N8nSandbox;
	keep: boolean;
}): void {
	const { baseUrl, examples, mock, logFile, sandbox, keep } = input;
	const rule = '─'.repeat(96);
	const idWidth = Math.max(...examples.map((example) => example.workflow.id.length));
	const lines = [
		rule,
		`n8n ${N8N_VERSION} is running with the WhatsApp Session node (ready in ${((Date.now() - started) / 1000).toFixed(1)} s).`,
		'',
		`  Editor:  ${baseUrl}/`,
		`  Log in:  ${OWNER.email}  /  ${OWNER.password}`,
		'',
		`  Examples (credential "${DEMO_CREDENTIAL_REFS.whatsAppSessionApi.name}" points at the mock provider):`,
		...examples.map(({ workflow }, index) => `  ${String(index + 1).padStart(4)}  ${baseUrl}/workflow/${workflow.id.padEnd(idWidth)}  ${workflow.name.replace(/^WhatsApp Session example \d+: /, '')}`),
		'',
		'  Run one: open it, click "Execute workflow", then click the WhatsApp Session node to see its output.',
		'           What the node sent appears below in this terminal, as the mock provider received it.',
		'  Or from a second terminal:  node scripts/demo/run.js run 1      (an example number or workflow id)',
		'',
		`  Examples ${triggerExamples(examples).map(({ workflow }) => examples.findIndex((entry) => entry.workflow.id === workflow.id) + 1).join(', ')} are active: the WhatsApp Session Trigger starts them. Play the customer from a second terminal:`,
		'    node scripts/demo/run.js customer "Hi, where is my order?"     example 11 answers',
		'    node scripts/demo/run.js customer --example 12 "Hi"            example 12 sends a menu of reply buttons',
		'    node scripts/demo/run.js customer --tap menu-track             example 12 answers the tap by its reply id',
		'    node scripts/demo/run.js status failed                         example 13 alerts the team (error 131047)',
		'    node scripts/demo/run.js customer --image                      example 19 gets the photo (Get Media)',
		'    node scripts/demo/run.js run 17, then customer --tap confirm    example 17 asks, waits, and goes on with the answer',
		'    node scripts/demo/run.js run 24, then customer --flow \'{"street": "MG Road 5", "slot": "evening"}\'   example 24 waits for its Flow form',
		'    node scripts/demo/run.js window closed, then run 15            example 15 falls back to its template',
		'    node scripts/demo/run.js customer --example 20 "Hi"            example 20\'s AI agent answers through WhatsApp Session as its tool',
		'  Each posts a signed webhook to the Production URL, then prints the run and the reply the mock received.',
		'',
		`  Mock provider: ${mock.baseUrl}    n8n log: ${relative(logFile)}`,
		`  Stop: Ctrl-C. It stops n8n, its task runner, the mock provider and the scripted model${keep ? '' : `, and deletes ${relative(sandbox.runDir)}`}.`,
		rule,
	];
	process.stdout.write(`${lines.join('\n')}\n`);
}

// ---------------------------------------------------------------------------------------------
// Stop

function installSignalHandlers(running: Running): void {
	const onSignal = (signal: NodeJS.Signals) => {
		const now = Date.now();
		if (running.stopping) {
			// npm passes the terminal's Ctrl-C on as well, so one press can arrive twice; a
			// second press a moment later means "now".
			if (running.firstSignalAt !== undefined && now - running.firstSignalAt > 1_500) {
				log('second interrupt: killing everything at once');
				if (running.n8n?.pid !== undefined) killGroup(running.n8n.pid, 'SIGKILL');
				process.exit(130);
			}
			return;
		}
		running.firstSignalAt = now;
		void shutDown(running, signal, 0);
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	process.on('SIGHUP', onSignal);
}

async function shutDown(running: Running, reason: string, exitCode: number): Promise<void> {
	if (running.stopping) return;
	running.stopping = true;
	process.stdout.write('\n');
	log(`${reason}: stopping n8n, its task runner, the mock provider and the scripted model`);
	try {
		await stopN8n(running);
		await running.mock?.stop();
		await running.model?.stop();
		await removeStateFile();
		// Kills any n8n CLI call still running (an import, when stopped during start-up).
		await running.sandbox?.cleanup({ keep: running.keep });
		if (running.sandbox && running.keep) {
			await writeFile(path.join(running.sandbox.runDir, KEPT_MARKER), 'kept by `npm run demo -- --keep`; delete the folder when done\n', 'utf8');
			log(`kept ${relative(running.sandbox.runDir)} (delete it when done)`);
		}
		log('stopped');
	} catch (error) {
		log(`while stopping: ${error instanceof Error ? error.message : String(error)}`);
		exitCode = exitCode || 1;
	}
	process.exit(exitCode);
}

async function stopN8n(running: Running): Promise<void> {
	const child = running.n8n;
	if (child?.pid === undefined) return;
	// n8n shuts down gracefully on SIGTERM (it finishes running executions first, within limits).
	killGroup(child.pid, 'SIGTERM');
	const stopped = await Promise.race([running.n8nExited?.then(() => true), sleep(STOP_GRACE_MS).then(() => false)]);
	if (!stopped) {
		log(`n8n did not stop within ${STOP_GRACE_MS / 1000} s; killing it`);
		killGroup(child.pid, 'SIGKILL');
		await running.n8nExited;
	}
}

async function removeStateFile(): Promise<void> {
	const state = readState();
	if (state?.pid === process.pid) await rm(STATE_FILE, { force: true });
}

// ---------------------------------------------------------------------------------------------
// `run <example>`: runs an example in the running demo through n8n's REST API, as the editor's
// "Execute workflow" button does, and prints what the WhatsApp Session nodes put out.

async function runExampleCommand(which: string | undefined): Promise<void> {
	const state = readState();
	if (!state || !isAlive(state.pid)) throw new Error('no demo is running; start it with `npm run demo`');
	if (!state.ready) throw new Error('the demo is still starting; try again when it prints the editor URL');
	const examples = loadExamples();
	const example = /^\d+$/.test(which ?? '') ? examples[Number(which) - 1] : examples.find((entry) => entry.workflow.id === which);
	if (!example) {
		const list = examples.map(({ workflow }, index) => `  ${index + 1}  ${workflow.id}`).join('\n');
		throw new Error(`name an example by number or workflow id:\n${list}`);
	}
	const { workflow } = example;
	const trigger = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
	if (!trigger) {
		throw new Error(
			triggerOf(example)
				? `${example.file} is started by the WhatsApp Session Trigger and is active: play the customer with \`node scripts/demo/run.js customer "Hi"\` (see --help)`
				: `${example.file} has no Manual Trigger`,
		);
	}

	const cookie = await login(state.baseUrl, state.email, state.password);
	const runResponse = await fetch(`${state.baseUrl}/rest/workflows/${encodeURIComponent(workflow.id)}/run`, {
		method: 'POST',
		headers: authHeaders(cookie),
		body: JSON.stringify({ triggerToStartFrom: { name: trigger.name } }),
	});
	if (!runResponse.ok) throw new Error(`starting the run answered HTTP ${runResponse.status}: ${await runResponse.text()}`);
	const run = (await runResponse.json()) as { data?: { executionId?: string } };
	const executionId = run.data?.executionId;
	if (executionId === undefined) throw new Error(`n8n started no execution: ${JSON.stringify(run)}`);
	process.stdout.write(`${workflow.name}\nexecution ${executionId}: ${state.baseUrl}/workflow/${workflow.id}/executions/${executionId}\n`);

	const execution = await waitForExecution(state.baseUrl, cookie, executionId, true);
	process.stdout.write(`status: ${execution.status}\n`);
	const runData = execution.runData;
	for (const node of workflow.nodes.filter((entry) => entry.type === NODE_TYPE)) {
		const nodeRun = runData?.[node.name]?.[0];
		const items = nodeRun?.data?.main?.[0] ?? [];
		process.stdout.write(`\n${node.name}: ${items.length} item(s) out\n`);
		for (const item of items) process.stdout.write(`  ${JSON.stringify(item.json)}\n`);
		if (nodeRun?.error) process.stdout.write(`  error: ${String(nodeRun.error.message)}\n`);
	}
	if (execution.status === 'waiting') {
		const asking = workflow.nodes.filter((node) => node.parameters.operation === 'sendAndWait');
		if (asking.some((node) => node.parameters.responseType === 'flowForm')) {
			process.stdout.write(`\nThe execution waits for the customer to submit the Flow. Submit it as the customer, with the answers you like:\n  node scripts/demo/run.js customer --flow '{"street": "MG Road 5", "slot": "evening"}'\n`);
		} else {
			const choices = asking.flatMap((node) => offeredChoiceIds(node.parameters.choices));
			process.stdout.write(`\nThe execution waits for the customer's answer. Tap a choice as the customer:\n${choices.map((id) => `  node scripts/demo/run.js customer --tap ${id}`).join('\n')}\n`);
		}
		return;
	}
	if (execution.status !== 'success') process.exitCode = 1;
}

/** The builder's choice ids of a Send and Wait for Reply's Choices field. */
function offeredChoiceIds(choices: unknown): string[] {
	const entries: unknown = typeof choices === 'object' && choices !== null ? Reflect.get(choices, 'choice') : undefined;
	return Array.isArray(entries) ? entries.flatMap((entry) => {
		const id: unknown = typeof entry === 'object' && entry !== null ? Reflect.get(entry, 'id') : undefined;
		return typeof id === 'string' ? [id] : [];
	}) : [];
}

// ---------------------------------------------------------------------------------------------
// `window closed|open`: the mock refuses session messages to a customer whose window is closed
// (131047), as the Cloud API does, so a closed-window fallback (example 15) can be seen working.

async function windowCommand(args: readonly string[]): Promise<void> {
	const wanted = args[0];
	if (wanted !== 'closed' && wanted !== 'open') throw new Error('say window closed or window open [--for <number>]');
	const forIndex = args.indexOf('--for');
	const customer = forIndex >= 0 ? args[forIndex + 1] ?? '' : DEMO_CUSTOMER.phone;
	const state = readState();
	if (!state || !isAlive(state.pid)) throw new Error('no demo is running; start it with `npm run demo`');
	const response = await fetch(new URL(WINDOW_PATH, state.mockLogUrl), { method: 'POST', body: JSON.stringify({ customer, open: wanted === 'open' }) });
	if (!response.ok) throw new Error(`the mock provider answered HTTP ${response.status}`);
	process.stdout.write(
		wanted === 'closed'
			? `The 24-hour window of +${customer.replace(/\D/g, '')} is now closed: the mock refuses session messages to this customer with 131047 and still takes templates.\nRun example 15 to see its fallback: node scripts/demo/run.js run 15\n`
			: `The 24-hour window of +${customer.replace(/\D/g, '')} is open again.\n`,
	);
}

// ---------------------------------------------------------------------------------------------
// `customer …` and `status …`: the provider's side of a conversation. Posts a signed webhook to an
// active trigger example's Production URL, as the provider would, then prints the execution it
// started and what its WhatsApp Session nodes sent to the mock provider.

interface WebhookCommand {
	request: InboundRequest;
	example?: string;
}

function parseWebhookCommand(command: 'customer' | 'status', args: readonly string[], lastSentMessageId: string | undefined): WebhookCommand {
	const flags = new Map<string, string>();
	const words: string[] = [];
	for (let index = 0; index < args.length; index += 1) {
		const arg = args[index] ?? '';
		if (arg === '--image') {
			flags.set('image', 'yes');
		} else if (/^--(example|from|name|tap|flow|message|id)$/.test(arg)) {
			const value = args[index + 1];
			if (value === undefined) throw new Error(`${arg} needs a value; see --help`);
			flags.set(arg.slice(2), value);
			index += 1;
		} else if (arg.startsWith('--')) {
			throw new Error(`unknown option ${arg}; see --help`);
		} else {
			words.push(arg);
		}
	}
	const example = flags.get('example');
	if (command === 'status') {
		const status = words[0];
		if (status === undefined || words.length > 1) throw new Error('say which status: status <sent|delivered|read|failed|played>');
		const messageId = flags.get('message') ?? lastSentMessageId ?? 'wamid.demo.earlier';
		return { request: { kind: 'status', status, messageId, recipient: customerId(flags.get('from')) }, example };
	}
	const from = customerId(flags.get('from'));
	const name = flags.get('name') ?? DEMO_CUSTOMER.name;
	const replyId = flags.get('tap');
	if (replyId !== undefined) {
		if (words.length > 0) throw new Error('--tap sends a tap, not text; leave out the text');
		return { request: { kind: 'tap', replyId, from, name, messageId: flags.get('id') }, example };
	}
	const answers = flags.get('flow');
	if (answers !== undefined) {
		if (words.length > 0) throw new Error('--flow submits a Flow, not text; leave out the text');
		return { request: { kind: 'flowSubmit', answers: flowAnswers(answers), from, name, messageId: flags.get('id') }, example };
	}
	const text = words.join(' ');
	if (flags.has('image')) {
		return { request: { kind: 'image', caption: text.trim() === '' ? 'The parcel arrived damaged' : text, from, name, messageId: flags.get('id') }, example };
	}
	if (text.trim() === '') throw new Error('say what the customer writes: customer "Hi, where is my order?"');
	return { request: { kind: 'text', text, from, name, messageId: flags.get('id') }, example };
}

function isJsonObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What the customer fills in: a JSON object, as the Flow names its fields. */
function flowAnswers(written: string): JsonObject {
	let parsed: unknown;
	try {
		parsed = JSON.parse(written);
	} catch {
		throw new Error(`--flow takes the Flow's answers as a JSON object, such as '{"street": "MG Road 5"}' (got ${written})`);
	}
	if (!isJsonObject(parsed)) throw new Error(`--flow takes a JSON object (got ${written})`);
	return parsed;
}

/** A phone number as digits; a BSUID (a customer with a username) as written. */
function customerId(written: string = DEMO_CUSTOMER.phone): string {
	return looksLikeBsuid(written) ? written : written.replace(/\D/g, '');
}

/** The active example to post to: the one named, else the first whose trigger listens for this event. */
function pickTriggerExample(examples: readonly Example[], command: WebhookCommand): Example {
	const active = triggerExamples(examples);
	if (command.example !== undefined) {
		const named = /^\d+$/.test(command.example) ? examples[Number(command.example) - 1] : examples.find((entry) => entry.workflow.id === command.example);
		if (named && active.includes(named)) return named;
		const list = active.map(({ workflow }) => `  ${examples.findIndex((entry) => entry.workflow.id === workflow.id) + 1}  ${workflow.name}`).join('\n');
		throw new Error(`--example ${command.example} is not started by the trigger; these are:\n${list}`);
	}
	const { request } = command;
	// A photo goes to the example that gets files (19), where there is one.
	const candidates = request.kind === 'image' ? [...active].sort((a, b) => Number(getsMedia(b)) - Number(getsMedia(a))) : active;
	const found = candidates.find((example) => {
		const trigger = triggerOf(example);
		if (!trigger) return false;
		const listening = listensTo(trigger);
		switch (request.kind) {
			case 'text':
			case 'image':
			case 'flowSubmit':
				return listening.messages;
			case 'tap':
				// A question's wire id is for whichever trigger hears the customer; plain buttons for their example.
				return listening.messages && (parseWireId(request.replyId) !== undefined || offeredButtons(example).some((button) => button.id === request.replyId));
			case 'status':
				return listening.statuses === 'all' || (listening.statuses !== 'none' && listening.statuses.includes(request.status));
		}
	});
	if (found) return found;
	const what =
		request.kind === 'status'
			? `"${request.status}" statuses`
			: request.kind === 'tap'
				? `a tap on "${request.replyId}" (no example offers it, and no question in the mock's log does: run example 17 first)`
				: 'messages';
	throw new Error(`no active example listens for ${what}; name one with --example`);
}

function getsMedia(example: Example): boolean {
	return example.workflow.nodes.some((node) => node.type === NODE_TYPE && node.parameters.operation === 'getMedia');
}

async function mockRequestsAfter(state: DemoState, after: number): Promise<{ count: number; requests: LoggedRequest[] }> {
	const response = await fetch(`${state.mockLogUrl}?after=${after}`);
	if (!response.ok) throw new Error(`the mock provider's log answered HTTP ${response.status}`);
	const log: unknown = await response.json();
	const count: unknown = Reflect.get(Object(log), 'count');
	const requests: unknown = Reflect.get(Object(log), 'requests');
	if (typeof count !== 'number' || !Array.isArray(requests)) throw new Error("the mock provider's log is not what this script expects; restart the demo");
	// The mock (scripts/demo/mockProvider.ts) writes these entries; this script only reads them back.
	return { count, requests: requests.filter(isLoggedRequest) };
}

function isLoggedRequest(value: unknown): value is LoggedRequest {
	const answer: unknown = Reflect.get(Object(value), 'answer');
	return (
		typeof Reflect.get(Object(value), 'number') === 'number' &&
		typeof Reflect.get(Object(value), 'path') === 'string' &&
		typeof Reflect.get(Object(answer), 'status') === 'number'
	);
}

/** The newest id the mock handed out for a sent message: what a status is most likely about. */
function lastAcceptedMessageId(requests: readonly LoggedRequest[]): string | undefined {
	for (const entry of [...requests].reverse()) {
		const messages: unknown = Reflect.get(Object(entry.answer.body), 'messages');
		const id: unknown = Array.isArray(messages) ? Reflect.get(Object(messages[0]), 'id') : undefined;
		if (typeof id === 'string') return id;
	}
	return undefined;
}

async function latestExecutionId(baseUrl: string, cookie: string, workflowId: string): Promise<number> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const response = await fetch(`${baseUrl}/rest/executions?filter=${filter}&limit=1`, { headers: authHeaders(cookie) });
	if (!response.ok) throw new Error(`listing executions answered HTTP ${response.status}`);
	const body: unknown = await response.json();
	const results: unknown = Reflect.get(Object(Reflect.get(Object(body), 'data')), 'results');
	const newest: unknown = Array.isArray(results) ? Reflect.get(Object(results[0]), 'id') : undefined;
	return Number(newest ?? 0);
}

async function webhookCommand(command: 'customer' | 'status', args: readonly string[]): Promise<void> {
	if (args.includes('--help') || args.includes('-h')) {
		process.stdout.write(USAGE);
		return;
	}
	const state = readState();
	if (!state || !isAlive(state.pid)) throw new Error('no demo is running; start it with `npm run demo`');
	if (!state.ready) throw new Error('the demo is still starting; try again when it prints the editor URL');
	if (typeof state.mockLogUrl !== 'string') throw new Error('the running demo is older than this command; restart it');
	const before = await mockRequestsAfter(state, Number.MAX_SAFE_INTEGER);
	const logged = (await mockRequestsAfter(state, 0)).requests;
	const examples = loadExamples();
	const { parsed, question } = asQuestionTap(parseWebhookCommand(command, args, lastAcceptedMessageId(logged)), examples, logged);
	const example = pickTriggerExample(examples, parsed);
	const trigger = triggerOf(example);
	if (!trigger) throw new Error(`${example.file} has no trigger`);
	const url = productionUrl(state.baseUrl, trigger);
	const webhook = buildSignedWebhook(example, parsed.request);

	const cookie = await login(state.baseUrl, state.email, state.password);
	const previousExecution = await latestExecutionId(state.baseUrl, cookie, example.workflow.id);
	const signature = Object.keys(webhook.headers).filter((name) => name !== 'content-type');
	process.stdout.write(`${webhook.summary}\n→ POST ${url}  (${webhook.rawBody.length} bytes${signature.length > 0 ? `, signed: ${signature.join(', ')}` : ', unsigned'})\n`);
	const postedAt = Date.now();
	const response = await fetch(url, { method: 'POST', headers: webhook.headers, body: webhook.rawBody });
	const answer = await response.text();
	process.stdout.write(`← ${response.status} ${answer} (${Date.now() - postedAt} ms)\n`);
	if (!response.ok) {
		process.exitCode = 1;
		return;
	}
	if (question) {
		await reportResumed(state, cookie, question, examples, before.count, postedAt);
		return;
	}

	// The trigger answers "OK" itself when it starts nothing (an event it does not listen for, or a
	// redelivery); any other answer comes from n8n once an execution has started. A short look
	// for an execution even after "OK" keeps this true should the trigger's answers change.
	const settledWithin = answer === 'OK' ? 2_000 : 30_000;
	let executionId = previousExecution;
	for (const deadline = Date.now() + settledWithin; executionId === previousExecution && Date.now() < deadline; ) {
		await sleep(200);
		executionId = await latestExecutionId(state.baseUrl, cookie, example.workflow.id);
	}
	if (executionId === previousExecution) {
		if (answer !== 'OK') throw new Error(`n8n accepted the webhook but no execution of ${example.workflow.id} appeared within 30 s`);
		process.stdout.write(`"${example.workflow.name}" started no execution: its trigger does not listen for this event, or saw it before.\n`);
		return;
	}
	const execution = await waitForExecution(state.baseUrl, cookie, String(executionId));
	await printRunAndReplies(state, example, String(executionId), execution, before.count, postedAt);
}

/** What an execution's nodes put out, and what the mock provider received since `after`. */
async function printRunAndReplies(state: DemoState, example: Example, executionId: string, execution: ExecutionSummary, after: number, postedAt: number): Promise<void> {
	const seconds = ((Date.now() - postedAt) / 1000).toFixed(2);
	process.stdout.write(`\n${example.workflow.name}\nexecution ${executionId}: ${execution.status}, ${seconds} s after the post  ${state.baseUrl}/workflow/${example.workflow.id}/executions/${executionId}\n`);
	for (const node of example.workflow.nodes) {
		const nodeRun = execution.runData?.[node.name]?.[0];
		if (!nodeRun) continue;
		// The agent's model and memory put out nothing of interest here; the agent's answer shows what they did.
		if (node.type.startsWith(LANGCHAIN_PREFIX) && node.type !== AGENT_NODE_TYPE) continue;
		const calledAsTool = node.type === TOOL_NODE_TYPE;
		const outputs = (calledAsTool ? nodeRun.data?.ai_tool : nodeRun.data?.main) ?? [];
		const counts = outputs.map((items) => items?.length ?? 0);
		const branches = outputs.length > 1 ? ` (${counts.map((count, index) => `${index === 0 ? 'true' : 'false'}: ${count}`).join(', ')})` : '';
		const runs = execution.runData?.[node.name]?.length ?? 0;
		const how = calledAsTool ? ` (called by the agent ${runs} time${runs === 1 ? '' : 's'}; what the model got back)` : '';
		process.stdout.write(`\n${node.name}: ${counts.reduce((sum, count) => sum + count, 0)} item(s) out${branches}${how}\n`);
		// The trigger's items, what each send put out, and the agent's answer; other nodes pass the trigger's on.
		if (![NODE_TYPE, TRIGGER_NODE_TYPE, TOOL_NODE_TYPE, AGENT_NODE_TYPE].includes(node.type)) continue;
		for (const item of outputs.flatMap((items) => items ?? [])) process.stdout.write(`  ${JSON.stringify(withoutRaw(item.json))}\n`);
		if (nodeRun.error) process.stdout.write(`  error: ${String(nodeRun.error.message)}\n`);
	}
	const sent = await mockRequestsAfter(state, after);
	process.stdout.write(`\nThe mock provider received ${sent.requests.length} request(s) since the post:\n`);
	for (const entry of sent.requests) {
		// A GET has no body to show.
		const body = entry.body === undefined ? '' : `  ${JSON.stringify(entry.body)}\n`;
		process.stdout.write(`  #${entry.number} ${entry.method} ${entry.path} → ${entry.answer.status}\n${body}`);
	}
	if (execution.status !== 'success') process.exitCode = 1;
}

/**
 * A tap on a builder's choice id ("confirm") that no example's plain buttons offer, but a question
 * in the mock's log does (example 17's Send and Wait for Reply): the tap WhatsApp would send for
 * it, with the button's wire id and title, quoting the question as its context.
 */
function asQuestionTap(
	parsed: WebhookCommand,
	examples: readonly Example[],
	logged: readonly LoggedRequest[],
): { parsed: WebhookCommand; question?: QuestionChoice } {
	const { request } = parsed;
	if (request.kind === 'flowSubmit') {
		const flow = findWaitingFlow(logged);
		if (flow === undefined) return { parsed };
		return { parsed: { ...parsed, request: { ...request, token: flow.wireId, contextId: flow.questionMessageId } }, question: flow };
	}
	if (request.kind !== 'tap' || examples.some((example) => offeredButtons(example).some((button) => button.id === request.replyId))) return { parsed };
	const question = findQuestionChoice(logged, request.replyId);
	if (question === undefined) return { parsed };
	return {
		parsed: { ...parsed, request: { ...request, replyId: question.wireId, title: question.title, contextId: question.questionMessageId } },
		question,
	};
}

/** The trigger handed the tap to n8n's waiting URL: the run to show is the one that waited. */
async function reportResumed(
	state: DemoState,
	cookie: string,
	question: QuestionChoice,
	examples: readonly Example[],
	after: number,
	postedAt: number,
): Promise<void> {
	const { executionId, nodeId } = question.reference;
	const asked = examples.find((example) => example.workflow.nodes.some((node) => Reflect.get(node, 'id') === nodeId));
	if (asked === undefined) throw new Error(`the question's node ${nodeId} is in none of the examples`);
	process.stdout.write(`The answer is for the question of execution ${executionId} ("${asked.workflow.name}"); the trigger resumed it.\n`);
	const execution = await waitForExecution(state.baseUrl, cookie, executionId);
	await printRunAndReplies(state, asked, executionId, execution, after, postedAt);
}

/** The trigger's item without the provider's raw event, which repeats the rest at length. */
function withoutRaw(json: unknown): unknown {
	if (typeof json !== 'object' || json === null || Array.isArray(json) || !('raw' in json)) return json;
	const { raw: _raw, ...rest } = json;
	return { ...rest, raw: '…' };
}

export interface ExecutionSummary {
	status: string;
	/** A node's outputs by connection type: `main`, or `ai_tool` for a node an AI agent called as its tool. */
	runData?: Record<string, Array<{ data?: { main?: Array<Array<{ json: unknown }> | null>; ai_tool?: Array<Array<{ json: unknown }> | null> }; error?: { message?: unknown } }>>;
}

/** Polls until the execution ends, or, with `orWaiting`, until it waits (Send and Wait for Reply). */
export async function waitForExecution(baseUrl: string, cookie: string, executionId: string, orWaiting = false): Promise<ExecutionSummary> {
	// n8n stores run data in the "flatted" format; n8n ships the parser.
	const flatted = createRequire(path.join(n8nPaths().cacheDir, 'node_modules', 'n8n', 'package.json'))('flatted') as {
		parse: (text: string) => unknown;
	};
	const deadline = Date.now() + 5 * 60_000;
	while (Date.now() < deadline) {
		const response = await fetch(`${baseUrl}/rest/executions/${executionId}`, { headers: authHeaders(cookie) });
		if (response.ok) {
			const body = (await response.json()) as { data?: { status?: string; finished?: boolean; data?: string } };
			const status = body.data?.status ?? 'unknown';
			const unsettled = orWaiting ? ['new', 'running'] : ['new', 'running', 'waiting'];
			if (!unsettled.includes(status) && typeof body.data?.data === 'string') {
				const data = flatted.parse(body.data.data) as { resultData?: { runData?: ExecutionSummary['runData'] } };
				return { status, runData: data.resultData?.runData };
			}
		}
		await sleep(300);
	}
	throw new Error(`execution ${executionId} did not finish within 5 minutes`);
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function readState(): DemoState | undefined {
	try {
		return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as DemoState;
	} catch {
		return undefined;
	}
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		// already gone
	}
}

async function isPortFree(port: number): Promise<boolean> {
	return await new Promise<boolean>((resolve) => {
		const server = createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

async function freePort(): Promise<number> {
	return await new Promise<number>((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address !== null ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

function readFileSafe(file: string): string {
	try {
		return readFileSync(file, 'utf8');
	} catch {
		return '';
	}
}

function tailOf(file: string, lines = 30): string {
	return `${readFileSafe(file).trimEnd().split('\n').slice(-lines).join('\n')}\n`;
}

function relative(file: string): string {
	return path.relative(process.cwd(), file) || '.';
}

async function sleep(ms: number): Promise<void> {
	await new Promise<void>((resolve) => setTimeout(resolve, ms));
}
