// Figures for the `n8n start` harness (test/e2e/lib/n8nServer.ts), printed, never asserted:
// how long a server takes to come up, and how long one webhook takes until its execution is
// visible, settled and with its run data, through the public API.
//
//   N8N_E2E_CACHE_ROOT=… node scripts/e2e/serve-timings.js [rounds] [n8n version]   (default 20 rounds, n8n 2.41.1)
import { loadavg } from 'node:os';

import { chainWorkflow, N8N_VERSION, N8nSandbox, webhookNode, type N8nWorkflow } from '../../test/e2e/lib/n8n';
import { jsonRequest } from '../../test/e2e/lib/n8nApi';
import { N8nServer } from '../../test/e2e/lib/n8nServer';

const workflow = (id: string, webhookPath: string): N8nWorkflow =>
	chainWorkflow(id, id, webhookNode({ path: webhookPath }), [
		{ name: 'Set', type: 'n8n-nodes-base.set', typeVersion: 3.4, parameters: { mode: 'raw', jsonOutput: '={{ JSON.stringify($json.body) }}', options: {} } },
	]);

function summary(values: readonly number[]): string {
	const sorted = [...values].sort((a, b) => a - b);
	const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
	return `median ${at(0.5)} ms, min ${sorted[0] ?? Number.NaN} ms, 90th percentile ${at(0.9)} ms, max ${sorted.at(-1) ?? Number.NaN} ms (${sorted.length} runs)`;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
	const started = Date.now();
	const value = await work();
	return { value, ms: Date.now() - started };
}

export async function main(args: readonly string[]): Promise<void> {
	const rounds = Number(args[0] ?? 20);
	if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`rounds must be a whole number of at least 1, not ${String(args[0])}`);
	const sandbox = await N8nSandbox.create({ label: 'serve-timings', version: args[1] ?? N8N_VERSION });
	let server: N8nServer | undefined;
	try {
		const published = workflow('timingPublished', 'timing-published');
		const started = await timed(async () => await N8nServer.start(sandbox, { workflows: [published], publish: [published.id] }));
		server = started.value;
		const first = await timed(async () => await started.value.webhook('timing-published', jsonRequest({ round: 0 })));
		const apiKey = await timed(async () => await started.value.api.publicApiKey());
		await server.waitForExecutions(published.id, 1);

		const perWebhook: number[] = [];
		for (let round = 1; round <= rounds; round++) {
			const roundTrip = await timed(async () => {
				await started.value.webhook('timing-published', jsonRequest({ round }));
				return await started.value.waitForExecutions(published.id, round + 1);
			});
			if (roundTrip.value.length !== round + 1) throw new Error(`round ${round}: ${roundTrip.value.length} executions`);
			perWebhook.push(roundTrip.ms);
		}

		const added = workflow('timingAdded', 'timing-added');
		const add = await timed(async () => await started.value.addWorkflows([added]));
		const registered = await timed(async () => await started.value.webhook('timing-added', jsonRequest({ round: 'added' })));

		const { importMs, publishMs, bootMs } = server.timings;
		const lines = [
			`n8n ${sandbox.version}, load average at the end ${loadavg().map((value) => value.toFixed(1)).join(' ')}`,
			`start: import ${importMs} ms (one CLI boot, the first on a fresh database), publish ${publishMs} ms (one CLI boot), n8n start to "Editor is now accessible" ${bootMs} ms, total ${started.ms} ms`,
			`first webhook after the boot: ${first.ms} ms (${first.value.notRegisteredRetries} 404s while n8n registered it)`,
			`owner set-up + API key: ${apiKey.ms} ms`,
			`webhook → execution settled and visible with its data through the public API: ${summary(perWebhook)}`,
			`adding a workflow while running (public API create + publish): ${add.ms} ms; its first webhook: ${registered.ms} ms (${registered.value.notRegisteredRetries} 404s)`,
		];
		process.stdout.write(`${lines.join('\n')}\n`);
	} finally {
		const report = await server?.stop();
		await sandbox.cleanup();
		if (report) process.stdout.write(`stop: ${report.stopped.map((entry) => `${entry.name} ${entry.ms} ms${entry.graceful ? '' : ' (killed)'}`).join(', ')}; left over: ${report.leftovers.length}\n`);
	}
}
