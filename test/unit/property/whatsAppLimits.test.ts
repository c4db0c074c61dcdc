// The oracle of the form properties (test/support/whatsAppLimits.ts) must itself be right: it
// passes payloads at each limit and names the path of each payload one step over it. Without this,
// an oracle that accepted everything would make the properties pass while proving nothing.
import type { IDataObject } from 'n8n-workflow';

import type { ProviderChoice } from '../../../nodes/WhatsAppSession/providers';
import { whatsAppLimitViolations } from '../../support/whatsAppLimits';

const a = (count: number): string => 'a'.repeat(count);
/** Emoji are one character each for WhatsApp, though two UTF-16 units. */
const smiles = (count: number): string => '😀'.repeat(count);

const cloud = (content: IDataObject): IDataObject => ({ messaging_product: 'whatsapp', recipient_type: 'individual', to: '919880132082', ...content });
/** Addressed to a business-scoped user ID: `recipient` in place of `to`. */
const cloudToBsuid = (bsuid: string, extra: IDataObject = {}): IDataObject => ({
	messaging_product: 'whatsapp',
	recipient_type: 'individual',
	recipient: bsuid,
	type: 'text',
	text: { body: 'hi' },
	...extra,
});
const interactive = (fields: IDataObject): IDataObject => cloud({ type: 'interactive', interactive: { body: { text: 'Pick' }, ...fields } });
const replyButtons = (buttons: Array<[string, string]>, extra: IDataObject = {}): IDataObject =>
	interactive({ type: 'button', action: { buttons: buttons.map(([id, title]) => ({ type: 'reply', reply: { id, title } })) }, ...extra });
const rows = (count: number, prefix = 'r'): IDataObject[] => Array.from({ length: count }, (_, index) => ({ id: `${prefix}${index}`, title: `Row ${index}` }));
const cloudList = (sections: IDataObject[], extra: IDataObject = {}): IDataObject => interactive({ type: 'list', action: { button: 'Menu', sections }, ...extra });

const connectly = (message: IDataObject, extra: IDataObject = {}): IDataObject => ({
	recipient: { id: '+919880132082', channelType: 'whatsapp' },
	message: { id: 'client-1', ...message },
	...extra,
});
const texter = (body: IDataObject): IDataObject => ({ tmpSendId: 'tmp-1', ...body });

const CLOUD_URL = 'https://graph.facebook.com/v23.0/1/messages';
const TEXTER_URL = 'https://acme.texterchat.com/server/api/v2/messages/send/chat-1';

type Case = [name: string, provider: ProviderChoice, body: IDataObject, violationAt: string | null, url?: string];

