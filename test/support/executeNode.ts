import axios from 'axios';
import {
	BINARY_ENCODING,
	type IAdditionalCredentialOptions,
	type IBinaryData,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type INode,
	type INodeExecutionData,
} from 'n8n-workflow';

import { ConnectlyApi } from '../../credentials/ConnectlyApi.credentials';
import { TexterApi } from '../../credentials/TexterApi.credentials';
import { WhatsAppCloudApi } from '../../credentials/WhatsAppCloudApi.credentials';
import { WhatsAppSessionApi } from '../../credentials/WhatsAppSessionApi.credentials';
import { WhatsAppSession } from '../../nodes/WhatsAppSession/WhatsAppSession.node';
import { valueAt } from './json';
import { signResumeUrl } from './n8nResumeSignature';
import { ProcessedStore } from './processedStore';

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
	/** The execution's id and the instance's resume URL signing, for Send and Wait for Reply. */
	execution?: ExecutionStandIn;
	/** The node's id in the workflow (n8n's are UUIDs); 'test-node' when absent. */
	nodeId?: string;
	/** n8n's deduplication store, shared between runs that share it (processedStore.ts); a fresh one when absent. */
	processedStore?: ProcessedStore;
	/** The workflow's id, which scopes the store's entries; 'test-workflow' when absent. */
	workflowId?: string;
}

/** What n8n gives a node that waits: its execution's id and signed resume URLs (see n8nResumeSignature.ts). */
export interface ExecutionStandIn {
	id: string;
	waitingBaseUrl: string;
	hmacSecret: string;
}

export interface ParameterRead {
	name: string;
	itemIndex: number;
}

export interface CapturedHttpCall {
	credentialType: string;
	options: IHttpRequestOptions;
}

