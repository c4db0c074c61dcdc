import { PROVIDERS } from '../../../nodes/WhatsAppSession/providers';
import { decodeCloudApiError } from '../../../nodes/WhatsAppSession/providers/cloudApi/answers';
import { wordProviderError } from '../../../nodes/WhatsAppSession/providers/shared/errorWording';
import { PROVIDER_ERROR_KINDS, type ProviderErrorKind } from '../../../nodes/WhatsAppSession/providers/contract/sending';

const SESSION_API = PROVIDERS.cloudApiCompatible;

const ALL_KINDS = PROVIDER_ERROR_KINDS;

describe('wordProviderError', () => {
	it('says the 24-hour window is closed and to send a template', () => {
		const { message, description } = wordProviderError({ kind: 'windowClosed', providerCode: '131047' }, 400, SESSION_API);
		expect(message).toContain('24-hour');
		expect(message).toContain('template');
		expect(message).not.toMatch(/^HTTP|400/);
		expect(description).toContain('template');
		expect(description).toContain('24 hours');
	});

	it('words a decoded 131047 answer as the closed window, with code and status in the description', () => {
		const decoded = decodeCloudApiError(400, {
			error: { message: 'Re-engagement message', code: 131047, error_data: { details: 'More than 24 hours' } },
		});
		const { message, description } = wordProviderError(decoded, 400, SESSION_API);
		expect(message).toMatch(/24-hour.*template/);
		expect(description).toContain('provider code 131047');
		expect(description).toContain('HTTP 400');
		expect(description).toContain('"Re-engagement message: More than 24 hours"');
	});

	it.each(ALL_KINDS)('%s: plain message, description with HTTP status and provider code', (kind) => {
		const { message, description } = wordProviderError({ kind, providerCode: 'E_CODE_42', providerMessage: 'their words' }, 418, SESSION_API);
		expect(message.length).toBeGreaterThan(10);
		expect(description).toContain('HTTP 418');
		expect(description).toContain('provider code E_CODE_42');
		expect(description).toContain('The provider says: "their words".');
	});

	it.each(ALL_KINDS)('%s: gets its own message', (kind) => {
		const others = ALL_KINDS.filter((other) => other !== kind).map((other) => wordProviderError({ kind: other }, 400, SESSION_API).message);
		expect(others).not.toContain(wordProviderError({ kind }, 400, SESSION_API).message);
	});

	it('leaves out the provider code and words when there are none', () => {
		const { description } = wordProviderError({ kind: 'serverError' }, 503, SESSION_API);
		expect(description).toContain('(HTTP 503)');
		expect(description).not.toContain('provider code');
		expect(description).not.toContain('The provider says');
	});

	it.each<[ProviderErrorKind, RegExp]>([
		['authentication', /access token/],
		['rateLimited', /rate limit/],
		['recipientRateLimited', /this recipient/],
		['undeliverable', /could not deliver/],
		['notFound', /not found/],
		['bsuidRecipientUnsupported', /business-scoped user ID/],
	])('%s message says what happened', (kind, words) => {
		expect(wordProviderError({ kind }, 400, SESSION_API).message).toMatch(words);
	});
});
