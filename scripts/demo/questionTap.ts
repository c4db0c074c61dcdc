// `run.js customer --tap confirm` after example 17 asked its question: the customer taps the choice
// the builder called "confirm". On the wire that button's id is not "confirm" but the signed
// reference to the waiting execution (waiting/reference.ts), so the tap is built from the question
// the mock provider received: that button's wire id and title, and the question's own message id,
// which WhatsApp quotes as the reply's context.
import { parseWireId, type WaitingReference } from '../../nodes/WhatsAppSession/waiting/reference';
import type { LoggedRequest } from './mockProvider';

export interface QuestionChoice {
	/** The id that went on the wire: the signed reference. */
	wireId: string;
	/** The title the customer saw. */
	title: string;
	/** The question's message id, as the mock answered it. */
	questionMessageId: string | undefined;
	reference: WaitingReference;
}

function entriesOf(value: unknown, key: string): unknown[] {
	const found: unknown = typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined;
	return Array.isArray(found) ? found : [];
}

function textAt(value: unknown, ...keys: string[]): string | undefined {
	let current: unknown = value;
	for (const key of keys) current = typeof current === 'object' && current !== null ? Reflect.get(current, key) : undefined;
	return typeof current === 'string' ? current : undefined;
}

/** The ids and titles a Cloud-API-format interactive message offers: reply buttons, or a list's rows. */
function offeredInMessage(body: unknown): Array<{ id: string; title: string }> {
	const action: unknown = Reflect.get(Object(Reflect.get(Object(body), 'interactive')), 'action');
	const buttons = entriesOf(action, 'buttons').map((button) => ({ id: textAt(button, 'reply', 'id'), title: textAt(button, 'reply', 'title') }));
	const rows = entriesOf(action, 'sections')
		.flatMap((section) => entriesOf(section, 'rows'))
		.map((row) => ({ id: textAt(row, 'id'), title: textAt(row, 'title') }));
	return [...buttons, ...rows].flatMap(({ id, title }) => (id === undefined ? [] : [{ id, title: title ?? '' }]));
}

/**
 * `run.js customer --flow '{…}'` after example 23 sent its Flow: the newest Flow in the mock's log
 * whose `flow_token` is a signed reference to a waiting execution (Send and Wait's Flow Form).
 */
export function findWaitingFlow(requests: readonly LoggedRequest[]): QuestionChoice | undefined {
	for (const entry of [...requests].reverse()) {
		if (entry.answer.status !== 200) continue;
		const token = textAt(entry.body, 'interactive', 'action', 'parameters', 'flow_token');
		const reference = token === undefined ? undefined : parseWireId(token);
		if (token === undefined || reference === undefined) continue;
		const questionMessageId = textAt(entriesOf(entry.answer.body, 'messages')[0], 'id');
		return { wireId: token, title: textAt(entry.body, 'interactive', 'action', 'parameters', 'flow_cta') ?? '', questionMessageId, reference };
	}
	return undefined;
}

/** The newest question in the mock's log that offers the builder's choice `choiceId`. */
export function findQuestionChoice(requests: readonly LoggedRequest[], choiceId: string): QuestionChoice | undefined {
	for (const entry of [...requests].reverse()) {
		if (entry.answer.status !== 200) continue;
		for (const offered of offeredInMessage(entry.body)) {
			const reference = parseWireId(offered.id);
			if (reference?.choiceId !== choiceId) continue;
			const questionMessageId = textAt(entriesOf(entry.answer.body, 'messages')[0], 'id');
			return { wireId: offered.id, title: offered.title, questionMessageId, reference };
		}
	}
	return undefined;
}
