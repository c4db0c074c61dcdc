import type { ICredentialTestFunction, IDataObject, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { ValidationIssue } from '../message/errors';
import type { InboundDeclaration } from './inbound';
import type { FormValues } from '../message/formValues';
import type {
	MediaKind,
	OptionalMessageField,
	RecipientKind,
	SessionContentType,
	SessionMessage,
} from '../message/types';
import type { MediaDownload } from './mediaDownload';
import type { TemplateCatalog } from './templateCatalog';

/** What the transport sends: everything a provider needs, already encoded. */
export interface ProviderRequest {
	method: 'POST';
	/** May hold secrets (an API key in the path): never shown to users or logged. */
	url: string;
	body: IDataObject;
	/** The provider's client-side message id, where it has one; it makes resending safe. */
	clientMessageId?: string;
}

/** A file upload, encoded by the adapter: its multipart form as bytes, and the Content-Type naming the boundary. */
export interface UploadRequest {
	method: 'POST';
	/** May hold secrets, like a message's URL: never shown to users or logged. */
	url: string;
	multipart: { contentType: string; bytes: Buffer };
}

/** Everything the transport sends for an item: its message, or the upload of its file. */
export type OutgoingRequest = ProviderRequest | UploadRequest;

/** A file from n8n's binary data, checked against WhatsApp's limits, as the upload carries it. */
export interface UploadFile {
	mimeType: string;
	/** The binary's file name; the upload needs one, so a nameless file gets a generic name. */
	fileName: string;
	bytes: Buffer;
}

/**
 * How a provider takes file uploads (Send Media from an n8n binary file); absent where we hold
 * no upload facts for it, and the form then does not offer the binary source.
 */
export interface MediaUpload {
	/** Binds the upload to one credential, as connect() binds messages. Throws CredentialSettingError. */
	connect(credentials: IDataObject): (file: UploadFile) => UploadRequest;
	/** The media ID in an accepted upload's answer; undefined when it has none. */
	decodeMediaId(body: unknown): string | undefined;
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

/**
 * The one place that knows a provider. Everything else asks it: the form derives its lists from
 * the declarations, the router reads, encodes and words errors through it, and the transport
 * asks it what counts as an acceptance and as a rate limit.
 *
 * The router holds every adapter as ProviderAdapter<unknown>: the bag an adapter's `extras.read`
 * returns only ever goes back to the same adapter's `validate` and `encode`.
 */
export interface ProviderAdapter<Extras = unknown, Id extends string = string> {
	/** The node's stored "provider" value, and what output items show as `provider`. */
	readonly id: Id;
	readonly credentialType: string;
	/** Its credential's field labels, for advice in its own terms. */
	readonly credentialFields: CredentialFieldNames;
	/** Its option in the node's Provider field (n8n 1.x shows it; 2.x picks it by credential). */
	readonly choice: Pick<INodePropertyOptions, 'name' | 'description'>;
	/** A credential test the node runs (testedBy), where the credential cannot declare one. */
	readonly credentialTest?: { readonly name: string; readonly test: ICredentialTestFunction };
	/** What the form's recipient field holds for this provider. */
	readonly recipientKind: RecipientKind;
	/**
	 * For a provider that sends into its own chats: what its chat IDs look like and where a user
	 * finds one, shown under the form's Chat ID field.
	 */
	readonly chatIdHelp?: { readonly placeholder: string; readonly hint: string };
	readonly carries: ProviderCapabilities;
	readonly extras: ProviderExtras<Extras>;
	/** How to list the account's approved templates, where the provider can; the form's template picker uses it. */
	readonly templateCatalog?: TemplateCatalog;
	/** How Get Media fetches a file a customer sent, where we know how; the form offers the operation from it. */
	readonly mediaDownload?: MediaDownload;
	/** Reads and checks the credential fields. Throws CredentialSettingError in plain words. */
	connect(credentials: IDataObject): ProviderConnection<Extras>;
	/** Whether an answer that got through (2xx) accepted the message; some refuse with HTTP 200. */
	isAccepted(response: ProviderResponse): boolean;
	/** Whether a refusal means "too many requests": the message was not taken and may be resent later. */
	isRateLimited(response: ProviderResponse): boolean;
	decodeAccepted(body: unknown): AcceptedMessage;
	/** Plain-words kind, with advice in this provider's own credential's terms where it differs. */
	decodeError(status: number, body: unknown): ProviderError;
	/** Its webhooks, for the WhatsApp Session Trigger; absent where the provider publishes no webhook format. */
	readonly inbound?: InboundDeclaration;
	/** Its file uploads, where we know its upload endpoint. */
	readonly mediaUpload?: MediaUpload;
}
