// How many uploads Send Media makes from an n8n binary file: 100 items that all carry the same
// file, through the node's real execute() against the local mock provider (127.0.0.1 only), at
// several concurrencies and with a slow upload, so items ask for the file while it is still going
// up. It prints the counts as a markdown table; it asserts nothing and is not part of the tests.
//
//   npm run bench:media

import { forgetSharedLimiters } from '../nodes/WhatsAppSession/transport/sharedLimiters';
import { runNode } from '../test/support/executeNode';
import { isUpload, itemWithFile, uploadAccepted, uploadsAnd } from '../test/support/mediaUploads';
import { MockProvider } from '../test/support/mockProvider';

const ITEMS = 100;
const FILE = Buffer.alloc(2 * 1024 * 1024, 0x25);
const CASES: Array<{ concurrency: number; uploadLatencyMs: number }> = [
	{ concurrency: 1, uploadLatencyMs: 0 },
	{ concurrency: 4, uploadLatencyMs: 300 },
	{ concurrency: 16, uploadLatencyMs: 300 },
];

async function main(): Promise<void> {
	const provider = new MockProvider();
	const baseUrl = await provider.start();
	const rows: string[] = [];
	try {
		for (const { concurrency, uploadLatencyMs } of CASES) {
			provider.reset();
			forgetSharedLimiters();
			provider.respondWith(uploadsAnd(undefined, (request, index) => ({ ...uploadAccepted(request, index), delayMs: uploadLatencyMs })));
			const started = Date.now();
			const result = await runNode({
				parameters: (itemIndex) => ({
					provider: 'metaCloudApi',
					resource: 'message',
					operation: 'sendMedia',
					recipient: `+1 555 010 ${String(1000 + itemIndex)}`,
					mediaType: 'document',
					mediaSource: 'binary',
					binaryPropertyName: 'data',
					delivery: { concurrency },
				}),
				items: Array.from({ length: ITEMS }, () => itemWithFile(FILE, 'application/pdf', 'menu.pdf')),
				credentials: { whatsAppCloudApi: { accessToken: 'bench', phoneNumberId: '1', baseUrl } },
			});
			if (result.error !== undefined) throw result.error;
			const uploads = provider.requests.filter(isUpload).length;
			const messages = provider.requests.length - uploads;
			const mediaIds = new Set(result.output.map((item) => item.json.mediaId)).size;
			rows.push(`| ${concurrency} | ${uploadLatencyMs} ms | ${uploads} | ${messages} | ${mediaIds} | ${Date.now() - started} ms |`);
		}
	} finally {
		await provider.stop();
	}
	process.stdout.write(
		[
			`${ITEMS} items, one ${FILE.length.toLocaleString('en-US')}-byte file, Meta, one run each:`,
			'',
			'| Concurrency | Upload latency | Uploads | Messages | Distinct media IDs in the output | Wall time |',
			'|--:|--:|--:|--:|--:|--:|',
			...rows,
			'',
		].join('\n'),
	);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exitCode = 1;
});
