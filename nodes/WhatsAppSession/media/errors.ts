import { NodeApiError, NodeOperationError, type IExecuteFunctions, type INode, type JsonObject } from 'n8n-workflow';

import type { FileCheck } from './receivedFile';
import { wordProviderError } from '../providers/shared/errorWording';
import type { ProviderAdapter } from '../providers/contract/adapter';
import type { DeliveryResult } from '../transport/deliver';
import type { HttpResponse } from '../transport/http';
import type { DownloadStop } from '../transport/download';
import { redactText } from '../transport/redact';
import { assertNever } from '../util/values';
import type { NodeError } from '../actions/errors';

/**
 * Get Media's failures, in the user's terms. Reading changes nothing at the provider, so unlike a
 * failed send every one of them is safe to run again; none names the URL it fetched.
 */

/** Which of Get Media's two requests failed: the media's details (by id), or the file itself. */
export type MediaStep = 'metadata' | 'file';

const WHAT: Record<MediaStep, string> = {
	metadata: 'the media\'s details',
	file: 'the file',
};

interface ReadFacts {
	itemIndex: number;
	secrets: string[];
	timeoutMs: number;
	maxWaitMs: number;
}

/** Why a read got no usable answer; provider refusals of the metadata in its credential's terms. */
export function failedMediaReadError(
	context: IExecuteFunctions,
	provider: ProviderAdapter,
	step: MediaStep,
	outcome: Exclude<DeliveryResult['outcome'], { kind: 'accepted' }>,
	{ itemIndex, secrets, timeoutMs, maxWaitMs }: ReadFacts,
): NodeError {
	const what = WHAT[step];
	const node = context.getNode();
	switch (outcome.kind) {
		case 'heldBack':
		case 'rateLimited':
			return new NodeOperationError(node, `Item ${itemIndex}: the provider's rate limit was reached; ${what} could not be fetched`, {
				itemIndex,
				description: `Waits were limited by Rate Limits and Retries › Max Retries and Max Wait (${Math.ceil(maxWaitMs / 1000)} s). Nothing changes at the provider when a file is read, so run it again later.`,
			});
		case 'networkFailure': {
			const cause = outcome.failure.cause === 'timeout' ? `no answer came within ${timeoutMs / 1000} s (Options › Timeout)` : `the connection failed (${outcome.failure.code ?? 'no error code'})`;
			return new NodeApiError(node, { networkErrorCode: outcome.failure.code ?? 'unknown' }, {
				message: `Item ${itemIndex}: could not fetch ${what}: ${cause}`,
				description: `Check the credential's ${provider.credentialFields.address} and your network. Reading a file changes nothing at the provider, so running it again is safe.`,
				itemIndex,
			});
		}
		case 'rejected':
			return refusedReadError(node, provider, step, outcome.response, { itemIndex, secrets });
		default:
			return assertNever(outcome, 'read outcome');
	}
}

/** The provider refused a read: for the metadata, in its own error's terms; for the file, with how long links live. */
function refusedReadError(
	node: INode,
	provider: ProviderAdapter,
	step: MediaStep,
	{ statusCode, body }: HttpResponse,
	{ itemIndex, secrets }: Pick<ReadFacts, 'itemIndex' | 'secrets'>,
): NodeError {
	const what = WHAT[step];
		const advice =
			step === 'metadata'
				? 'A media ID from a webhook stays valid for about 7 days, and only the credential of the business number that received the message can read it.'
				: 'A download link expires a few minutes after the provider gives it; the node fetches it at once, so run it again to get a fresh one.';
		if (step === 'file') {
			return new NodeApiError(node, { httpCode: String(statusCode) }, {
				message: `Item ${itemIndex}: the provider refused ${what} (HTTP ${statusCode})`,
				description: advice,
				httpCode: String(statusCode),
				itemIndex,
			});
		}
		const providerError = provider.decodeError(statusCode, body);
		const authenticationFailed = providerError.kind === 'authentication' || providerError.kind === 'permission';
		const wording = wordProviderError(providerError, statusCode, provider);
		const errorResponse: JsonObject = {
			httpCode: String(statusCode),
			...(providerError.providerCode !== undefined && { providerCode: providerError.providerCode }),
			...(providerError.providerMessage !== undefined && { providerMessage: redactText(providerError.providerMessage, secrets) }),
		};
		return new NodeApiError(node, errorResponse, {
			message: authenticationFailed
				? `Item ${itemIndex}: ${wording.message}`
				: `Item ${itemIndex}: the provider refused ${what} for this media ID (HTTP ${statusCode})`,
			description: authenticationFailed ? wording.description : `${advice} ${wording.description}`,
			httpCode: String(statusCode),
			itemIndex,
		});
}

