import type { IDataObject } from 'n8n-workflow';

import type { MediaMetadata } from '../../media/receivedFile';
import type { ProviderRequest } from './sending';

/**
 * Where a provider's files may be fetched from, and where its credential may go with them
 * (ARCHITECTURE.md, "Least privilege"). The credential's own origin (its Base URL or Domain) is
 * always allowed, with the credential: that is the API the user configured.
 */
export interface MediaHosts {
	/** The origin of the API the credential names, such as "https://graph.facebook.com". Throws CredentialSettingError. */
	apiOrigin(credentials: IDataObject): string;
	/** Host names the provider serves customers' files from, matched exactly and fetched over https only. */
	readonly fileHosts: readonly string[];
	/** Whether the credential goes with a request to those hosts (Meta's needs the same Bearer token). */
	readonly credentialGoesToFileHosts: boolean;
}

/**
 * How a provider lets Get Media fetch a file a customer sent, declared by its adapter. The form
 * offers Get Media, and asks for an id or a URL, from this declaration; a provider without one
 * (no download facts) is not offered the operation.
 */
export type MediaDownload = (
	| {
			/** The webhook gave a media id: its metadata names a temporary URL, fetched with the same credential. */
			readonly takes: 'mediaId';
			/** Where the metadata of one media id is. Throws CredentialSettingError for a missing credential field. */
			metadataUrl(credentials: IDataObject, mediaId: string): string;
			/** The metadata in the provider's answer; undefined when it names no file URL. */
			decodeMetadata(body: unknown): MediaMetadata | undefined;
			/** What the credential needs before Get Media works, shown with the operation; absent when nothing. */
			readonly setupHint?: string;
	  }
	| {
			/** The webhook gave the file's URL, fetched as it is. */
			readonly takes: 'url';
	  }
) & {
	/** Every file URL (from a webhook or from the metadata) is checked against these before any request. */
	readonly hosts: MediaHosts;
};

/** A file upload, encoded by the adapter: its multipart form as bytes, and the Content-Type naming the boundary. */
export interface UploadRequest {
	method: 'POST';
	/** May hold secrets, like a message's URL: never shown to users or logged. */
	url: string;
	multipart: { contentType: string; bytes: Buffer };
}

/** A file from n8n's binary data, checked against WhatsApp's limits, as the upload carries it. */
export interface UploadFile {
	mimeType: string;
	/** The binary's file name; the upload needs one, so a nameless file gets a generic name. */
	fileName: string;
	bytes: Buffer;
}

/**
 * How a provider takes file uploads (Send Media from an n8n binary file); absent where we hold
 * no upload facts for it, and the form then does not offer the binary source.
 */
export interface MediaUpload {
	/** Binds the upload to one credential, as connect() binds messages. Throws CredentialSettingError. */
	connect(credentials: IDataObject): (file: UploadFile) => UploadRequest;
	/** The media ID in an accepted upload's answer; undefined when it has none. */
	decodeMediaId(body: unknown): string | undefined;
	/** What the credential needs before uploads work, shown with the binary file source; absent when nothing. */
	readonly setupHint?: string;
}

/**
 * What a provider does with files beyond sending them by link or ID: each half is present only
 * where we hold that provider's facts, and the form offers the matching choices from it.
 */
export interface ProviderMedia {
	/** Send Media from an n8n binary file: the file is uploaded first, then sent by its ID. */
	readonly upload?: MediaUpload;
	/** Get Media: a file a customer sent, fetched into n8n binary data. */
	readonly download?: MediaDownload;
}

/** Everything the transport sends for an item: its message, or the upload of its file. */
export type OutgoingRequest = ProviderRequest | UploadRequest;
