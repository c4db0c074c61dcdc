import type { ProviderResponse } from '../providers/contract/sending';
import type { OutgoingRequest } from '../providers/contract/media';
import { describeNetworkFailure, isSuccessStatus, type HttpCall, type HttpResponse, type NetworkFailure } from './http';

/**
 * What a provider's answers mean, as its adapter declares it: handed to the transport once, so
 * acceptance and rate limits are decided here and nowhere else.
 */
export interface ResponseVerdicts {
	/** Whether an answer that got through (2xx) accepted the message; some refuse with HTTP 200. */
	isAccepted(response: ProviderResponse): boolean;
	/** Whether a refusal means "too many requests": not taken, so it may be resent later. */
	isRateLimited(response: ProviderResponse): boolean;
}

/** How one message's delivery attempt ended, as plain data for the router to word. */
export type SendOutcome =
	| { kind: 'accepted'; response: HttpResponse }
	| { kind: 'rateLimited'; response: HttpResponse }
	| { kind: 'rejected'; response: HttpResponse }
	| { kind: 'networkFailure'; failure: NetworkFailure };

export async function sendOnce<Request = OutgoingRequest>(
	call: HttpCall<Request>,
	request: Request,
	verdicts: ResponseVerdicts,
): Promise<SendOutcome> {
	let response: HttpResponse;
	try {
		response = await call(request);
	} catch (error) {
		return { kind: 'networkFailure', failure: describeNetworkFailure(error) };
	}
	return judgeResponse(response, verdicts);
}

/**
 * A 2xx is never a rate limit: the provider took the request, so resending it could only
 * duplicate; it is accepted or refused by the adapter's own reading of the body.
 */
export function judgeResponse(response: HttpResponse, verdicts: ResponseVerdicts): SendOutcome {
	if (isSuccessStatus(response.statusCode)) {
		return verdicts.isAccepted(response) ? { kind: 'accepted', response } : { kind: 'rejected', response };
	}
	return verdicts.isRateLimited(response) ? { kind: 'rateLimited', response } : { kind: 'rejected', response };
}