/** The execution was cancelled while a read waited for the rate limit (or was under way). */
export function cancelledReadError(context: IExecuteFunctions, step: MediaStep, itemIndex: number): NodeError {
	return new NodeOperationError(context.getNode(), `Item ${itemIndex}: the execution was cancelled before ${WHAT[step]} could be fetched`, { itemIndex });
}

/** The provider answered the metadata request, but its answer names no file to fetch. */
export function metadataWithoutUrlError(context: IExecuteFunctions, itemIndex: number, statusCode: number): NodeError {
	return new NodeApiError(context.getNode(), { httpCode: String(statusCode) }, {
		message: `Item ${itemIndex}: the provider's answer about this media ID names no file URL`,
		description: `It answered HTTP ${statusCode} without a "url" field, so there is no file to fetch. Check that the credential's provider serves media this way (see the README, "Getting a received file").`,
		itemIndex,
	});
}

/** The bytes are not the file the provider described: nothing is output for the item. */
export function receivedFileMismatchError(
	context: IExecuteFunctions,
	itemIndex: number,
	mismatch: Extract<FileCheck, { ok: false }>,
): NodeError {
	const what = mismatch.mismatch === 'sha256' ? 'sha256 checksum' : 'file size';
	return new NodeOperationError(
		context.getNode(),
		`Item ${itemIndex}: the file received does not match the ${what} the provider gave for it`,
		{
			itemIndex,
			description: `The provider's ${what} is ${mismatch.expected}; the bytes received have ${mismatch.actual}. The file was cut short or changed on the way, so it was not passed on. Run it again to fetch it anew.`,
		},
	);
}

/** Where a refused file URL came from, in the user's terms. */
export type FileUrlSource = 'webhook' | 'metadata' | 'redirect';

const NAMED_BY: Record<FileUrlSource, string> = {
	webhook: 'The Media URL',
	metadata: 'The provider\'s answer about this media ID',
	redirect: 'The file\'s host redirected to a URL that',
};

/**
 * A file URL on a host Get Media may not fetch from: nothing was requested from it. The host is
 * named (never the URL, whose path or query may hold a token), with how to allow it and what that risks.
 */
export function fileHostNotAllowedError(
	context: IExecuteFunctions,
	itemIndex: number,
	refusal: { host: string; why: 'notHttps' | 'notDeclared'; source: FileUrlSource },
	allowed: { fileHosts: readonly string[]; credentialField: string },
): NodeError {
	const where = refusal.why === 'notHttps' ? `over plain http (only https is allowed there)` : `on the host "${refusal.host}"`;
	const declared = allowed.fileHosts.length === 0 ? '' : `, or over https from ${allowed.fileHosts.join(', ')}`;
	return new NodeOperationError(context.getNode(), `Item ${itemIndex}: ${NAMED_BY[refusal.source]} names a file ${where}, which Get Media does not fetch from`, {
		itemIndex,
		description: `Files are fetched only from the credential's ${allowed.credentialField}${declared}. A URL elsewhere can come from a forged webhook event and point at your own network. To fetch it anyway, turn on Options › Allow Other Hosts; the file is then fetched without the credential.`,
	});
}

/** A download stopped on purpose: too large, or redirected where it may not go. */
export function downloadStoppedError(
	context: IExecuteFunctions,
	itemIndex: number,
	stop: DownloadStop,
	allowed: Parameters<typeof fileHostNotAllowedError>[3],
): NodeError {
	const node = context.getNode();
	switch (stop.kind) {
		case 'tooLarge':
			return new NodeOperationError(node, `Item ${itemIndex}: the file is larger than ${formatMegabytes(stop.limitBytes)} MB; the download was stopped`, {
				itemIndex,
				description: 'Get Media stops at Options › Max File Size (MB), which is at most 100 (WhatsApp\'s largest file), whether or not the server announces the size. Nothing was output for this item.',
			});
		case 'redirectRefused':
			return fileHostNotAllowedError(context, itemIndex, { host: stop.host, why: 'notDeclared', source: 'redirect' }, allowed);
		case 'tooManyRedirects':
			return new NodeOperationError(node, `Item ${itemIndex}: the file's host redirected more than 5 times; the download was stopped`, { itemIndex });
		default:
			return assertNever(stop, 'download stop');
	}
}

/** The provider's metadata names a file URL that is no absolute URL: there is nothing to fetch, and asking again gives the same. */
export function metadataUrlInvalidError(context: IExecuteFunctions, itemIndex: number): NodeError {
	return new NodeOperationError(context.getNode(), `Item ${itemIndex}: the provider's answer about this media ID names a file URL that is not a URL`, {
		itemIndex,
		description: 'Its "url" field is not an absolute http(s) URL, so no file was fetched. Check that the credential\'s provider serves media the way the Cloud API does.',
	});
}

function formatMegabytes(bytes: number): string {
	return String(Math.round((bytes / (1024 * 1024)) * 100) / 100);
}
