import type { ProviderRequest } from '../providers/types';
import type { ResponseHeaders } from './rateLimitHeaders';

/** A provider's answer, whatever its status: the transport decides what a status means. */
export interface HttpResponse {
	statusCode: number;
	headers: ResponseHeaders;
	body: unknown;
}

/** Sends one request through n8n's request helper with the credential applied. Throws on network failure. */
export type HttpCall = (request: ProviderRequest) => Promise<HttpResponse>;

/** Connection failures where the request never reached the provider, so resending cannot duplicate. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_INVALID_URL']);

export interface NetworkFailure {
	code: string | undefined;
	/** false only when we know no byte reached the provider. */
	requestMayHaveBeenSent: boolean;
}

/** n8n wraps the HTTP library's error (sometimes twice); the system code sits somewhere in the cause chain. */
export function describeNetworkFailure(error: unknown): NetworkFailure {
	const code = findErrorCode(error, 0);
	return { code, requestMayHaveBeenSent: code === undefined || !NOT_SENT_CODES.has(code) };
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
