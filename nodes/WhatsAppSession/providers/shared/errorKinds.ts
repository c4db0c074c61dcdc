import type { ProviderErrorKind } from '../contract/sending';

/**
 * WhatsApp's own error codes: the Cloud API answers with them, and other providers pass them
 * through. Decisions rest on these numeric codes, never on the wording of the message.
 */
export const WHATSAPP_ERROR_KINDS: Record<string, ProviderErrorKind> = {
	'131047': 'windowClosed',
	'190': 'authentication',
	'100': 'invalidParameter',
	'131009': 'invalidParameter',
	'131008': 'invalidParameter',
	'131026': 'undeliverable',
	'130429': 'rateLimited',
	'131056': 'recipientRateLimited',
	'131051': 'unsupportedMessage',
	'131062': 'bsuidRecipientUnsupported',
	'10': 'permission',
	'200': 'permission',
};

/** The fallback when a provider gives no code we know: the HTTP status still says a lot. */
export function errorKindFromStatus(status: number): ProviderErrorKind {
	if (status === 401) return 'authentication';
	if (status === 403) return 'permission';
	if (status === 404) return 'notFound';
	if (status === 429) return 'rateLimited';
	if (status >= 500) return 'serverError';
	if (status === 400 || status === 422) return 'invalidParameter';
	return 'rejected';
}
