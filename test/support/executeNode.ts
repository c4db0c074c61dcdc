import axios from 'axios';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
} from 'n8n-workflow';

import { ConnectlyApi } from '../../credentials/ConnectlyApi.credentials';
import { TexterApi } from '../../credentials/TexterApi.credentials';
import { WhatsAppCloudApi } from '../../credentials/WhatsAppCloudApi.credentials';
import { WhatsAppSessionApi } from '../../credentials/WhatsAppSessionApi.credentials';
import { WhatsAppSession } from '../../nodes/WhatsAppSession/WhatsAppSession.node';

/**
 * Runs the node's real execute() with a stand-in for n8n's execution context. Everything that
 * matters to the node is real: parameters per item, continue-on-fail, and HTTP over a socket with
 * the credential's own `authenticate` applied, answering the way n8n's helper answers for
 * `returnFullResponse` + `ignoreHttpStatusErrors`. The real-n8n suite (test/e2e) covers the rest.
 */
export interface RunOptions {
	/** Node parameters as in workflow JSON; a function gives per-item values (like expressions). */
	parameters: IDataObject | ((itemIndex: number) => IDataObject);
	items?: INodeExecutionData[];
	credentials: Record<string, ICredentialDataDecryptedObject>;
	continueOnFail?: boolean;
	abortSignal?: AbortSignal;
}

export interface CapturedHttpCall {
	credentialType: string;
	options: IHttpRequestOptions;
}

export interface RunResult {
	output: INodeExecutionData[];
	error?: Error;
	httpCalls: CapturedHttpCall[];
}

const node: INode = {
	id: 'test-node',
	name: 'WhatsApp Session',
	type: 'n8n-nodes-whatsapp-session.whatsAppSession',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

const credentialTypes = {
	whatsAppSessionApi: new WhatsAppSessionApi(),
	whatsAppCloudApi: new WhatsAppCloudApi(),
	connectlyApi: new ConnectlyApi(),
	texterApi: new TexterApi(),
};

export async function runNode(options: RunOptions): Promise<RunResult> {
	const items = options.items ?? [{ json: {} }];
	const httpCalls: CapturedHttpCall[] = [];
	const parametersFor = (itemIndex: number): IDataObject =>
		typeof options.parameters === 'function' ? options.parameters(itemIndex) : options.parameters;

	const context = {
		getInputData: () => items,
		getNode: () => node,
		continueOnFail: () => options.continueOnFail === true,
		getExecutionCancelSignal: () => options.abortSignal,
		// Like n8n: a missing parameter is an error unless the caller passed a fallback.
		getNodeParameter: (name: string, itemIndex: number, ...fallback: unknown[]) => {
			const value = lookup(parametersFor(itemIndex), name);
			if (value !== undefined) return value;
			if (name === 'provider') return 'cloudApiCompatible';
			if (fallback.length === 0) throw new Error(`Could not get parameter "${name}"`);
			return fallback[0];
		},
		getCredentials: async (type: string) => {
			const credentials = options.credentials[type];
			if (credentials === undefined) throw new Error(`Node does not have credentials of type "${type}"`);
			return credentials;
		},
		helpers: {
			httpRequestWithAuthentication: async (credentialType: string, requestOptions: IHttpRequestOptions) => {
				httpCalls.push({ credentialType, options: requestOptions });
				const credentials = options.credentials[credentialType] ?? {};
				return await performRequest(applyAuthentication(credentialType, credentials, requestOptions));
			},
		},
		logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
	};

	const nodeType = new WhatsAppSession();
	try {
		const [output = []] = await nodeType.execute.call(context as unknown as IExecuteFunctions);
		return { output, httpCalls };
	} catch (error) {
		return { output: [], error: error instanceof Error ? error : new Error(String(error)), httpCalls };
	}
}

/** Dotted lookup, as n8n resolves "options.replyToMessageId". */
function lookup(parameters: IDataObject, name: string): unknown {
	let current: unknown = parameters;
	for (const part of name.split('.')) {
		if (typeof current !== 'object' || current === null) return undefined;
		current = (current as IDataObject)[part];
	}
	return current;
}

/** Resolves the credential's generic `authenticate` the way n8n does for `={{$credentials.x}}` templates. */
function applyAuthentication(
	credentialType: string,
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): IHttpRequestOptions {
	const type = credentialTypes[credentialType as keyof typeof credentialTypes];
	const headers: IDataObject = { ...(requestOptions.headers ?? {}) };
	for (const [name, template] of Object.entries(type.authenticate.properties.headers ?? {})) {
		headers[name] = String(template)
			.replace(/^=/, '')
			.replace(/\{\{\s*\$credentials\.(\w+)\s*\}\}/g, (_match, key: string) => String(credentials[key] ?? ''));
	}
	return { ...requestOptions, headers };
}

async function performRequest(requestOptions: IHttpRequestOptions): Promise<IDataObject> {
	const response = await axios.request({
		method: requestOptions.method ?? 'GET',
		url: requestOptions.url,
		data: requestOptions.body,
		headers: requestOptions.headers as Record<string, string>,
		timeout: requestOptions.timeout,
		validateStatus: () => requestOptions.ignoreHttpStatusErrors === true,
		responseType: 'json',
	});
	return {
		body: response.data as IDataObject,
		headers: response.headers as IDataObject,
		statusCode: response.status,
		statusMessage: response.statusText,
	};
}
