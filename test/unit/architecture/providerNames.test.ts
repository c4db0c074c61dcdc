import { join } from 'node:path';

import {
	isProviderHome,
	parseFile,
	productFiles,
	PROVIDER_HOMES,
	PROVIDER_REGISTRY,
	providerNameHits,
	strayProviderNames,
} from '../../support/codebase';
import { PROVIDERS } from '../../../nodes/WhatsAppSession/providers';

/**
 * A provider is known by name only in its own folder (providers/connectly/, providers/texter/,
 * providers/cloudApi/ for Meta and the Cloud-API-format provider), its credential file and the one
 * registry (providers/index.ts): everything else asks the registry or the adapter. This reads every
 * identifier and string of nodes/ and credentials/ (comments are free to explain) and fails on a
 * provider's name anywhere else, a provider folder naming another provider included.
 *
 * The allow-list names what is still elsewhere, file by file, with why. Each file's hits must equal
 * its entry: an entry that no longer matches fails too, so the list only shrinks.
 */

const ROOT = join(__dirname, '..', '..', '..');

/** file → the words naming a provider outside its home (one per distinct identifier or string), and why. */
const ALLOWED: Record<string, { hits: string[]; why: string }> = {
	'nodes/WhatsAppSession/WhatsAppSession.node.ts': {
		hits: [
			'cloudApiCompatible',
			'connectly',
			'connectlyApi',
			'metaCloudApi',
			'texter',
			'texterApi',
			'texterApiCredentialTest',
			'whatsAppCloudApi',
			'whatsAppSessionApi',
			'whatsAppSessionApiCredentialTest',
		],
		why: 'n8n\'s community lint (credential-test-required) reads the credentials, their testedBy and displayOptions literally from the node class; declarations.test.ts holds the list to the registry',
	},
	'nodes/WhatsAppSession/WhatsAppSessionTrigger.node.ts': {
		hits: [
			'cloudApiCompatible',
			'connectly',
			'connectlyApi',
			'metaCloudApi',
			'texter',
			'texterApi',
			'texterApiCredentialTest',
			'whatsAppCloudApi',
			'whatsAppSessionApi',
			'whatsAppSessionApiCredentialTest',
		],
		why: 'the same literal credentials list as the sending node\'s, for the providers with webhooks; test/unit/trigger/declaration.test.ts holds it to the registry',
	},
	'nodes/WhatsAppSession/trigger/description.ts': {
		hits: ['cloudApiCompatible'],
		why: 'DEFAULT_TRIGGER_PROVIDER spells the default provider\'s id again instead of taking the registry\'s DEFAULT_PROVIDER',
	},
	'nodes/WhatsAppSession/providers/shared/errorWording.ts': {
		hits: ['Texter'],
		why: 'the shared chatNotFound advice names Texter\'s Search Chats endpoint; it is Texter\'s own wording and could come from its adapter',
	},
	'credentials/WhatsAppSessionApi.credentials.ts': {
		hits: ['Meta', 'Meta', 'Meta'],
		why: 'the Cloud-API-format credential\'s help texts (media metadata path, upload path, webhook secret) tell the user which of Meta\'s conventions the provider is expected to follow',
	},
};

const files = productFiles(ROOT);

describe('a provider is named only in its own folder, its credential and the registry', () => {
	it('scans the product code of both nodes and the credentials', () => {
		expect(files.length).toBeGreaterThan(50);
		expect(files).toContain('nodes/WhatsAppSession/message/fromForm.ts');
		expect(files).toContain('credentials/TexterApi.credentials.ts');
	});

	it.each(files)('%s', (file) => {
		expect(strayProviderNames(parseFile(ROOT, file), file)).toEqual([...(ALLOWED[file]?.hits ?? [])].sort());
	});

	it('lists no file that is gone', () => {
		for (const file of Object.keys(ALLOWED)) expect(files).toContain(file);
	});

	it('gives each allowed file a reason', () => {
		for (const { why } of Object.values(ALLOWED)) expect(why.length).toBeGreaterThan(20);
	});
});

describe('what counts as naming a provider, and where', () => {
	it('sees a provider name in an identifier, a string and a template, but not in a comment or "metadata"', () => {
		const sample = parseFile(ROOT, 'test/unit/architecture/providerNames.sample.ts');
		expect(providerNameHits(sample)).toEqual([
			{ provider: 'Connectly', word: 'connectlyLabel' },
			{ provider: 'Meta', word: 'metaCloudApi' },
			{ provider: 'Texter', word: 'Texter' },
		]);
	});

	it('lets each provider\'s folder and credential name it, and the registry name them all', () => {
		const homeOf = (provider: string) => PROVIDER_HOMES.find((home) => home.provider === provider);
		const connectly = homeOf('Connectly');
		const meta = homeOf('Meta');
		if (connectly === undefined || meta === undefined) throw new Error('Connectly and Meta have homes');
		expect(isProviderHome('nodes/WhatsAppSession/providers/connectly/adapter.ts', connectly)).toBe(true);
		expect(isProviderHome('credentials/ConnectlyApi.credentials.ts', connectly)).toBe(true);
		expect(isProviderHome(PROVIDER_REGISTRY, connectly)).toBe(true);
		expect(isProviderHome('nodes/WhatsAppSession/providers/texter/adapter.ts', connectly)).toBe(false);
		expect(isProviderHome('nodes/WhatsAppSession/providers/shared/endpoint.ts', connectly)).toBe(false);
		expect(isProviderHome('nodes/WhatsAppSession/providers/cloudApi/webhook.ts', meta)).toBe(true);
		expect(isProviderHome('credentials/WhatsAppCloudApi.credentials.ts', meta)).toBe(true);
		expect(isProviderHome('credentials/WhatsAppSessionApi.credentials.ts', meta)).toBe(false);
	});

	it('knows every provider of the registry by its id, each by exactly one home', () => {
		for (const id of Object.keys(PROVIDERS)) {
			const homes = PROVIDER_HOMES.filter(({ names }) => names.some((name) => name.test(id)));
			expect([id, homes.length]).toEqual([id, 1]);
		}
	});
});
