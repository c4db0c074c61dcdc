import type { IDataObject } from 'n8n-workflow';

import type { ContactCard } from '../../message/types';

/** WhatsApp's own contact object, which the Cloud API and Texter both take. */
export function encodeWhatsAppContact(contact: ContactCard): IDataObject {
	return {
		name: {
			formatted_name: contact.formattedName,
			...(contact.firstName !== undefined && { first_name: contact.firstName }),
			...(contact.lastName !== undefined && { last_name: contact.lastName }),
		},
		...(contact.phones.length > 0 && {
			phones: contact.phones.map((phone) => ({
				phone: phone.phone,
				...(phone.type !== undefined && { type: phone.type }),
				...(phone.waId !== undefined && { wa_id: phone.waId }),
			})),
		}),
		...(contact.emails.length > 0 && {
			emails: contact.emails.map((email) => ({ email: email.email, ...(email.type !== undefined && { type: email.type }) })),
		}),
		...(contact.urls.length > 0 && {
			urls: contact.urls.map((url) => ({ url: url.url, ...(url.type !== undefined && { type: url.type }) })),
		}),
		...(contact.addresses.length > 0 && {
			addresses: contact.addresses.map((address) => ({
				...(address.street !== undefined && { street: address.street }),
				...(address.city !== undefined && { city: address.city }),
				...(address.state !== undefined && { state: address.state }),
				...(address.zip !== undefined && { zip: address.zip }),
				...(address.country !== undefined && { country: address.country }),
				...(address.countryCode !== undefined && { country_code: address.countryCode }),
				...(address.type !== undefined && { type: address.type }),
			})),
		}),
		...(contact.organisation !== undefined && {
			org: {
				...(contact.organisation.company !== undefined && { company: contact.organisation.company }),
				...(contact.organisation.department !== undefined && { department: contact.organisation.department }),
				...(contact.organisation.title !== undefined && { title: contact.organisation.title }),
			},
		}),
		...(contact.birthday !== undefined && { birthday: contact.birthday }),
	};
}
