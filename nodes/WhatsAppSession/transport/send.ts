import type { ProviderRequest } from '../providers/types';
import { describeNetworkFailure, isSuccessStatus, type HttpCall, type HttpResponse, type NetworkFailure } from './http';

/** How one message's delivery attempt ended, as plain data for the router to word. */
export type SendOutcome =
	| { kind: 'accepted'; response: HttpResponse }
	| { kind: 'rejected'; response: HttpResponse }
	| { kind: 'networkFailure'; failure: NetworkFailure };

export async function sendOnce(call: HttpCall, request: ProviderRequest): Promise<SendOutcome> {
	let response: HttpResponse;
	try {
		response = await call(request);
	} catch (error) {
		return { kind: 'networkFailure', failure: describeNetworkFailure(error) };
	}
	return isSuccessStatus(response.statusCode) ? { kind: 'accepted', response } : { kind: 'rejected', response };
}
