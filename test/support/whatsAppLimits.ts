/// <reference lib="es2022.intl" />
import type { ProviderChoice } from '../../nodes/WhatsAppSession/providers';
import { TEXTER_FIELD_NAMES } from '../../nodes/WhatsAppSession/providers/texter/fieldNames';
import type { ProviderRequest } from '../../nodes/WhatsAppSession/providers/contract/sending';
import { isPlainObject } from '../../nodes/WhatsAppSession/util/values';

/**
 * An oracle for the property tests: does an encoded request respect every WhatsApp limit that
 * ../shared/PROVIDERS.md lists for its provider? It reads only the wire payload, and is written
 * apart from the node's validate.ts and limits.ts (the numbers below are copied from
 * PROVIDERS.md, not imported), so a limit the node forgets or checks wrongly shows up here.
 * Returns what is wrong, as "path: problem" lines; empty means the payload is within limits.
 */
export function whatsAppLimitViolations(provider: ProviderChoice, request: ProviderRequest): string[] {
	const report = new Report();
	switch (provider) {
		case 'cloudApiCompatible':
		case 'metaCloudApi':
			checkCloudApiBody(report.at('body'), request.body);
			break;
		case 'connectly':
			if (request.url.endsWith('/send/whatsapp_templated_messages')) checkConnectlyTemplateBody(report.at('body'), request.body);
			else checkConnectlyBody(report.at('body'), request.body);
			break;
		case 'texter':
			checkTexterRequest(report, request);
			break;
	}
	return report.problems;
}

// PROVIDERS.md §1 (Cloud API message objects) and §3, §4.
export const PROVIDERS_MD_LIMITS = {
	textBody: 4096,
	caption: 1024,
	interactiveBody: 1024,
	headerText: 60,
	footerText: 60,
	buttonsMax: 3,
	buttonId: 256,
	buttonTitle: 20,
	listButton: 20,
	sectionsMax: 10,
	rowsTotalMax: 10,
	sectionTitle: 24,
	rowId: 200,
	rowTitle: 24,
	rowDescription: 72,
	// PROVIDERS.md gives no number for cta_url's display_text; Meta's reference says 20.
	ctaDisplayText: 20,
	// Product lists (PROVIDERS.md §1): 1–10 sections, ≤ 30 products in all, section titles as for lists.
	productsTotalMax: 30,
	// Flows: flow_cta ≤ 30 (Meta's spec).
	flowCta: 30,
	connectlyAttachments: 1,
	connectlyCallbackDataBytes: 1024,
	texterMediaMax: 10,
	latitude: 90,
	longitude: 180,
	// PROVIDERS.md §5 and Meta's BSUID reference: up to 128 letters and digits after "CC." (or "CC.ENT.").
	bsuidId: 128,
	// Templates (PROVIDERS.md §6 and Meta's "Parameter object" reference).
	templateName: 512,
	templateHeaderText: 60,
	templateBodyText: 1024,
	templateBodyTextBodyOnly: 32768,
	templateButtonIndexMax: 9,
	templateCouponCode: 15,
	connectlyBodyParameters: 15,
};
const LIMIT = PROVIDERS_MD_LIMITS;

/** Collects problems under a JSON path, e.g. "body.interactive.action.buttons[2].reply.title". */
class Report {
	constructor(
		readonly problems: string[] = [],
		private readonly path = '',
	) {}

	at(...keys: Array<string | number>): Report {
		const path = keys.reduce<string>((sofar, key) => (typeof key === 'number' ? `${sofar}[${key}]` : sofar === '' ? key : `${sofar}.${key}`), this.path);
		return new Report(this.problems, path);
	}

	expect(condition: boolean, problem: string): void {
		if (!condition) this.problems.push(`${this.path}: ${problem}`);
	}
}

const KINDS_WITH_CAPTION = ['image', 'video', 'document'];
const CLOUD_MEDIA_KINDS = ['image', 'video', 'audio', 'document', 'sticker'];
const ATTACHMENT_KINDS = ['image', 'video', 'audio', 'document'];

/** Characters as WhatsApp counts them: Unicode code points. */
function characters(text: string): number {
	return Array.from(text).length;
}

function field(value: unknown, key: string): unknown {
	return isPlainObject(value) ? value[key] : undefined;
}

function requiredText(report: Report, value: unknown, max?: number): void {
	if (typeof value !== 'string' || value.trim() === '') {
		report.expect(false, `is required text, got ${JSON.stringify(value)}`);
		return;
	}
	if (max !== undefined) report.expect(characters(value) <= max, `is ${characters(value)} characters; the limit is ${max}`);
}

function optionalText(report: Report, value: unknown, max?: number): void {
	if (value === undefined) return;
	if (typeof value !== 'string') {
		report.expect(false, `must be text when present, got ${JSON.stringify(value)}`);
		return;
	}
	if (max !== undefined) report.expect(characters(value) <= max, `is ${characters(value)} characters; the limit is ${max}`);
}

