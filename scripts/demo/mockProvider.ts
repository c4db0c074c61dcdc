// The demo's stand-in for a WhatsApp provider: an HTTP server on 127.0.0.1 that answers the way
// each provider the node supports answers an accepted message (and its credential test), and
// prints every request it receives with the secrets blanked out, so the demo shows exactly what
// n8n would have sent. Nothing here calls out; nothing but this machine can reach it.
// `GET /_demo/requests?after=<n>` lists the requests after the n-th, redacted the same way, for
// `run.js customer` to show what a workflow started by a webhook sent back.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { DEMO_PHONE_NUMBER_ID } from './credentials';
import {
	ClosedWindows,
	connectlyTemplateList,
	DEMO_FILE_PATH,
	demoFile,
	mediaMetadata,
	metaTemplateList,
	WINDOW_CLOSED_REFUSAL,
	WINDOW_PATH,
} from './mockFixtures';

export interface MockProviderOptions {
	/** Values to blank out wherever they appear (path, headers, body), also percent-encoded. */
	secrets: readonly string[];
	/** Where each request's printout goes. */
	print: (text: string) => void;
	/** 0 (the default) picks a free port. */
	port?: number;
}

export interface RunningMockProvider {
	baseUrl: string;
	/** Where the redacted request log is served (not itself logged or counted). */
	readonly logUrl: string;
	/** How many requests it has received. */
	readonly requestCount: number;
	stop(): Promise<void>;
}

interface Reply {
	status: number;
	body: unknown;
	/** A file's bytes instead of JSON (Get Media's download); `body` then describes them for the log. */
	file?: { bytes: Buffer; mimeType: string };
}

/** One request as `/_demo/requests` lists it: everything in it already redacted. */
export interface LoggedRequest {
	number: number;
	receivedAt: string;
	method: string;
	path: string;
	body: unknown;
	answer: Reply;
}

export const REQUEST_LOG_PATH = '/_demo/requests';

const REDACTED = '<redacted>';
/** Headers that only describe the connection; left out of the printout to keep it short. */
const QUIET_HEADERS = new Set(['host', 'connection', 'content-length', 'accept-encoding']);

