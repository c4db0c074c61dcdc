import type { INodeProperties } from 'n8n-workflow';

import { FIELD_LABELS as L } from '../message/fieldLabels';
import { forOperation, inputModeProperty } from './shared';

/** A repeatable group inside a contact card (phones, emails, URLs, addresses). */
function contactDetailList(
	displayName: string,
	name: string,
	entry: { displayName: string; name: string; addLabel: string },
	values: INodeProperties[],
): INodeProperties {
	return {
		displayName,
		name,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: entry.addLabel,
		default: {},
		options: [{ displayName: entry.displayName, name: entry.name, values }],
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

/**
 * The labels WhatsApp's contact cards know for a phone, email, URL or address. An options field
 * still takes an expression, for a type that comes from an earlier node.
 */
function typeChoice(values: ReadonlyArray<'CELL' | 'HOME' | 'IPHONE' | 'MAIN' | 'WORK'>): INodeProperties {
	const names = { CELL: 'Cell', HOME: 'Home', IPHONE: 'iPhone', MAIN: 'Main', WORK: 'Work' } as const;
	return {
		displayName: 'Type',
		name: 'type',
		type: 'options',
		options: [
			{ name: 'None', value: '', description: 'No label on the card' },
			...values.map((value) => ({ name: names[value], value })),
		],
		default: '',
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
				// The one required field first, then the order a contact card shows things in.
				values: [
					text(L.formattedName, 'formattedName', 'Asha Rao', 'The full name as it should appear (required)'),
					text('First Name', 'firstName'),
					text('Last Name', 'lastName'),
					contactDetailList(L.phones, 'phones', { displayName: 'Phone', name: 'phone', addLabel: 'Add phone' }, [
						text('Number', 'phone', '+91 98801 32082'),
						typeChoice(['CELL', 'HOME', 'IPHONE', 'MAIN', 'WORK']),
						text('WhatsApp ID', 'waId', '919880132082', 'The number\'s digits; adds a "Message" button to the card'),
					]),
					contactDetailList(L.emails, 'emails', { displayName: 'Email', name: 'email', addLabel: 'Add email' }, [
						text('Email', 'email', 'name@email.com'),
						typeChoice(['HOME', 'WORK']),
					]),
					contactDetailList(L.urls, 'urls', { displayName: 'URL', name: 'url', addLabel: 'Add URL' }, [
						text('URL', 'url', 'https://example.com'),
						typeChoice(['HOME', 'WORK']),
					]),
					contactDetailList('Addresses', 'addresses', { displayName: 'Address', name: 'address', addLabel: 'Add address' }, [
						text('Street', 'street'),
						text('City', 'city'),
						text('State', 'state'),
						text('ZIP Code', 'zip'),
						text('Country', 'country'),
						text('Country Code', 'countryCode', 'IN'),
						typeChoice(['HOME', 'WORK']),
					]),
					text('Company', 'company'),
					text('Department', 'department'),
					text('Job Title', 'jobTitle'),
					text(L.birthday, 'birthday', '1990-04-23', 'Written YYYY-MM-DD'),
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
