import type { ICredentialDataDecryptedObject, IHttpRequestOptions, ILoadOptionsFunctions, INode } from 'n8n-workflow';

import { authenticatedRequest } from './executeNode';
import { valueAt } from './json';

/**
 * A stand-in for n8n's context of a form's list search (ILoadOptionsFunctions): the node's current
 * parameters, its credentials, and HTTP over a socket with the credential's `authenticate`
 * applied, as in executeNode.ts. It implements what the node's list searches call.
 */
export function loadOptionsContext(
	parameters: Record<string, unknown>,
	credentials: Record<string, ICredentialDataDecryptedObject>,
): ILoadOptionsFunctions {
	const node: INode = { id: 'n', name: 'WhatsApp Session', type: 'n8n-nodes-whatsapp-session.whatsAppSession', typeVersion: 1, position: [0, 0], parameters: {} };
	const context = {
		getNode: () => node,
		getCurrentNodeParameter: (name: string) => parameters[name],
		getNodeParameter: (name: string, fallback?: unknown) => parameters[name] ?? fallback,
		getCredentials: async (type: string) => {
			const found = credentials[type];
			if (found === undefined) throw new Error(`Node does not have credentials of type "${type}"`);
			return found;
		},
		helpers: {
			httpRequestWithAuthentication: async (credentialType: string, requestOptions: IHttpRequestOptions) =>
				await authenticatedRequest(credentials, credentialType, requestOptions),
		},
	};
	if (!isLoadOptionsStandIn(context)) throw new Error('the stand-in lacks a member the node calls');
	return context;
}

function isLoadOptionsStandIn(context: object): context is ILoadOptionsFunctions {
	const methods = ['getNode', 'getCurrentNodeParameter', 'getNodeParameter', 'getCredentials'];
	return methods.every((name) => typeof Reflect.get(context, name) === 'function') && typeof valueAt(context, 'helpers', 'httpRequestWithAuthentication') === 'function';
}
