import type { NetworkFailure } from '../../transport/http';
import { assertNever } from '../../util/values';
import type { CredentialFieldNames, ProviderError, ProviderErrorKind } from '../contract/sending';
import type { ProviderAdapter } from '../contract/adapter';

/** Whose credential advice speaks of: the adapter's own declaration of its credential's fields. */
type CredentialOwner = Pick<ProviderAdapter, 'credentialFields'>;

/** "A", "A and B", "A, B and C". */
function listFields(names: readonly string[]): string {
	if (names.length <= 1) return names.join('');
	return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`;
}

type Advice = string | ((fields: CredentialFieldNames) => string);

/** What a user reads when a provider refuses a message: what happened, and what to do about it. */
const WORDING: Record<ProviderErrorKind, { message: string; advice: Advice }> = {
	windowClosed: {
		message: 'The 24-hour session window is closed for this contact; send a template message instead',
		advice:
			'Session messages can only be sent within 24 hours of the customer\'s last message. Send an approved template message, or wait for the customer to write again.',
	},
	authentication: {
		message: 'The provider rejected the access token or API key (expired or invalid)',
		advice: (fields) =>
			`Check the credential's ${listFields(fields.secrets)}: if one expired or was revoked, create a new one at your provider and paste it in.`,
	},
	permission: {
		message: 'The provider refused this credential for the sending number',
		advice: (fields) =>
			`Check the credential's ${listFields([...fields.endpoint, ...fields.secrets])}, and that the token has permission to send for that number.`,
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
	bsuidRecipientUnsupported: {
		message: 'WhatsApp does not accept a business-scoped user ID (BSUID) as the recipient of this message',
		advice:
			'WhatsApp takes BSUID recipients for some messages only. Send this one to the customer\'s phone number if you have it, or choose another message type.',
	},
	notFound: {
		message: 'The provider\'s endpoint was not found (HTTP 404)',
		advice: (fields) => `Check the credential's ${listFields(fields.endpoint)}.`,
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
		advice: (fields) =>
			`Give the token the scope for sending session messages${fields.sendScopeHelp === undefined ? '' : ` (${fields.sendScopeHelp})`}, then update the credential's ${listFields(fields.secrets)}.`,
	},
};

/**
 * What an error code means, in the words a failed send shows: a status webhook that reports the
 * same code later (131047 after the send was accepted) reads the same.
 */
export function plainWordsForErrorKind(kind: ProviderErrorKind): string {
	return WORDING[kind].message;
}

interface Wording {
	message: string;
	description: string;
}

export function wordProviderError(error: ProviderError, httpStatus: number, provider: CredentialOwner): Wording {
	const wording = WORDING[error.kind];
	const advice = typeof wording.advice === 'string' ? wording.advice : wording.advice(provider.credentialFields);
	const facts = [
		`HTTP ${httpStatus}`,
		error.providerCode !== undefined ? `provider code ${error.providerCode}` : undefined,
	].filter((fact): fact is string => fact !== undefined);
	const providerSays = error.providerMessage !== undefined ? ` The provider says: "${error.providerMessage}".` : '';
	return {
		message: wording.message,
		description: `${error.advice ?? advice} (${facts.join(', ')}).${providerSays}`,
	};
}

interface NetworkFailureFacts {
	/** The item's Timeout option, in seconds. */
	timeoutSeconds: number;
	/** Requests sent for this message. */
	attempts: number;
}

/** What a user reads when no answer (or no whole answer) came back: what is known about delivery. */
export function wordNetworkFailure(failure: NetworkFailure, provider: CredentialOwner, facts: NetworkFailureFacts): Wording {
	const { address } = provider.credentialFields;
	const tries = facts.attempts > 1 ? ` after ${facts.attempts} attempts` : '';
	const code = failure.code ?? 'no error code';
	const checkNetwork = `If this keeps happening, check the credential's ${address} and your network.`;
	const notResent =
		facts.attempts > 1
			? `It was sent ${facts.attempts} times with the same client message ID, which lets the provider drop duplicates.`
			: 'It was not sent again, so the customer does not get it twice; check the provider\'s dashboard or ask the recipient before sending it again.';
	switch (failure.cause) {
		case 'notSent':
			return {
				message: `Could not connect to the provider; the message was not sent${tries}`,
				description: `The connection was refused or the address was not found (${code}). Check the credential's ${address} and your network.`,
			};
		case 'timeout':
			return {
				message: `The provider did not answer within ${facts.timeoutSeconds} s (the Timeout option); the message may or may not have been delivered${tries}`,
				description: `${notResent} If the provider is often this slow, raise Options › Timeout (Seconds).`,
			};
		case 'connectionReset':
			return {
				message: `The connection to the provider was closed after the message was sent, before any answer; it may or may not have been delivered${tries}`,
				description: `The provider, or a proxy on the way, reset the connection (${code}). ${notResent} ${checkNetwork}`,
			};
		case 'answerCutOff':
			return {
				message: `The connection broke while the provider was answering, so its answer is incomplete; the message may or may not have been delivered${tries}`,
				description: `The provider had started to answer, so it received the message, but whether it accepted it is unknown (${code}). ${notResent}`,
			};
		case 'unknown':
			return {
				message: `The connection to the provider failed after the message was sent; it may or may not have been delivered${tries}`,
				description: `Network error (${code}). ${notResent} ${checkNetwork}`,
			};
		default:
			return assertNever(failure.cause, 'network failure cause');
	}
}

/**
 * A 2xx means accepted, but without a readable answer there is no message ID: said in the output
 * item, so a later node does not store a null ID unknowingly.
 */
export function wordMissingMessageId(httpStatus: number, answerWasJson: boolean): string {
	const what = answerWasJson ? 'held no message ID' : 'could not be read (it is not JSON)';
	return `The provider accepted the message (HTTP ${httpStatus}), but its answer ${what}, so messageId is null. The message was not sent again.`;
}
