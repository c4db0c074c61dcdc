import type { IDataObject } from 'n8n-workflow';

import type { ContactCard } from '../../message/types';
import { encodeWhatsAppContact } from '../shared/whatsAppContact';

/**
 * Texter's field names INSIDE buttons, list, contacts, location and media items: PROVIDERS.md §4
 * marks them *unverified* (the seed lists the top-level fields only), so they live here and
 * nowhere else. Correct a name here and the encoder and the tests follow.
 *
 * Verified (seed 003): the top-level `type`, `text`, `media`, `buttons`, `list`, `contacts`,
 * `location`, `context` and `tmpSendId`, and a media item's `mediaType` with `url` or `fileId`.
 * Documented (Texter's Message object): a button's and a list row's `title` and `payload`, a row's
 * `description`, the list's `button` and `sections[].title`/`rows`.
 *
 * `null` marks a field Texter is not known to have. A message that needs it fails before sending
 * with an error naming the field, rather than sending a key Texter might drop or refuse.
 */
export interface TexterFieldNames {
	media: {
		/** Verified. */
		mediaType: string;
		/** Verified. */
		url: string;
		/** Verified. */
		fileId: string;
		/** A document's file name. */
		fileName: string | null;
	};
	/** The caption of a media message: a top-level field (the seed's `text`, "the message text"). */
	mediaCaption: string | null;
	button: { id: string; title: string };
	buttonsHeader: string | null;
	buttonsFooter: string | null;
	list: {
		buttonText: string;
		sections: string;
		sectionTitle: string;
		rows: string;
		rowId: string;
		rowTitle: string;
		rowDescription: string;
		header: string | null;
		footer: string | null;
	};
	location: { latitude: string; longitude: string; name: string; address: string };
	/** One contact card; Texter is assumed to take WhatsApp's own contact object. */
	encodeContact: (contact: ContactCard) => IDataObject;
}

export const TEXTER_FIELD_NAMES: TexterFieldNames = {
	media: { mediaType: 'mediaType', url: 'url', fileId: 'fileId', fileName: null },
	mediaCaption: 'text',
	// Documented: Texter's Message object gives buttons as `{title, payload}` and list rows as
	// `{title, payload, description}`. A run in real n8n showed an `id` sent here is not what comes back.
	button: { id: 'payload', title: 'title' },
	buttonsHeader: null,
	buttonsFooter: null,
	list: {
		buttonText: 'button',
		sections: 'sections',
		sectionTitle: 'title',
		rows: 'rows',
		rowId: 'payload',
		rowTitle: 'title',
		rowDescription: 'description',
		header: null,
		footer: null,
	},
	location: { latitude: 'latitude', longitude: 'longitude', name: 'name', address: 'address' },
	encodeContact: encodeWhatsAppContact,
};
