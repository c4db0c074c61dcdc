// Found by the form properties (test/unit/property/forms.test.ts): an expression that yields an
// object without a prototype where a choice belongs (Media Type, Header) made the error message
// itself throw a TypeError ("Cannot convert object to primitive value") instead of naming the field.
import type { FormValues } from '../../../nodes/WhatsAppSession/message/formValues';
import { readSessionMessage } from '../../../nodes/WhatsAppSession/message/fromForm';
import type { Operation } from '../../../nodes/WhatsAppSession/message/operations';
import { PROVIDERS } from '../../../nodes/WhatsAppSession/providers';
import type { ProviderAdapter } from '../../../nodes/WhatsAppSession/providers/contract/adapter';
import { issuesOf } from '../../support/invalidInput';

const bareObject: unknown = Object.create(null);

const read = (operation: Operation, values: Record<string, unknown>) => {
	const form: FormValues = { get: (name) => ({ recipient: '+91 98801 32082', ...values })[name] };
	return issuesOf(() => readSessionMessage(operation, form));
};

describe('an object without a prototype where a choice belongs', () => {
	it('is refused as the Media Type', () => {
		expect(read('sendMedia', { mediaType: bareObject, mediaUrl: 'https://example.com/a.jpg' })).toEqual([
			{ field: 'Media Type', problem: 'must be one of image, video, audio, document, sticker (got an object)' },
		]);
	});

	it("is refused as a Texter additional file's Media Type", () => {
		const additionalFiles = { file: [{ mediaType: bareObject, mediaUrl: 'https://example.com/b.jpg' }] };
		const values: Record<string, unknown> = { recipient: 'chat-1', mediaType: 'image', mediaUrl: 'https://example.com/a.jpg', additionalFiles };
		const form: FormValues = { get: (name) => values[name] };
		const texter: ProviderAdapter = PROVIDERS.texter;
		expect(issuesOf(() => readSessionMessage('sendMedia', form, { recipientKind: 'chatId', readExtras: (extrasForm) => texter.extras.read(extrasForm) }))).toEqual([
			{ field: 'Additional Files › File 0 › Media Type', problem: 'must be one of image, video, audio, document, sticker (got an object)' },
		]);
	});

	it('is refused as the Header type', () => {
		const buttons = { button: [{ id: 'y', title: 'Yes' }] };
		expect(read('sendReplyButtons', { bodyText: 'Yes?', buttons, headerType: bareObject })).toEqual([
			{ field: 'Header', problem: 'must be none, text, image, video or document (got an object)' },
		]);
	});

	it('keeps naming a wrong text choice as written', () => {
		expect(read('sendMedia', { mediaType: 'gif', mediaUrl: 'https://example.com/a.gif' })).toEqual([
			{ field: 'Media Type', problem: 'must be one of image, video, audio, document, sticker (got gif)' },
		]);
	});
});
