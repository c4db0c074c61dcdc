import type { INodeProperties } from 'n8n-workflow';

import { FIELD_LABELS as L } from '../message/fieldLabels';
import { forOperation, inputModeProperty } from './shared';

/** A repeatable group inside a contact card (phones, emails, URLs, addresses). */
function contactDetailList(
	displayName: string,
	name: string,
	entry: { displayName: string; name: string },
	values: INodeProperties[],
): INodeProperties {
	return {
		displayName,
		name,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: `Add ${entry.displayName.toLowerCase()}`,
		default: {},
		options: [{ ...entry, values }],
	};
}

function text(displayName: string, name: string, placeholder = '', description = ''): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		default: '',
		...(placeholder !== '' && { placeholder }),
		...(description !== '' && { description }),
	};
}

export const contactsProperties: INodeProperties[] = forOperation('sendContacts', [
	inputModeProperty('contactsInputMode', 'Contacts'),
	{
		displayName: L.contacts,
		name: 'contacts',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add contact',
		default: {},
		displayOptions: { show: { contactsInputMode: ['fields'] } },
		description: 'One or more contact cards. Only Formatted Name is required.',
		options: [
			{
				displayName: 'Contact',
				name: 'contact',
				values: [
					contactDetailList('Addresses', 'addresses', { displayName: 'Address', name: 'address' }, [
						text('City', 'city'),
						text('Country', 'country'),
						text('Country Code', 'countryCode', 'IN'),
						text('State', 'state'),
						text('Street', 'street'),
						text('Type', 'type', 'WORK or HOME'),
						text('ZIP Code', 'zip'),
					]),
					text(L.birthday, 'birthday', '1990-04-23', 'Written YYYY-MM-DD'),
					text('Company', 'company'),
					text('Department', 'department'),
					contactDetailList(L.emails, 'emails', { displayName: 'Email', name: 'email' }, [
						text('Email', 'email', 'name@email.com'),
						text('Type', 'type', 'WORK or HOME'),
					]),
					text('First Name', 'firstName'),
					text(L.formattedName, 'formattedName', 'Asha Rao', 'The full name as it should appear (required)'),
					text('Job Title', 'jobTitle'),
					text('Last Name', 'lastName'),
					contactDetailList(L.phones, 'phones', { displayName: 'Phone', name: 'phone' }, [
						text('Number', 'phone', '+91 98801 32082'),
						text('Type', 'type', 'CELL, WORK or HOME'),
						text('WhatsApp ID', 'waId', '919880132082', 'The number\'s digits; adds a "Message" button to the card'),
					]),
					contactDetailList(L.urls, 'urls', { displayName: 'URL', name: 'url' }, [
						text('Type', 'type', 'WORK or HOME'),
						text('URL', 'url', 'https://example.com'),
					]),
				],
			},
		],
	},
	{
		displayName: 'Contacts (JSON)',
		name: 'contactsJson',
		type: 'json',
		default:
			'[\n  {\n    "name": { "formatted_name": "Asha Rao", "first_name": "Asha" },\n    "phones": [{ "phone": "+919880132082", "type": "CELL", "wa_id": "919880132082" }]\n  }\n]',
		displayOptions: { show: { contactsInputMode: ['json'] } },
		description:
			'An array of contacts in the WhatsApp Cloud API shape: name.formatted_name (required), phones, emails, addresses, org, birthday and a list of URLs',
	},
]);
