import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { collectIssues, InvalidMessageError, type ValidationIssue } from '../message/errors';
import { readSessionMessage } from '../message/fromForm';
import type { FormValues } from '../message/formValues';
import { isOperation, isSessionOperation } from '../message/operations';
import { readWindowClosedTemplate } from '../message/template/fromForm';
import type { SessionMessage } from '../message/types';
import { validateSessionMessage } from '../message/validate';
import { fileIssues, formWithFile } from '../media/upload';
import type { MediaFileFacts } from '../media/uploadChecks';
import type { ProviderAdapter } from '../providers/contract/adapter';
import { asItemError } from './errors';
import { templateInsteadOf } from './windowClosed';

/** One item's message and, when it asks for one, the template to send if the window is closed. */
interface ItemMessages {
	message: SessionMessage<unknown>;
	windowClosedFallback?: SessionMessage<unknown>;
}

/**
 * Reads and checks one item: its message, and the template its window-closed fallback would send,
 * with every problem (the file's too) listed at once. Throws the item's error; nothing is sent.
 */
export function readValidMessages(
	context: IExecuteFunctions,
	itemForm: FormValues,
	itemIndex: number,
	provider: ProviderAdapter,
	file: MediaFileFacts | undefined,
): ItemMessages {
	const operation = itemForm.get('operation');
	if (!isOperation(operation)) {
		throw new NodeOperationError(context.getNode(), `Unknown operation "${String(operation)}"`, { itemIndex });
	}
	try {
		const form = file === undefined ? itemForm : formWithFile(itemForm, file);
		const issues: ValidationIssue[] = [];
		const message = collectIssues(issues, () =>
			readSessionMessage(operation, form, {
				recipientKind: provider.recipientKind,
				readExtras: (extrasForm) => provider.extras.read(extrasForm),
			}),
		);
		const template = isSessionOperation(operation) ? collectIssues(issues, () => readWindowClosedTemplate(form)) : undefined;
		if (message === undefined || issues.length > 0) throw new InvalidMessageError(issues);
		const windowClosedFallback = template === undefined ? undefined : templateInsteadOf(message, template);
		const validateExtras = (extras: unknown) => provider.extras.validate(extras);
		issues.push(...validateSessionMessage(message, validateExtras));
		if (file !== undefined) issues.push(...fileIssues(file, message));
		if (windowClosedFallback !== undefined) issues.push(...validateSessionMessage(windowClosedFallback, validateExtras));
		if (issues.length > 0) throw new InvalidMessageError(issues);
		return { message, ...(windowClosedFallback !== undefined && { windowClosedFallback }) };
	} catch (error) {
		throw asItemError(context, error, itemIndex);
	}
}
