// Talking to a running `n8n start` over HTTP, for the e2e tests: its webhooks (exact bytes in,
// status, headers and bytes out) and its public API (an owner and an API key made on the spot;
// workflows created and published; executions with their run data, waited for and counted).
import { authHeaders, setUpOwner } from '../../../scripts/demo/instance';
import {
	isN8nRun,
	nodeOutputJson,
	type JsonObject,
	type N8nRun,
	type N8nWorkflow,
	type NodeOutputSelector,
} from './n8n';
import { sleep } from './processes';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const POLL_MS = 250;

/** What the harness does through the public API; n8n refuses any call outside the key's scopes. */
const API_KEY_SCOPES = ['execution:read', 'execution:list', 'execution:retry', 'workflow:create', 'workflow:read', 'workflow:activate'];

function isJsonObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------
// Webhooks

export interface HttpRequest {
	method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
	/** Sent byte for byte: a signature over the raw body can be checked against exactly these bytes. */
	body?: Buffer | string;
	/** Sent as given (lower or upper case); nothing is added but what fetch itself must send. */
	headers?: Record<string, string>;
	/** Appended as `?a=1&b=2`, encoded by URLSearchParams. */
	query?: Record<string, string> | URLSearchParams;
	/** How long one request may take. */
	timeoutMs?: number;
}

export interface WebhookRequest extends HttpRequest {
	/**
	 * A webhook answers 404 until n8n has registered it (nothing runs then): retry a 404 for up to
	 * this long. 0 for a test that expects the 404.
	 */
	retryNotRegisteredMs?: number;
}

export interface HttpResponse {
	status: number;
	/** Lower-case names; several values of one header joined by ", ". */
	headers: Record<string, string>;
	/** The body's bytes as they came. */
	rawBody: Buffer;
	/** rawBody as UTF-8. */
	text: string;
	/** Parsed JSON, or the text when it is not JSON. */
	body: unknown;
}

export interface WebhookResponse extends HttpResponse {
	/** How many 404s (webhook not registered yet) came before it. */
	notRegisteredRetries: number;
}

/** A POST of `payload` as JSON. */
export function jsonRequest(payload: JsonObject, headers: Record<string, string> = {}): WebhookRequest {
	return { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(payload) };
}

/** One HTTP request to `baseUrl + path`, the answer read whole. */
export async function httpRequest(baseUrl: string, requestPath: string, request: HttpRequest = {}): Promise<HttpResponse> {
	const url = new URL(requestPath, baseUrl);
	if (request.query) url.search = new URLSearchParams(request.query).toString();
	const send = async () =>
		await fetch(url, {
			method: request.method ?? (request.body === undefined ? 'GET' : 'POST'),
			headers: request.headers,
			body: request.body,
			signal: AbortSignal.timeout(request.timeoutMs ?? 2 * MINUTE),
		});
	// A kept-alive socket that n8n had closed as idle ("other side closed"; a busy event loop notices
	// late, and the pool may hold more than one): n8n never read that request, so sending it again is
	// safe, even a POST.
	for (let attempt = 1; ; attempt++) {
		try {
			return await readAnswer(await send());
		} catch (error) {
			if (!closedBeforeAnswer(error) || attempt >= 3) throw error;
			await sleep(100);
		}
	}
}

async function readAnswer(response: Response): Promise<HttpResponse> {
	const rawBody = Buffer.from(await response.arrayBuffer());
	const text = rawBody.toString('utf8');
	let body: unknown = text;
	try {
		body = JSON.parse(text);
	} catch {
		// not JSON: keep the text
	}
	return { status: response.status, headers: Object.fromEntries(response.headers.entries()), rawBody, text, body };
}

function closedBeforeAnswer(error: unknown): boolean {
	const cause = error instanceof TypeError && 'cause' in error ? error.cause : undefined;
	return cause instanceof Error && 'code' in cause && cause.code === 'UND_ERR_SOCKET';
}