function httpUrl(report: Report, value: unknown): void {
	let ok = false;
	if (typeof value === 'string') {
		try {
			const url = new URL(value);
			ok = (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
		} catch {
			ok = false;
		}
	}
	report.expect(ok, `must be an http(s) URL, got ${JSON.stringify(value)}`);
}

const BSUID = new RegExp(`^[A-Z]{2}\\.(ENT\\.)?[A-Za-z0-9]{1,${LIMIT.bsuidId}}$`);

function bsuid(report: Report, value: unknown): void {
	report.expect(typeof value === 'string' && BSUID.test(value), `must be a business-scoped user ID, got ${JSON.stringify(value)}`);
}

/** E.164 without "+": a country code (never 0) and 8 to 15 digits in all. */
function e164Digits(report: Report, value: unknown): void {
	report.expect(typeof value === 'string' && /^[1-9]\d{7,14}$/.test(value), `must be E.164 digits, got ${JSON.stringify(value)}`);
}

function coordinate(report: Report, value: unknown, maxAbs: number): void {
	report.expect(typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= maxAbs, `must be a number within ±${maxAbs}, got ${String(value)}`);
}

function list(report: Report, value: unknown, min: number, max: number): unknown[] {
	if (!Array.isArray(value)) {
		report.expect(false, `must be a list, got ${JSON.stringify(value)}`);
		return [];
	}
	report.expect(value.length >= min && value.length <= max, `must have ${min} to ${max} entries, got ${value.length}`);
	return value;
}

function unique(report: Report, values: unknown[], what: string): void {
	report.expect(new Set(values).size === values.length, `${what} must be unique, got ${JSON.stringify(values)}`);
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** An empty reaction removes one; otherwise one emoji: one grapheme that is a pictograph, a flag or a keycap. */
function reactionEmoji(report: Report, value: unknown): void {
	if (value === '') return;
	const ok =
		typeof value === 'string' &&
		Array.from(graphemes.segment(value)).length === 1 &&
		(/\p{Extended_Pictographic}/u.test(value) || /^\p{Regional_Indicator}{2}$/u.test(value) || value.endsWith('\u20E3'));
	report.expect(ok, `must be empty or one emoji, got ${JSON.stringify(value)}`);
}

function calendarDate(report: Report, value: unknown): void {
	if (value === undefined) return;
	// A real day: V8 reads "2023-02-30" as 2 March, so the date must survive a round trip.
	const ms = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : Number.NaN;
	const ok = !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value;
	report.expect(ok, `must be a date YYYY-MM-DD, got ${JSON.stringify(value)}`);
}

// ---------------------------------------------------------------------------------------------
// Cloud API format (PROVIDERS.md §1): Meta and every Cloud-API-format provider

function checkCloudApiBody(report: Report, body: unknown): void {
	report.at('messaging_product').expect(field(body, 'messaging_product') === 'whatsapp', 'must be "whatsapp"');
	// A read receipt (PROVIDERS.md §8): `{messaging_product, status:"read", message_id, typing_indicator?:{type:"text"}}`, no recipient.
	if (field(body, 'status') !== undefined) {
		report.at('status').expect(field(body, 'status') === 'read', 'must be "read"');
		requiredText(report.at('message_id'), field(body, 'message_id'));
		const typing = field(body, 'typing_indicator');
		if (typing !== undefined) report.at('typing_indicator', 'type').expect(field(typing, 'type') === 'text', 'must be "text"');
		report.at('to').expect(field(body, 'to') === undefined, 'a read receipt names the message, not a recipient');
		return;
	}
	report.at('recipient_type').expect(field(body, 'recipient_type') === 'individual', 'must be "individual"');
	// A phone number in "to", or a BSUID in "recipient": never both, since Meta would take "to".
	const to = field(body, 'to');
	const recipient = field(body, 'recipient');
	report.expect((to === undefined) !== (recipient === undefined), 'must carry exactly one of "to" and "recipient"');
	if (to !== undefined) e164Digits(report.at('to'), to);
	if (recipient !== undefined) bsuid(report.at('recipient'), recipient);
	const type = field(body, 'type');
	const context = field(body, 'context');
	if (context !== undefined) {
		report.at('context').expect(type !== 'reaction', 'a reaction cannot quote a message');
		requiredText(report.at('context', 'message_id'), field(context, 'message_id'));
	}
	if (typeof type !== 'string') {
		report.at('type').expect(false, `must be text, got ${JSON.stringify(type)}`);
		return;
	}
	const content = field(body, type);
	const at = report.at(type);
	if (CLOUD_MEDIA_KINDS.includes(type)) {
		checkCloudMedia(at, content, type);
		return;
	}
	switch (type) {
		case 'text':
			requiredText(at.at('body'), field(content, 'body'), LIMIT.textBody);
			at.at('preview_url').expect(['boolean', 'undefined'].includes(typeof field(content, 'preview_url')), 'must be a boolean');
			return;
		case 'location':
			checkLocation(at, content);
			return;
		case 'contacts':
			list(at, content, 1, Infinity).forEach((contact, index) => checkCloudContact(at.at(index), contact));
			return;
		case 'interactive':
			checkInteractive(at, content);
			return;
		case 'reaction':
			requiredText(at.at('message_id'), field(content, 'message_id'));
			reactionEmoji(at.at('emoji'), field(content, 'emoji'));
			return;
		case 'template':
			checkCloudTemplate(at, content);
			return;
		default:
			report.at('type').expect(false, `is not a session message type: ${type}`);
	}
}

/** `{name, language:{code}, components?}`: header, body and button components with their parameters. */
function checkCloudTemplate(report: Report, template: unknown): void {
	requiredText(report.at('name'), field(template, 'name'), LIMIT.templateName);
	requiredText(report.at('language', 'code'), field(field(template, 'language'), 'code'));
	const componentsValue = field(template, 'components');
	const components = componentsValue === undefined ? [] : list(report.at('components'), componentsValue, 1, 12);
	const bodyOnly = components.every((component) => field(component, 'type') === 'body');
	const buttonIndexes: unknown[] = [];
	components.forEach((component, index) => {
		const at = report.at('components', index);
		const parameters = list(at.at('parameters'), field(component, 'parameters'), 1, Infinity);
		switch (field(component, 'type')) {
			case 'header': {
				at.at('parameters').expect(parameters.length === 1, 'a header takes one parameter');
				const [parameter] = parameters;
				const kind = field(parameter, 'type');
				const parameterAt = at.at('parameters', 0);
				if (kind === 'text') requiredText(parameterAt.at('text'), field(parameter, 'text'), LIMIT.templateHeaderText);
				else if (kind === 'location') checkLocation(parameterAt.at('location'), field(parameter, 'location'));
				else if (kind === 'image' || kind === 'video' || kind === 'document') checkLinkOrId(parameterAt.at(kind), field(parameter, kind));
				else parameterAt.at('type').expect(false, `is not a header parameter type: ${JSON.stringify(kind)}`);
				return;
			}
			case 'body': {
				parameters.forEach((parameter, position) => {
					at.at('parameters', position, 'type').expect(field(parameter, 'type') === 'text', 'must be "text"');
					requiredText(at.at('parameters', position, 'text'), field(parameter, 'text'), bodyOnly ? LIMIT.templateBodyTextBodyOnly : LIMIT.templateBodyText);
				});
				const named = parameters.filter((parameter) => field(parameter, 'parameter_name') !== undefined).length;
				at.at('parameters').expect(named === 0 || named === parameters.length, 'named and positional parameters are mixed');
				return;
			}
			case 'button': {
				const buttonIndex = field(component, 'index');
				buttonIndexes.push(buttonIndex);
				at.at('index').expect(typeof buttonIndex === 'string' && /^\d$/.test(buttonIndex) && Number(buttonIndex) <= LIMIT.templateButtonIndexMax, `must be 0 to 9, got ${JSON.stringify(buttonIndex)}`);
				const [parameter] = parameters;
				const subType = field(component, 'sub_type');
				if (subType === 'quick_reply') requiredText(at.at('parameters', 0, 'payload'), field(parameter, 'payload'));
				else if (subType === 'url') requiredText(at.at('parameters', 0, 'text'), field(parameter, 'text'));
				else if (subType === 'copy_code') requiredText(at.at('parameters', 0, 'coupon_code'), field(parameter, 'coupon_code'), LIMIT.templateCouponCode);
				else if (subType === 'flow') checkFlowButtonParameter(at.at('parameters', 0), parameter);
				else at.at('sub_type').expect(false, `is not a button sub_type: ${JSON.stringify(subType)}`);
				return;
			}
			default:
				at.at('type').expect(false, `is not a template component: ${JSON.stringify(field(component, 'type'))}`);
		}
	});
	unique(report.at('components'), buttonIndexes, 'button indexes');
}

/** `{type:"action", action:{flow_token?, flow_action_data?}}`, with at least one of the two, and data never empty. */
function checkFlowButtonParameter(report: Report, parameter: unknown): void {
	report.at('type').expect(field(parameter, 'type') === 'action', 'must be "action"');
	const action = field(parameter, 'action');
	const token = field(action, 'flow_token');
	const data = field(action, 'flow_action_data');
	report.at('action').expect(token !== undefined || data !== undefined, 'carries a flow_token or flow_action_data');
	if (token !== undefined) requiredText(report.at('action', 'flow_token'), token);
	if (data !== undefined) report.at('action', 'flow_action_data').expect(isPlainObject(data) && Object.keys(data).length > 0, 'must be a non-empty object');
}

/** `{link | id}`, caption ≤ 1024 (not audio or sticker), filename for documents only. */
function checkCloudMedia(report: Report, media: unknown, kind: string): void {
	checkLinkOrId(report, media);
	const caption = field(media, 'caption');
	if (caption !== undefined) report.at('caption').expect(KINDS_WITH_CAPTION.includes(kind), `is not allowed on ${kind}`);
	optionalText(report.at('caption'), caption, LIMIT.caption);
	const filename = field(media, 'filename');
	if (filename !== undefined) report.at('filename').expect(kind === 'document', `is for documents only, not ${kind}`);
	optionalText(report.at('filename'), filename);
	// PROVIDERS.md §8: a voice note is audio in OGG (Opus); a link's extension, when it has one, shows the format.
	const voice = field(media, 'voice');
	if (voice !== undefined) {
		report.at('voice').expect(voice === true && kind === 'audio', `is for audio only, and true, got ${JSON.stringify(voice)} on ${kind}`);
		const link = field(media, 'link');
		const extension = typeof link === 'string' ? /\.([^./]+)$/.exec(new URL(link).pathname)?.[1]?.toLowerCase() : undefined;
		report.at('link').expect(extension === undefined || ['ogg', 'oga', 'opus'].includes(extension), `a voice note must be OGG, got .${String(extension)}`);
	}
}

function checkLinkOrId(report: Report, media: unknown): void {
	const link = field(media, 'link');
	const id = field(media, 'id');
	report.expect((link === undefined) !== (id === undefined), 'must have exactly one of link and id');
	if (link !== undefined) httpUrl(report.at('link'), link);
	if (id !== undefined) requiredText(report.at('id'), id);
}

function checkLocation(report: Report, location: unknown): void {
	coordinate(report.at('latitude'), field(location, 'latitude'), LIMIT.latitude);
	coordinate(report.at('longitude'), field(location, 'longitude'), LIMIT.longitude);
	optionalText(report.at('name'), field(location, 'name'));
	optionalText(report.at('address'), field(location, 'address'));
}

function checkCloudContact(report: Report, contact: unknown): void {
	requiredText(report.at('name', 'formatted_name'), field(field(contact, 'name'), 'formatted_name'));
	calendarDate(report.at('birthday'), field(contact, 'birthday'));
	const phones = field(contact, 'phones');
	if (phones !== undefined) {
		list(report.at('phones'), phones, 0, Infinity).forEach((phone, index) => requiredText(report.at('phones', index, 'phone'), field(phone, 'phone')));
	}
}

function checkInteractive(report: Report, interactive: unknown): void {
	const type = field(interactive, 'type');
	// A single product's body is optional (PROVIDERS.md §1); every other interactive message has one.
	const bodyText = field(field(interactive, 'body'), 'text');
	if (type === 'product') optionalText(report.at('body', 'text'), bodyText, LIMIT.interactiveBody);
	else requiredText(report.at('body', 'text'), bodyText, LIMIT.interactiveBody);
	const footer = field(interactive, 'footer');
	// A footer object exists only to carry its text.
	if (footer !== undefined) requiredText(report.at('footer', 'text'), field(footer, 'text'), LIMIT.footerText);
	const header = field(interactive, 'header');
	const action = field(interactive, 'action');
	switch (type) {
		case 'button': {
			checkInteractiveHeader(report.at('header'), header, ['text', 'image', 'video', 'document']);
			const buttons = list(report.at('action', 'buttons'), field(action, 'buttons'), 1, LIMIT.buttonsMax);
			buttons.forEach((button, index) => {
				const at = report.at('action', 'buttons', index);
				at.at('type').expect(field(button, 'type') === 'reply', 'must be "reply"');
				requiredText(at.at('reply', 'id'), field(field(button, 'reply'), 'id'), LIMIT.buttonId);
				requiredText(at.at('reply', 'title'), field(field(button, 'reply'), 'title'), LIMIT.buttonTitle);
			});
			unique(report.at('action', 'buttons'), buttons.map((button) => field(field(button, 'reply'), 'title')), 'button titles');
			return;
		}
		case 'list':
			checkInteractiveHeader(report.at('header'), header, ['text']);
			requiredText(report.at('action', 'button'), field(action, 'button'), LIMIT.listButton);
			checkSections(report.at('action', 'sections'), field(action, 'sections'), { rowTitle: 'title' });
			return;
		case 'cta_url': {
			checkInteractiveHeader(report.at('header'), header, ['text', 'image', 'video', 'document']);
			report.at('action', 'name').expect(field(action, 'name') === 'cta_url', 'must be "cta_url"');
			const parameters = field(action, 'parameters');
			requiredText(report.at('action', 'parameters', 'display_text'), field(parameters, 'display_text'), LIMIT.ctaDisplayText);
			httpUrl(report.at('action', 'parameters', 'url'), field(parameters, 'url'));
			return;
		}
		case 'location_request_message':
			report.at('header').expect(header === undefined, 'a location request has no header');
			report.at('action', 'name').expect(field(action, 'name') === 'send_location', 'must be "send_location"');
			return;
		case 'product':
			report.at('header').expect(header === undefined, 'a product message has no header');
			requiredText(report.at('action', 'catalog_id'), field(action, 'catalog_id'));
			requiredText(report.at('action', 'product_retailer_id'), field(action, 'product_retailer_id'));
			return;
		case 'product_list':
			report.at('header').expect(header !== undefined, 'a product list requires its header');
			checkInteractiveHeader(report.at('header'), header, ['text']);
			requiredText(report.at('action', 'catalog_id'), field(action, 'catalog_id'));
			checkProductSections(report.at('action', 'sections'), field(action, 'sections'), 'product_items', 'product_retailer_id');
			return;
		case 'catalog_message':
			report.at('header').expect(header === undefined, 'a catalog message has no header');
			report.at('action', 'name').expect(field(action, 'name') === 'catalog_message', 'must be "catalog_message"');
			requiredText(report.at('action', 'parameters', 'thumbnail_product_retailer_id'), field(field(action, 'parameters'), 'thumbnail_product_retailer_id'));
			return;
		case 'flow':
			checkInteractiveHeader(report.at('header'), header, ['text']);
			report.at('action', 'name').expect(field(action, 'name') === 'flow', 'must be "flow"');
			checkFlowParameters(report.at('action', 'parameters'), field(action, 'parameters'));
			return;
		default:
			report.at('type').expect(false, `is not an interactive session type: ${JSON.stringify(type)}`);
	}
}

/** 1–10 sections, ≤ 30 products in all, each with its retailer ID; a section title is required with several sections. */
function checkProductSections(report: Report, value: unknown, itemsKey: string, retailerIdKey: string): void {
	const sections = list(report, value, 1, LIMIT.sectionsMax);
	let products = 0;
	sections.forEach((section, index) => {
		const at = report.at(index);
		const title = field(section, 'title');
		if (sections.length > 1) requiredText(at.at('title'), title, LIMIT.sectionTitle);
		else optionalText(at.at('title'), title, LIMIT.sectionTitle);
		list(at.at(itemsKey), field(section, itemsKey), 1, LIMIT.productsTotalMax).forEach((item, itemIndex) => {
			requiredText(at.at(itemsKey, itemIndex, retailerIdKey), field(item, retailerIdKey));
			products += 1;
		});
	});
	report.expect(products <= LIMIT.productsTotalMax, `has ${products} products in all; the limit is ${LIMIT.productsTotalMax}`);
}

/** `{flow_message_version:"3", flow_id | flow_name, flow_cta ≤ 30, flow_token?, mode?, flow_action?, flow_action_payload?}` */
function checkFlowParameters(report: Report, parameters: unknown): void {
	report.at('flow_message_version').expect(field(parameters, 'flow_message_version') === '3', 'must be "3"');
	const flowId = field(parameters, 'flow_id');
	const flowName = field(parameters, 'flow_name');
	report.expect((flowId === undefined) !== (flowName === undefined), 'must carry exactly one of flow_id and flow_name');
	if (flowId !== undefined) requiredText(report.at('flow_id'), flowId);
	if (flowName !== undefined) requiredText(report.at('flow_name'), flowName);
	requiredText(report.at('flow_cta'), field(parameters, 'flow_cta'), LIMIT.flowCta);
	optionalText(report.at('flow_token'), field(parameters, 'flow_token'));
	const mode = field(parameters, 'mode');
	report.at('mode').expect(mode === undefined || mode === 'draft' || mode === 'published', `must be draft or published, got ${JSON.stringify(mode)}`);
	const action = field(parameters, 'flow_action') ?? 'navigate';
	const payload = field(parameters, 'flow_action_payload');
	if (action === 'data_exchange') {
		report.at('flow_action_payload').expect(payload === undefined, 'is absent for data_exchange');
		return;
	}
	report.at('flow_action').expect(action === 'navigate', `must be navigate or data_exchange, got ${JSON.stringify(action)}`);
	requiredText(report.at('flow_action_payload', 'screen'), field(payload, 'screen'));
	const data = field(payload, 'data');
	if (data !== undefined) report.at('flow_action_payload', 'data').expect(isPlainObject(data) && Object.keys(data).length > 0, 'must be a non-empty object');
}

function checkInteractiveHeader(report: Report, header: unknown, kinds: string[]): void {
	if (header === undefined) return;
	const type = field(header, 'type');
	report.at('type').expect(typeof type === 'string' && kinds.includes(type), `must be one of ${kinds.join(', ')}, got ${JSON.stringify(type)}`);
	if (type === 'text') requiredText(report.at('text'), field(header, 'text'), LIMIT.headerText);
	else if (typeof type === 'string') checkLinkOrId(report.at(type), field(header, type));
}

/** 1–10 sections, ≤ 10 rows in all, unique row ids; a section title is required with several sections. */
function checkSections(report: Report, value: unknown, names: { rowTitle: string; sectionTitle?: string; rows?: string; rowId?: string; rowDescription?: string }): void {
	const sectionTitle = names.sectionTitle ?? 'title';
	const rowsKey = names.rows ?? 'rows';
	const rowId = names.rowId ?? 'id';
	const rowDescription = names.rowDescription ?? 'description';
	const sections = list(report, value, 1, LIMIT.sectionsMax);
	const rowIds: unknown[] = [];
	sections.forEach((section, index) => {
		const at = report.at(index);
		const title = field(section, sectionTitle);
		if (sections.length > 1) requiredText(at.at(sectionTitle), title, LIMIT.sectionTitle);
		else optionalText(at.at(sectionTitle), title, LIMIT.sectionTitle);
		list(at.at(rowsKey), field(section, rowsKey), 1, LIMIT.rowsTotalMax).forEach((row, rowIndex) => {
			const rowAt = at.at(rowsKey, rowIndex);
			requiredText(rowAt.at(rowId), field(row, rowId), LIMIT.rowId);
			requiredText(rowAt.at(names.rowTitle), field(row, names.rowTitle), LIMIT.rowTitle);
			optionalText(rowAt.at(rowDescription), field(row, rowDescription), LIMIT.rowDescription);
			rowIds.push(field(row, rowId));
		});
	});
	report.expect(rowIds.length <= LIMIT.rowsTotalMax, `has ${rowIds.length} rows in all; the limit is ${LIMIT.rowsTotalMax}`);
	unique(report, rowIds, 'row ids');
}

// ---------------------------------------------------------------------------------------------
// Connectly (PROVIDERS.md §3)

function checkConnectlyBody(report: Report, body: unknown): void {
	const recipient = field(body, 'recipient');
	checkConnectlyCustomer(report.at('recipient'), recipient);
	optionalText(report.at('recipient', 'name'), field(recipient, 'name'));
	const sender = field(body, 'sender');
	if (sender !== undefined) checkConnectlyParty(report.at('sender'), sender);
	report.at('context').expect(field(body, 'context') === undefined, 'Connectly cannot quote a message');
	const callbackData = field(body, 'callbackData');
	if (callbackData !== undefined) {
		const bytes = Buffer.byteLength(JSON.stringify(callbackData), 'utf8');
		report.at('callbackData').expect(bytes <= LIMIT.connectlyCallbackDataBytes, `is ${bytes} bytes as JSON; the limit is ${LIMIT.connectlyCallbackDataBytes}`);
	}
	optionalText(report.at('campaignName'), field(body, 'campaignName'));
	// `order {parentId, strategy?}` (PROVIDERS.md §3): a parent to wait for, and independent or short_circuit.
	const order = field(body, 'order');
	if (order !== undefined) {
		requiredText(report.at('order', 'parentId'), field(order, 'parentId'));
		const strategy = field(order, 'strategy');
		report.at('order', 'strategy').expect(strategy === undefined || strategy === 'independent' || strategy === 'short_circuit', `must be independent or short_circuit, got ${JSON.stringify(strategy)}`);
	}

	const message = field(body, 'message');
	const at = report.at('message');
	requiredText(at.at('id'), field(message, 'id'));
	const kinds = ['attachments', 'location', 'listMessage', 'replyButtonMessage', 'singleProductMessage', 'multiProductMessage'].filter(
		(key) => field(message, key) !== undefined,
	);
	at.expect(kinds.length <= 1, `must carry one content type, got ${kinds.join(', ')}`);
	const text = field(message, 'text');
	switch (kinds[0]) {
		case undefined:
			requiredText(at.at('text'), text, LIMIT.textBody);
			return;
		case 'attachments': {
			at.at('text').expect(text === undefined, 'an attachment message has no text');
			const [attachment] = list(at.at('attachments'), field(message, 'attachments'), 1, LIMIT.connectlyAttachments);
			checkAttachment(at.at('attachments', 0), attachment);
			return;
		}
		case 'location':
			at.at('text').expect(text === undefined, 'a location message has no text');
			checkLocation(at.at('location'), field(message, 'location'));
			return;
		case 'listMessage': {
			requiredText(at.at('text'), text, LIMIT.interactiveBody);
			const listMessage = field(message, 'listMessage');
			const listAt = at.at('listMessage');
			checkConnectlyFrame(listAt, listMessage, false);
			requiredText(listAt.at('button', 'text'), field(field(listMessage, 'button'), 'text'), LIMIT.listButton);
			checkSections(listAt.at('sections'), field(listMessage, 'sections'), { rowTitle: 'text' });
			return;
		}
		case 'replyButtonMessage': {
			requiredText(at.at('text'), text, LIMIT.interactiveBody);
			const buttonsMessage = field(message, 'replyButtonMessage');
			const buttonsAt = at.at('replyButtonMessage');
			checkConnectlyFrame(buttonsAt, buttonsMessage, true);
			const buttons = list(buttonsAt.at('buttons'), field(buttonsMessage, 'buttons'), 1, LIMIT.buttonsMax);
			buttons.forEach((button, index) => {
				requiredText(buttonsAt.at('buttons', index, 'id'), field(button, 'id'), LIMIT.buttonId);
				requiredText(buttonsAt.at('buttons', index, 'text'), field(button, 'text'), LIMIT.buttonTitle);
			});
			unique(buttonsAt.at('buttons'), buttons.map((button) => field(button, 'text')), 'button titles');
			return;
		}
		case 'singleProductMessage': {
			optionalText(at.at('text'), text, LIMIT.interactiveBody);
			const product = field(message, 'singleProductMessage');
			const productAt = at.at('singleProductMessage');
			productAt.at('header').expect(field(product, 'header') === undefined, 'a product message has no header');
			checkConnectlyFrame(productAt, product, false);
			requiredText(productAt.at('catalogId'), field(product, 'catalogId'));
			requiredText(productAt.at('productItem', 'productRetailerId'), field(field(product, 'productItem'), 'productRetailerId'));
			return;
		}
		case 'multiProductMessage': {
			requiredText(at.at('text'), text, LIMIT.interactiveBody);
			const products = field(message, 'multiProductMessage');
			const productsAt = at.at('multiProductMessage');
			productsAt.at('header').expect(field(products, 'header') !== undefined, 'a multi-product message requires its header');
			checkConnectlyFrame(productsAt, products, false);
			requiredText(productsAt.at('catalogId'), field(products, 'catalogId'));
			checkProductSections(productsAt.at('sections'), field(products, 'sections'), 'productItems', 'productRetailerId');
			return;
		}
	}
}

/** `{number, templateName, language, parameters:[{name, value}], sender?, callbackData?, campaignName?}` */
function checkConnectlyTemplateBody(report: Report, body: unknown): void {
	// "+E.164" for a phone number, "bsuid:<BSUID>" for a business-scoped user ID (PROVIDERS.md section 6).
	const number = field(body, 'number');
	if (typeof number === 'string' && number.startsWith('bsuid:')) bsuid(report.at('number'), number.slice('bsuid:'.length));
	else report.at('number').expect(typeof number === 'string' && /^\+[1-9]\d{7,14}$/.test(number), `must be +E.164, got ${JSON.stringify(number)}`);
	requiredText(report.at('templateName'), field(body, 'templateName'), LIMIT.templateName);
	report.at('order').expect(field(body, 'order') === undefined, 'the template endpoint has no order');
	requiredText(report.at('language'), field(body, 'language'));
	const sender = field(body, 'sender');
	if (sender !== undefined) report.at('sender').expect(typeof sender === 'string' && /^\+[1-9]\d{7,14}$/.test(sender), `must be +E.164, got ${JSON.stringify(sender)}`);
	const callbackData = field(body, 'callbackData');
	if (callbackData !== undefined) {
		const bytes = Buffer.byteLength(JSON.stringify(callbackData), 'utf8');
		report.at('callbackData').expect(bytes <= LIMIT.connectlyCallbackDataBytes, `is ${bytes} bytes as JSON; the limit is ${LIMIT.connectlyCallbackDataBytes}`);
	}
	const parameters = list(report.at('parameters'), field(body, 'parameters'), 0, Infinity);
	const names = parameters.map((parameter) => field(parameter, 'name'));
	unique(report.at('parameters'), names, 'parameter names');
	const hasOtherThanBody = names.some((name) => typeof name === 'string' && !name.startsWith('body_'));
	parameters.forEach((parameter, index) => {
		const at = report.at('parameters', index);
		const name = field(parameter, 'name');
		const value = field(parameter, 'value');
		if (typeof name !== 'string') {
			at.at('name').expect(false, `must be text, got ${JSON.stringify(name)}`);
			return;
		}
		const body = /^body_(\d+)$/.exec(name);
		if (body !== null) {
			at.at('name').expect(Number(body[1]) >= 1 && Number(body[1]) <= LIMIT.connectlyBodyParameters, `is beyond body_${LIMIT.connectlyBodyParameters}`);
			requiredText(at.at('value'), value, hasOtherThanBody ? LIMIT.templateBodyText : LIMIT.templateBodyTextBodyOnly);
		} else if (name === 'header_text') {
			requiredText(at.at('value'), value, LIMIT.templateHeaderText);
		} else if (/^header_(image|video|document)$/.test(name) || /^button_([1-9]|10)_url$/.test(name)) {
			httpUrl(at.at('value'), value);
		} else {
			at.at('name').expect(false, `is not a Connectly template parameter: ${name}`);
		}
	});
}

function checkConnectlyParty(report: Report, party: unknown): void {
	const id = field(party, 'id');
	report.at('id').expect(typeof id === 'string' && /^\+[1-9]\d{7,14}$/.test(id), `must be E.164 with "+", got ${JSON.stringify(id)}`);
	report.at('channelType').expect(field(party, 'channelType') === 'whatsapp', 'must be "whatsapp"');
}

/** The customer: a phone number in `id`, or a bare BSUID in `userId` in its place (seed 002, "Targeting by BSUID"). */
function checkConnectlyCustomer(report: Report, customer: unknown): void {
	const userId = field(customer, 'userId');
	if (userId === undefined) {
		checkConnectlyParty(report, customer);
		return;
	}
	bsuid(report.at('userId'), userId);
	report.at('id').expect(field(customer, 'id') === undefined, 'must be absent when userId holds a BSUID');
	report.at('channelType').expect(field(customer, 'channelType') === 'whatsapp', 'must be "whatsapp"');
}

function checkAttachment(report: Report, attachment: unknown): void {
	const type = field(attachment, 'type');
	report.at('type').expect(typeof type === 'string' && ATTACHMENT_KINDS.includes(type), `must be one of ${ATTACHMENT_KINDS.join(', ')}, got ${JSON.stringify(type)}`);
	httpUrl(report.at('url'), field(attachment, 'url'));
	const caption = field(attachment, 'caption');
	if (caption !== undefined) report.at('caption').expect(typeof type === 'string' && KINDS_WITH_CAPTION.includes(type), `is not allowed on ${String(type)}`);
	optionalText(report.at('caption'), caption, LIMIT.caption);
	const filename = field(attachment, 'filename');
	if (filename !== undefined) report.at('filename').expect(type === 'document', 'is for documents only');
	optionalText(report.at('filename'), filename);
}

/** A Connectly header is text ≤ 60 or, on reply buttons, a media attachment by URL; a footer ≤ 60. */
function checkConnectlyFrame(report: Report, message: unknown, mediaHeaderAllowed: boolean): void {
	const header = field(message, 'header');
	if (header !== undefined) {
		const attachment = field(header, 'attachment');
		if (attachment === undefined) {
			requiredText(report.at('header', 'text'), field(header, 'text'), LIMIT.headerText);
		} else {
			report.at('header').expect(mediaHeaderAllowed, 'takes text only');
			const type = field(attachment, 'type');
			report.at('header', 'attachment', 'type').expect(typeof type === 'string' && KINDS_WITH_CAPTION.includes(type), `must be image, video or document, got ${JSON.stringify(type)}`);
			httpUrl(report.at('header', 'attachment', 'url'), field(attachment, 'url'));
		}
	}
	const footer = field(message, 'footer');
	if (footer !== undefined) requiredText(report.at('footer', 'text'), field(footer, 'text'), LIMIT.footerText);
}

// ---------------------------------------------------------------------------------------------
// Texter (PROVIDERS.md §4). The names inside items are unverified and kept in texterFieldNames.ts.

function checkTexterRequest(report: Report, request: ProviderRequest): void {
	const chat = /\/server\/api\/v2\/messages\/send\/([^/?#]+)$/.exec(request.url)?.[1];
	const chatId = chat === undefined ? undefined : decodeURIComponent(chat);
	report.at('url').expect(chatId !== undefined && chatId.trim() !== '' && chatId !== '.' && chatId !== '..', `must end in /messages/send/{chat ID}, got ${request.url}`);
	const body = request.body;
	const at = report.at('body');
	requiredText(at.at('tmpSendId'), field(body, 'tmpSendId'));
	const context = field(body, 'context');
	if (context !== undefined) requiredText(at.at('context'), context);
	const names = TEXTER_FIELD_NAMES;
	const text = field(body, 'text');
	const type = field(body, 'type');
	switch (type) {
		case 'text':
			requiredText(at.at('text'), text, LIMIT.textBody);
			return;
		case 'media': {
			optionalText(at.at('text'), text, LIMIT.caption);
			list(at.at('media'), field(body, 'media'), 1, LIMIT.texterMediaMax).forEach((item, index) => {
				const itemAt = at.at('media', index);
				const kind = field(item, names.media.mediaType);
				itemAt.at(names.media.mediaType).expect(typeof kind === 'string' && ATTACHMENT_KINDS.includes(kind), `must be one of ${ATTACHMENT_KINDS.join(', ')}, got ${JSON.stringify(kind)}`);
				const url = field(item, names.media.url);
				const fileId = field(item, names.media.fileId);
				itemAt.expect((url === undefined) !== (fileId === undefined), 'must have exactly one of url and fileId');
				if (url !== undefined) httpUrl(itemAt.at(names.media.url), url);
				if (fileId !== undefined) requiredText(itemAt.at(names.media.fileId), fileId);
			});
			return;
		}
		case 'buttons': {
			requiredText(at.at('text'), text, LIMIT.interactiveBody);
			const buttons = list(at.at('buttons'), field(body, 'buttons'), 1, LIMIT.buttonsMax);
			buttons.forEach((button, index) => {
				requiredText(at.at('buttons', index, names.button.id), field(button, names.button.id), LIMIT.buttonId);
				requiredText(at.at('buttons', index, names.button.title), field(button, names.button.title), LIMIT.buttonTitle);
			});
			unique(at.at('buttons'), buttons.map((button) => field(button, names.button.title)), 'button titles');
			return;
		}
		case 'list': {
			requiredText(at.at('text'), text, LIMIT.interactiveBody);
			const listBody = field(body, 'list');
			const fields = names.list;
			requiredText(at.at('list', fields.buttonText), field(listBody, fields.buttonText), LIMIT.listButton);
			checkSections(at.at('list', fields.sections), field(listBody, fields.sections), {
				rowTitle: fields.rowTitle,
				sectionTitle: fields.sectionTitle,
				rows: fields.rows,
				rowId: fields.rowId,
				rowDescription: fields.rowDescription,
			});
			return;
		}
		case 'contacts':
			list(at.at('contacts'), field(body, 'contacts'), 1, Infinity).forEach((contact, index) => checkCloudContact(at.at('contacts', index), contact));
			return;
		case 'location': {
			const location = field(body, 'location');
			const fields = names.location;
			coordinate(at.at('location', fields.latitude), field(location, fields.latitude), LIMIT.latitude);
			coordinate(at.at('location', fields.longitude), field(location, fields.longitude), LIMIT.longitude);
			return;
		}
		default:
			at.at('type').expect(false, `is not a Texter message type: ${JSON.stringify(type)}`);
	}
}