export async function startMockProvider(options: MockProviderOptions): Promise<RunningMockProvider> {
	const secrets = [...new Set(options.secrets.flatMap((secret) => [secret, encodeURIComponent(secret)]))]
		.filter((secret) => secret.length >= 4)
		.sort((a, b) => b.length - a.length);
	const redact = (text: string): string => secrets.reduce((result, secret) => result.split(secret).join(REDACTED), text);
	let count = 0;
	const logged: LoggedRequest[] = [];
	const windows = new ClosedWindows();

	const server: Server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			if (request.method === 'GET' && pathOf(request) === REQUEST_LOG_PATH) {
				const after = Number(new URL(request.url ?? '/', 'http://mock').searchParams.get('after') ?? '0');
				response.writeHead(200, { 'content-type': 'application/json' });
				response.end(JSON.stringify({ count, requests: logged.filter((entry) => entry.number > after) }));
				return;
			}
			const rawBody = Buffer.concat(chunks).toString('utf8');
			const body = parseJson(rawBody);
			if (request.method === 'POST' && pathOf(request) === WINDOW_PATH) {
				// The demo's own switch (run.js window …), not a provider's path: neither logged nor counted.
				const customer = field(body, 'customer');
				if (typeof customer === 'string') windows.set(customer, field(body, 'open') === true);
				response.writeHead(200, { 'content-type': 'application/json' });
				response.end(JSON.stringify({ closedFor: windows.list() }));
				return;
			}
			count += 1;
			const origin = `http://${request.headers.host ?? '127.0.0.1'}`;
			const search = new URL(request.url ?? '/', 'http://mock').searchParams.get('search') ?? '';
			const reply = answer(request.method ?? 'GET', pathOf(request), body, count, { origin, windows, search });
			response.writeHead(reply.status, { 'content-type': reply.file?.mimeType ?? 'application/json' });
			response.end(reply.file?.bytes ?? JSON.stringify(reply.body));
			logged.push({
				number: count,
				receivedAt: new Date().toISOString(),
				method: request.method ?? '',
				path: redactPath(redact(pathOf(request))),
				body: parseJson(redact(rawBody)),
				answer: reply,
			});
			options.print(describe(request, rawBody, body, reply, count, redact));
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	return {
		baseUrl: `http://127.0.0.1:${port}`,
		logUrl: `http://127.0.0.1:${port}${REQUEST_LOG_PATH}`,
		get requestCount() {
			return count;
		},
		stop: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

function pathOf(request: IncomingMessage): string {
	return (request.url ?? '/').split('?')[0] ?? '/';
}

function parseJson(raw: string): unknown {
	if (raw === '') return undefined;
	try {
		return JSON.parse(raw) as unknown;
	} catch {
		return raw;
	}
}

function field(value: unknown, key: string): unknown {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

/** What each provider answers, by the path the node calls (PROVIDERS.md has the shapes). */
function answer(method: string, path: string, body: unknown, count: number, demo: { origin: string; windows: ClosedWindows; search: string }): Reply {
	const listed = demoListsAndFiles(method, path, demo.origin);
	if (listed !== undefined) return listed;
	const { search } = demo;
	// Connectly: POST /v1/businesses/{id}/send/messages (templates: …/send/whatsapp_templated_messages); its credential test lists webhooks.
	if (/^\/v1\/businesses\/[^/]+\/send\/(messages|whatsapp_templated_messages)$/.test(path)) {
		return { status: 200, body: { id: `connectly-demo-${count}` } };
	}
	if (method === 'GET' && /^\/v1\/businesses\/[^/]+\/webhooks$/.test(path)) {
		return { status: 200, body: { data: [] } };
	}
	// Texter: POST /server/api/v2/messages/send/{chatId}; its credential test asks for a chat that
	// does not exist, and a 404 there means the token was accepted.
	if (/^\/server\/api\/v2\/messages\/send\/[^/]+$/.test(path)) {
		const type = field(body, 'type');
		return {
			status: 200,
			body: {
				success: true,
				messages: [
					{
						_id: `texter-demo-${count}`,
						channelInfo: { name: 'whatsapp', id: `wamid.demo.${count}` },
						status: 'pending',
						type: typeof type === 'string' ? type : 'text',
						timestamp: Date.now(),
					},
				],
			},
		};
	}
	// Texter's Search Chats: every number has one demo chat, so a send by phone number reaches it.
	if (method === 'GET' && path === '/server/api/v2/chats/search') {
		const digits = search.replace(/\D/g, '');
		return { status: 200, body: { data: digits === '' ? [] : [{ _id: `demo-chat-${digits}`, clientPhoneE164: `+${digits}` }], total: digits === '' ? 0 : 1 } };
	}
	if (method === 'GET' && path.startsWith('/server/api/v2/chats/')) {
		return { status: 404, body: { success: false, message: 'Chat not found' } };
	}
	// Meta's credential test: GET /{version}/{phone number id}; any other id there is a media id (Get Media).
	if (method === 'GET' && /^\/v\d+\.\d+\/[^/]+$/.test(path)) {
		const id = decodeURIComponent(path.split('/')[2] ?? '');
		if (id !== DEMO_PHONE_NUMBER_ID) return { status: 200, body: mediaMetadata(id, demo.origin) };
		return { status: 200, body: { id, display_phone_number: '+1 555-000-0001', verified_name: 'Demo' } };
	}
	// Cloud API format uploads (Send Media from an n8n binary file): Meta's /{version}/{id}/media, or a provider's Media Upload Path.
	if (method === 'POST' && path.endsWith('/media')) {
		return { status: 200, body: { id: `media.demo.${count}` } };
	}
	// Cloud API format: a provider's session path, or Meta's /{version}/{id}/messages.
	if (method === 'POST') {
		// Mark as Read: `{status: "read", message_id}`, addressed to nobody; the Cloud API answers `{success: true}`.
		if (field(body, 'status') === 'read' && typeof field(body, 'message_id') === 'string') {
			return { status: 200, body: { success: true } };
		}
		const to = field(body, 'to');
		if (field(body, 'type') !== 'template' && demo.windows.isClosedFor(to)) return { status: 400, body: WINDOW_CLOSED_REFUSAL };
		// A business-scoped user ID goes in `recipient`, and Meta answers with its `user_id`.
		const bsuid = field(body, 'recipient');
		if (typeof bsuid === 'string' && bsuid !== '' && to === undefined) {
			return {
				status: 200,
				body: { messaging_product: 'whatsapp', contacts: [{ input: bsuid, user_id: bsuid }], messages: [{ id: `wamid.demo.${count}` }] },
			};
		}
		if (typeof to !== 'string' || to === '') {
			// What the session credential's test sends (no recipient): a provider that accepted the
			// token and key rejects the body.
			return {
				status: 400,
				body: { error: { message: '(#100) The parameter to is required.', type: 'OAuthException', code: 100, fbtrace_id: 'DemoTrace' } },
			};
		}
		return {
			status: 200,
			body: { messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: to }], messages: [{ id: `wamid.demo.${count}` }] },
		};
	}
	return { status: 404, body: { error: { message: `The demo mock provider has no ${method} ${path}`, code: 404 } } };
}

/** The template lists, the media metadata of a Cloud-API-format provider, and the file itself. */
function demoListsAndFiles(method: string, path: string, origin: string): Reply | undefined {
	if (method === 'GET' && /^\/v\d+\.\d+\/[^/]+\/message_templates$/.test(path)) return { status: 200, body: metaTemplateList() };
	if (method === 'POST' && /^\/v1\/businesses\/[^/]+\/get\/templates$/.test(path)) return { status: 200, body: connectlyTemplateList() };
	// A Cloud-API-format provider's Media Download Path, as the demo credential sets it.
	const cloudApiFormatMedia = /^\/api\/v1\.0\/[^/]+\/[^/]+\/media\/([^/]+)$/.exec(path);
	if (method === 'GET' && cloudApiFormatMedia?.[1] !== undefined) {
		return { status: 200, body: mediaMetadata(decodeURIComponent(cloudApiFormatMedia[1]), origin) };
	}
	if (method === 'GET' && path.startsWith(DEMO_FILE_PATH)) {
		const file = demoFile();
		return { status: 200, body: { file: `${file.bytes.length} bytes of ${file.mimeType}` }, file };
	}
	return undefined;
}

function describe(
	request: IncomingMessage,
	rawBody: string,
	body: unknown,
	reply: Reply,
	count: number,
	redact: (text: string) => string,
): string {
	const time = new Date().toISOString().slice(11, 19);
	const lines = [`┌─ mock provider received request #${count} at ${time}`, `│ ${request.method ?? ''} ${redactPath(redact(request.url ?? '/'))}`];
	for (const [name, value] of Object.entries(request.headers)) {
		if (QUIET_HEADERS.has(name) || value === undefined) continue;
		lines.push(`│ ${name}: ${redactHeader(name, redact(Array.isArray(value) ? value.join(', ') : value))}`);
	}
	const contentType = String(request.headers['content-type'] ?? '');
	if (contentType.startsWith('multipart/')) {
		// An uploaded file's bytes would garble the terminal: the form's field names and size say enough.
		const fields = [...rawBody.matchAll(/; name="([^"]+)"/g)].map((match) => match[1]).join(', ');
		lines.push(`│ (multipart form: ${fields})`);
	} else if (rawBody !== '') {
		const shown = typeof body === 'string' ? rawBody : JSON.stringify(body, null, 2);
		for (const line of redact(shown).split('\n')) lines.push(`│ ${line}`);
	}
	lines.push(`└─ answered ${reply.status} ${JSON.stringify(reply.body)}`);
	return lines.join('\n');
}

/** The key in a Cloud-API-format session path, even one the demo does not know (changed in the editor). */
function redactPath(path: string): string {
	return path.replace(/^(\/api\/v1\.0\/[^/]+\/)[^/]+(\/simpleMessages|\/messages|\/media)/, `$1${REDACTED}$2`);
}

/** Credentials in headers, whatever their value. */
function redactHeader(name: string, value: string): string {
	const lower = name.toLowerCase();
	if (lower === 'authorization') return value.replace(/^(\S+\s+)?.*$/, (_match, scheme: string | undefined) => `${scheme ?? ''}${REDACTED}`);
	if (lower === 'x-api-key' || lower === 'api-key' || lower === 'cookie') return REDACTED;
	return value;
}
