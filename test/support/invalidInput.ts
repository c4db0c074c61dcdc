import { InvalidMessageError, type ValidationIssue } from '../../nodes/WhatsAppSession/message/errors';

/** The issues of the InvalidMessageError the call throws; fails the test when it does not throw one. */
export function issuesOf(call: () => unknown): ValidationIssue[] {
	try {
		call();
	} catch (error) {
		expect(error).toBeInstanceOf(InvalidMessageError);
		if (error instanceof InvalidMessageError) return error.issues;
	}
	throw new Error('expected an InvalidMessageError, but nothing was thrown');
}
