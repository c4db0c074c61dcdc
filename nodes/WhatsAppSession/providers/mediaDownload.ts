import type { IDataObject } from 'n8n-workflow';

import type { MediaMetadata } from '../media/receivedFile';

/**
 * How a provider lets Get Media fetch a file a customer sent, declared by its adapter. The form
 * offers Get Media, and asks for an id or a URL, from this declaration; a provider without one
 * (no download facts) is not offered the operation.
 */
export type MediaDownload =
	| {
			/** The webhook gave a media id: its metadata names a temporary URL, fetched with the same credential. */
			readonly takes: 'mediaId';
			/** Where the metadata of one media id is. Throws CredentialSettingError for a missing credential field. */
			metadataUrl(credentials: IDataObject, mediaId: string): string;
			/** The metadata in the provider's answer; undefined when it names no file URL. */
			decodeMetadata(body: unknown): MediaMetadata | undefined;
	  }
	| {
			/** The webhook gave the file's URL, fetched as it is. */
			readonly takes: 'url';
			/**
			 * Whether the credential goes with the request: only to the provider's own API, never to a
			 * host the URL merely names, which would hand the key to whoever serves it.
			 */
			authenticates(credentials: IDataObject, url: URL): boolean;
	  };
