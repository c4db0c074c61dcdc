import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { InvalidMessageError } from '../message/errors';
import { readBoolean, readCollection, readOptionalText, type FormValues } from '../message/formValues';
import {
	baseNameFromUrl,
	checkReceivedFile,
	fileNameFor,
	GET_MEDIA_LABELS as L,
	readMediaId,
	readMaxDownloadBytes,
	readMediaUrl,
	readMimeType,
	urlSecrets,
	type MediaMetadata,
} from '../media/receivedFile';
import { notAvailableWith } from '../providers/shared/providerSupport';
import type { MediaDownload } from '../providers/contract/media';
import { deliverMessage } from '../transport/deliver';
import type { HttpResponse } from '../transport/http';
import { n8nClock } from '../transport/n8nClock';
import { n8nReadCall, type ReadRequest } from '../transport/n8nHttp';
import { secretVariants } from '../transport/redact';
import { asItemError } from './errors';
import { settleItems } from './itemPool';
import { cancelledReadError, failedMediaReadError, metadataUrlInvalidError, metadataWithoutUrlError, receivedFileMismatchError } from '../media/errors';
import { parseAbsoluteUrl } from '../util/values';
import { allowedFor, downloadFile, downloadHostsOf } from './mediaDownload';
import { redactNodeError } from './output';
import { deliveryFacts, failedItemOutput, type SendingRun } from './sending';
import { formForItem, readTimeoutMs } from './settings';

/** Where the file goes on the output item unless the builder names another binary field. */
export const DEFAULT_BINARY_PROPERTY = 'data';

/** One item's file, ready for the output: its binary data and what is known about it. */
interface FetchedFile {
	json: IDataObject;
	binary: IBinaryKeyData;
}

/**
 * Get Media: a media id (or, where the webhook gives one, the file's URL) → the file as n8n binary
 * data, checked against the provider's sha256 and size. Every request goes through a limiter and
 * 429 handling, like a send (the provider's, or the file host's own); a file URL is fetched only
 * from a host the adapter declares or the credential's own origin; nothing is written at the provider.
 */
export async function getMedia(context: IExecuteFunctions, run: SendingRun): Promise<INodeExecutionData[][]> {
	const continueOnFail = context.continueOnFail();
	const items = context.getInputData();
	const settlements = await settleItems(items.length, run.settings.concurrency, !continueOnFail, async (itemIndex) => {
		// The URLs of this item (its input, the temporary one) may carry tokens: hidden like the credential's secrets.
		const itemSecrets: string[] = [];
		try {
			return await fetchFile(context, run, itemIndex, itemSecrets);
		} catch (error) {
			const itemError =
				error instanceof MetadataWithoutUrl
					? metadataWithoutUrlError(context, itemIndex, error.statusCode)
					: error instanceof MetadataUrlInvalid
						? metadataUrlInvalidError(context, itemIndex)
						: asItemError(context, error, itemIndex);
			throw redactNodeError(itemError, [...run.secrets, ...secretVariants(itemSecrets)]);
		}
	});
	return [
		settlements.map((settlement) =>
			settlement.ok
				? { ...settlement.value, pairedItem: { item: settlement.index } }
				: failedItemOutput(context, settlement.error, settlement.index, run.secrets, continueOnFail),
		),
	];
}

