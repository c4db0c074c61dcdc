import { STATUS_NAMES, isStatusName, type InboundEvent, type StatusName } from '../providers/contract/inbound';
import { isAccountEventField, type AccountEventField } from '../providers/contract/accountEvents';
import { assertNever, isPlainObject } from '../util/values';

/** Trigger On: `accountEvents` takes only the account events chosen beside it, no messages or statuses. */
export const EVENT_CHOICES = ['messages', 'statuses', 'messagesAndStatuses', 'accountEvents'] as const;
export type EventChoice = (typeof EVENT_CHOICES)[number];

export function isEventChoice(value: unknown): value is EventChoice {
	return EVENT_CHOICES.some((choice) => choice === value);
}

/** Which events the user asked this trigger for. */
export interface EventSelection {
	events: EventChoice;
	/** The statuses to output; a status WhatsApp adds later (not in this list) passes only when the list is empty. */
	statuses: readonly StatusName[];
	/** Messages the business sent itself (from the WhatsApp Business app, or another tool). */
	includeEchoes: boolean;
	/**
	 * The account-level changes to output, whatever Trigger On says; none by default, as each is a
	 * webhook field the user subscribes to on purpose.
	 */
	accountEvents: readonly AccountEventField[];
}

/**
 * The selection from the node's parameters as n8n hands them over (the examples' test reads an
 * example's trigger through this too); a value n8n would not produce falls back to the default.
 */
export function selectionFromParameters(events: unknown, statuses: unknown, options: unknown, accountEvents: unknown = []): EventSelection {
	return {
		events: isEventChoice(events) ? events : 'messages',
		statuses: Array.isArray(statuses) ? statuses.filter((status): status is StatusName => isStatusName(status)) : [...STATUS_NAMES],
		includeEchoes: isPlainObject(options) && 'includeEchoes' in options && options.includeEchoes === true,
		accountEvents: Array.isArray(accountEvents) ? accountEvents.filter(isAccountEventField) : [],
	};
}

export function isSelected(event: InboundEvent, selection: EventSelection): boolean {
	switch (event.event) {
		case 'message':
			return (selection.events === 'messages' || selection.events === 'messagesAndStatuses') && (selection.includeEchoes || !event.isEcho);
		case 'status':
			return (
				(selection.events === 'statuses' || selection.events === 'messagesAndStatuses') &&
				(selection.statuses.length === 0 || selection.statuses.some((status) => status === event.status))
			);
		case 'account':
			return selection.accountEvents.includes(event.field);
		default:
			return assertNever(event, 'inbound event');
	}
}
