import type { OutgoingRequest } from '../providers/contract/media';
import type { ResponseHeaders } from './rateLimitHeaders';

/** A provider's answer, whatever its status: the transport decides what a status means. */
export interface HttpResponse {
	statusCode: number;
	headers: ResponseHeaders;
	body: unknown;
}

/** Sends one request through n8n's request helper with the credential applied. Throws on network failure. */
export type HttpCall<Request = OutgoingRequest> = (request: Request) => Promise<HttpResponse>;

/** Connection failures where the request never reached the provider, so resending cannot duplicate. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_INVALID_URL']);

/** No answer within the request's timeout (axios: ECONNABORTED, or ETIMEDOUT with clarified timeouts). */
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

/** The connection was closed after the request went out and before any answer. */
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE']);

/** axios: the answer had begun (status and headers arrived) when the connection broke. */
const CUT_OFF_CODES = new Set(['ERR_BAD_RESPONSE']);

/** What is known about a request that got no whole answer, in the terms users need. */
export type NetworkFailureCause = 'notSent' | 'timeout' | 'connectionReset' | 'answerCutOff' | 'unknown';

export interface NetworkFailure {
	code: string | undefined;
	cause: NetworkFailureCause;
	/** false only when we know no byte reached the provider. */
	requestMayHaveBeenSent: boolean;
}

/** n8n wraps the HTTP library's error (sometimes twice); the system code sits somewhere in the cause chain. */
export function describeNetworkFailure(error: unknown): NetworkFailure {
	const code = findErrorCode(error, 0);
	const cause = networkFailureCause(code);
	return { code, cause, requestMayHaveBeenSent: cause !== 'notSent' };
}

function networkFailureCause(code: string | undefined): NetworkFailureCause {
	if (code === undefined) return 'unknown';
	if (NOT_SENT_CODES.has(code)) return 'notSent';
	if (TIMEOUT_CODES.has(code)) return 'timeout';
	if (RESET_CODES.has(code)) return 'connectionReset';
	if (CUT_OFF_CODES.has(code)) return 'answerCutOff';
	return 'unknown';
}

function findErrorCode(error: unknown, depth: number): string | undefined {
	if (typeof error !== 'object' || error === null || depth > 5) return undefined;
	const code: unknown = Reflect.get(error, 'code');
	if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
	return findErrorCode(Reflect.get(error, 'cause'), depth + 1);
}

export function isSuccessStatus(status: number): boolean {
	return status >= 200 && status < 300;
}
