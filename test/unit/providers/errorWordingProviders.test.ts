import { PROVIDERS } from '../../../nodes/WhatsAppSession/providers';
import { wordProviderError } from '../../../nodes/WhatsAppSession/providers/shared/errorWording';
import type { ProviderErrorKind } from '../../../nodes/WhatsAppSession/providers/contract/sending';

const SESSION_API = PROVIDERS.cloudApiCompatible;

describe('wording of the kinds Connectly and Texter added', () => {
	// Texter's 404 and 403 used to read as these general kinds; the new ones must say something else.
	it.each<[ProviderErrorKind, ProviderErrorKind]>([
		['chatNotFound', 'notFound'],
		['chatNotFound', 'missingScope'],
		['missingScope', 'permission'],
		['missingScope', 'authentication'],
	])('%s reads differently from %s', (kind, other) => {
		const wording = wordProviderError({ kind }, 400, SESSION_API);
		const otherWording = wordProviderError({ kind: other }, 400, SESSION_API);
		expect(wording.message).not.toBe(otherWording.message);
		expect(wording.description).not.toBe(otherWording.description);
	});

	it('a provider\'s own advice replaces the general advice, and the facts stay', () => {
		const { description } = wordProviderError(
			{ kind: 'authentication', providerCode: 'E1', providerMessage: 'nope', advice: 'Check the X-API-Key.' },
			401,
			SESSION_API,
		);
		expect(description).toBe('Check the X-API-Key. (HTTP 401, provider code E1). The provider says: "nope".');
	});

	it('without it, the general advice stands', () => {
		expect(wordProviderError({ kind: 'authentication' }, 401, SESSION_API).description).toMatch(/^Check the credential's API Key and Access Token: if one expired/);
	});

	it('the authentication message fits a token and a key alike', () => {
		expect(wordProviderError({ kind: 'authentication' }, 401, SESSION_API).message).toBe(
			'The provider rejected the access token or API key (expired or invalid)',
		);
	});
});