/** A request to the production webhook `/webhook/<webhookPath>`, retrying while it is not registered. */
export async function requestWebhook(baseUrl: string, webhookPath: string, request: WebhookRequest = {}): Promise<WebhookResponse> {
	const deadline = Date.now() + (request.retryNotRegisteredMs ?? 30 * SECOND);
	for (let retries = 0; ; retries++) {
		const response = await httpRequest(baseUrl, `/webhook/${webhookPath.replace(/^\/+/, '')}`, request);
		if (response.status === 404 && Date.now() < deadline) {
			await sleep(POLL_MS);
			continue;
		}
		return { ...response, notRegisteredRetries: retries };
	}
}

// ---------------------------------------------------------------------------------------------
// Executions

/** An execution as the public API returns it (with includeData=true, its run data). */
export interface ApiExecution {
	id: string;
	workflowId: string;
	mode: string;
	status: string;
	finished: boolean;
	data?: N8nRun['data'];
}

/** Still going: `waiting` (a Wait node, send-and-wait) counts as settled, it waits for the outside. */
const IN_PROGRESS = new Set(['new', 'running']);

export function isSettled(execution: ApiExecution): boolean {
	return !IN_PROGRESS.has(execution.status);
}

function toApiExecution(answer: unknown): ApiExecution {
	if (!isJsonObject(answer) || answer.id === undefined) throw new Error(`not an execution: ${JSON.stringify(answer).slice(0, 500)}`);
	// The public API numbers executions; the tests only print and match the id.
	return {
		id: String(answer.id),
		workflowId: String(answer.workflowId),
		mode: String(answer.mode),
		status: String(answer.status),
		finished: answer.finished === true,
		...(isN8nRun(answer) && { data: answer.data }),
	};
}

function describeExecutions(executions: readonly ApiExecution[]): string {
	if (executions.length === 0) return 'none';
	return executions.map((execution) => `#${execution.id} ${execution.status} (${execution.mode})`).join(', ');
}

/** The `json` of each item a node of this execution put out (the execution must carry its data). */
export function executionNodeOutput(execution: ApiExecution, nodeName: string, selector: NodeOutputSelector = {}): JsonObject[] {
	if (!execution.data) throw new Error(`execution ${execution.id} came without its run data (ask with includeData)`);
	return nodeOutputJson({ data: execution.data }, nodeName, selector);
}

export interface WaitOptions {
	timeoutMs?: number;
	/** Which executions count; default: settled ones (not new or running). */
	counts?: (execution: ApiExecution) => boolean;
}

// ---------------------------------------------------------------------------------------------
// The client

/** n8n's REST and public API on one running main, signed in as an owner it sets up itself. */
export class N8nApi {
	private cookie: Promise<string> | undefined;
	private apiKey: Promise<string> | undefined;

	constructor(
		readonly baseUrl: string,
		/** The n8n version: 2.x publishes with /publish, 1.x activates with /activate. */
		private readonly version: string,
	) {}

	/** The owner's session cookie, from n8n's first-run owner set-up (the demo's, once per server). */
	async session(): Promise<string> {
		this.cookie ??= setUpOwner(this.baseUrl);
		return await this.cookie;
	}

	/** An API key for the public API, made by the owner (once per server). */
	async publicApiKey(): Promise<string> {
		// A failed attempt is not kept: the next call tries again instead of failing the same way.
		this.apiKey ??= this.createApiKey().catch((error: unknown) => {
			this.apiKey = undefined;
			throw error;
		});
		return await this.apiKey;
	}

	private async createApiKey(): Promise<string> {
		const created = await httpRequest(this.baseUrl, '/rest/api-keys', {
			method: 'POST',
			headers: authHeaders(await this.session()),
			body: JSON.stringify({ label: 'e2e', scopes: API_KEY_SCOPES, expiresAt: null }),
		});
		const data = isJsonObject(created.body) && isJsonObject(created.body.data) ? created.body.data : undefined;
		if (created.status !== 200 || typeof data?.rawApiKey !== 'string') throw new Error(`creating an API key: HTTP ${created.status} ${created.text}`);
		return data.rawApiKey;
	}

