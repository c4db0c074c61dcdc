// What `node scripts/demo/run.js customer …` and `… status …` post to the running demo: the
// webhook a provider would send when a customer writes or taps a button, or when a message the
// business sent changes status, signed with the demo credential's secret the way the provider
// signs it. The bodies come from the same builders as the trigger's tests (test/support/
// inboundSamples.ts), so the demo posts nothing the tests do not know.
import { randomBytes } from 'node:crypto';

import { findListeningProvider, type ListeningProvider } from '../../nodes/WhatsAppSession/trigger/description';
import { signWebhookBody } from '../../nodes/WhatsAppSession/trigger/signature';
import type { N8nWorkflowNode } from '../../test/e2e/lib/n8n';
import {
	CUSTOMER,
	WINDOW_CLOSED_ERROR,
	metaBody,
	metaContact,
	metaMessage,
	metaStatus,
	metaValue,
	type JsonObject,
} from '../../test/support/inboundSamples';
import { demoCredentials } from './credentials';
import { DEMO_MEDIA_ID, DEMO_MEDIA_MIME_TYPE, demoFileSha256 } from './mockFixtures';
import { TRIGGER_NODE_TYPE, type Example } from './instance';

/** What the user asked to happen. */
export type InboundRequest =
	| { kind: 'text'; text: string; from: string; name: string; messageId?: string }
	/** A tap; `title` and `contextId` (the message tapped in) when known, as WhatsApp sends them. */
	| { kind: 'tap'; replyId: string; from: string; name: string; messageId?: string; title?: string; contextId?: string }
	/** A photo the customer sends: the mock serves its file for Get Media. */
	| { kind: 'image'; caption: string; from: string; name: string; messageId?: string }
	/** A submitted WhatsApp Flow: its answers, with the `flow_token` and the Flow message it answers when known. */
	| { kind: 'flowSubmit'; answers: JsonObject; from: string; name: string; messageId?: string; token?: string; contextId?: string }
	| { kind: 'status'; status: string; messageId: string; recipient: string };

/** The body the trigger's webhook gets, and the headers that sign it. */
export interface SignedWebhook {
	rawBody: Buffer;
	headers: Record<string, string>;
	/** What the body says, in a few words, for the terminal. */
	summary: string;
}

/** The example's trigger node, when a webhook starts it. */
export function triggerOf(example: Example): N8nWorkflowNode | undefined {
	return example.workflow.nodes.find((node) => node.type === TRIGGER_NODE_TYPE);
}

/** What a trigger listens to: its Trigger On choice, as n8n fills in the default. */
export function listensTo(trigger: N8nWorkflowNode): { messages: boolean; statuses: readonly string[] | 'all' | 'none' } {
	const events = trigger.parameters.events ?? 'messages';
	const statuses = trigger.parameters.statuses;
	const listed = Array.isArray(statuses) ? statuses.filter((status): status is string => typeof status === 'string') : 'all';
	return {
		messages: events !== 'statuses',
		statuses: events === 'messages' ? 'none' : listed,
	};
}

/** The button ids an example's reply buttons offer, with their titles. */
export function offeredButtons(example: Example): Array<{ id: string; title: string }> {
	return example.workflow.nodes.flatMap((node) => {
		const collection = node.parameters.buttons;
		const buttons = typeof collection === 'object' && collection !== null && !Array.isArray(collection) ? collection.button : undefined;
		if (!Array.isArray(buttons)) return [];
		return buttons.flatMap((button) =>
			typeof button === 'object' && button !== null && !Array.isArray(button) && typeof button.id === 'string' && typeof button.title === 'string'
				? [{ id: button.id, title: button.title }]
				: [],
		);
	});
}

/** The production URL n8n registers for a trigger node: `<base>/webhook/<webhookId>/<path>`. */
export function productionUrl(baseUrl: string, trigger: N8nWorkflowNode): string {
	const webhookId: unknown = Reflect.get(trigger, 'webhookId');
	if (typeof webhookId !== 'string') throw new Error(`"${trigger.name}" has no webhookId, so its URL changes on every import`);
	return `${baseUrl}/webhook/${webhookId}/webhook`;
}

export function providerOf(trigger: N8nWorkflowNode): ListeningProvider {
	const id = trigger.parameters.provider ?? 'cloudApiCompatible';
	const provider = findListeningProvider(id);
	if (!provider) throw new Error(`"${trigger.name}" listens to ${String(id)}, which sends no webhooks`);
	return provider;
}

export const DEMO_CUSTOMER = { phone: CUSTOMER.phone, name: CUSTOMER.name } as const;
/** The business number a reply's context names as the sender of the message tapped in. */
const DEMO_BUSINESS_NUMBER = '15550000001';

/** A message id nobody used before: the trigger drops ids it has seen (redeliveries). */
function freshId(kind: string): string {
	return `wamid.demo.${kind}.${Date.now()}${randomBytes(3).toString('hex')}`;
}

/** A customer who hides their number behind a username is known by a BSUID (`US.1349…`) only. */
export function looksLikeBsuid(from: string): boolean {
	return /^[A-Z]{2}\./.test(from);
}

