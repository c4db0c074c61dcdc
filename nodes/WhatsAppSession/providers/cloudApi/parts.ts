import type { IDataObject } from 'n8n-workflow';

import type { InteractiveHeader, MediaSource } from '../../message/types';

/** Pieces of a Cloud API body that session messages and templates both carry. */

/**
 * A map pin, as a location message and a template's location header carry it. Numbers: Meta's
 * OpenAPI spec (v23) types latitude and longitude as strings, but its own examples and the API
 * send and take numbers.
 */
export function encodeLocation(location: { latitude: number; longitude: number; name?: string; address?: string }): IDataObject {
	return {
		latitude: location.latitude,
		longitude: location.longitude,
		...(location.name !== undefined && { name: location.name }),
		...(location.address !== undefined && { address: location.address }),
	};
}

export function encodeMediaSource(source: MediaSource): IDataObject {
	return 'link' in source ? { link: source.link } : { id: source.id };
}

/**
 * `{type:"interactive", interactive:{type, header?, body?, footer?, action}}`. A body is absent only
 * where WhatsApp lets it be (a single product).
 */
export function interactive(
	interactiveType: string,
	bodyText: string | undefined,
	header: InteractiveHeader | undefined,
	footer: string | undefined,
	action: IDataObject,
): IDataObject {
	return {
		type: 'interactive',
		interactive: {
			type: interactiveType,
			...(header !== undefined && { header: encodeHeader(header) }),
			...(bodyText !== undefined && { body: { text: bodyText } }),
			...(footer !== undefined && { footer: { text: footer } }),
			action,
		},
	};
}

function encodeHeader(header: InteractiveHeader): IDataObject {
	if (header.kind === 'text') return { type: 'text', text: header.text };
	return { type: header.kind, [header.kind]: encodeMediaSource(header.source) };
}

/** A text-only header (lists, product lists, Flows), as the interactive header it is on the wire. */
export function textHeader(text: string | undefined): InteractiveHeader | undefined {
	return text === undefined ? undefined : { kind: 'text', text };
}
