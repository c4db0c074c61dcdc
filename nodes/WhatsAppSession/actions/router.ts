import { SEND_AND_WAIT_OPERATION, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { GET_MEDIA_OPERATION } from '../media/receivedFile';
import { refuseCustomApiCall } from './customApiCall';
import { getMedia } from './getMedia.operation';
import { sendMessages } from './send.operation';
import { sendAndWait } from './sendAndWait.operation';
import { openSendingRun, type SendingRun } from './sending';

/** The operation families: each runs every item of one execution with the run's credential. */
type OperationFamily = 'send' | 'sendAndWait' | 'getMedia';

const FAMILY_RUNS: Record<OperationFamily, (context: IExecuteFunctions, run: SendingRun) => Promise<INodeExecutionData[][]>> = {
	send: sendMessages,
	sendAndWait,
	getMedia,
};

/** Send and Wait and Get Media have families of their own; every other operation sends one message per item. */
function familyOf(operation: unknown): OperationFamily {
	if (operation === SEND_AND_WAIT_OPERATION) return 'sendAndWait';
	if (operation === GET_MEDIA_OPERATION) return 'getMedia';
	return 'send';
}

/**
 * A dispatch: the run (credential, limiter, settings) is opened once, then the operation's family
 * runs the items. The operation is one per node, so item 0's value decides for all.
 */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	refuseCustomApiCall(this);
	const run = await openSendingRun(this);
	return await FAMILY_RUNS[familyOf(this.getNodeParameter('operation', 0))](this, run);
}
