import {
	NodeOperationError,
	SEND_AND_WAIT_OPERATION,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { InvalidMessageError } from '../message/errors';
import { isOperation, readSessionMessage } from '../message/fromForm';
import type { SessionMessage } from '../message/types';
import { validateSessionMessage } from '../message/validate';
import type { ProviderAdapter } from '../providers/types';
import { asItemError } from './errors';
import { refuseCustomApiCall } from './customApiCall';
import { settleItems } from './itemPool';
import { sendAndWait } from './sendAndWait';
import { openSendingRun, outputOf, sendMessage } from './sending';
import { formForItem } from './settings';

/**
 * The one item loop: read → validate → encode → deliver, one message per input item, each output
 * paired with its input. Bad input fails its own item before anything is sent for it. Delivery
 * goes through a limiter shared by every execution that uses the same credential and sender.
 */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	refuseCustomApiCall(this);
	const run = await openSendingRun(this);
	if (this.getNodeParameter('operation', 0) === SEND_AND_WAIT_OPERATION) return await sendAndWait(this, run);
	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();
	const settlements = await settleItems(items.length, run.settings.concurrency, !continueOnFail, async (itemIndex) =>
		await sendMessage(this, run, readValidMessage(this, itemIndex, run.provider), itemIndex),
	);
	return [outputOf(this, settlements, run.secrets, continueOnFail)];
}

function readValidMessage(context: IExecuteFunctions, itemIndex: number, provider: ProviderAdapter): SessionMessage<unknown> {
	const operation = context.getNodeParameter('operation', itemIndex);
	if (!isOperation(operation)) {
		throw new NodeOperationError(context.getNode(), `Unknown operation "${String(operation)}"`, { itemIndex });
	}
	try {
		const message = readSessionMessage(operation, formForItem(context, itemIndex), {
			recipientKind: provider.recipientKind,
			readExtras: (form) => provider.extras.read(form),
		});
		const issues = validateSessionMessage(message, (extras) => provider.extras.validate(extras));
		if (issues.length > 0) throw new InvalidMessageError(issues);
		return message;
	} catch (error) {
		throw asItemError(context, error, itemIndex);
	}
}
