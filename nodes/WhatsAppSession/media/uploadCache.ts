import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import type { ProviderAdapter } from '../providers/contract/adapter';
import type { UploadFile, UploadRequest } from '../providers/contract/media';
import type { DeliveryResult } from '../transport/deliver';

/** How one file's upload ended, shared by every item that sends the file. */
export type UploadOutcome =
	| { kind: 'uploaded'; mediaId: string }
	/** Refused, rate-limited past the run's retries, or lost: the delivery says which. */
	| { kind: 'failed'; outcome: Exclude<DeliveryResult['outcome'], { kind: 'accepted' }>; delivery: DeliveryResult }
	/** Accepted (2xx) with an answer that holds no media ID, so there is nothing to send by. */
	| { kind: 'noMediaId'; statusCode: number }
	/** Cancelled, or an error of n8n's own. */
	| { kind: 'crashed'; error: unknown };

/**
 * The uploads of one run of the node: one execute(), which has one credential. Each distinct file
 * is uploaded once, by the first item that needs it; every other item that sends the same file
 * (same bytes, MIME type and file name) waits for that upload and sends by its media ID. The map
 * holds the upload's promise from the moment it starts, so items running at the same time
 * (Concurrency above 1) share one upload instead of racing two.
 */
export class RunUploads {
	private readonly byFile = new Map<string, Promise<UploadOutcome>>();

	constructor(
		readonly encode: (file: UploadFile) => UploadRequest,
		readonly decodeMediaId: (body: unknown) => string | undefined,
	) {}

	outcomeFor(file: UploadFile, upload: () => Promise<UploadOutcome>): Promise<UploadOutcome> {
		const key = fileKey(file);
		const known = this.byFile.get(key);
		if (known !== undefined) return known;
		// Stored before the first await, so no other item can start the same upload meanwhile. A
		// failed upload stays too: the run's retry rules were applied to it already, and repeating
		// them for each item would multiply the requests and the waits; each item reports the failure.
		const started = upload();
		this.byFile.set(key, started);
		return started;
	}
}

/** A file's identity within a run: a digest of its bytes, with the type and name the upload sends. */
function fileKey(file: UploadFile): string {
	const digest = createHash('sha256').update(file.bytes).digest('hex');
	return `${digest}|${file.mimeType}|${file.fileName}`;
}

/** The run's upload cache, or undefined where the provider takes no uploads. */
export function openRunUploads(provider: ProviderAdapter, credentials: IDataObject): RunUploads | undefined {
	const upload = provider.media?.upload;
	return upload === undefined ? undefined : new RunUploads(upload.connect(credentials), upload.decodeMediaId);
}

