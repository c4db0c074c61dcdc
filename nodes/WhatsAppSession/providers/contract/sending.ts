import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { ValidationIssue } from '../../message/errors';
import type { FormValues } from '../../message/formValues';
import type {
	MediaKind,
	OptionalMessageField,
	SessionContentType,
	SessionMessage,
} from '../../message/types';

/** What the transport sends: everything a provider needs, already encoded. */
export interface ProviderRequest {
	method: 'POST';
	/** May hold secrets (an API key in the path): never shown to users or logged. */
	url: string;
	body: IDataObject;
	/** The provider's client-side message id, where it has one; it makes resending safe. */
	clientMessageId?: string;
}

/** What we learn from a provider's answer to an accepted message. */
export interface AcceptedMessage {
	messageId: string | null;
	/** The WhatsApp ID (phone digits) the provider resolved the recipient to. */
	waId?: string;
	/** The business-scoped user ID the provider answered with, for a message sent to one. */
	userId?: string;
}

/** Plain-words reasons a provider refuses a message; each maps to advice for the user. */
export const PROVIDER_ERROR_KINDS = [
	'windowClosed',
	'authentication',
	'permission',
	'invalidParameter',
	'undeliverable',
	'rateLimited',
	'recipientRateLimited',
	'unsupportedMessage',
	/** WhatsApp takes this message for a phone number only, not for a business-scoped user ID. */
	'bsuidRecipientUnsupported',
	'notFound',
	'serverError',
	'rejected',
	/** The target chat does not exist (Texter sends only into existing chats). */
	'chatNotFound',
	/** The token is valid but lacks the permission (scope) to send session messages. */
	'missingScope',
] as const;

export type ProviderErrorKind = (typeof PROVIDER_ERROR_KINDS)[number];

export interface ProviderError {
	kind: ProviderErrorKind;
	/** The provider's own code (131047, "ERROR_CODE_…"), shown to users and used for decisions. */
	providerCode?: string;
	/** The provider's own words, for the error description. */
	providerMessage?: string;
	/**
	 * What to do, in this provider's terms (its credential fields, its dashboard). Replaces the
	 * kind's general advice, which is written for Cloud-API-format providers.
	 */
	advice?: string;
}

/**
 * The credential fields advice may point to, as the credential's form labels them. Advice that
 * names a field the user's credential does not have (Meta's has no Domain) sends them looking for
 * it; test/unit/providers/credentialAdvice.test.ts checks these labels against the credential classes.
 */
export interface CredentialFieldNames {
	/** Where requests go: the field to check when the provider cannot be reached. */
	readonly address: string;
	/** Every field the endpoint URL is built from. */
	readonly endpoint: readonly string[];
	/** The fields that authenticate. */
	readonly secrets: readonly string[];
	/** Where this provider's dashboard grants a token the scope to send session messages, when it has such scopes. */
	readonly sendScopeHelp?: string;
}

/** What an adapter reads in a provider's answer: the transport hands it over as it came. */
export interface ProviderResponse {
	statusCode: number;
	body: unknown;
}

/** A provider bound to one credential: encodes messages for it and knows which values are secret. */
export interface ProviderConnection<Extras = unknown> {
	/** Throws InvalidMessageError, listing everything in the message this provider cannot carry. */
	encode(message: SessionMessage<Extras>): ProviderRequest;
	/** Credential values that must never appear in errors, output or logs. */
	secrets: string[];
	/**
	 * Which sending account this connection speaks for (a phone number, a business, a project).
	 * Executions that share a credential and a sender share one rate limiter; it stays in memory.
	 */
	senderKey: string;
}

/**
 * What a provider can carry. The node's form is derived from it (it offers only these), and a
 * unit test holds each encoder to it (it encodes these and refuses the rest).
 */
export interface ProviderCapabilities {
	readonly contentTypes: readonly SessionContentType[];
	readonly mediaKinds: readonly MediaKind[];
	/** Parts of the canonical message it sends; the form hides the others for this provider. */
	readonly messageFields: readonly OptionalMessageField[];
}

/** Options only this provider has, kept out of the canonical message: their fields and their reading. */
export interface ProviderExtras<Extras> {
	/** Fields of the node's Options collection; the form shows them only for this provider. */
	readonly options: readonly INodeProperties[];
	/** Top-level fields (they say themselves which operation they belong to); shown only for this provider. */
	readonly fields: readonly INodeProperties[];
	/** One item's values of those fields; undefined when none is set. Malformed input throws InvalidMessageError. */
	read(form: FormValues): Extras | undefined;
	/** WhatsApp's limits on them, checked with the rest of the message, before anything is sent. */
	validate(extras: Extras): ValidationIssue[];
}
