import { isPlainObject, type PlainObject } from '../util/values';
import { FIELD_LABELS as L, listPosition, nestedFieldLabel } from './fieldLabels';
import { entriesOfFixedCollection, entryOptionalText, entryText } from './formValues';
import type { ContactCard } from './types';

/** Contact cards from the form's fields or from Cloud API contact JSON, into the canonical card. */

/** Keeps only the keys that hold text, so an empty optional field is not sent as "". */
function compactText<K extends string>(entry: PlainObject, keys: Record<K, string>): Partial<Record<K, string>> {
	const result: Partial<Record<K, string>> = {};
	for (const [target, source] of Object.entries<string>(keys)) {
		const text = entryOptionalText(entry, source);
		if (text !== undefined && isKeyOf(keys, target)) result[target] = text;
	}
	return result;
}

function isKeyOf<K extends string>(record: Record<K, string>, key: string): key is K {
	return Object.prototype.hasOwnProperty.call(record, key);
}

function subEntries(entry: PlainObject, key: string, entryKey: string, label: string): PlainObject[] {
	return entriesOfFixedCollection(entry[key], entryKey, label);
}

export function contactFromFormEntry(entry: PlainObject, index: number): ContactCard {
	const label = nestedFieldLabel(L.contacts, listPosition('Contact', index));
	const organisation = compactText(entry, { company: 'company', department: 'department', title: 'jobTitle' });
	return {
		formattedName: entryText(entry, 'formattedName'),
		...compactText(entry, { firstName: 'firstName', lastName: 'lastName', birthday: 'birthday' }),
		phones: subEntries(entry, 'phones', 'phone', `${label} › ${L.phones}`).map((phone) => ({
			phone: entryText(phone, 'phone'),
			...compactText(phone, { type: 'type', waId: 'waId' }),
		})),
		emails: subEntries(entry, 'emails', 'email', `${label} › ${L.emails}`).map((email) => ({
			email: entryText(email, 'email'),
			...compactText(email, { type: 'type' }),
		})),
		urls: subEntries(entry, 'urls', 'url', `${label} › ${L.urls}`).map((url) => ({
			url: entryText(url, 'url'),
			...compactText(url, { type: 'type' }),
		})),
		addresses: subEntries(entry, 'addresses', 'address', `${label} › Addresses`).map((address) =>
			compactText(address, ADDRESS_KEYS),
		),
		...(Object.keys(organisation).length > 0 && { organisation }),
	};
}

const ADDRESS_KEYS = {
	street: 'street',
	city: 'city',
	state: 'state',
	zip: 'zip',
	country: 'country',
	countryCode: 'countryCode',
	type: 'type',
} as const;

/** JSON mode takes contacts in the Cloud API's own shape, the one provider docs and CRMs show. */
export function contactFromCloudApiJson(entry: PlainObject, index: number): ContactCard {
	const label = nestedFieldLabel(L.contacts, listPosition('Contact', index));
	const name = isPlainObject(entry.name) ? entry.name : {};
	const org = isPlainObject(entry.org) ? entry.org : {};
	const organisation = compactText(org, { company: 'company', department: 'department', title: 'title' });
	const birthday = entryOptionalText(entry, 'birthday');
	return {
		formattedName: entryText(name, 'formatted_name'),
		...compactText(name, { firstName: 'first_name', lastName: 'last_name' }),
		...(birthday !== undefined && { birthday }),
		phones: entriesOfFixedCollection(entry.phones, '', `${label} › ${L.phones}`).map((phone) => ({
			phone: entryText(phone, 'phone'),
			...compactText(phone, { type: 'type', waId: 'wa_id' }),
		})),
		emails: entriesOfFixedCollection(entry.emails, '', `${label} › ${L.emails}`).map((email) => ({
			email: entryText(email, 'email'),
			...compactText(email, { type: 'type' }),
		})),
		urls: entriesOfFixedCollection(entry.urls, '', `${label} › ${L.urls}`).map((url) => ({
			url: entryText(url, 'url'),
			...compactText(url, { type: 'type' }),
		})),
		addresses: entriesOfFixedCollection(entry.addresses, '', `${label} › Addresses`).map((address) =>
			compactText(address, { ...ADDRESS_KEYS, countryCode: 'country_code' }),
		),
		...(Object.keys(organisation).length > 0 && { organisation }),
	};
}
