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
