import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';

import { forgetSharedLimiters } from '../../nodes/WhatsAppSession/transport/sharedLimiters';

/** One request as the mock provider received it. */
export interface RecordedRequest {
	method: string;
	/** The raw path as sent, before any decoding, so tests see exactly which endpoint was hit. */
	path: string;
	headers: IncomingHttpHeaders;
	body: unknown;
	rawBody: string;
	/** The body's bytes as received (a multipart upload carries a file's bytes, which utf8 text would alter). */
	bodyBytes: Buffer;
	receivedAt: number;
}

export interface MockReply {
	status: number;
	headers?: Record<string, string | string[]>;
	body?: unknown;
	/** Milliseconds to wait before answering (latency). */
	delayMs?: number;
	/** Destroy the socket after reading the request: the client sees a reset after sending. */
	dropConnection?: boolean;
	/** Send the status, the headers and half the body, then destroy the socket: an answer cut off midway. */
	cutOffAnswer?: boolean;
	/** Send this text as the body as it is, instead of `body` as JSON (for answers that are not JSON). */
	rawBody?: string;
	/** Send these bytes as the body (a file), with the content type given in `headers`. */
	bytes?: Buffer;
}

export type MockResponder = (request: RecordedRequest, index: number) => MockReply;

/**
 * A Cloud API success answer with a fresh message id. A message sent to a business-scoped user ID
 * (`recipient`) is answered with the contact's `user_id`, as Meta does, instead of a `wa_id`.
 */
export function cloudApiAccepted(request: RecordedRequest, index: number): MockReply {
	const to = isRecord(request.body) && typeof request.body.to === 'string' ? request.body.to : undefined;
	const bsuid = isRecord(request.body) && typeof request.body.recipient === 'string' ? request.body.recipient : undefined;
	const contact = bsuid !== undefined && to === undefined ? { input: bsuid, user_id: bsuid } : { input: to ?? '', wa_id: to ?? '' };
	return {
		status: 200,
		body: {
			messaging_product: 'whatsapp',
			contacts: [contact],
			messages: [{ id: `wamid.mock.${index + 1}` }],
		},
	};
}

export function cloudApiError(status: number, code: number, message: string, details?: string): MockReply {
	return {
		status,
		body: {
			error: {
				message,
				type: 'OAuthException',
				code,
				...(details !== undefined && { error_data: { messaging_product: 'whatsapp', details } }),
				fbtrace_id: 'AbCdEf123',
			},
		},
	};
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A local stand-in for a WhatsApp provider over real HTTP on 127.0.0.1 and a random port. It
 * records every request and answers with a replaceable responder.
 */
export class MockProvider {
	readonly requests: RecordedRequest[] = [];

	private responder: MockResponder = cloudApiAccepted;

	private server: Server | undefined;

	private readonly openResponses = new Set<ServerResponse>();

	/** Delayed answers and cut-offs still to come; cleared on stop so no timer outlives the test file. */
	private readonly timers = new Set<NodeJS.Timeout>();

	/** Requests received and not yet answered (or dropped). */
	private inFlight = 0;

	/** The most requests that were open at once since the last reset: what the client had in flight. */
	mostInFlight = 0;

	async start(): Promise<string> {
		this.server = createServer((incoming, response) => {
			const chunks: Buffer[] = [];
			incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
			incoming.on('end', () => {
				const bodyBytes = Buffer.concat(chunks);
				const rawBody = bodyBytes.toString('utf8');
				const recorded: RecordedRequest = {
					method: incoming.method ?? '',
					path: incoming.url ?? '',
					headers: incoming.headers,
					body: parseBody(rawBody),
					rawBody,
					bodyBytes,
					receivedAt: Date.now(),
				};
				const index = this.requests.push(recorded) - 1;
				this.inFlight++;
				this.mostInFlight = Math.max(this.mostInFlight, this.inFlight);
				const reply = this.responder(recorded, index);
				this.openResponses.add(response);
				const answer = () => {
					this.inFlight--;
					this.openResponses.delete(response);
					if (reply.dropConnection === true) {
						incoming.socket.destroy();
						return;
					}
					const body = reply.rawBody ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
					const headers = { 'content-type': 'application/json', ...reply.headers };
					if (reply.cutOffAnswer === true) {
						response.writeHead(reply.status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
						response.write(body.slice(0, Math.floor(body.length / 2)));
						// Let the status and the first half reach the client before the connection goes.
						this.later(50, () => incoming.socket.destroy());
						return;
					}
					response.writeHead(reply.status, headers);
					response.end(reply.bytes ?? body);
				};
				if (reply.delayMs !== undefined && reply.delayMs > 0) this.later(reply.delayMs, answer);
				else answer();
			});
		});
		await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
		const address = this.server.address();
		if (address === null || typeof address === 'string') throw new Error(`the mock provider is not on a TCP port (${String(address)})`);
		return `http://127.0.0.1:${address.port}`;
	}

	respondWith(responder: MockResponder): void {
		this.responder = responder;
	}

	reset(): void {
		this.cancelTimers();
		this.requests.length = 0;
		this.inFlight = 0;
		this.mostInFlight = 0;
		this.responder = cloudApiAccepted;
	}

	private later(delayMs: number, action: () => void): void {
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			action();
		}, delayMs);
		this.timers.add(timer);
	}

	/** A previous test's late answers never arrive in the next one. */
	private cancelTimers(): void {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
	}

	async stop(): Promise<void> {
		this.cancelTimers();
		for (const response of this.openResponses) response.destroy();
		this.server?.closeAllConnections();
		await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
	}
}

function parseBody(raw: string): unknown {
	if (raw === '') return undefined;
	try {
		return JSON.parse(raw);
	} catch {
		return raw;
	}
}

/**
 * Starts one mock provider for a test file, resets it before each test and stops it at the end.
 * `url()` is its base URL once started.
 */
export function useMockProvider(): { provider: MockProvider; url: () => string } {
	const provider = new MockProvider();
	let baseUrl = '';
	beforeAll(async () => {
		baseUrl = await provider.start();
	});
	afterAll(async () => await provider.stop());
	beforeEach(() => {
		provider.reset();
		// Limiters are shared per credential across executions; a pause one test provoked must not
		// slow the next.
		forgetSharedLimiters();
	});
	return { provider, url: () => baseUrl };
}
