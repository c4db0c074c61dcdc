import type { INodeProperties } from 'n8n-workflow';

import type { ValidationIssue } from '../../message/errors';
import { FIELD_LABELS, listPosition, nestedFieldLabel } from '../../message/fieldLabels';
import { readMediaKind, readMediaSource } from '../../message/mediaSource';
import { entriesOfFixedCollection, type FormValues } from '../../message/formValues';
import type { MediaFile, MediaKind } from '../../message/types';
import { validateMediaSource } from '../../message/checks';
import { MEDIA_KIND_OPTIONS, mediaSourceProperties } from '../../description/shared';
import type { ProviderExtras } from '../contract/sending';

/** Texter takes up to 10 files in one media message: the form's first file, and these. */
export interface TexterExtras {
	additionalFiles: MediaFile[];
}

export const ADDITIONAL_FILES_LABEL = 'Additional Files';

const L = FIELD_LABELS;

function additionalFilesProperty(mediaKinds: readonly MediaKind[]): INodeProperties {
	return {
		displayName: ADDITIONAL_FILES_LABEL,
		name: 'additionalFiles',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, maxAllowedFields: 9 },
		placeholder: 'Add file',
		default: {},
		displayOptions: { show: { resource: ['message'], operation: ['sendMedia'] } },
		description: 'More files in the same message, up to 10 in all',
		options: [
			{
				displayName: 'File',
				name: 'file',
				values: [
					{
						displayName: L.mediaType,
						name: 'mediaType',
						type: 'options',
						options: MEDIA_KIND_OPTIONS.filter((option) => mediaKinds.some((kind) => kind === option.value)),
						default: 'image',
					},
					...mediaSourceProperties({
						required: false,
						urlPlaceholder: 'https://example.com/photo.jpg',
						urlDescription: 'A public http(s) link Texter downloads the file from',
						idDescription: 'The ID of a file already stored in Texter',
					}),
				],
			},
		],
	};
}

/** The label of one field of one additional file, counted from 0 like every list position (listPosition). */
function fileFieldLabel(index: number, field: string): string {
	return nestedFieldLabel(ADDITIONAL_FILES_LABEL, listPosition('File', index), field);
}

/** The files after the first one, each with its own type and source, as the form's list holds them. */
function readAdditionalFiles(form: FormValues): MediaFile[] {
	return entriesOfFixedCollection(form.get('additionalFiles'), 'file', ADDITIONAL_FILES_LABEL).map((entry, index) => {
		const entryForm: FormValues = { get: (name) => entry[name] };
		return {
			mediaKind: readMediaKind(entry.mediaType, fileFieldLabel(index, L.mediaType)),
			source: readMediaSource(
				entryForm,
				'mediaSource',
				'mediaUrl',
				'mediaId',
				fileFieldLabel(index, L.mediaUrl),
				fileFieldLabel(index, L.mediaId),
			),
		};
	});
}

/** How many files a message may carry is Texter's limit, checked where it encodes; here each file's source. */
function validateAdditionalFiles(extras: TexterExtras): ValidationIssue[] {
	const issues: ValidationIssue[] = [];
	extras.additionalFiles.forEach((file, index) => {
		validateMediaSource(issues, file.source, fileFieldLabel(index, L.mediaUrl), fileFieldLabel(index, L.mediaId));
	});
	return issues;
}

/** Texter's own fields: more files for a media message. Stickers are offered only if Texter carries them. */
export function texterExtras(mediaKinds: readonly MediaKind[]): ProviderExtras<TexterExtras> {
	return {
		options: [],
		fields: [additionalFilesProperty(mediaKinds)],
		read: (form) => {
			const additionalFiles = readAdditionalFiles(form);
			return additionalFiles.length > 0 ? { additionalFiles } : undefined;
		},
		validate: validateAdditionalFiles,
	};
}
