import type { Recipient, RecipientKind, SessionContent, SessionContentType } from '../../nodes/WhatsAppSession/message/types';
import type { ProviderChoice } from '../../nodes/WhatsAppSession/providers';

/** A recipient of the kind a provider addresses. */
export function sampleRecipient(kind: RecipientKind): Recipient {
	return kind === 'chatId' ? { kind: 'chatId', chatId: 'chat-1' } : { kind: 'phoneNumber', digits: '919880132082' };
}

/** A minimal valid message of each type, to see what each provider's encoder accepts. */
export const SAMPLE_CONTENT: { [Type in SessionContentType]: Extract<SessionContent, { type: Type }> } = {
	text: { type: 'text', body: 'Hi', previewUrl: false },
	media: { type: 'media', mediaKind: 'image', source: { link: 'https://x.io/a.jpg' } },
	location: { type: 'location', latitude: 1, longitude: 2 },
	contacts: { type: 'contacts', contacts: [{ formattedName: 'A', phones: [], emails: [], urls: [], addresses: [] }] },
	replyButtons: { type: 'replyButtons', body: 'B', buttons: [{ id: 'a', title: 'A' }] },
	list: { type: 'list', body: 'B', buttonText: 'O', sections: [{ rows: [{ id: 'r', title: 'R' }] }] },
	ctaUrl: { type: 'ctaUrl', body: 'B', buttonText: 'Open', url: 'https://x.io' },
	locationRequest: { type: 'locationRequest', body: 'Where?' },
	product: { type: 'product', catalogId: 'cat-1', productRetailerId: 'sku-1' },
	productList: { type: 'productList', catalogId: 'cat-1', header: 'H', body: 'B', sections: [{ productRetailerIds: ['sku-1'] }] },
	catalog: { type: 'catalog', body: 'B', thumbnailProductRetailerId: 'sku-1' },
	flow: { type: 'flow', flow: { by: 'id', flowId: '123' }, buttonText: 'Open', mode: 'published', start: { action: 'dataExchange' }, body: 'B' },
	reaction: { type: 'reaction', messageId: 'wamid.1', emoji: '👍' },
	readReceipt: { type: 'readReceipt', messageId: 'wamid.IN', typingIndicator: true },
	template: { type: 'template', name: 'order_shipped', languageCode: 'en', body: [{ text: '1042' }], buttons: [] },
};

/** Credential values each adapter connects with; no request is sent. */
export const SAMPLE_CREDENTIALS: Record<ProviderChoice, Record<string, string>> = {
	cloudApiCompatible: { domain: 'api.example.com', phoneNumberId: '1', apiKey: 'key1', accessToken: 'tok1' },
	metaCloudApi: { accessToken: 'tok1', phoneNumberId: '1' },
	connectly: { apiKey: 'key1', businessId: 'b1' },
	texter: { projectId: 'acme', apiToken: 'tok1' },
};
