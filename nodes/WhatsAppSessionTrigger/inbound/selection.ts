import type { InboundEvent, StatusName } from '../../WhatsAppSession/providers/inbound/types';
import { assertNever } from '../../WhatsAppSession/util/values';

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
