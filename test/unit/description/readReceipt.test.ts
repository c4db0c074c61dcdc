// Mark as Read is meant for AI agents (the node is usableAsTool): an agent fills a tool's
// parameters from their descriptions, so each field it can fill must say what goes in it.
import type { INodeProperties } from 'n8n-workflow';

import { WhatsAppSession } from '../../../nodes/WhatsAppSession/WhatsAppSession.node';

const { description } = new WhatsAppSession();

function shownFor(operation: string, field: INodeProperties): boolean {
	const operations = field.displayOptions?.show?.operation;
	return Array.isArray(operations) && operations.includes(operation);
}

describe('Mark as Read as an AI tool', () => {
	it('the node can be used as a tool, and the operation has an action an agent reads', () => {
		expect(description.usableAsTool).toBe(true);
		const operationOptions = description.properties.filter((field) => field.name === 'operation').flatMap((field) => field.options ?? []);
		expect(operationOptions).toContainEqual(expect.objectContaining({ name: 'Mark as Read', value: 'markAsRead', action: 'Mark a message as read' }));
	});

	it('its own fields each say what goes in them: the customer\'s wamid, and when typing helps', () => {
		const fields = description.properties.filter((field) => shownFor('markAsRead', field));
		expect(fields.map((field) => [field.name, field.type])).toEqual([
			['readMessageId', 'string'],
			['showTypingIndicator', 'boolean'],
		]);
		const [messageId, typing] = fields;
		expect(messageId?.required).toBe(true);
		expect(messageId?.description).toMatch(/the message the customer sent.*wamid\./);
		expect(typing?.description).toMatch(/^Whether to also show the customer "typing…"/);
	});

	it('the recipient it also needs says it is the customer\'s WhatsApp number', () => {
		const recipient = description.properties.find((field) => field.name === 'recipient' && field.displayName === 'Recipient Phone Number');
		expect(recipient?.description).toMatch(/customer's WhatsApp number/);
		expect(recipient?.displayOptions?.hide?.operation ?? []).not.toContain('markAsRead');
	});
});