/** The customer's contact and message as Meta writes them: by phone number, or by BSUID alone. */
function customerMessage(
	request: { from: string; name: string; messageId?: string },
	type: string,
	content: Parameters<typeof metaMessage>[2],
	timestamp: string,
	contextId?: string,
) {
	const id = request.messageId ?? freshId('in');
	const context: JsonObject = contextId === undefined ? {} : { context: { from: DEMO_BUSINESS_NUMBER, id: contextId } };
	if (!looksLikeBsuid(request.from)) {
		return { contact: metaContact(request.from, request.name), message: metaMessage(id, type, content, { from: request.from, timestamp, ...context }) };
	}
	const { from: _phone, ...withoutPhone } = metaMessage(id, type, content, { timestamp, ...context });
	return { contact: metaContact(null, request.name, request.from), message: { ...withoutPhone, from_user_id: request.from } };
}

function who(request: { from: string; name: string }): string {
	return `${request.name} (${looksLikeBsuid(request.from) ? request.from : `+${request.from}`})`;
}

function metaFormatBody(request: InboundRequest, buttons: ReadonlyArray<{ id: string; title: string }>): { body: unknown; summary: string } {
	const now = String(Math.floor(Date.now() / 1000));
	switch (request.kind) {
		case 'text': {
			const { contact, message } = customerMessage(request, 'text', { body: request.text }, now);
			return {
				body: metaBody(metaValue({ contacts: [contact], messages: [message] })),
				summary: `${who(request)} writes "${request.text}"`,
			};
		}
		case 'tap': {
			const title = request.title ?? buttons.find((button) => button.id === request.replyId)?.title ?? request.replyId;
			const { contact, message } = customerMessage(request, 'interactive', { type: 'button_reply', button_reply: { id: request.replyId, title } }, now, request.contextId);
			return {
				body: metaBody(metaValue({ contacts: [contact], messages: [message] })),
				summary: `${who(request)} taps "${title}" (reply id ${request.replyId})`,
			};
		}
		case 'image': {
			const image = { id: DEMO_MEDIA_ID, mime_type: DEMO_MEDIA_MIME_TYPE, sha256: demoFileSha256(), caption: request.caption };
			const { contact, message } = customerMessage(request, 'image', image, now);
			return {
				body: metaBody(metaValue({ contacts: [contact], messages: [message] })),
				summary: `${who(request)} sends a photo (media id ${DEMO_MEDIA_ID}) with the caption "${request.caption}"`,
			};
		}
		case 'flowSubmit': {
			const token = request.token ?? 'unused';
			const responseJson = JSON.stringify({ ...request.answers, flow_token: token });
			const { contact, message } = customerMessage(request, 'interactive', { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: responseJson } }, now, request.contextId);
			return {
				body: metaBody(metaValue({ contacts: [contact], messages: [message] })),
				summary: `${who(request)} submits a Flow with ${JSON.stringify(request.answers)}`,
			};
		}
		case 'status': {
			const stamped = { timestamp: now };
			const { recipient_id: _phone, ...sentToNobodyYet } = metaStatus(
				request.messageId,
				request.status,
				request.status === 'failed' ? { ...stamped, errors: [WINDOW_CLOSED_ERROR] } : stamped,
			);
			const status = looksLikeBsuid(request.recipient)
				? { ...sentToNobodyYet, recipient_user_id: request.recipient }
				: { ...sentToNobodyYet, recipient_id: request.recipient };
			return {
				body: metaBody(metaValue({ statuses: [status] })),
				summary: `WhatsApp reports message ${request.messageId} to ${looksLikeBsuid(request.recipient) ? request.recipient : `+${request.recipient}`} as ${request.status}${request.status === 'failed' ? ` (error ${String(WINDOW_CLOSED_ERROR.code)}: the 24-hour window had closed)` : ''}`,
			};
		}
	}
}

/** The webhook the trigger's provider would post for the request, signed with the demo credential's secret. */
export function buildSignedWebhook(example: Example, request: InboundRequest): SignedWebhook {
	const trigger = triggerOf(example);
	if (!trigger) throw new Error(`${example.file} is not started by a webhook`);
	const provider = providerOf(trigger);
	if (provider.inbound.signature.header !== 'x-hub-signature-256') {
		throw new Error(`the demo posts Cloud-API-format webhooks only; "${trigger.name}" listens to ${provider.id}`);
	}
	const { body, summary } = metaFormatBody(request, offeredButtons(example));
	const rawBody = Buffer.from(JSON.stringify(body));
	return { rawBody, headers: signedWebhookHeaders(provider, rawBody), summary };
}

/** The headers the provider posts `rawBody` with: signed with the demo credential's secret, as the provider signs. */
export function signedWebhookHeaders(provider: ListeningProvider, rawBody: Buffer): Record<string, string> {
	const credential = demoCredentials('http://127.0.0.1').find((entry) => entry.type === provider.credentialType);
	const secret = credential?.data[provider.inbound.signingSecret.name] ?? '';
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	if (secret !== '') headers[provider.inbound.signature.header] = signWebhookBody(rawBody, secret, provider.inbound.signature);
	return headers;
}
