import type { IDataObject } from 'n8n-workflow';

import type { RecipientKind, SessionMessage } from '../message/types';

/** What the transport sends: everything a provider needs, already encoded. */
export interface ProviderRequest {
	method: 'POST';
	/** May hold secrets (an API key in the path): never shown to users or logged. */
	url: string;
	headers?: Record<string, string>;
	body: IDataObject;
	/** The provider's client-side message id, where it has one; it makes resending safe. */
	clientMessageId?: string;
}

/** What we learn from a provider's answer to an accepted message. */
export interface AcceptedMessage {
	messageId: string | null;
	waId?: string;
}

/** Plain-words reasons a provider refuses a message; each maps to advice for the user. */
export type ProviderErrorKind =
	| 'windowClosed'
	| 'authentication'
	| 'permission'
	| 'invalidParameter'
	| 'undeliverable'
	| 'rateLimited'
	| 'recipientRateLimited'
	| 'unsupportedMessage'
	| 'notFound'
	| 'serverError'
	| 'rejected'
	/** The target chat does not exist (Texter sends only into existing chats). */
	| 'chatNotFound'
	/** The token is valid but lacks the permission (scope) to send session messages. */
	| 'missingScope';

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

/** A provider bound to one credential: encodes messages for it and knows which values are secret. */
export interface ProviderConnection {
	encode(message: SessionMessage): ProviderRequest;
	/** Credential values that must never appear in errors, output or logs. */
	secrets: string[];
	/**
	 * Which sending account this connection speaks for (a phone number, a business, a project).
	 * Executions that share a credential and a sender share one rate limiter; it stays in memory.
	 */
	senderKey: string;
}

export interface ProviderAdapter {
	/** Shown in output items as `provider`. */
	readonly name: string;
	readonly credentialType: string;
	/** What the form's recipient field holds for this provider; a phone number when absent. */
	readonly recipientKind?: RecipientKind;
	/** Reads and checks the credential fields. Throws CredentialSettingError in plain words. */
	connect(credentials: IDataObject): ProviderConnection;
	decodeAccepted(body: unknown): AcceptedMessage;
	/**
	 * For providers that can refuse a message with HTTP 2xx (Texter's `{"success": false}`): false
	 * means the message was not accepted. Absent means every 2xx is an acceptance.
	 */
	isAcceptance?(body: unknown): boolean;
	decodeError(status: number, body: unknown): ProviderError;
}
