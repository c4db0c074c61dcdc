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
		expect(operationOptions).toContainEqual(expect.objectContaining({ name: 'Mark as Read', value: 'markAsRead', action: 'Mark as read' }));
	});

	it('its own fields each say what goes in them: the customer\'s wamid, and when typing helps', () => {
		const fields = description.properties.filter((field) => shownFor('markAsRead', field) && field.type !== 'notice' && field.name !== 'recipient');
		expect(fields.map((field) => [field.name, field.type])).toEqual([
			['readMessageId', 'string'],
			['showTypingIndicator', 'boolean'],
		]);
		const [messageId, typing] = fields;
		expect(messageId?.required).toBe(true);
		expect(messageId?.description).toMatch(/the message the customer sent.*wamid\./);
		expect(typing?.description).toMatch(/^Whether to also show the customer "typing…"/);
	});

	it('its recipient says it is not sent, and its options offer no quoting', () => {
		const recipients = description.properties.filter((field) => field.name === 'recipient' && shownFor('markAsRead', field));
		expect(recipients.map((field) => field.hint)).toEqual([expect.stringMatching(/^Not sent: WhatsApp finds the chat by the message ID/)]);
		const general = description.properties.find((field) => field.name === 'recipient' && field.displayName === 'Recipient Phone Number' && !shownFor('markAsRead', field));
		expect(general?.displayOptions?.hide?.operation).toContain('markAsRead');
		const options = description.properties.find((field) => field.name === 'options' && field.type === 'collection' && field.displayOptions?.hide?.operation?.includes('getMedia'));
		const quote = options?.options?.find((option) => 'name' in option && option.name === 'replyToMessageId');
		expect(quote !== undefined && 'displayOptions' in quote ? quote.displayOptions?.hide?.['/operation'] : undefined).toEqual(['markAsRead', 'sendReaction']);
	});
});