	/** `<method> /api/v1/<resource>` with the API key; the parsed answer, or an error naming the call. */
	async publicApi(resource: string, request: { method?: 'GET' | 'POST'; body?: object } = {}): Promise<unknown> {
		const method = request.method ?? 'GET';
		const response = await httpRequest(this.baseUrl, `/api/v1/${resource}`, {
			method,
			headers: { 'x-n8n-api-key': await this.publicApiKey(), ...(request.body && { 'content-type': 'application/json' }) },
			...(request.body && { body: JSON.stringify(request.body) }),
		});
		if (response.status < 200 || response.status > 299) throw new Error(`${method} /api/v1/${resource}: HTTP ${response.status} ${response.text}`);
		return response.body;
	}

	/**
	 * Creates a workflow through the public API and returns the id n8n gave it (the public API
	 * assigns its own; `workflow.id` is not kept).
	 */
	async createWorkflow(workflow: N8nWorkflow): Promise<string> {
		const answer = await this.publicApi('workflows', {
			method: 'POST',
			body: { name: workflow.name, nodes: workflow.nodes, connections: workflow.connections, settings: workflow.settings ?? {} },
		});
		if (!isJsonObject(answer) || typeof answer.id !== 'string') throw new Error(`creating workflow "${workflow.name}": no id in ${JSON.stringify(answer)}`);
		return answer.id;
	}

	/** Publishes (2.x) or activates (1.x) a workflow: its webhooks answer once this returns. */
	async publishWorkflow(workflowId: string): Promise<void> {
		const action = this.version.startsWith('1.') ? 'activate' : 'publish';
		await this.publicApi(`workflows/${encodeURIComponent(workflowId)}/${action}`, { method: 'POST', body: {} });
	}

	/** A workflow's executions, oldest first; with their run data when `includeData`. */
	async executions(workflowId: string, { includeData = true } = {}): Promise<ApiExecution[]> {
		const found: ApiExecution[] = [];
		let cursor: string | undefined;
		do {
			const query = new URLSearchParams({ workflowId, includeData: String(includeData), limit: '100', ...(cursor !== undefined && { cursor }) });
			const answer = await this.publicApi(`executions?${query.toString()}`);
			if (!isJsonObject(answer) || !Array.isArray(answer.data)) throw new Error(`executions of ${workflowId}: unexpected answer ${JSON.stringify(answer).slice(0, 500)}`);
			found.push(...answer.data.map(toApiExecution));
			cursor = typeof answer.nextCursor === 'string' ? answer.nextCursor : undefined;
		} while (cursor !== undefined);
		return found.sort((a, b) => Number(a.id) - Number(b.id));
	}

	/**
	 * Retries a failed execution the way the editor's **Retry** button does (with the workflow as it
	 * was saved in the execution); the new execution's id.
	 */
	async retryExecution(id: string): Promise<string> {
		const answer = await this.publicApi(`executions/${encodeURIComponent(id)}/retry`, { method: 'POST', body: { loadWorkflow: false } });
		const retried = isJsonObject(answer) ? answer.id : undefined;
		if (typeof retried !== 'string' && typeof retried !== 'number') throw new Error(`retrying execution ${id}: no id in ${JSON.stringify(answer)}`);
		return String(retried);
	}

	/** One execution with its run data (the same `data.resultData.runData` shape as `n8n execute`). */
	async execution(id: string): Promise<ApiExecution> {
		return toApiExecution(await this.publicApi(`executions/${encodeURIComponent(id)}?includeData=true`));
	}

