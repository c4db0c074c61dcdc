import { layoutOf, questionContent, questionIssues, wireIdLimit, type Question } from '../../../nodes/WhatsAppSession/waiting/question';
import { referenceLength } from '../../../nodes/WhatsAppSession/waiting/reference';

const NODE_ID = '3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d';
const EXECUTION_ID = '1042';

function question(choiceCount: number, overrides: Partial<Question> = {}): Question {
	return {
		body: 'Confirm your order?',
		listButtonText: 'Choose',
		choices: Array.from({ length: choiceCount }, (_unused, index) => ({ id: `choice-${index}`, title: `Option ${index}` })),
		...overrides,
	};
}

describe('a question with choices', () => {
	it('goes out as reply buttons for 1 to 3 choices, with the wire ids', () => {
		for (const count of [1, 2, 3]) {
			const content = questionContent(question(count, { header: 'Order 1042', footer: 'Tap one' }), (choice) => `${choice.id}~ref`);
			expect(content).toEqual({
				type: 'replyButtons',
				body: 'Confirm your order?',
				header: { kind: 'text', text: 'Order 1042' },
				footer: 'Tap one',
				buttons: question(count).choices.map((choice) => ({ id: `${choice.id}~ref`, title: choice.title })),
			});
		}
	});

	it('goes out as a one-section list for 4 to 10 choices, with its button label and row descriptions', () => {
		for (const count of [4, 7, 10]) {
			const choices = question(count).choices.map((choice, index) => (index === 0 ? { ...choice, description: 'Fastest' } : choice));
			const content = questionContent(question(count, { choices, header: 'Slots' }), (choice) => `${choice.id}~ref`);
			expect(content).toEqual({
				type: 'list',
				body: 'Confirm your order?',
				header: 'Slots',
				buttonText: 'Choose',
				sections: [{ rows: choices.map((choice) => ({ ...choice, id: `${choice.id}~ref` })) }],
			});
		}
		expect([1, 3, 4, 10].map(layoutOf)).toEqual(['buttons', 'buttons', 'list', 'list']);
	});

	it('is fine as it is', () => {
		expect(questionIssues(question(3), EXECUTION_ID, NODE_ID)).toEqual([]);
		expect(questionIssues(question(10), EXECUTION_ID, NODE_ID)).toEqual([]);
	});

	it('needs 1 to 10 choices', () => {
		expect(questionIssues(question(0), EXECUTION_ID, NODE_ID)).toEqual([{ field: 'Choices', problem: 'has 0; 1 to 10 are needed' }]);
		expect(questionIssues(question(11), EXECUTION_ID, NODE_ID)).toEqual([{ field: 'Choices', problem: 'has 11; 1 to 10 are needed' }]);
	});

	describe('a choice id too long to carry the reference', () => {
		const reference = referenceLength(EXECUTION_ID, NODE_ID);

		it.each([
			['reply button', 3, 256],
			['list row', 4, 200],
		])('is refused for a %s, naming the choice, the field and the room left', (kind, count, whatsAppLimit) => {
			const room = whatsAppLimit - reference;
			expect(wireIdLimit(layoutOf(count))).toBe(whatsAppLimit);
			const fits = question(count);
			fits.choices[1] = { id: 'x'.repeat(room), title: 'Fits' };
			expect(questionIssues(fits, EXECUTION_ID, NODE_ID)).toEqual([]);

			const tooLong = question(count);
			tooLong.choices[1] = { id: 'x'.repeat(room + 1), title: 'Too long' };
			expect(questionIssues(tooLong, EXECUTION_ID, NODE_ID)).toEqual([
				{
					field: 'Choices › Choice 1 › Choice ID',
					problem: `is ${room + 1} characters long; the limit is ${room} here: WhatsApp allows ${whatsAppLimit} for a ${kind}'s ID, and the reference that ties the answer to this execution takes ${reference}`,
				},
			]);
		});

		it('leaves less room when the execution id is longer', () => {
			const choice = { id: 'x'.repeat(256 - referenceLength('1', NODE_ID)), title: 'Edge' };
			expect(questionIssues(question(1, { choices: [choice] }), '1', NODE_ID)).toEqual([]);
			expect(questionIssues(question(1, { choices: [choice] }), '10', NODE_ID)).toHaveLength(1);
		});
	});

	it('names the choices in this form\'s terms when WhatsApp\'s limits on titles and ids are broken', () => {
		const buttons = question(2, {
			choices: [
				{ id: 'same', title: 'A title far longer than twenty' },
				{ id: 'same', title: 'B', description: 'not shown on a button' },
			],
		});
		expect(questionIssues(buttons, EXECUTION_ID, NODE_ID)).toEqual([
			{ field: 'Choices › Choice 0 › Title', problem: 'is 30 characters long; the limit is 20' },
			{ field: 'Choices › Choice 1 › Choice ID', problem: 'repeats "same"; choice IDs must be unique' },
			{ field: 'Choices › Choice 1 › Description', problem: 'is shown only in a list (4 or more choices); reply buttons have no description' },
		]);
		const list = question(4);
		list.choices[3] = { id: '', title: 'x'.repeat(25), description: 'd'.repeat(73) };
		expect(questionIssues({ ...list, listButtonText: '' }, EXECUTION_ID, NODE_ID).map((issue) => issue.field)).toEqual([
			'List Button Label',
			'Choices › Choice 3 › Choice ID',
			'Choices › Choice 3 › Title',
			'Choices › Choice 3 › Description',
		]);
	});
});
