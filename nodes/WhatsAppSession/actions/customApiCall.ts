import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { CUSTOM_API_CALL_OPERATION } from '../description/common';

/**
 * "Custom API Call" is n8n's pointer to its HTTP Request node, which reuses this node's credential
 * (n8n shows that advice when it is picked); the node itself sends messages and gets received files. Refuse it with
 * the same advice, before anything is read or sent.
 */
export function refuseCustomApiCall(context: IExecuteFunctions): void {
	const picked = ['resource', 'operation'].some(
		(name) => context.getNodeParameter(name, 0, '') === CUSTOM_API_CALL_OPERATION,
	);
	if (!picked) return;
	throw new NodeOperationError(context.getNode(), '"Custom API Call" is not an operation of this node: it sends messages and gets the files customers send', {
		description:
			'To call your provider\'s API yourself, add an HTTP Request node, set Authentication to "Predefined Credential Type" and choose the same credential type as here. To send a message, choose one of this node\'s Send operations.',
	});
}