	/**
	 * Resolves with all of a workflow's executions, oldest first, once at least `count` of them are
	 * settled (the webhook's answer can come a moment before the execution's final save); there may
	 * be more. Fails after the deadline, listing what there is.
	 */
	async waitForExecutions(workflowId: string, count: number, options: WaitOptions = {}): Promise<ApiExecution[]> {
		const timeoutMs = options.timeoutMs ?? 30 * SECOND;
		const counts = options.counts ?? isSettled;
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const executions = await this.executions(workflowId);
			if (executions.filter(counts).length >= count) return executions;
			if (Date.now() > deadline) {
				throw new Error(`workflow ${workflowId}: expected ${count} settled execution(s) within ${timeoutMs} ms, has ${describeExecutions(executions)}`);
			}
			await sleep(POLL_MS);
		}
	}

	/**
	 * Watches a workflow for settleMs and fails as soon as it has an execution that is not among
	 * `known` (ids, or the executions a wait returned): for "a duplicate starts nothing" and
	 * "a bad signature starts nothing".
	 */
	async expectNoNewExecutions(workflowId: string, known: ReadonlyArray<ApiExecution | string>, settleMs = 3 * SECOND): Promise<void> {
		const knownIds = new Set(known.map((entry) => (typeof entry === 'string' ? entry : entry.id)));
		const deadline = Date.now() + settleMs;
		for (;;) {
			const executions = await this.executions(workflowId, { includeData: false });
			const unexpected = executions.filter((execution) => !knownIds.has(execution.id));
			if (unexpected.length > 0) {
				throw new Error(`workflow ${workflowId}: expected no execution besides [${[...knownIds].join(', ')}] within ${settleMs} ms, got ${describeExecutions(unexpected)}`);
			}
			if (Date.now() >= deadline) return;
			await sleep(POLL_MS);
		}
	}

	/**
	 * Runs a workflow as the editor's "Execute workflow" button does (`POST /rest/workflows/<id>/run`
	 * from `triggerName`, as the owner) and resolves with its execution once it is settled, with its
	 * run data. n8n saves manual executions, so the public API lists them too.
	 */
	async runManually(workflowId: string, triggerName: string, timeoutMs = 60 * SECOND): Promise<ApiExecution> {
		const started = await httpRequest(this.baseUrl, `/rest/workflows/${encodeURIComponent(workflowId)}/run`, {
			method: 'POST',
			headers: authHeaders(await this.session()),
			body: JSON.stringify({ triggerToStartFrom: { name: triggerName } }),
		});
		const data = isJsonObject(started.body) && isJsonObject(started.body.data) ? started.body.data : undefined;
		const executionId = data?.executionId;
		if (started.status !== 200 || (typeof executionId !== 'string' && typeof executionId !== 'number')) {
			throw new Error(`running workflow ${workflowId} from "${triggerName}": HTTP ${started.status} ${started.text}`);
		}
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const execution = await this.execution(String(executionId));
			if (isSettled(execution)) return execution;
			if (Date.now() > deadline) throw new Error(`workflow ${workflowId}: execution ${String(executionId)} not settled after ${timeoutMs} ms (${execution.status})`);
			await sleep(POLL_MS);
		}
	}

	/** The newest execution of a workflow, once it is settled. */
	async latestExecution(workflowId: string, timeoutMs = 30 * SECOND): Promise<ApiExecution> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const newest = (await this.executions(workflowId, { includeData: false })).at(-1);
			if (newest !== undefined) {
				const execution = await this.execution(newest.id);
				if (isSettled(execution)) return execution;
			}
			if (Date.now() > deadline) throw new Error(`workflow ${workflowId}: no settled execution after ${timeoutMs} ms`);
			await sleep(POLL_MS);
		}
	}
}

/**
 * The public API of a later n8n on the same user folder (a restarted server, or queue mode's main),
 * with the key the first server's owner made: owner set-up runs once per user folder.
 */
export class KnownKeyApi extends N8nApi {
	constructor(
		baseUrl: string,
		version: string,
		private readonly key: string,
	) {
		super(baseUrl, version);
	}

	override async publicApiKey(): Promise<string> {
		return this.key;
	}
}
