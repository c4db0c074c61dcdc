// `run.js customer --tap confirm` finds example 17's question in the mock's log and taps the
// button the builder called "confirm": by its wire id (the signed reference) and its title.
import { encodeWireId, type WaitingReference } from '../../../nodes/WhatsAppSession/waiting/reference';
import type { LoggedRequest } from '../../../scripts/demo/mockProvider';
import { findQuestionChoice } from '../../../scripts/demo/questionTap';

const reference = (choiceId: string, executionId: string): WaitingReference => ({
	choiceId,
	executionId,
	nodeId: 'b1f0c2d3-1111-4a5b-8c6d-000000001402',
	responder: { scheme: 'signed', kind: 'phoneNumber' },
	signature: 'ab'.repeat(32),
});

function question(number: number, executionId: string, shape: 'buttons' | 'list'): LoggedRequest {
	const offered = [
		{ id: encodeWireId(reference('confirm', executionId)), title: 'Confirm order' },
		{ id: encodeWireId(reference('cancel', executionId)), title: 'Cancel order' },
	];
	const action =
		shape === 'buttons'
			? { buttons: offered.map((reply) => ({ type: 'reply', reply })) }
			: { button: 'Choose', sections: [{ title: 'Choices', rows: offered }] };
	return {
		number,
		receivedAt: '',
		method: 'POST',
		path: '/api/v1.0/1/<redacted>/simpleMessages',
		body: { to: '919880132082', type: 'interactive', interactive: { type: shape === 'buttons' ? 'button' : 'list', action } },
		answer: { status: 200, body: { messages: [{ id: `wamid.demo.${number}` }] } },
	};
}

it('takes the newest question offering the choice: its wire id, its title and its message id', () => {
	const found = findQuestionChoice([question(1, '7', 'buttons'), question(2, '8', 'list')], 'confirm');
	expect(found).toEqual({
		wireId: encodeWireId(reference('confirm', '8')),
		title: 'Confirm order',
		questionMessageId: 'wamid.demo.2',
		reference: expect.objectContaining({ choiceId: 'confirm', executionId: '8' }),
	});
});

it('finds nothing for a choice no question offered, and skips a question the mock refused', () => {
	const refused = { ...question(3, '9', 'buttons'), answer: { status: 400, body: {} } };
	expect(findQuestionChoice([question(1, '7', 'buttons')], 'maybe')).toBeUndefined();
	expect(findQuestionChoice([refused], 'confirm')).toBeUndefined();
});
