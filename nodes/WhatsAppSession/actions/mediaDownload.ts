import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { decideDownload, decideRedirect, type DownloadHosts } from '../media/downloadPolicy';
import { cancelledReadError, downloadStoppedError, failedMediaReadError, fileHostNotAllowedError, type FileUrlSource } from '../media/errors';
import type { MediaDownload } from '../providers/contract/media';
import type { ProviderAdapter } from '../providers/contract/adapter';
import { deliverMessage } from '../transport/deliver';
import { DownloadStopped, n8nDownloadCall, type DownloadHop, type DownloadStop } from '../transport/download';
import type { HttpCall, HttpResponse } from '../transport/http';
import { n8nClock } from '../transport/n8nClock';
import { fileHostLimiter } from '../transport/requestClasses';
import { deliveryFacts, type SendingRun } from './sending';

/** What one item's download needs: its URL and who named it, the hosts it may reach, and its limits. */
export interface DownloadPlan {
	source: { url: URL; namedBy: FileUrlSource };
	hosts: DownloadHosts;
	limits: { timeoutMs: number; maxBytes: number };
	/** For the error that refuses a host: where files may come from, in the credential's terms. */
	allowed: { fileHosts: readonly string[]; credentialField: string };
}

/** The hosts one run may download from: the adapter's declaration, the credential's origin, the builder's choice. */
export function downloadHostsOf(download: MediaDownload, credentials: IDataObject, allowOtherHosts: boolean): DownloadHosts {
	return {
		apiOrigin: download.hosts.apiOrigin(credentials),
		fileHosts: download.hosts.fileHosts,
		credentialGoesToFileHosts: download.hosts.credentialGoesToFileHosts,
		allowOtherHosts,
	};
}

export function allowedFor(provider: ProviderAdapter, download: MediaDownload): DownloadPlan['allowed'] {
	return { fileHosts: download.hosts.fileHosts, credentialField: provider.credentialFields.address };
}

/**
 * The file's bytes: refused before any request unless its host is allowed, then fetched through
 * its class's limiter (the provider's for its own API, the file host's otherwise), with the run's
 * 429 handling and cancellation, each redirect decided again, and the size capped.
 */
export async function downloadFile(context: IExecuteFunctions, run: SendingRun, itemIndex: number, plan: DownloadPlan): Promise<HttpResponse> {
	const first = decideDownload(plan.source.url, plan.hosts);
	if (!first.allowed) {
		throw fileHostNotAllowedError(context, itemIndex, { host: first.host, why: first.why, source: plan.source.namedBy }, plan.allowed);
	}
	let stopped: DownloadStop | undefined;
	const download = n8nDownloadCall(context, run.credentials, {
		...plan.limits,
		signal: run.signal,
		nextHop: (from, to) => {
			const next = decideRedirect(new URL(from.url), to, plan.hosts);
			return next.allowed ? { url: to.href, withCredential: next.withCredential } : undefined;
		},
	});
	// sendOnce reads every thrown error as a network failure; why the download stopped is kept here.
	const call: HttpCall<DownloadHop> = async (hop) =>
		await download(hop).catch((error: unknown) => {
			if (error instanceof DownloadStopped) stopped = error.stop;
			throw error;
		});
	const delivery = await deliverMessage<DownloadHop>({ url: plan.source.url.href, withCredential: first.withCredential }, {
		call,
		verdicts: { isAccepted: () => true, isRateLimited: (response) => response.statusCode === 429 },
		limiter: first.requestClass === 'providerApi' ? run.limiter : fileHostLimiter(plan.source.url.origin, run.settings.concurrency),
		clock: n8nClock,
		retryOptions: run.settings.retry,
		...(run.signal !== undefined && { signal: run.signal }),
	}).catch((error: unknown) => {
		throw run.signal?.aborted === true ? cancelledReadError(context, 'file', itemIndex) : error;
	});
	if (run.signal?.aborted === true) throw cancelledReadError(context, 'file', itemIndex);
	if (stopped !== undefined) throw downloadStoppedError(context, itemIndex, stopped, plan.allowed);
	if (delivery.outcome.kind === 'accepted') return delivery.outcome.response;
	throw failedMediaReadError(context, run.provider, 'file', delivery.outcome, deliveryFacts(run, itemIndex, plan.limits.timeoutMs));
}
