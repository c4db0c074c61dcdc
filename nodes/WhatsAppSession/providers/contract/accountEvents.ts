/**
 * Account-level changes Meta's webhooks carry beside messages (the fields n8n's own WhatsApp
 * Trigger offers). Each arrives as a change with one of these `field`s and no message id.
 */
export const ACCOUNT_EVENT_FIELDS = [
	'message_template_status_update',
	'message_template_quality_update',
	'template_category_update',
	'account_update',
	'account_review_update',
	'business_capability_update',
	'phone_number_name_update',
	'phone_number_quality_update',
	'security',
] as const;
export type AccountEventField = (typeof ACCOUNT_EVENT_FIELDS)[number];

export function isAccountEventField(value: unknown): value is AccountEventField {
	return ACCOUNT_EVENT_FIELDS.some((field) => field === value);
}

/**
 * The template a template change is about, with what changed; a field the change does not carry is
 * null (a quality change has no status, a status change no quality).
 */
export interface TemplateChange {
	id: string | null;
	name: string | null;
	language: string | null;
	/** The review's outcome or the template's new state: APPROVED, REJECTED, PAUSED, DISABLED… */
	status: string | null;
	/** Why (NONE when approved). */
	reason: string | null;
	category: string | null;
	previousCategory: string | null;
	/** The category Meta says the template belongs in, before it changes it. */
	correctCategory: string | null;
	/** GREEN, YELLOW, RED or UNKNOWN. */
	previousQuality: string | null;
	newQuality: string | null;
}
