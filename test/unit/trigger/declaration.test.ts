import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { allProviders } from '../../../nodes/WhatsAppSession/providers';
import { ConnectlyApi } from '../../../credentials/ConnectlyApi.credentials';
import { TexterApi } from '../../../credentials/TexterApi.credentials';
import { WhatsAppCloudApi } from '../../../credentials/WhatsAppCloudApi.credentials';
import { WhatsAppSessionApi } from '../../../credentials/WhatsAppSessionApi.credentials';
import { listeningProviders } from '../../../nodes/WhatsAppSession/trigger/description';
import { WhatsAppSessionTrigger } from '../../../nodes/WhatsAppSession/WhatsAppSessionTrigger.node';

const { description } = new WhatsAppSessionTrigger();
const ROOT = join(__dirname, '..', '..', '..');

describe('WhatsApp Session Trigger declaration', () => {
	it('listens to every provider, each of which declares webhooks', () => {
		expect(listeningProviders().map((adapter) => adapter.id)).toEqual(['cloudApiCompatible', 'metaCloudApi', 'connectly', 'texter']);
		expect(allProviders().filter((adapter) => adapter.inbound === undefined).map((adapter) => adapter.id)).toEqual([]);
	});

	it('offers each listening provider\'s own credential, for its own choice only', () => {
		expect(description.credentials?.map((credential) => [credential.name, credential.displayOptions?.show?.provider])).toEqual(
			listeningProviders().map((adapter) => [adapter.credentialType, [adapter.id]]),
		);
		const providerField = description.properties.find((property) => property.name === 'provider');
		expect(providerField?.options?.map((option) => ('value' in option ? option.value : undefined))).toEqual(
			listeningProviders().map((adapter) => adapter.id),
		);
	});

	it('refuses unsigned events by default for the providers that sign, says so, and offers an off-by-default way out', () => {
		const byProvider = listeningProviders().map((adapter) => {
			const notice = description.properties.find((property) => property.name === `securityNotice_${adapter.id}`);
			return [adapter.id, adapter.inbound.signatureOptional === true, notice?.displayOptions?.show?.provider, notice?.displayName.includes('refused (401)')];
		});
		expect(byProvider).toEqual([
			['cloudApiCompatible', true, ['cloudApiCompatible'], false],
			['metaCloudApi', false, ['metaCloudApi'], true],
			['connectly', false, ['connectly'], true],
			['texter', false, ['texter'], true],
		]);
		const options = description.properties.find((property) => property.name === 'options')?.options ?? [];
		const acceptUnsigned = options.find((option) => 'name' in option && option.name === 'acceptUnsigned');
		expect(acceptUnsigned).toEqual(expect.objectContaining({ type: 'boolean', default: false, description: expect.stringContaining('anyone who knows this URL') }));
	});

	it('has each webhook field the provider\'s declaration names in that provider\'s credential, as a password', () => {
		const credentialProperties: Record<string, Array<{ name: string; displayName: string; typeOptions?: { password?: boolean } }>> = {
			whatsAppSessionApi: new WhatsAppSessionApi().properties,
			whatsAppCloudApi: new WhatsAppCloudApi().properties,
			connectlyApi: new ConnectlyApi().properties,
			texterApi: new TexterApi().properties,
		};
		for (const adapter of listeningProviders()) {
			const fields = [adapter.inbound.signingSecret, ...(adapter.inbound.verifyToken === undefined ? [] : [adapter.inbound.verifyToken])];
			for (const field of fields) {
				const property = credentialProperties[adapter.credentialType]?.find((candidate) => candidate.name === field.name);
				expect({ provider: adapter.id, field: property?.displayName, password: property?.typeOptions?.password }).toEqual({
					provider: adapter.id,
					field: field.label,
					password: true,
				});
			}
		}
	});

	it('listens on one path for the GET handshake and the POSTed events', () => {
		expect(description.webhooks?.map((webhook) => [webhook.httpMethod, webhook.path, webhook.responseMode, webhook.responseData])).toEqual([
			['GET', 'webhook', 'onReceived', undefined],
			['POST', 'webhook', 'onReceived', 'noData'],
		]);
		expect(description.inputs).toEqual([]);
	});

	it('says, per provider, which credential field proves the events, and what happens without it', () => {
		const notices = description.properties.filter((property) => property.name.startsWith('securityNotice_'));
		const refused = (proof: string) => `Events ${proof}. If the credential has none, every event is refused (401) unless "Accept Unsigned Events" is on.`;
		expect(notices.map((notice) => [notice.type, notice.displayOptions?.show?.provider, notice.displayName])).toEqual([
			[
				'callout',
				['cloudApiCompatible'],
				"Events are checked against the credential's Webhook Signing Secret when it has one. If it has none, anyone who knows this URL can post events to it: its unguessable path is then the only protection.",
			],
			['callout', ['metaCloudApi'], refused("must be signed with the credential's App Secret")],
			['callout', ['connectly'], refused("must be signed with the credential's Webhook Secret")],
			['callout', ['texter'], refused("must carry the credential's Webhook Secret in their x-webhook-secret header")],
		]);
	});

	it('offers the options for Send and Wait for Reply only with providers that have it (not Connectly)', () => {
		const options = description.properties.find((property) => property.name === 'options')?.options ?? [];
		for (const name of ['resumeWaiting', 'outputResumingReplies']) {
			const option = options.find((entry) => 'name' in entry && entry.name === name);
			const shown = option !== undefined && 'displayOptions' in option ? option.displayOptions?.show?.['/provider'] : undefined;
			expect([name, shown]).toEqual([name, ['cloudApiCompatible', 'metaCloudApi']]);
		}
	});

	it('is registered in package.json and has its codex and icons', () => {
		const manifest: { n8n: { nodes: string[] } } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
		expect(manifest.n8n.nodes).toContain('dist/nodes/WhatsAppSession/WhatsAppSessionTrigger.node.js');
		const codex: { node: string } = JSON.parse(readFileSync(join(ROOT, 'nodes/WhatsAppSession/WhatsAppSessionTrigger.node.json'), 'utf8'));
		expect(codex.node).toBe('n8n-nodes-whatsapp-session.whatsAppSessionTrigger');
		expect(description.icon).toEqual({ light: 'file:whatsAppSessionTrigger.svg', dark: 'file:whatsAppSessionTrigger.dark.svg' });
		expect(description.usableAsTool).toBeUndefined();
	});
});
