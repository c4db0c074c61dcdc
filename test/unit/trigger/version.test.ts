import { WhatsAppSessionTrigger } from '../../../nodes/WhatsAppSession/WhatsAppSessionTrigger.node';

// n8n 2.41 evaluates `$parameter["options"]["binaryData"]` in its expression isolate for every
// request to a webhook node of version 1 (webhook-helpers.js, parseRequestBody), and not from 1.1
// on: in `npm run bench:inbound`'s profile that was the largest cost of a status the trigger drops.
describe("the trigger's version", () => {
	const { description } = new WhatsAppSessionTrigger();

	it('a trigger added now is past version 1, so n8n evaluates no expression per request for it', () => {
		expect(description.defaultVersion).toBeGreaterThan(1);
	});

	it('workflows saved with version 1 still load', () => {
		expect([description.version].flat()).toEqual(expect.arrayContaining([1, description.defaultVersion]));
	});
});