export interface RunResult {
	output: INodeExecutionData[];
	error?: Error;
	httpCalls: CapturedHttpCall[];
	/** Every getNodeParameter call, in order: what the node asked n8n to resolve (expressions cost per call). */
	parameterReads: ParameterRead[];
	/**
	 * How often credentials were fetched and decrypted: by the node's getCredentials, and, like n8n's
	 * httpRequestWithAuthentication, once per request that does not bring them already decrypted.
	 * In n8n each is a database read and a decryption.
	 */
	credentialReads: number;
	/** What the node passed to putExecutionToWait, when it put the execution to wait. */
	waitTill?: Date;
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

function isCredentialTypeName(name: string): name is keyof typeof credentialTypes {
	return Object.prototype.hasOwnProperty.call(credentialTypes, name);
}

/** What n8n's helper returns for `returnFullResponse`; the node reads it as unknown and checks it. */
interface FullResponse {
	body: unknown;
	headers: unknown;
	statusCode: number;
	statusMessage: string;
}

/**
 * The stand-in implements only what the node calls of n8n's large execution context. This guard
 * checks, at run time, that those members are there before the stand-in is handed over as the
 * whole context: a member missing from the list below fails here, not deep inside the node.
 */
function isExecuteFunctionsStandIn(context: object): context is IExecuteFunctions {
	const methods = ['getInputData', 'getNode', 'continueOnFail', 'getExecutionCancelSignal', 'getNodeParameter', 'getCredentials'];
	return (
		methods.every((name) => typeof Reflect.get(context, name) === 'function') &&
		typeof valueAt(context, 'helpers', 'httpRequestWithAuthentication') === 'function'
	);
}

export async function runNode(options: RunOptions): Promise<RunResult> {
	const items: INodeExecutionData[] = options.items ?? [{ json: {} }];
	const httpCalls: CapturedHttpCall[] = [];
	const parameterReads: ParameterRead[] = [];
	let credentialReads = 0;
	const credentialsOf = (type: string): ICredentialDataDecryptedObject => {
		credentialReads++;
		const credentials = options.credentials[type];
		if (credentials === undefined) throw new Error(`Node does not have credentials of type "${type}"`);
		return credentials;
	};
	const parametersFor = (itemIndex: number): IDataObject =>
		typeof options.parameters === 'function' ? options.parameters(itemIndex) : options.parameters;

	const runNodeItself = { ...node, id: options.nodeId ?? node.id };
	const waits: Date[] = [];
	const { execution } = options;
	const context = {
		getInputData: () => items,
		getNode: () => runNodeItself,
		getWorkflow: () => ({ id: options.workflowId ?? 'test-workflow', active: false }),
		getExecutionId: () => execution?.id ?? '',
		getSignedResumeUrl: (params: Record<string, string> = {}) => {
			if (execution === undefined) throw new Error('this run has no execution stand-in to sign resume URLs');
			return signResumeUrl(execution.waitingBaseUrl, execution.id, runNodeItself.id, params, execution.hmacSecret);
		},
		putExecutionToWait: async (waitTill: Date) => {
			waits.push(waitTill);
		},
		continueOnFail: () => options.continueOnFail === true,
		getExecutionCancelSignal: () => options.abortSignal,
		// Like n8n: a missing parameter is an error unless the caller passed a fallback.
		getNodeParameter: (name: string, itemIndex: number, ...fallback: unknown[]) => {
			parameterReads.push({ name, itemIndex });
			// A dotted name ("options.replyToMessageId") reaches into a collection, as in n8n.
			const value = valueAt(parametersFor(itemIndex), ...name.split('.'));
			if (value !== undefined) return value;
			if (name === 'provider') return 'cloudApiCompatible';
			if (fallback.length === 0) throw new Error(`Could not get parameter "${name}"`);
			return fallback[0];
		},
		getCredentials: async (type: string) => credentialsOf(type),
		helpers: {
			// Like n8n's: credentials handed over already decrypted are used as they are; otherwise
			// it fetches and decrypts them again for this request.
			httpRequestWithAuthentication: async (
				credentialType: string,
				requestOptions: IHttpRequestOptions,
				additional?: IAdditionalCredentialOptions,
			) => {
				httpCalls.push({ credentialType, options: requestOptions });
				const credentials = additional?.credentialsDecrypted?.data ?? credentialsOf(credentialType);
				return await authenticatedRequest({ [credentialType]: credentials }, credentialType, requestOptions);
			},
			// n8n's default binary mode keeps the bytes in the item, base64-encoded.
			getBinaryDataBuffer: async (itemIndex: number, propertyName: string) => {
				const binary = items[itemIndex]?.binary?.[propertyName];
				if (binary === undefined) throw new Error(`item ${itemIndex} has no binary field "${propertyName}"`);
				return Buffer.from(binary.data, 'base64');
			},
			...binaryHelpers(httpCalls),
			...(options.processedStore ?? new ProcessedStore()).helpersFor(options.workflowId ?? 'test-workflow', runNodeItself.id),
		},
		logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
	};

	const nodeType = new WhatsAppSession();
	try {
		if (!isExecuteFunctionsStandIn(context)) throw new Error('the stand-in lacks a member the node calls');
		const [output = []] = await nodeType.execute.call(context);
		if (waits.length > 1) throw new Error(`the node put the execution to wait ${waits.length} times`);
		return { output, httpCalls, parameterReads, credentialReads, ...(waits[0] !== undefined && { waitTill: waits[0] }) };
	} catch (error) {
		return {
			output: [],
			error: error instanceof Error ? error : new Error(String(error)),
			httpCalls,
			parameterReads,
			credentialReads,
			...(waits[0] !== undefined && { waitTill: waits[0] }),
		};
	}
}

/** What n8n's `httpRequestWithAuthentication` does for the node: the credential's `authenticate`, then real HTTP. */
export async function authenticatedRequest(
	credentials: Record<string, ICredentialDataDecryptedObject>,
	credentialType: string,
	requestOptions: IHttpRequestOptions,
): Promise<FullResponse> {
	if (!isCredentialTypeName(credentialType)) throw new Error(`no credential type "${credentialType}" in the test stand-in`);
	// n8n calls a credential's authenticate function with the decrypted values and the request (credentials-helper).
	const authenticated = await credentialTypes[credentialType].authenticate(credentials[credentialType] ?? {}, requestOptions);
	return await performRequest(authenticated);
}

/**
 * Like n8n 2.41's helper: redirects are followed (at most 5) unless `disableFollowRedirect`, and
 * the Authorization header goes along to any origin (`sendCredentialsOnCrossOriginRedirect`
 * defaults to true); other headers, such as an API key, go along too. A stream answer is handed
 * over as the response stream, and `abortSignal` aborts the request.
 */
async function performRequest(requestOptions: IHttpRequestOptions): Promise<FullResponse> {
	const headers = Object.fromEntries(Object.entries(requestOptions.headers ?? {}).map(([name, value]) => [name, String(value)]));
	const authorization = headers.Authorization ?? headers.authorization;
	const response = await axios.request({
		method: requestOptions.method ?? 'GET',
		url: requestOptions.url,
		data: requestOptions.body,
		headers,
		timeout: requestOptions.timeout,
		validateStatus: () => requestOptions.ignoreHttpStatusErrors === true,
		responseType: responseTypeOf(requestOptions.encoding),
		maxRedirects: requestOptions.disableFollowRedirect === true ? 0 : (requestOptions.maxRedirects ?? 5),
		beforeRedirect: (redirected: { headers?: Record<string, unknown> }) => {
			if (authorization !== undefined && redirected.headers !== undefined) redirected.headers.Authorization = authorization;
		},
		...(isAbortSignal(requestOptions.abortSignal) && { signal: requestOptions.abortSignal }),
	});
	const data: unknown = response.data;
	// n8n's helper hands an arraybuffer answer over as a Buffer.
	const body = data instanceof ArrayBuffer ? Buffer.from(data) : data;
	return {
		body,
		headers: response.headers,
		statusCode: response.status,
		statusMessage: response.statusText,
	};
}

function responseTypeOf(encoding: IHttpRequestOptions['encoding']): 'arraybuffer' | 'stream' | 'json' {
	return encoding === 'arraybuffer' || encoding === 'stream' ? encoding : 'json';
}

function isAbortSignal(value: unknown): value is AbortSignal {
	return value instanceof AbortSignal;
}

/** The credential type recorded for a request sent without one (n8n's plain httpRequest). */
export const NO_CREDENTIAL = '(none)';

/**
 * What n8n gives a node for files, as n8n does it in its default binary mode: the bytes in base64
 * on the item (filesystem mode keeps an id instead; the real-n8n suite covers that). And its plain
 * request helper, for URLs outside the provider's API, recorded without a credential.
 */
function binaryHelpers(httpCalls: CapturedHttpCall[]) {
	return {
		httpRequest: async (requestOptions: IHttpRequestOptions) => {
			httpCalls.push({ credentialType: NO_CREDENTIAL, options: requestOptions });
			return await performRequest(requestOptions);
		},
		prepareBinaryData: async (bytes: Buffer, fileName?: string, mimeType?: string): Promise<IBinaryData> => {
			const extension = fileName?.includes('.') === true ? fileName.split('.').pop() : undefined;
			return {
				data: bytes.toString(BINARY_ENCODING),
				mimeType: mimeType ?? 'application/octet-stream',
				fileSize: `${bytes.length} B`,
				...(fileName !== undefined && { fileName }),
				...(extension !== undefined && { fileExtension: extension }),
			};
		},
	};
}

/** How a following node reads an item's file (n8n's getBinaryDataBuffer in default mode): the base64 decoded. */
export function readBinaryLikeNextNode(item: INodeExecutionData | undefined, propertyName: string): Buffer {
	const binary = item?.binary?.[propertyName];
	if (binary === undefined) throw new Error(`the item has no binary field "${propertyName}"`);
	if (binary.id !== undefined) throw new Error('the stand-in keeps files in memory; an id means another binary mode');
	return Buffer.from(binary.data, BINARY_ENCODING);
}
