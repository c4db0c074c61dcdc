/**
 * WhatsApp's own limits for session messages (Meta Cloud API reference). Every provider passes
 * messages on to WhatsApp, so these hold for all of them; provider-specific limits live in the
 * provider's encoder.
 */
export const WHATSAPP_LIMITS = {
	textBody: 4096,
	mediaCaption: 1024,
	interactiveBody: 1024,
	headerText: 60,
	footerText: 60,
	replyButtonsMin: 1,
	replyButtonsMax: 3,
	replyButtonId: 256,
	replyButtonTitle: 20,
	listButtonText: 20,
	listSectionsMin: 1,
	listSectionsMax: 10,
	listRowsTotalMax: 10,
	listSectionTitle: 24,
	listRowId: 200,
	listRowTitle: 24,
	listRowDescription: 72,
	ctaButtonText: 20,
	/** A product list: sections, products counted across all of them, and a section's title. */
	productSectionsMin: 1,
	productSectionsMax: 10,
	productsTotalMax: 30,
	productSectionTitle: 24,
	/** Meta's OpenAPI spec: `flow_cta` maxLength 30. */
	flowButtonText: 30,
	/** Meta's SDKs and guides advise 20 characters without emoji; longer may be cut on some phones, so the form warns. */
	flowButtonTextAdvised: 20,
	phoneDigitsMin: 8,
	phoneDigitsMax: 15,
	/** Letters and digits of a business-scoped user ID after its country code (and a parent's "ENT."). */
	bsuidIdMax: 128,
	latitudeAbs: 90,
	longitudeAbs: 180,
} as const;

/** WhatsApp's limits on a template message's parameters (Meta Cloud API reference, "Parameter object"). */
export const TEMPLATE_LIMITS = {
	name: 512,
	headerTextParameter: 60,
	/** A body parameter, when the message has a header or buttons too. */
	bodyParameter: 1024,
	/** A body parameter, when the body is the message's only component. */
	bodyParameterBodyOnly: 32768,
	buttonIndexMin: 0,
	buttonIndexMax: 9,
	copyCode: 15,
} as const;

const MIB = 1024 * 1024;

/**
 * What WhatsApp takes as each kind of file (Meta Cloud API reference, "Supported media types"),
 * checked before an n8n binary file is uploaded. A megabyte is taken as 1,048,576 bytes. Documents
 * may be of any type, as the form says.
 */
export const MEDIA_FILE_LIMITS = {
	image: { mimeTypes: ['image/jpeg', 'image/png'], maxBytes: 5 * MIB },
	video: { mimeTypes: ['video/mp4', 'video/3gpp'], maxBytes: 16 * MIB },
	audio: { mimeTypes: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'], maxBytes: 16 * MIB },
	document: { mimeTypes: 'any', maxBytes: 100 * MIB },
	/** A static sticker; an animated one may be larger, see animatedStickerMaxBytes. */
	sticker: { mimeTypes: ['image/webp'], maxBytes: 100 * 1024 },
} as const;

/** An animated WebP sticker may be up to 500 KB; a static one up to 100 KB. */
export const ANIMATED_STICKER_MAX_BYTES = 500 * 1024;

/** WhatsApp plays only OGG audio with the Opus codec as a voice note. */
export const VOICE_NOTE_MIME_TYPE = 'audio/ogg';
