import { STATUS_NAMES, isStatusName, type InboundEvent, type StatusName } from '../providers/contract/inbound';
import { assertNever, isPlainObject } from '../util/values';

export const EVENT_CHOICES = ['messages', 'statuses', 'messagesAndStatuses'] as const;
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
}

/**
 * The selection from the node's parameters as n8n hands them over (the examples' test reads an
 * example's trigger through this too); a value n8n would not produce falls back to the default.
 */
export function selectionFromParameters(events: unknown, statuses: unknown, options: unknown): EventSelection {
	return {
		events: isEventChoice(events) ? events : 'messages',
		statuses: Array.isArray(statuses) ? statuses.filter((status): status is StatusName => isStatusName(status)) : [...STATUS_NAMES],
		includeEchoes: isPlainObject(options) && 'includeEchoes' in options && options.includeEchoes === true,
	};
}

export function isSelected(event: InboundEvent, selection: EventSelection): boolean {
	switch (event.event) {
		case 'message':
			return selection.events !== 'statuses' && (selection.includeEchoes || !event.isEcho);
		case 'status':
			return (
				selection.events !== 'messages' &&
				(selection.statuses.length === 0 || selection.statuses.some((status) => status === event.status))
			);
		default:
			return assertNever(event, 'inbound event');
	}
}
