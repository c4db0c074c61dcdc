// What the demo's mock provider holds beyond "accepted": the account's approved templates (one list
// per provider that lists them), a file a customer "sent" for Get Media, and the customers whose
// 24-hour window is closed. Each lets one operation show itself working in `npm run demo`.
import { createHash } from 'node:crypto';

/** Two approved templates, the ones examples 14 and 15 send. Components in WhatsApp's own shape. */
const DEMO_TEMPLATES = [
	{
		name: 'order_update',
		language: 'en',
		components: [
			{ type: 'BODY', text: 'Your order {{1}} has shipped and arrives on {{2}}.' },
			{ type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Track it' }] },
		],
	},
	{
		name: 'invoice_ready',
		language: 'en',
		components: [
			{ type: 'HEADER', format: 'DOCUMENT' },
			{ type: 'BODY', text: 'Hi {{1}}, the invoice for order {{2}} is attached.' },
			{ type: 'BUTTONS', buttons: [{ type: 'URL', text: 'View order', url: 'https://example.com/orders/{{1}}' }] },
		],
	},
	{
		name: 'appointment_reminder',
		language: 'en_US',
		components: [
			{ type: 'HEADER', format: 'IMAGE' },
			{ type: 'BODY', text: 'Hi {{customer_name}}, see you on {{date}}.' },
		],
	},
] as const;

/** Meta: `GET /{version}/{WABA id}/message_templates` answers `{data: [{name, language, status, components}]}`. */
export function metaTemplateList(): unknown {
	return { data: DEMO_TEMPLATES.map((template) => ({ ...template, status: 'APPROVED', id: `demo-${template.name}` })) };
}

/** Connectly: `POST /v1/businesses/{id}/get/templates` answers one group per template name. */
export function connectlyTemplateList(): unknown {
	return {
		entity: {
			templateGroups: DEMO_TEMPLATES.map((template) => ({
				id: `demo-${template.name}`,
				name: template.name,
				templates: [
					{
						language: { code: template.language },
						status: 'MESSAGE_TEMPLATE_STATUS_APPROVED',
						externalTemplate: { whatsapp: { components: template.components } },
					},
				],
			})),
		},
	};
}

/** A 1×1 PNG: what the customer "sent" in `run.js customer --image`. */
const DEMO_PHOTO = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
	'base64',
);

/** The media id `run.js customer --image` puts in its webhook; the mock serves its file. */
export const DEMO_MEDIA_ID = 'demo-photo-1042';
export const DEMO_MEDIA_MIME_TYPE = 'image/png';
/** Where the mock serves the file itself; the metadata's URL points here. */
export const DEMO_FILE_PATH = '/_demo/files/';

/** The Cloud API's media metadata: `{url, mime_type, sha256, file_size, id}`, the URL on this mock. */
export function mediaMetadata(mediaId: string, mockOrigin: string): unknown {
	return {
		messaging_product: 'whatsapp',
		url: `${mockOrigin}${DEMO_FILE_PATH}${encodeURIComponent(mediaId)}`,
		mime_type: DEMO_MEDIA_MIME_TYPE,
		sha256: demoFileSha256(),
		file_size: DEMO_PHOTO.length,
		id: mediaId,
	};
}

export function demoFileSha256(): string {
	return createHash('sha256').update(DEMO_PHOTO).digest('hex');
}

export function demoFile(): { bytes: Buffer; mimeType: string } {
	return { bytes: DEMO_PHOTO, mimeType: DEMO_MEDIA_MIME_TYPE };
}

/**
 * Customers whose 24-hour window the mock treats as closed: it refuses every session message to
 * them as the Cloud API does (131047) and still takes templates and read receipts. `run.js window
 * closed|open` sets it through `POST /_demo/window`.
 */
export const WINDOW_PATH = '/_demo/window';

export class ClosedWindows {
	private readonly closed = new Set<string>();

	set(customer: string, open: boolean): void {
		const digits = customer.replace(/\D/g, '');
		if (open) this.closed.delete(digits);
		else this.closed.add(digits);
	}

	isClosedFor(recipient: unknown): boolean {
		return typeof recipient === 'string' && this.closed.has(recipient.replace(/\D/g, ''));
	}

	list(): string[] {
		return [...this.closed];
	}
}

/** The Cloud API's refusal of a session message outside the window. */
export const WINDOW_CLOSED_REFUSAL = {
	error: {
		message: '(#131047) Re-engagement message',
		type: 'OAuthException',
		code: 131047,
		error_data: { messaging_product: 'whatsapp', details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' },
		fbtrace_id: 'DemoTrace',
	},
} as const;
