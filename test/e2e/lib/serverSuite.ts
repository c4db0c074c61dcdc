// One `n8n start` with the packed package and one mock provider for a whole test file: started in
// beforeAll with what the file knows up front, stopped and cleaned up in afterAll.
import { MockProvider } from '../../support/mockProvider';
import { N8nServer, type N8nServerOptions } from './n8nServer';
import { sandboxWithPackage } from './nodeFixture';
import { stopThenCleanUp } from './processes';

export interface ServerSuite {
	provider: MockProvider;
	/** The running server; fails the test when beforeAll could not start it. */
	server: () => N8nServer;
}

/** `options` gets the mock provider's base URL, for the credentials to point at. */
export function useServerWithPackage(label: string, options: (providerUrl: string) => N8nServerOptions): ServerSuite {
	const provider = new MockProvider();
	let dispose: (() => Promise<void>) | undefined;
	let server: N8nServer | undefined;

	beforeAll(async () => {
		const providerUrl = await provider.start();
		const installed = await sandboxWithPackage({ label, installTimeoutMs: 35 * 60_000 });
		dispose = installed.dispose;
		server = await N8nServer.start(installed.sandbox, options(providerUrl));
	}, 40 * 60_000);

	afterAll(async () => {
		await stopThenCleanUp('n8n start', async () => await server?.stop(), async () => {
			await dispose?.();
			await provider.stop();
		});
	}, 2 * 60_000);

	return {
		provider,
		server: () => {
			if (!server) throw new Error('n8n start did not come up (see beforeAll)');
			return server;
		},
	};
}