async function fetchFile(
	context: IExecuteFunctions,
	run: SendingRun,
	itemIndex: number,
	itemSecrets: string[],
): Promise<FetchedFile> {
	const { provider } = run;
	const download = provider.media?.download;
	if (download === undefined) {
		throw new InvalidMessageError([
			notAvailableWith(provider.choice.name, L.operation, 'we hold no facts about how it serves the files customers send. Choose another operation or provider'),
		]);
	}
	const form = formForItem(context, itemIndex);
	const binaryProperty = readBinaryProperty(form);
	const options = optionsOf(form);
	const fileNameGiven = readOptionalText(options, 'fileName', L.fileName);
	const limits = { timeoutMs: readTimeoutMs(form), maxBytes: readMaxDownloadBytes(options.get('maxFileSizeMb')) };
	const hosts = downloadHostsOf(download, run.credentials.data, readBoolean(options, 'allowOtherHosts', false));
	const source = await locateFile(download, form, run.credentials.data, readerFor(context, run, itemIndex, limits.timeoutMs), itemSecrets);
	const file = await downloadFile(context, run, itemIndex, { source: { url: source.url, namedBy: source.namedBy }, hosts, limits, allowed: allowedFor(provider, download) });
	const bytes = file.body;
	if (!Buffer.isBuffer(bytes)) throw new Error('n8n returned the file without its bytes');
	const check = checkReceivedFile(bytes, source.metadata ?? {});
	if (!check.ok) throw receivedFileMismatchError(context, itemIndex, check);
	const mimeType = readMimeType(source.metadata?.mimeType, file.headers['content-type']);
	const fileName = fileNameFor(fileNameGiven, source.baseName, mimeType);
	const binaryData = await context.helpers.prepareBinaryData(bytes, fileName, mimeType);
	return {
		json: {
			...(source.mediaId !== undefined && { mediaId: source.mediaId }),
			provider: provider.id,
			fileName,
			mimeType,
			sha256: check.sha256,
			fileSize: check.fileSize,
			// Said, not implied: a provider whose metadata has no checksum gets its file unchecked.
			sha256Checked: check.checked.sha256,
		},
		binary: { [binaryProperty]: binaryData },
	};
}

/** Where the file is, who named it, and what the provider said about it. */
interface FileSource {
	url: URL;
	namedBy: 'webhook' | 'metadata';
	metadata?: MediaMetadata;
	mediaId?: string;
	/** The file's name before its extension: the media id, or the URL's last path segment. */
	baseName: string;
}

async function locateFile(
	download: MediaDownload,
	form: FormValues,
	credentials: IDataObject,
	read: Read,
	itemSecrets: string[],
): Promise<FileSource> {
	if (download.takes === 'url') {
		const url = readMediaUrl(form.get('receivedMediaUrl'));
		itemSecrets.push(...urlSecrets(url.href));
		return { url, namedBy: 'webhook', baseName: baseNameFromUrl(url) };
	}
	const mediaId = readMediaId(form.get('receivedMediaId'));
	const answer = await read({ url: download.metadataUrl(credentials, mediaId) });
	const metadata = download.decodeMetadata(answer.body);
	if (metadata === undefined) throw new MetadataWithoutUrl(answer.statusCode);
	itemSecrets.push(...urlSecrets(metadata.url));
	const url = parseAbsoluteUrl(metadata.url);
	// Not a URL: asking again would give the same, so the item fails at once rather than being retried.
	if (url === undefined) throw new MetadataUrlInvalid();
	return { url, namedBy: 'metadata', metadata, mediaId, baseName: mediaId };
}

/** The metadata read: through the provider's limiter and its reading of 429s, like a send. */
type Read = (request: ReadRequest) => Promise<HttpResponse>;

/** Worded with the item where the item's errors are (metadataWithoutUrlError). */
class MetadataWithoutUrl extends Error {
	constructor(readonly statusCode: number) {
		super('The provider\'s answer names no file URL');
	}
}

class MetadataUrlInvalid extends Error {}

function readerFor(context: IExecuteFunctions, run: SendingRun, itemIndex: number, timeoutMs: number): Read {
	return async (request: ReadRequest) => {
		const delivery = await deliverMessage(request, {
			call: n8nReadCall(context, run.credentials, timeoutMs),
			verdicts: { isAccepted: () => true, isRateLimited: (response) => run.provider.isRateLimited(response) },
			limiter: run.limiter,
			clock: n8nClock,
			retryOptions: run.settings.retry,
			...(run.signal !== undefined && { signal: run.signal }),
		}).catch((error: unknown) => {
			throw run.signal?.aborted === true ? cancelledReadError(context, 'metadata', itemIndex) : error;
		});
		if (delivery.outcome.kind === 'accepted') return delivery.outcome.response;
		throw failedMediaReadError(context, run.provider, 'metadata', delivery.outcome, deliveryFacts(run, itemIndex, timeoutMs));
	};
}

function optionsOf(form: FormValues): FormValues {
	const options = readCollection(form, 'options');
	return { get: (name) => options[name] };
}

function readBinaryProperty(form: FormValues): string {
	const name = readOptionalText(form, 'outputBinaryPropertyName', L.binaryProperty)?.trim();
	return name === undefined || name === '' ? DEFAULT_BINARY_PROPERTY : name;
}
