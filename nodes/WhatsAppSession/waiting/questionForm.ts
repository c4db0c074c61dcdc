import { InvalidMessageError } from '../message/errors';
import { FIELD_LABELS as L } from '../message/fieldLabels';
import {
	entryOptionalText,
	entryText,
	readBoolean,
	readListEntries,
	readOptionalText,
	readText,
	type FormValues,
} from '../message/formValues';
import { QUESTION_LABELS as Q, type Question } from './question';

/** The form's field names, shared by the description and the reader. */
export const QUESTION_FIELDS = {
	choicesInputMode: 'choicesInputMode',
	choices: 'choices',
	choice: 'choice',
	choicesJson: 'choicesJson',
	listButtonText: 'listButtonText',
	limitWaitTime: 'limitWaitTime',
	limitType: 'limitType',
	resumeAmount: 'resumeAmount',
	resumeUnit: 'resumeUnit',
	maxDateAndTime: 'maxDateAndTime',
} as const;

const F = QUESTION_FIELDS;

export function readQuestion(form: FormValues): Question {
	const header = readOptionalText(form, 'headerText', L.headerText);
	const footer = readOptionalText(form, 'footerText', L.footer);
	const choices = readListEntries(form, {
		modeName: F.choicesInputMode,
		collectionName: F.choices,
		entryKey: F.choice,
		jsonName: F.choicesJson,
		label: Q.choices,
	}).map((entry) => {
		const description = entryOptionalText(entry, 'description');
		return { id: entryText(entry, 'id'), title: entryText(entry, 'title'), ...(description !== undefined && { description }) };
	});
	return {
		body: readText(form, 'bodyText', L.body),
		...(header !== undefined && { header }),
		...(footer !== undefined && { footer }),
		listButtonText: readText(form, F.listButtonText, Q.listButtonText),
		choices,
	};
}

export const RESUME_UNITS = { seconds: 1_000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;

/** How long the execution waits for the answer: for ever, or until a moment, after which it goes on timed out. */
export type WaitLimit = { kind: 'none' } | { kind: 'until'; at: Date };

export function readWaitLimit(form: FormValues, now: Date): WaitLimit {
	if (!readBoolean(form, F.limitWaitTime, false)) return { kind: 'none' };
	if (form.get(F.limitType) === 'atSpecifiedTime') {
		const written = readText(form, F.maxDateAndTime, 'Max Date and Time');
		const at = new Date(written);
		if (written.trim() === '' || Number.isNaN(at.getTime())) {
			throw new InvalidMessageError([{ field: 'Max Date and Time', problem: `must be a date and time (got "${written}")` }]);
		}
		return { kind: 'until', at };
	}
	const amount = form.get(F.resumeAmount) ?? 1;
	const unit = form.get(F.resumeUnit) ?? 'hours';
	if (typeof amount !== 'number' || !Number.isFinite(amount) || amount <= 0) {
		throw new InvalidMessageError([{ field: 'Amount', problem: `must be a number above 0 (got ${String(amount)})` }]);
	}
	const unitMs = Object.entries(RESUME_UNITS).find(([name]) => name === unit)?.[1];
	if (unitMs === undefined) {
		throw new InvalidMessageError([{ field: 'Unit', problem: `must be seconds, minutes, hours or days (got ${String(unit)})` }]);
	}
	return { kind: 'until', at: new Date(now.getTime() + amount * unitMs) };
}
