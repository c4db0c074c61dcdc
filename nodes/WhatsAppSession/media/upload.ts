import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { InvalidMessageError, type ValidationIssue } from '../message/errors';
import { FIELD_LABELS as L } from '../message/fieldLabels';
import { readText, type FormValues } from '../message/formValues';
import { mediaFileFacts, mediaFileIssues, type MediaFileFacts } from './uploadChecks';
import type { SessionMessage } from '../message/types';
import type { UploadFile } from '../providers/contract/media';
import { assertNever } from '../util/values';
import { asItemError, cancelledOrNodeError, failedDeliveryError, type NodeError } from '../actions/errors';
import { deliverRequest, deliveryFacts, type SendingRun } from '../actions/sending';
import type { RunUploads, UploadOutcome } from './uploadCache';

/** The Media Source value of an n8n binary file (description/media.ts). */
const BINARY_SOURCE = 'binary';

/**
 * Stands for the media ID while the item is read and checked, before anything is uploaded; the
 * uploaded file's real ID replaces it before the message is encoded for sending.
 */
const PENDING_MEDIA_ID = 'pending-upload';

/** One item's n8n binary file: what the checks read, and what the upload sends. */
export interface ItemFile {
	facts: MediaFileFacts;
	upload: UploadFile;
	/** The run's uploads, which this file joins. */
	uploads: RunUploads;
}

/**
 * The item's n8n binary file when its Media Source is one (Send Media only); undefined otherwise.
 * A missing binary field, or a provider that takes no uploads, fails the item as bad input.
 */
export async function readItemFile(
	context: IExecuteFunctions,
	run: SendingRun,
	form: FormValues,
	itemIndex: number,
): Promise<ItemFile | undefined> {
	if (form.get('operation') !== 'sendMedia' || form.get('mediaSource') !== BINARY_SOURCE) return undefined;
	try {
		const { uploads } = run;
		if (uploads === undefined) {
			throw new InvalidMessageError([
				{
					field: L.mediaSource,
					problem: `"Binary File From Input" is not offered with ${run.provider.choice.name}: we know no upload endpoint for it. Give a Public URL instead`,
				},
			]);
		}
		const propertyName = readText(form, 'binaryPropertyName', L.binaryPropertyName).trim();
		const binaryFields = context.getInputData()[itemIndex]?.binary ?? {};
		const binary = binaryFields[propertyName];
		if (binary === undefined) throw new InvalidMessageError([missingBinaryIssue(propertyName, Object.keys(binaryFields))]);
		const bytes = await context.helpers.getBinaryDataBuffer(itemIndex, propertyName);
		const facts = mediaFileFacts(binary.mimeType, binary.fileName, bytes);
		return { facts, upload: { mimeType: binary.mimeType, fileName: facts.fileName ?? 'file', bytes }, uploads };
	} catch (error) {
		throw asItemError(context, error, itemIndex);
	}
}

function missingBinaryIssue(propertyName: string, present: string[]): ValidationIssue {
	const has = present.length === 0 ? 'the item has no binary data' : `the item's binary fields are ${present.map((name) => `"${name}"`).join(', ')}`;
	return { field: L.binaryPropertyName, problem: `is "${propertyName}", but ${has}` };
}

/**
 * The item's form as it reads once the file is uploaded: sent by media ID, and a document named
 * after the file unless File Name is given. So the whole message is read and checked, by the same
 * code as any other, before anything is uploaded.
 */
export function formWithFile(form: FormValues, file: MediaFileFacts): FormValues {
	return {
		get: (name) => {
			if (name === 'mediaSource') return 'id';
			if (name === 'mediaId') return PENDING_MEDIA_ID;
			const value = form.get(name);
			if (name === 'filename' && (typeof value !== 'string' || value.trim() === '')) return file.fileName ?? value;
			return value;
		},
	};
}

/** WhatsApp's limits for the file as the chosen kind of media; the message must be Send Media's. */
export function fileIssues(file: MediaFileFacts, message: SessionMessage<unknown>): ValidationIssue[] {
	const { content } = message;
	return content.type === 'media' ? mediaFileIssues(content, file, L.binaryPropertyName) : [];
}

/**
 * Uploads the item's file (or waits for the upload another item started) through the run's
 * pacing, 429 retries and limiter, and gives the message with the uploaded file's media ID.
 * A failed upload fails the item, and no message is sent for it.
 */
export async function withUploadedFile(
	context: IExecuteFunctions,
	run: SendingRun,
	file: ItemFile,
	message: SessionMessage<unknown>,
	itemIndex: number,
	timeoutMs: number,
): Promise<{ message: SessionMessage<unknown>; mediaId: string }> {
	const { uploads } = file;
	const outcome = await uploads.outcomeFor(file.upload, async (): Promise<UploadOutcome> => {
		try {
			const delivery = await deliverRequest(context, run, uploads.encode(file.upload), itemIndex, timeoutMs);
			if (delivery.outcome.kind !== 'accepted') return { kind: 'failed', outcome: delivery.outcome, delivery };
			const mediaId = uploads.decodeMediaId(delivery.outcome.response.body);
			return mediaId === undefined
				? { kind: 'noMediaId', statusCode: delivery.outcome.response.statusCode }
				: { kind: 'uploaded', mediaId };
		} catch (error) {
			return { kind: 'crashed', error };
		}
	});
	switch (outcome.kind) {
		case 'uploaded':
			return { message: withMediaId(message, outcome.mediaId), mediaId: outcome.mediaId };
		case 'failed':
			throw asUploadError(
				failedDeliveryError(context, run.provider, outcome.outcome, outcome.delivery, deliveryFacts(run, itemIndex, timeoutMs)),
			);
		case 'noMediaId':
			throw asUploadError(
				new NodeOperationError(context.getNode(), `The provider accepted the upload (HTTP ${outcome.statusCode}) but its answer holds no media ID`, {
					itemIndex,
				}),
			);
		case 'crashed':
			throw cancelledOrNodeError(context, outcome.error, run.signal, itemIndex);
		default:
			return assertNever(outcome, 'upload outcome');
	}
}

/** The checked message, now sent by the uploaded file's ID. */
function withMediaId(message: SessionMessage<unknown>, mediaId: string): SessionMessage<unknown> {
	const { content } = message;
	return content.type === 'media' ? { ...message, content: { ...content, source: { id: mediaId } } } : message;
}

/** A failed upload in the user's terms: the wording of the failure, and that no message went out. */
function asUploadError<E extends NodeError>(error: E): E {
	error.message = `The file could not be uploaded: ${error.message}`;
	const said = typeof error.description === 'string' && error.description !== '' ? `${error.description} ` : '';
	error.description = `${said}This was the upload of the item's file; no message was sent for this item.`;
	return error;
}
