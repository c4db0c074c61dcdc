import { createHash } from 'crypto';

import type { JsonValue, PlainObject } from '../../util/values';
import { isoFromUnixSeconds, jsonOf, phoneDigits, textAt } from '../shared/webhookFields';
import type { AccountEventField, TemplateChange } from '../contract/accountEvents';
import type { InboundAccountEvent } from '../contract/inbound';

/**
 * Meta's account-level changes: `{field, value}` in an entry `{id: <WABA id>, time, changes}`.
 * Only the three template changes have a value shape worth naming field by field; every change
 * keeps its `value` whole (null when it nests too deep to be JSON), and `update` names what
 * happened where Meta says it in one word.
 */
export function decodeAccountChange(
	field: AccountEventField,
	change: PlainObject,
	value: PlainObject,
	entry: PlainObject,
	/** The body's digest and the change's place in it, for a value that is not JSON to digest. */
	bodyPosition: string,
): InboundAccountEvent {
	const businessAccountId = textAt(entry, 'id');
	const time = textAt(entry, 'time');
	const json = jsonOf(value);
	return {
		event: 'account',
		field,
		from: null,
		userId: null,
		name: null,
		phoneNumberId: null,
		businessNumber: phoneDigits(textAt(value, 'display_phone_number') ?? textAt(value, 'phone_number')),
		messageId: null,
		timestamp: isoFromUnixSeconds(time),
		businessAccountId,
		template: isTemplateField(field) ? templateChangeOf(value) : null,
		update: textAt(value, 'event') ?? textAt(value, 'decision'),
		value: json,
		callbackData: null,
		raw: jsonOf(change),
		dedupeKey: `account:${field}:${json === null ? bodyPosition : accountEventDigest(businessAccountId, time, json)}`,
	};
}

/**
 * An account change has no id. A redelivery repeats it byte for byte, so the account, the time
 * Meta stamped and the whole value tell it apart from a later change that says the same (a
 * template approved again after a pause carries another time).
 */
function accountEventDigest(businessAccountId: string | null, time: string | null, value: JsonValue): string {
	return createHash('sha256').update(JSON.stringify([businessAccountId, time, value])).digest('hex');
}

function isTemplateField(field: AccountEventField): boolean {
	return field === 'message_template_status_update' || field === 'message_template_quality_update' || field === 'template_category_update';
}

function templateChangeOf(value: PlainObject): TemplateChange {
	return {
		id: textAt(value, 'message_template_id'),
		name: textAt(value, 'message_template_name'),
		language: textAt(value, 'message_template_language'),
		status: textAt(value, 'event'),
		reason: textAt(value, 'reason'),
		category: textAt(value, 'message_template_category') ?? textAt(value, 'new_category'),
		previousCategory: textAt(value, 'previous_category'),
		correctCategory: textAt(value, 'correct_category'),
		previousQuality: textAt(value, 'previous_quality_score'),
		newQuality: textAt(value, 'new_quality_score'),
	};
}
