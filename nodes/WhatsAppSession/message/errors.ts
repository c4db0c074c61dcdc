/**
 * Bad input is collected as plain data so the pure layers (form reading, validation, encoding)
 * stay free of n8n; the router turns it into a NodeOperationError that carries the item index.
 */
export interface ValidationIssue {
	/** The field as the user sees it in the form, e.g. "Buttons › Button 2 › Title". */
	field: string;
	/** What is wrong, including the limit, e.g. "is 23 characters long; the limit is 20". */
	problem: string;
}

export class InvalidMessageError extends Error {
	constructor(readonly issues: ValidationIssue[]) {
		super(issues.map((issue) => `${issue.field} ${issue.problem}`).join('; '));
		this.name = 'InvalidMessageError';
	}
}

export function isInvalidMessageError(error: unknown): error is InvalidMessageError {
	return error instanceof InvalidMessageError;
}

/**
 * Runs one reading step and keeps its bad-input issues, so a form with several mistakes reports
 * them all in one run. Anything else is a bug and surfaces as it is.
 */
export function collectIssues<T>(issues: ValidationIssue[], read: () => T): T | undefined {
	let caught: unknown;
	try {
		return read();
	} catch (error) {
		caught = error;
	}
	if (!isInvalidMessageError(caught)) throw caught;
	issues.push(...caught.issues);
	return undefined;
}
