import type { IDataObject } from 'n8n-workflow';

import type { RunResult } from './executeNode';
import { dataObjectOf } from './json';
import type { MockProvider, RecordedRequest } from './mockProvider';

/** The run succeeded with exactly one JSON POST to `path`, which is returned for closer checks. */
export function theOnlyPost(result: RunResult, provider: MockProvider, path: string): RecordedRequest {
	expect(result.error).toBeUndefined();
	expect(provider.requests).toHaveLength(1);
	const [request] = provider.requests;
	expect(request.method).toBe('POST');
	expect(request.path).toBe(path);
	expect(request.headers['content-type']).toMatch(/^application\/json/);
	return request;
}

export function bodyOf(request: RecordedRequest | undefined): IDataObject {
	return request === undefined ? {} : dataObjectOf(request.body);
}
