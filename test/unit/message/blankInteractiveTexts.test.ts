// Found by the form properties (test/unit/property/forms.test.ts): text of only spaces where
// WhatsApp needs text. A list section title, a list header and a footer went out blank, which
// WhatsApp refuses after the fact; now each fails before sending, naming its field.
import type { FormValues } from '../../../nodes/WhatsAppSession/message/formValues';
import { readSessionMessage } from '../../../nodes/WhatsAppSession/message/fromForm';
import type { Operation } from '../../../nodes/WhatsAppSession/message/operations';
import { validateSessionMessage } from '../../../nodes/WhatsAppSession/message/validate';

type Values = Record<string, unknown>;

const issuesFor = (operation: Operation, values: Values) => {
	const form: FormValues = { get: (name) => ({ recipient: '+91 98801 32082', ...values })[name] };
	return validateSessionMessage(readSessionMessage(operation, form));
};

const row = (id: string) => ({ id, title: `Row ${id}` });

describe('text of only spaces where WhatsApp needs text', () => {
	it.each([' ', '\t', '\u00A0 \n'])('refuses %j as the section titles of a list with two sections', (title) => {
		const sections = { section: [{ title, rows: { row: [row('a')] } }, { title: 'Plans', rows: { row: [row('b')] } }] };
		expect(issuesFor('sendList', { bodyText: 'Pick one', listButtonText: 'Menu', sections })).toEqual([
			{ field: 'Sections › Section 0 › Title', problem: 'is required when the list has more than one section' },
		]);
	});

	it('still takes a list of one section without a title', () => {
		const sections = { section: [{ title: '  ', rows: { row: [row('a')] } }] };
		expect(issuesFor('sendList', { bodyText: 'Pick one', listButtonText: 'Menu', sections })).toEqual([]);
	});

	it("refuses a list's header of only spaces", () => {
		const sections = { section: [{ rows: { row: [row('a')] } }] };
		expect(issuesFor('sendList', { bodyText: 'Pick one', listButtonText: 'Menu', headerText: ' \t', sections })).toEqual([
			{ field: 'Header Text', problem: 'holds only spaces; leave it empty to send none' },
		]);
	});

	it.each<[Operation, Values]>([
		['sendReplyButtons', { bodyText: 'Yes?', buttons: { button: [{ id: 'y', title: 'Yes' }] } }],
		['sendList', { bodyText: 'Pick one', listButtonText: 'Menu', sections: { section: [{ rows: { row: [row('a')] } }] } }],
		['sendCtaUrl', { bodyText: 'Track it', ctaButtonText: 'Track', ctaUrl: 'https://example.com/t/1' }],
	])('%s refuses a footer of only spaces', (operation, values) => {
		expect(issuesFor(operation, { ...values, footerText: '   ' })).toEqual([
			{ field: 'Footer Text', problem: 'holds only spaces; leave it empty to send none' },
		]);
		expect(issuesFor(operation, { ...values, footerText: 'Thanks' })).toEqual([]);
	});
});