const CASES: Case[] = [
	['text at 4096 characters', 'metaCloudApi', cloud({ type: 'text', text: { body: smiles(4096) } }), null],
	['text at 4097 characters', 'metaCloudApi', cloud({ type: 'text', text: { body: smiles(4097) } }), 'body.text.body'],
	['blank text', 'metaCloudApi', cloud({ type: 'text', text: { body: ' ' } }), 'body.text.body'],
	['a national number', 'metaCloudApi', cloud({ type: 'text', text: { body: 'hi' }, to: '09880132082' }), 'body.to'],
	['a BSUID recipient', 'metaCloudApi', cloudToBsuid('US.13491208655302741918'), null],
	['a parent BSUID with 128 after ENT.', 'metaCloudApi', cloudToBsuid(`US.ENT.${a(128)}`), null],
	['a BSUID with 129 after the period', 'metaCloudApi', cloudToBsuid(`US.${a(129)}`), 'body.recipient'],
	['a BSUID with a lower-case country', 'metaCloudApi', cloudToBsuid('us.1349'), 'body.recipient'],
	['a BSUID beside a "to"', 'metaCloudApi', cloudToBsuid('US.1349', { to: '919880132082' }), 'body'],
	['neither "to" nor "recipient"', 'metaCloudApi', { messaging_product: 'whatsapp', recipient_type: 'individual', type: 'text', text: { body: 'hi' } }, 'body'],
	['caption at 1024', 'metaCloudApi', cloud({ type: 'image', image: { link: 'https://e.x/a.jpg', caption: a(1024) } }), null],
	['caption at 1025', 'metaCloudApi', cloud({ type: 'image', image: { link: 'https://e.x/a.jpg', caption: a(1025) } }), 'body.image.caption'],
	['a caption on audio', 'metaCloudApi', cloud({ type: 'audio', audio: { id: 'm1', caption: 'x' } }), 'body.audio.caption'],
	['a file name on an image', 'metaCloudApi', cloud({ type: 'image', image: { id: 'm1', filename: 'a.jpg' } }), 'body.image.filename'],
	['an ftp link', 'metaCloudApi', cloud({ type: 'video', video: { link: 'ftp://e.x/a.mp4' } }), 'body.video.link'],
	['both link and id', 'metaCloudApi', cloud({ type: 'document', document: { link: 'https://e.x/a.pdf', id: 'm1' } }), 'body.document'],
	['latitude 90', 'metaCloudApi', cloud({ type: 'location', location: { latitude: 90, longitude: -180 } }), null],
	['latitude 90.5', 'metaCloudApi', cloud({ type: 'location', location: { latitude: 90.5, longitude: 0 } }), 'body.location.latitude'],
	['no contact', 'metaCloudApi', cloud({ type: 'contacts', contacts: [] }), 'body.contacts'],
	['a contact without a name', 'metaCloudApi', cloud({ type: 'contacts', contacts: [{ name: { formatted_name: ' ' } }] }), 'body.contacts[0].name.formatted_name'],
	['30 February', 'metaCloudApi', cloud({ type: 'contacts', contacts: [{ name: { formatted_name: 'A' }, birthday: '2023-02-30' }] }), 'body.contacts[0].birthday'],
	['3 buttons at their limits', 'metaCloudApi', replyButtons([[a(256), smiles(20)], ['b', 'B'], ['c', 'C']], { footer: { text: a(60) }, header: { type: 'text', text: a(60) } }), null],
	['4 buttons', 'metaCloudApi', replyButtons([['a', 'A'], ['b', 'B'], ['c', 'C'], ['d', 'D']]), 'body.interactive.action.buttons'],
	['a button title of 21', 'metaCloudApi', replyButtons([['a', a(21)]]), 'body.interactive.action.buttons[0].reply.title'],
	['a button id of 257', 'metaCloudApi', replyButtons([[a(257), 'A']]), 'body.interactive.action.buttons[0].reply.id'],
	['two buttons with one title', 'metaCloudApi', replyButtons([['a', 'Same'], ['b', 'Same']]), 'body.interactive.action.buttons'],
	['a footer of 61', 'metaCloudApi', replyButtons([['a', 'A']], { footer: { text: a(61) } }), 'body.interactive.footer.text'],
	['a blank footer', 'metaCloudApi', replyButtons([['a', 'A']], { footer: { text: ' ' } }), 'body.interactive.footer.text'],
	['a header of 61', 'metaCloudApi', replyButtons([['a', 'A']], { header: { type: 'text', text: a(61) } }), 'body.interactive.header.text'],
	['a body of 1025', 'metaCloudApi', interactive({ type: 'location_request_message', body: { text: a(1025) }, action: { name: 'send_location' } }), 'body.interactive.body.text'],
	['10 rows over 2 titled sections', 'metaCloudApi', cloudList([{ title: a(24), rows: rows(5, 'x') }, { title: 'B', rows: rows(5, 'y') }]), null],
	['11 rows', 'metaCloudApi', cloudList([{ rows: rows(6, 'x') }, { title: 'B', rows: rows(5, 'y') }].map((section) => ({ title: 'T', ...section }))), 'body.interactive.action.sections'],
	['2 sections, one without a title', 'metaCloudApi', cloudList([{ rows: rows(1, 'x') }, { title: 'B', rows: rows(1, 'y') }]), 'body.interactive.action.sections[0].title'],
	['a section title of 25', 'metaCloudApi', cloudList([{ title: a(25), rows: rows(1) }]), 'body.interactive.action.sections[0].title'],
	['a row description of 73', 'metaCloudApi', cloudList([{ rows: [{ id: 'r', title: 'R', description: a(73) }] }]), 'body.interactive.action.sections[0].rows[0].description'],
	['a repeated row id', 'metaCloudApi', cloudList([{ title: 'A', rows: rows(1) }, { title: 'B', rows: rows(1) }]), 'body.interactive.action.sections'],
	['a list button of 21', 'metaCloudApi', interactive({ type: 'list', action: { button: a(21), sections: [{ rows: rows(1) }] } }), 'body.interactive.action.button'],
	['a media header on a list', 'metaCloudApi', cloudList([{ rows: rows(1) }], { header: { type: 'image', image: { link: 'https://e.x/a.jpg' } } }), 'body.interactive.header.type'],
	['a CTA label of 21', 'metaCloudApi', interactive({ type: 'cta_url', action: { name: 'cta_url', parameters: { display_text: a(21), url: 'https://e.x' } } }), 'body.interactive.action.parameters.display_text'],
	['a CTA URL without a scheme', 'metaCloudApi', interactive({ type: 'cta_url', action: { name: 'cta_url', parameters: { display_text: 'Go', url: 'e.x/a' } } }), 'body.interactive.action.parameters.url'],
	['a flag as a reaction', 'metaCloudApi', cloud({ type: 'reaction', reaction: { message_id: 'wamid.1', emoji: '🇮🇳' } }), null],
	['two emoji as a reaction', 'metaCloudApi', cloud({ type: 'reaction', reaction: { message_id: 'wamid.1', emoji: '👍👍' } }), 'body.reaction.emoji'],
	['a quoted reaction', 'metaCloudApi', cloud({ type: 'reaction', reaction: { message_id: 'wamid.1', emoji: '' }, context: { message_id: 'wamid.0' } }), 'body.context'],

	['Connectly text', 'connectly', connectly({ text: smiles(4096) }, { callbackData: a(1022) }), null],
	['Connectly callback data of 1025 bytes', 'connectly', connectly({ text: 'hi' }, { callbackData: a(1023) }), 'body.callbackData'],
	['Connectly two attachments', 'connectly', connectly({ attachments: [{ type: 'image', url: 'https://e.x/a.jpg' }, { type: 'image', url: 'https://e.x/b.jpg' }] }), 'body.message.attachments'],
	['Connectly a sticker', 'connectly', connectly({ attachments: [{ type: 'sticker', url: 'https://e.x/a.webp' }] }), 'body.message.attachments[0].type'],
	['Connectly a number without "+"', 'connectly', { ...connectly({ text: 'hi' }), recipient: { id: '919880132082', channelType: 'whatsapp' } }, 'body.recipient.id'],
	['Connectly a BSUID in userId', 'connectly', { ...connectly({ text: 'hi' }), recipient: { userId: 'US.ENT.1181', channelType: 'whatsapp' } }, null],
	['Connectly a BSUID with an id too', 'connectly', { ...connectly({ text: 'hi' }), recipient: { userId: 'US.1349', id: '+919880132082', channelType: 'whatsapp' } }, 'body.recipient.id'],
	['Connectly a malformed BSUID', 'connectly', { ...connectly({ text: 'hi' }), recipient: { userId: 'US.', channelType: 'whatsapp' } }, 'body.recipient.userId'],
	['Connectly a quoted message', 'connectly', connectly({ text: 'hi' }, { context: { message_id: 'x' } }), 'body.context'],
	['Connectly a row text of 25', 'connectly', connectly({ text: 'Pick', listMessage: { button: { text: 'Menu' }, sections: [{ rows: [{ id: 'r', text: a(25) }] }] } }), 'body.message.listMessage.sections[0].rows[0].text'],
	['Connectly no message id', 'connectly', { ...connectly({ text: 'hi' }), message: { text: 'hi' } }, 'body.message.id'],

	['Texter 10 files', 'texter', texter({ type: 'media', media: Array.from({ length: 10 }, () => ({ mediaType: 'image', fileId: 'f' })) }), null, TEXTER_URL],
	['Texter 11 files', 'texter', texter({ type: 'media', media: Array.from({ length: 11 }, () => ({ mediaType: 'image', fileId: 'f' })) }), 'body.media', TEXTER_URL],
	['Texter a chat ID of ".."', 'texter', texter({ type: 'text', text: 'hi' }), 'url', 'https://acme.texterchat.com/server/api/v2/messages/send/..'],
	['Texter no tmpSendId', 'texter', { type: 'text', text: 'hi' }, 'body.tmpSendId', TEXTER_URL],
	['Texter a button title of 21', 'texter', texter({ type: 'buttons', text: 'Pick', buttons: [{ payload: 'a', title: a(21) }] }), 'body.buttons[0].title', TEXTER_URL],
];

describe('the WhatsApp-limits oracle of the property tests', () => {
	it.each(CASES)('%s', (_name, provider, body, violationAt, url = CLOUD_URL) => {
		const violations = whatsAppLimitViolations(provider, { method: 'POST', url, body });
		if (violationAt === null) {
			expect(violations).toEqual([]);
		} else {
			expect(violations).toEqual([expect.stringMatching(new RegExp(`^${violationAt.replace(/[.[\]]/g, '\\$&')}: `))]);
		}
	});
});
