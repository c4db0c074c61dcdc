import type { ValidationIssue } from '../message/errors';
import { FIELD_LABELS as L, OPERATION_LABELS } from '../message/fieldLabels';
import type { SessionContentType, SessionMessage } from '../message/types';

/**
 * What a provider's wire format cannot carry is bad input for that provider: it is reported the
 * way validation reports a field (named, with the reason and the provider), before anything is
 * sent, instead of being dropped silently or left for the provider to refuse.
 */
export function notAvailableWith(providerLabel: string, field: string, reason: string): ValidationIssue {
	return { field, problem: `is not available with ${providerLabel}: ${reason}` };
}

/** An operation the provider has no message type for, named as the user picked it. */
export function operationNotAvailable(
	providerLabel: string,
	type: SessionContentType,
	reason: string,
): ValidationIssue {
	return notAvailableWith(providerLabel, OPERATION_LABELS[type], `${reason}. Choose another operation or provider`);
}

/** Providers that address customers by phone number cannot take a chat ID, and the reverse. */
export function recipientKindIssues(
	providerLabel: string,
	message: SessionMessage,
	expected: 'phoneNumber' | 'chatId',
): ValidationIssue[] {
	const actual = message.recipientKind ?? 'phoneNumber';
	if (actual === expected) return [];
	return expected === 'chatId'
		? [notAvailableWith(providerLabel, L.recipient, `${providerLabel} sends into a chat; give its ${L.recipientChatId}`)]
		: [notAvailableWith(providerLabel, L.recipientChatId, `${providerLabel} sends to a phone number`)];
}

/** One file more than a provider allows per message, counted with the first file. */
export function mediaCountIssue(providerLabel: string, count: number, max: number): ValidationIssue[] {
	if (count <= max) return [];
	return [
		{
			field: L.additionalFiles,
			problem: `make ${count} files in one message; ${providerLabel} takes at most ${max}`,
		},
	];
}
