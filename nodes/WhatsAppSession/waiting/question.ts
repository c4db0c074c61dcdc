import type { ValidationIssue } from '../message/errors';
import { FIELD_LABELS, listPosition, nestedFieldLabel } from '../message/fieldLabels';
import { WHATSAPP_LIMITS as LIMIT } from '../message/limits';
import type { ListContent, ReplyButtonsContent, SessionMessage } from '../message/types';
import { validateSessionMessage } from '../message/validate';
import { referenceLength } from './reference';

/** The labels of the Send and Wait for Reply form, which its errors name. */
export const QUESTION_LABELS = {
	choices: 'Choices',
	choice: 'Choice',
	choiceId: 'Choice ID',
	choiceTitle: 'Title',
	choiceDescription: 'Description',
	listButtonText: 'List Button Label',
	limitWaitTime: 'Limit Wait Time',
} as const;

export interface Choice {
	id: string;
	title: string;
	/** Shown under a list row's title; reply buttons have no room for it. */
	description?: string;
}

/** One question with its choices, as the builder wrote it. */
export interface Question {
	body: string;
	header?: string;
	footer?: string;
	/** The label of the button that opens the list, when there are more choices than reply buttons. */
	listButtonText: string;
	choices: Choice[];
}

/** Up to 3 choices are reply buttons, tapped in one go; more need a list, opened by its button. */
export type ChoiceLayout = 'buttons' | 'list';

export function layoutOf(choiceCount: number): ChoiceLayout {
	return choiceCount <= LIMIT.replyButtonsMax ? 'buttons' : 'list';
}

/** How long WhatsApp lets the id of a reply button or list row be. */
export function wireIdLimit(layout: ChoiceLayout): number {
	return layout === 'buttons' ? LIMIT.replyButtonId : LIMIT.listRowId;
}

/** The message, with each choice's id replaced by the id that goes on the wire. */
export function questionContent(question: Question, wireIdOf: (choice: Choice) => string): ReplyButtonsContent | ListContent {
	const frame = {
		body: question.body,
		...(question.footer !== undefined && { footer: question.footer }),
	};
	if (layoutOf(question.choices.length) === 'buttons') {
		return {
			type: 'replyButtons',
			...frame,
			...(question.header !== undefined && { header: { kind: 'text', text: question.header } }),
			buttons: question.choices.map((choice) => ({ id: wireIdOf(choice), title: choice.title })),
		};
	}
	return {
		type: 'list',
		...frame,
		...(question.header !== undefined && { header: question.header }),
		buttonText: question.listButtonText,
		sections: [
			{
				rows: question.choices.map((choice) => ({
					id: wireIdOf(choice),
					title: choice.title,
					...(choice.description !== undefined && { description: choice.description }),
				})),
			},
		],
	};
}

/**
 * Everything wrong with the question, before anything is sent: WhatsApp's limits on the message
 * (checked by the same validation as Send Reply Buttons and Send List, named by this form's
 * labels), and each choice id's room next to the reference it must carry.
 */
export function questionIssues<Extras = never>(
	question: Question,
	executionId: string,
	nodeId: string,
	envelope: Omit<SessionMessage<Extras>, 'content'> = { recipient: { kind: 'phoneNumber', digits: '' } },
	validateExtras?: (extras: Extras) => ValidationIssue[],
): ValidationIssue[] {
	const count = question.choices.length;
	if (count < 1 || count > LIMIT.listRowsTotalMax) {
		return [{ field: QUESTION_LABELS.choices, problem: `has ${count}; 1 to ${LIMIT.listRowsTotalMax} are needed` }];
	}
	const layout = layoutOf(count);
	const asSent = questionContent(question, (choice) => choice.id);
	const issues = validateSessionMessage({ ...envelope, content: asSent }, validateExtras)
		.map(inQuestionTerms)
		// The id's own limit is replaced by the room left beside the reference, checked below.
		.filter((issue) => !(issue.field.endsWith(QUESTION_LABELS.choiceId) && issue.problem.includes('the limit is')));
	const room = wireIdLimit(layout) - referenceLength(executionId, nodeId);
	question.choices.forEach((choice, index) => {
		if (choice.id.length > room) {
			issues.push({
				field: choiceField(index, QUESTION_LABELS.choiceId),
				problem:
					`is ${choice.id.length} characters long; the limit is ${room} here: WhatsApp allows ${wireIdLimit(layout)} ` +
					`for a ${layout === 'buttons' ? 'reply button' : 'list row'}'s ID, and the reference that ties the answer ` +
					`to this execution takes ${wireIdLimit(layout) - room}`,
			});
		}
		if (layout === 'buttons' && choice.description !== undefined) {
			issues.push({
				field: choiceField(index, QUESTION_LABELS.choiceDescription),
				problem: `is shown only in a list (${LIMIT.replyButtonsMax + 1} or more choices); reply buttons have no description`,
			});
		}
	});
	return issues;
}

function choiceField(index: number, field: string): string {
	return nestedFieldLabel(QUESTION_LABELS.choices, listPosition(QUESTION_LABELS.choice, index), field);
}

const BUTTON = /^Buttons › Button (\d+) › (ID|Title)$/;
const ROW = /^Sections › Section 0 › Row (\d+) › (ID|Title|Description)$/;

/** The message validation names Send Reply Buttons' and Send List's fields; this form calls them choices. */
function inQuestionTerms(issue: ValidationIssue): ValidationIssue {
	if (issue.field === FIELD_LABELS.listButtonText) return { ...issue, field: QUESTION_LABELS.listButtonText };
	const match = BUTTON.exec(issue.field) ?? ROW.exec(issue.field);
	if (match === null) return issue;
	const [, index, field] = match;
	const label = field === 'ID' ? QUESTION_LABELS.choiceId : field === 'Title' ? QUESTION_LABELS.choiceTitle : QUESTION_LABELS.choiceDescription;
	return {
		field: choiceField(Number(index), label),
		problem: issue.problem.replace(/button IDs|row IDs/, 'choice IDs').replace(/button titles/, 'choice titles'),
	};
}
