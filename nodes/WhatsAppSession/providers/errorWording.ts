import type { ProviderError, ProviderErrorKind } from './types';

/** What a user reads when a provider refuses a message: what happened, and what to do about it. */
const WORDING: Record<ProviderErrorKind, { message: string; advice: string }> = {
	windowClosed: {
		message: 'The 24-hour session window is closed for this contact; send a template message instead',
		advice:
			'Session messages can only be sent within 24 hours of the customer\'s last message. Send an approved template message, or wait for the customer to write again.',
	},
	authentication: {
		message: 'The provider rejected the access token or API key (expired or invalid)',
		advice: 'Create a new access token at your provider and update the credential.',
	},
	permission: {
		message: 'The provider refused this credential for the sending number',
		advice: 'Check the credential\'s Phone Number ID and API Key, and that the token has permission to send for that number.',
	},
	invalidParameter: {
		message: 'The provider rejected a parameter of the message',
		advice: 'The provider\'s own words below say which parameter. Correct the field and run again.',
	},
	undeliverable: {
		message: 'WhatsApp could not deliver the message to this number',
		advice:
			'The number may not use WhatsApp, or the customer has not accepted WhatsApp\'s latest terms. Check the recipient number.',
	},
	rateLimited: {
		message: 'The provider\'s rate limit was reached and the message was not accepted',
		advice: 'Send fewer messages per second, or ask your provider for a higher limit. Nothing was delivered, so it is safe to send again.',
	},
	recipientRateLimited: {
		message: 'Too many messages to this recipient in a short time; the message was not accepted',
		advice: 'WhatsApp limits how often one business may message one person. Wait before writing to this contact again.',
	},
	unsupportedMessage: {
		message: 'The provider does not support this message type',
		advice: 'Choose another message type, or check with your provider which session message types it supports.',
	},
	notFound: {
		message: 'The provider\'s endpoint was not found (HTTP 404)',
		advice: 'Check the credential\'s Domain, Phone Number ID and Session Endpoint Path.',
	},
	serverError: {
		message: 'The provider had a server error; the message may or may not have been delivered',
		advice: 'Check with the recipient or the provider\'s dashboard before sending it again, so the customer does not get it twice.',
	},
	rejected: {
		message: 'The provider rejected the message',
		advice: 'The provider\'s own words below say why.',
	},
	chatNotFound: {
		message: 'No chat with this Chat ID exists; session messages can only go into an existing chat',
		advice:
			'Look the chat up by the contact\'s phone number (in Texter: the Search Chats endpoint) and use its chat ID. A chat exists once the customer has written to you.',
	},
	missingScope: {
		message: 'The API token is not allowed to send session messages (a scope is missing)',
		advice:
			'Give the token the scope for sending session messages (in Texter: gear icon → Developers → API Tokens, scope "Send session message"), then update the credential.',
	},
};

export function wordProviderError(error: ProviderError, httpStatus: number): { message: string; description: string } {
	const wording = WORDING[error.kind];
	const facts = [
		`HTTP ${httpStatus}`,
		error.providerCode !== undefined ? `provider code ${error.providerCode}` : undefined,
	].filter((fact): fact is string => fact !== undefined);
	const providerSays = error.providerMessage !== undefined ? ` The provider says: "${error.providerMessage}".` : '';
	return {
		message: wording.message,
		description: `${error.advice ?? wording.advice} (${facts.join(', ')}).${providerSays}`,
	};
}
