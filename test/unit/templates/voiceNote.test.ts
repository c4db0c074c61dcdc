// Send Media → audio → Send as Voice Note: `voice: true` where the provider carries it, and the
// OGG (Opus) format WhatsApp requires checked only where the format can be known (a URL's extension).
import type { ValidationIssue } from '../../../nodes/WhatsAppSession/message/errors';
import { readSessionMessage } from '../../../nodes/WhatsAppSession/message/fromForm';
import type { MediaContent, MediaSource } from '../../../nodes/WhatsAppSession/message/types';
import { validateSessionMessage } from '../../../nodes/WhatsAppSession/message/validate';
import { encodeCloudApiBody } from '../../../nodes/WhatsAppSession/providers/cloudApi/encode';

const TO_DIGITS = '919880132082';
const TO = { kind: 'phoneNumber', digits: TO_DIGITS } as const;
const voiceNote = (source: MediaSource): MediaContent => ({ type: 'media', mediaKind: 'audio', source, voice: true });
const issuesOf = (content: MediaContent): ValidationIssue[] => validateSessionMessage({ recipient: TO, content });

describe('voice note format', () => {
	it.each([
		'https://x.io/voice.ogg',
		'https://x.io/voice.OGG?signature=abc',
		'https://x.io/voice.opus',
		'https://x.io/voice.oga#t=1',
		'https://x.io/media/12345',
		'https://x.io/voice.',
	])('accepts %s (OGG, or a link without an extension)', (link) => {
		expect(issuesOf(voiceNote({ link }))).toEqual([]);
	});

	it('accepts an uploaded media ID, whose format it cannot know', () => {
		expect(issuesOf(voiceNote({ id: '889' }))).toEqual([]);
	});

	it.each([
		['https://x.io/voice.mp3', 'mp3'],
		['https://x.io/a.ogg/voice.M4A?x=.ogg', 'm4a'],
	])('refuses %s by the Media URL field', (link, extension) => {
		expect(issuesOf(voiceNote({ link }))).toEqual([
			{
				field: 'Media URL',
				problem: `ends in .${extension}, but a voice note must be an OGG file with the Opus codec (.ogg or .opus); send other audio without Send as Voice Note`,
			},
		]);
	});

	it('refuses a voice note that is not audio', () => {
		expect(issuesOf({ type: 'media', mediaKind: 'video', source: { link: 'https://x.io/a.mp4' }, voice: true })).toEqual([
			{ field: 'Send as Voice Note', problem: 'can only be used with audio (got video)' },
		]);
	});
});

describe('reading and encoding', () => {
	const form = (values: Record<string, unknown>) => ({ get: (name: string) => values[name] });

	it('reads the switch for audio only, so a value left from audio does not reach another kind', () => {
		const audio = readSessionMessage('sendMedia', form({ recipient: TO_DIGITS, mediaType: 'audio', mediaUrl: 'https://x.io/v.ogg', voiceNote: true }));
		expect(audio.content).toStrictEqual({ type: 'media', mediaKind: 'audio', source: { link: 'https://x.io/v.ogg' }, voice: true });
		const image = readSessionMessage('sendMedia', form({ recipient: TO_DIGITS, mediaType: 'image', mediaUrl: 'https://x.io/a.jpg', voiceNote: true }));
		expect(image.content).not.toHaveProperty('voice');
	});

	it('sends voice: true in the Cloud API audio object, and nothing without the switch', () => {
		expect(encodeCloudApiBody({ recipient: TO, content: voiceNote({ link: 'https://x.io/v.ogg' }) })).toStrictEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: TO_DIGITS,
			type: 'audio',
			audio: { link: 'https://x.io/v.ogg', voice: true },
		});
		expect(encodeCloudApiBody({ recipient: TO, content: { type: 'media', mediaKind: 'audio', source: { id: '7' } } })).toStrictEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: TO_DIGITS,
			type: 'audio',
			audio: { id: '7' },
		});
	});
});
