import { ConnectlyApi } from '../../../credentials/ConnectlyApi.credentials';
import { TexterApi } from '../../../credentials/TexterApi.credentials';
import { WhatsAppCloudApi } from '../../../credentials/WhatsAppCloudApi.credentials';
import { WhatsAppSessionApi } from '../../../credentials/WhatsAppSessionApi.credentials';
import { wordNetworkFailure, wordProviderError } from '../../../nodes/WhatsAppSession/providers/shared/errorWording';
import { PROVIDERS } from '../../../nodes/WhatsAppSession/providers';
import { PROVIDER_ERROR_KINDS } from '../../../nodes/WhatsAppSession/providers/contract/sending';
import type { NetworkFailureCause } from '../../../nodes/WhatsAppSession/transport/http';

// Issue 8 §4: advice that names a field the user's credential does not have sends them looking
// for it. Every label advice uses must be a field of the credential in use, checked against the
// credential classes themselves.

const CREDENTIALS = [new WhatsAppSessionApi(), new WhatsAppCloudApi(), new ConnectlyApi(), new TexterApi()];
const labelsOf = (credentialType: string): string[] =>
	CREDENTIALS.find((credential) => credential.name === credentialType)?.properties.map((field) => field.displayName) ?? [];
const ALL_LABELS = [...new Set(CREDENTIALS.flatMap((credential) => credential.properties.map((field) => field.displayName)))];

const KINDS = PROVIDER_ERROR_KINDS;
const CAUSES: NetworkFailureCause[] = ['notSent', 'timeout', 'connectionReset', 'answerCutOff', 'unknown'];

describe.each(Object.values(PROVIDERS).map((provider) => [provider.credentialType, provider] as const))('advice for the %s credential', (credentialType, provider) => {
	const own = labelsOf(credentialType);
	const foreign = ALL_LABELS.filter((label) => !own.includes(label));

	it('the advice table knows this credential, by its real field labels', () => {
		expect(own.length).toBeGreaterThan(0);
		const { address, endpoint, secrets } = provider.credentialFields;
		for (const label of [address, ...endpoint, ...secrets]) expect(own).toContain(label);
	});

	it.each(KINDS)('%s names no field of another credential', (kind) => {
		const { description } = wordProviderError({ kind }, 400, provider);
		for (const label of foreign) expect(description).not.toContain(label);
	});

	it.each(CAUSES)('network failure (%s) names no field of another credential', (cause) => {
		const { message, description } = wordNetworkFailure(
			{ code: 'ECODE', cause, requestMayHaveBeenSent: cause !== 'notSent' },
			provider,
			{ timeoutSeconds: 30, attempts: 1 },
		);
		for (const label of foreign) expect(`${message} ${description}`).not.toContain(label);
	});

	it('an unreachable provider points at the field that holds its address', () => {
		const { description } = wordNetworkFailure(
			{ code: 'ECONNREFUSED', cause: 'notSent', requestMayHaveBeenSent: false },
			provider,
			{ timeoutSeconds: 30, attempts: 1 },
		);
		expect(description).toContain(`Check the credential's ${provider.credentialFields.address} and your network.`);
	});
});

describe('wordNetworkFailure', () => {
	const facts = { timeoutSeconds: 7.5, attempts: 1 };
	const provider = PROVIDERS.cloudApiCompatible;

	it('a timeout names the Timeout option and its seconds', () => {
		const { message, description } = wordNetworkFailure({ code: 'ECONNABORTED', cause: 'timeout', requestMayHaveBeenSent: true }, provider, facts);
		expect(message).toBe(
			'The provider did not answer within 7.5 s (the Timeout option); the message may or may not have been delivered',
		);
		expect(description).toContain('Options › Timeout (Seconds)');
	});

	it('after several attempts it says how many, and that the client message ID guards against duplicates', () => {
		const { message, description } = wordNetworkFailure(
			{ code: 'ECONNRESET', cause: 'connectionReset', requestMayHaveBeenSent: true },
			provider,
			{ ...facts, attempts: 3 },
		);
		expect(message).toMatch(/may or may not have been delivered after 3 attempts$/);
		expect(description).toContain('It was sent 3 times with the same client message ID');
	});
});
