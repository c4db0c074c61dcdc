// `npm run demo` must show every operation working. The node's real execute() and template search
// run here against the demo's own mock provider with the demo's own credentials and the examples'
// own parameters: whatever fails here would fail for a newcomer trying the demo.
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { WhatsAppSession } from '../../nodes/WhatsAppSession/WhatsAppSession.node';
import { demoCredentials, DEMO_SECRETS } from '../../scripts/demo/credentials';
import { DEMO_MEDIA_ID, WINDOW_PATH } from '../../scripts/demo/mockFixtures';
import { startMockProvider, type RunningMockProvider } from '../../scripts/demo/mockProvider';
import { loadExamples } from '../../scripts/demo/instance';
import { readBinaryLikeNextNode, runNode } from '../support/executeNode';
import { loadOptionsContext } from '../support/loadOptionsContext';

let mock: RunningMockProvider;

beforeAll(async () => {
	mock = await startMockProvider({ secrets: Object.values(DEMO_SECRETS), print: () => undefined });
});
afterAll(async () => {
	await mock.stop();
});

/** The demo credential of a type, as n8n hands it to the node. */
function credentialsOf(type: string): Record<string, ICredentialDataDecryptedObject> {
	const credential = demoCredentials(mock.baseUrl).find((entry) => entry.type === type);
	if (credential === undefined) throw new Error(`no demo credential of type ${type}`);
	return { [type]: credential.data };
}

/** The parameters of an example's WhatsApp Session node, as shipped. */
function exampleNode(file: string, operation: string): IDataObject {
	const example = loadExamples().find((entry) => entry.file === file);
	const node = example?.workflow.nodes.find((entry) => entry.parameters.operation === operation);
	if (node === undefined) throw new Error(`${file} has no ${operation} node`);
	return node.parameters;
}

it('example 16 (Mark as Read) succeeds against the demo mock', async () => {
	const result = await runNode({ parameters: exampleNode('16-mark-as-read-with-typing.json', 'markAsRead'), credentials: credentialsOf('whatsAppCloudApi') });
	expect(result.error).toBeUndefined();
	expect(result.output[0]?.json).toEqual(expect.objectContaining({ provider: 'metaCloudApi', status: 'accepted', response: { success: true } }));
});

it('the template picker lists the demo account\'s templates for Meta and Connectly', async () => {
	const search = new WhatsAppSession().methods.listSearch.searchTemplates;
	for (const [provider, type] of [['metaCloudApi', 'whatsAppCloudApi'], ['connectly', 'connectlyApi']] as const) {
		const listed = await search.call(loadOptionsContext({ provider }, credentialsOf(type)));
		expect([provider, listed.results.map((entry) => entry.value)]).toEqual([provider, expect.arrayContaining(['order_update', 'invoice_ready'])]);
	}
});

it('Get Media fetches the demo photo by its media id, checked against its sha256, for Meta and the Cloud-API-format provider', async () => {
	for (const [provider, type] of [['metaCloudApi', 'whatsAppCloudApi'], ['cloudApiCompatible', 'whatsAppSessionApi']] as const) {
		const result = await runNode({
			parameters: { provider, resource: 'message', operation: 'getMedia', receivedMediaId: DEMO_MEDIA_ID, outputBinaryPropertyName: 'data' },
			credentials: credentialsOf(type),
		});
		expect([provider, result.error]).toEqual([provider, undefined]);
		expect(result.output[0]?.json).toEqual(expect.objectContaining({ mimeType: 'image/png', sha256Checked: true, fileName: `${DEMO_MEDIA_ID}.png` }));
		expect(readBinaryLikeNextNode(result.output[0], 'data').subarray(1, 4).toString('latin1')).toBe('PNG');
	}
});

it('example 15 falls back to its template once `run.js window closed` closed the customer\'s window, and sends text again once reopened', async () => {
	const parameters = exampleNode('15-reply-with-template-fallback.json', 'sendText');
	const setWindow = async (open: boolean) =>
		await fetch(`${mock.baseUrl}${WINDOW_PATH}`, { method: 'POST', body: JSON.stringify({ customer: String(parameters.recipient), open }) });
	await setWindow(false);
	const closed = await runNode({ parameters, credentials: credentialsOf('whatsAppSessionApi') });
	expect(closed.error).toBeUndefined();
	expect(closed.output[0]?.json).toEqual(expect.objectContaining({ sentAs: 'template', windowClosedCode: '131047' }));
	await setWindow(true);
	const open = await runNode({ parameters, credentials: credentialsOf('whatsAppSessionApi') });
	expect(open.output[0]?.json).not.toHaveProperty('windowClosedCode');
});
