import type { ICredentialTestFunction, IDataObject, INodePropertyOptions } from 'n8n-workflow';

import type { RecipientKind } from '../../message/types';
import type { ChatLookup } from './chatLookup';
import type { InboundDeclaration } from './inbound';
import type { ProviderMedia } from './media';
import type {
	AcceptedMessage,
	CredentialFieldNames,
	ProviderCapabilities,
	ProviderConnection,
	ProviderError,
	ProviderExtras,
	ProviderResponse,
} from './sending';
import type { TemplateCatalog } from './templates';

/** Who the provider is: its credential, and how the node names and tests it. */
export interface ProviderIdentity<Id extends string = string> {
	/** The node's stored "provider" value, and what output items show as `provider`. */
	readonly id: Id;
	readonly credentialType: string;
	/** Its credential's field labels, for advice in its own terms. */
	readonly credentialFields: CredentialFieldNames;
	/** Its option in the node's Provider field (n8n 1.x shows it; 2.x picks it by credential). */
	readonly choice: Pick<INodePropertyOptions, 'name' | 'description'>;
	/** A credential test the node runs (testedBy), where the credential cannot declare one. */
	readonly credentialTest?: { readonly name: string; readonly test: ICredentialTestFunction };
}

/** Sending session messages: what every provider has. */
export interface ProviderSending<Extras = unknown> {
	/** What the form's recipient field holds for this provider. */
	readonly recipientKind: RecipientKind;
	/**
	 * For a provider that sends into its own chats: what its chat IDs look like and where a user
	 * finds one, shown under the form's Chat ID field.
	 */
	readonly chatIdHelp?: { readonly placeholder: string; readonly hint: string };
	/** For a provider that sends by chat ID: how a phone number given instead is turned into its chat. */
	readonly chatLookup?: ChatLookup;
	readonly carries: ProviderCapabilities;
	readonly extras: ProviderExtras<Extras>;
	/** Reads and checks the credential fields. Throws CredentialSettingError in plain words. */
	connect(credentials: IDataObject): ProviderConnection<Extras>;
	/** Whether an answer that got through (2xx) accepted the message; some refuse with HTTP 200. */
	isAccepted(response: ProviderResponse): boolean;
	/** Whether a refusal means "too many requests": the message was not taken and may be resent later. */
	isRateLimited(response: ProviderResponse): boolean;
	decodeAccepted(body: unknown): AcceptedMessage;
	/** Plain-words kind, with advice in this provider's own credential's terms where it differs. */
	decodeError(status: number, body: unknown): ProviderError;
}

/**
 * The one place that knows a provider. Everything else asks it: the form derives its lists from
 * the declarations, the router reads, encodes and words errors through it, and the transport
 * asks it what counts as an acceptance and as a rate limit.
 *
 * Every provider sends; the other parts are present only where the provider has them, so its
 * declaration says at a glance what it can do (and the form offers exactly that).
 *
 * The router holds every adapter as ProviderAdapter<unknown>: the bag an adapter's `extras.read`
 * returns only ever goes back to the same adapter's `validate` and `encode`.
 */
export interface ProviderAdapter<Extras = unknown, Id extends string = string>
	extends ProviderIdentity<Id>,
		ProviderSending<Extras> {
	/** Its webhooks, for the WhatsApp Session Trigger; absent where the provider publishes no webhook format. */
	readonly inbound?: InboundDeclaration;
	/** File uploads and downloads, where we hold the provider's facts for them. */
	readonly media?: ProviderMedia;
	/** How to list the account's approved templates, where the provider can; the form's template picker uses it. */
	readonly templates?: TemplateCatalog;
}
