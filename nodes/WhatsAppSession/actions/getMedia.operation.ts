import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { InvalidMessageError } from '../message/errors';
import { readCollection, readOptionalText, type FormValues } from '../message/formValues';
import {
	baseNameFromUrl,
	checkReceivedFile,
	fileNameFor,
	GET_MEDIA_LABELS as L,
	readMediaId,
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
import type { ResponseVerdicts } from '../transport/send';
import { asItemError } from './errors';
import { settleItems } from './itemPool';
import { cancelledReadError, failedMediaReadError, metadataWithoutUrlError, receivedFileMismatchError, type MediaStep } from '../media/errors';
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
 * data, checked against the provider's sha256 and size. Every request goes through the run's
 * limiter and 429 handling, like a send; nothing is written at the provider.
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
			const itemError = error instanceof MetadataWithoutUrl ? metadataWithoutUrlError(context, itemIndex, error.statusCode) : asItemError(context, error, itemIndex);
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
	const fileNameGiven = readOptionalText(optionsOf(form), 'fileName', L.fileName);
	const read = readerFor(context, run, itemIndex, readTimeoutMs(form));
	const source = await locateFile(download, form, run.credentials.data, read, itemSecrets);
	const file = await read('file', { url: source.url }, source.authenticated, 'bytes');
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

/** Where the file is, whether the credential goes with it, and what the provider said about it. */
interface FileSource {
	url: string;
	/** Whether the request carries the credential: only to the provider's own API. */
	authenticated: boolean;
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
		return {
			url: url.href,
			authenticated: download.authenticates(credentials, url),
			baseName: baseNameFromUrl(url),
		};
	}
	const mediaId = readMediaId(form.get('receivedMediaId'));
	const answer = await read('metadata', { url: download.metadataUrl(credentials, mediaId) }, true, 'json');
	const metadata = download.decodeMetadata(answer.body);
	if (metadata === undefined) throw new MetadataWithoutUrl(answer.statusCode);
	itemSecrets.push(...urlSecrets(metadata.url));
	// The temporary URL is fetched with the same credential, as the provider asks (Meta: the same Bearer token).
	return { url: metadata.url, authenticated: true, metadata, mediaId, baseName: mediaId };
}

type Read = (
	step: MediaStep,
	request: ReadRequest,
	authenticated: boolean,
	answer: 'json' | 'bytes',
) => Promise<HttpResponse>;

/** Worded with the item where the item's errors are (metadataWithoutUrlError). */
class MetadataWithoutUrl extends Error {
	constructor(readonly statusCode: number) {
		super('The provider\'s answer names no file URL');
	}
}

/** One GET through the run's limiter, 429 waits and cancellation; an answer that is not a 2xx fails the item. */
function readerFor(context: IExecuteFunctions, run: SendingRun, itemIndex: number, timeoutMs: number): Read {
	return async (step: MediaStep, request: ReadRequest, authenticated: boolean, answer: 'json' | 'bytes') => {
		// The metadata comes from the provider's API, judged by its adapter; a file host speaks plain HTTP.
		const verdicts: ResponseVerdicts = {
			isAccepted: () => true,
			isRateLimited: (response) => (step === 'metadata' ? run.provider.isRateLimited(response) : response.statusCode === 429),
		};
		const delivery = await deliverMessage(request, {
			call: n8nReadCall(context, authenticated ? run.credentials : undefined, timeoutMs, answer),
			verdicts,
			limiter: run.limiter,
			clock: n8nClock,
			retryOptions: run.settings.retry,
			...(run.signal !== undefined && { signal: run.signal }),
		}).catch((error: unknown) => {
			throw run.signal?.aborted === true ? cancelledReadError(context, step, itemIndex) : error;
		});
		if (delivery.outcome.kind === 'accepted') return delivery.outcome.response;
		throw failedMediaReadError(context, run.provider, step, delivery.outcome, deliveryFacts(run, itemIndex, timeoutMs));
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
