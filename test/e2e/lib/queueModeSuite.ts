// One queue-mode cluster (Redis, main, workers) with the packed package and one mock provider for a
// whole test file, as serverSuite.ts is for a single `n8n start`: the credentials and workflows are
// imported and published before the cluster boots (main registers published webhooks at boot).
import { MockProvider } from '../../support/mockProvider';
import type { N8nCredential, N8nWorkflow } from './n8n';
import { sandboxWithPackage } from './nodeFixture';
import { stopThenCleanUp } from './processes';
import { ensureRedisServer, QueueModeCluster, type QueueModeOptions } from './queueMode';

export interface QueueModeSetup {
	credentials: N8nCredential[];
	/** Every one is imported and published. */
	workflows: N8nWorkflow[];
	cluster?: QueueModeOptions;
}

export interface QueueModeSuite {
	provider: MockProvider;
	/** The running cluster; fails the test when beforeAll could not start it. */
	cluster: () => QueueModeCluster;
}

/** `setup` gets the mock provider's base URL, for the credentials to point at. */
export function useQueueModeWithPackage(label: string, setup: (providerUrl: string) => QueueModeSetup): QueueModeSuite {
	const provider = new MockProvider();
	let dispose: (() => Promise<void>) | undefined;
	let cluster: QueueModeCluster | undefined;

	beforeAll(async () => {
		// Fails fast, before the n8n install, when no Redis can be found or fetched.
		await ensureRedisServer();
		const providerUrl = await provider.start();
		const { credentials, workflows, cluster: options } = setup(providerUrl);
		const installed = await sandboxWithPackage({ label, installTimeoutMs: 35 * 60_000 });
		dispose = installed.dispose;
		await installed.sandbox.importCredentials(credentials);
		await installed.sandbox.importWorkflows(workflows);
		await installed.sandbox.publishWorkflows(workflows.map((workflow) => workflow.id));
		cluster = await QueueModeCluster.start(installed.sandbox, options);
	}, 40 * 60_000);

	afterAll(async () => {
		await stopThenCleanUp('the queue-mode cluster', async () => await cluster?.stop(), async () => {
			await dispose?.();
			await provider.stop();
		});
	}, 2 * 60_000);

	return {
		provider,
		cluster: () => {
			if (!cluster) throw new Error('the queue-mode cluster did not start (see beforeAll)');
			return cluster;
		},
	};
}
