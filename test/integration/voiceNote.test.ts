// Send as Voice Note through the node's real execute(), against the mock provider over HTTP.
import { runNode } from '../support/executeNode';
import { useMockProvider } from '../support/mockProvider';
import { bodyOf } from '../support/recordedRequests';

const { provider, url: mockUrl } = useMockProvider();

const sendAudio = (mediaUrl: string) => ({
	provider: 'metaCloudApi',
	resource: 'message',
	operation: 'sendMedia',
	recipient: '+91 98801 32082',
	mediaType: 'audio',
	mediaSource: 'url',
	mediaUrl,
	voiceNote: true,
});
const credentials = () => ({ whatsAppCloudApi: { accessToken: 't', phoneNumberId: '1', baseUrl: mockUrl() } });

it('sends the audio with voice: true', async () => {
	const result = await runNode({ parameters: sendAudio('https://cdn.example.com/reply.ogg'), credentials: credentials() });
	expect(result.error).toBeUndefined();
	expect(bodyOf(provider.requests[0])).toStrictEqual({
		messaging_product: 'whatsapp',
		recipient_type: 'individual',
		to: '919880132082',
		type: 'audio',
		audio: { link: 'https://cdn.example.com/reply.ogg', voice: true },
	});
});

it('refuses, before sending, a voice note whose URL says it is not OGG', async () => {
	const result = await runNode({ parameters: sendAudio('https://cdn.example.com/reply.mp3'), credentials: credentials() });
	expect(provider.requests).toHaveLength(0);
	expect(result.error?.message).toBe(
		'Item 0: "Media URL" ends in .mp3, but a voice note must be an OGG file with the Opus codec (.ogg or .opus); send other audio without Send as Voice Note',
	);
});
