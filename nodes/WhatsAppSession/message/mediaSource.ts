import { InvalidMessageError } from './errors';
import { FIELD_LABELS as L } from './fieldLabels';
import { readText, shownChoice, type FormValues } from './formValues';
import { MEDIA_KINDS, type MediaKind, type MediaSource } from './types';

/** Reading a file's kind and source from a form: session media, templates' headers and Texter's files share it. */

export function readMediaKind(value: unknown, label: string = L.mediaType): MediaKind {
	const kind = MEDIA_KINDS.find((candidate) => candidate === value);
	if (kind === undefined) {
		throw new InvalidMessageError([
			{ field: label, problem: `must be one of ${MEDIA_KINDS.join(', ')} (got ${shownChoice(value)})` },
		]);
	}
	return kind;
}


export function readMediaSource(
	form: FormValues,
	sourceName: string,
	urlName: string,
	idName: string,
	urlLabel: string,
	idLabel: string,
): MediaSource {
	return form.get(sourceName) === 'id'
		? { id: readText(form, idName, idLabel).trim() }
		: { link: readText(form, urlName, urlLabel).trim() };
}
