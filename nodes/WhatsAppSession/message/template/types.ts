import type { MediaSource } from '../types';

/**
 * A template message: a message WhatsApp approved in advance, the only kind a business may send
 * once the customer's 24-hour window is closed. The canonical form carries what the sender fills
 * in (the template's parameters); the template's own text lives at WhatsApp.
 */

/**
 * One text parameter. Positional parameters fill {{1}}, {{2}}… in order; named ones fill
 * {{order_id}} by `name`. WhatsApp refuses one component that mixes the two.
 */
export interface TemplateTextParameter {
	name?: string;
	text: string;
}

export const TEMPLATE_HEADER_KINDS = ['text', 'image', 'video', 'document', 'location'] as const;

export type TemplateHeaderKind = (typeof TEMPLATE_HEADER_KINDS)[number];

export type TemplateHeader =
	| { kind: 'text'; parameter: TemplateTextParameter }
	| { kind: 'image' | 'video'; source: MediaSource }
	| { kind: 'document'; source: MediaSource; filename?: string }
	| { kind: 'location'; latitude: number; longitude: number; name?: string; address?: string };

/** The buttons whose value is filled in when sending; other buttons need no parameter. */
export const TEMPLATE_BUTTON_KINDS = ['quickReply', 'url', 'copyCode'] as const;

export type TemplateButtonKind = (typeof TEMPLATE_BUTTON_KINDS)[number];

/**
 * A button's parameter: a quick reply's payload (returned when tapped), a URL button's suffix
 * (appended to the URL the template defines), or a copy-code button's code. `index` is the
 * button's position in the template, 0 to 9.
 */
export interface TemplateButtonParameter {
	kind: TemplateButtonKind;
	index: number;
	value: string;
}

export interface TemplateContent {
	type: 'template';
	name: string;
	languageCode: string;
	header?: TemplateHeader;
	body: TemplateTextParameter[];
	buttons: TemplateButtonParameter[];
}
