import type { IDataObject } from 'n8n-workflow';

import type { MediaSource } from '../../message/types';

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
