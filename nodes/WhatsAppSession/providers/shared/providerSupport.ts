import type { ValidationIssue } from '../../message/errors';
import { FIELD_LABELS as L, OPERATION_LABELS } from '../../message/fieldLabels';
import { addressedAs } from '../../message/recipient';
import type { MediaKind, RecipientKind, SessionContent, SessionContentType, SessionMessage } from '../../message/types';
import { isSuccessStatus } from '../../transport/http';
import type { ProviderError, ProviderExtras, ProviderResponse } from '../contract/sending';

/**
 * What a provider's wire format cannot carry is bad input for that provider: it is reported the
 * way validation reports a field (named, with the reason and the provider), before anything is
 * sent, instead of being dropped silently or left for the provider to refuse.
 */
export function notAvailableWith(providerLabel: string, field: string, reason: string): ValidationIssue {
	return { field, problem: `is not available with ${providerLabel}: ${reason}` };
}

/** The message types an adapter declares it carries, narrowed so its encoder's switch covers exactly them. */
export function isCarried<Carried extends SessionContentType>(
	content: SessionContent,
	carried: readonly Carried[],
): content is Extract<SessionContent, { type: Carried }> {
	return carried.some((type) => type === content.type);
}

/** An operation the provider has no message type for, named as the user picked it. */
export function operationNotAvailable(
	providerLabel: string,
	type: SessionContentType,
	reason: string,
): ValidationIssue {
	return notAvailableWith(providerLabel, OPERATION_LABELS[type], `${reason}. Choose another operation or provider`);
}

/** A media kind outside the adapter's declared ones, named in the form's Media Type field. */
export function mediaKindIssues(
	providerLabel: string,
	kinds: readonly MediaKind[],
	carried: readonly MediaKind[],
	reason: string,
): ValidationIssue[] {
	return kinds.some((kind) => !carried.includes(kind)) ? [notAvailableWith(providerLabel, L.mediaType, reason)] : [];
}

/** Providers that address customers by phone number or BSUID cannot take a chat ID, and the reverse. */
export function recipientKindIssues(
	providerLabel: string,
	message: SessionMessage<unknown>,
	expected: RecipientKind,
): ValidationIssue[] {
	if (addressedAs(message.recipient) === expected) return [];
	return expected === 'chatId'
		? [notAvailableWith(providerLabel, L.recipient, `${providerLabel} sends into a chat; give its ${L.recipientChatId}`)]
		: [
				notAvailableWith(
					providerLabel,
					L.recipientChatId,
					`${providerLabel} sends to a phone number or a business-scoped user ID (BSUID)`,
				),
			];
}

/** For providers whose every 2xx answer is an acceptance. */
export function isSuccessAnswer(response: ProviderResponse): boolean {
	return isSuccessStatus(response.statusCode);
}

/** A refusal is a rate limit when the adapter's own error decoding says so (a 429, or a code that means it). */
export function rateLimitedBy(
	decodeError: (status: number, body: unknown) => ProviderError,
): (response: ProviderResponse) => boolean {
	return (response) => decodeError(response.statusCode, response.body).kind === 'rateLimited';
}

/** For providers with no options of their own. */
export const NO_EXTRAS: ProviderExtras<never> = {
	options: [],
	fields: [],
	read: () => undefined,
	validate: () => [],
};
