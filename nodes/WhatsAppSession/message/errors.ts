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
