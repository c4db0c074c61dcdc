import type { INodeProperties } from 'n8n-workflow';

import { collectIssues, InvalidMessageError, type ValidationIssue } from '../../message/errors';
import { describeType, entryOptionalText, parseJson, readCollection, type FormValues } from '../../message/formValues';
import { normalisePhoneNumber } from '../../message/phoneNumber';
import { isJsonValue, toText, type JsonValue, type PlainObject } from '../../util/values';
import type { ProviderExtras } from '../contract/sending';

/** Connectly's own options: they travel beside the canonical message, and only its encoder reads them. */
export interface ConnectlyOptions {
	/** Any JSON value (≤ 1024 bytes serialised) echoed back in webhook events. */
	callbackData?: JsonValue;
	/** A campaign tag for analytics. */
	campaignName?: string;
	/** Which of the business's numbers sends, as E.164 digits without "+". */
	senderPhoneNumber?: string;
	/** The customer's display name. */
	recipientName?: string;
	/** Send only after an earlier message (Connectly's `order`). */
	order?: ConnectlyOrder;
}

/**
 * Connectly's `order {parentId, strategy}`: the message is dispatched after its parent message.
 * With "short circuit" it is dropped when the parent was not delivered; "independent" sends it
 * either way. Without a strategy Connectly applies its own default (`strategy_unspecified`).
 */
export interface ConnectlyOrder {
	parentId: string;
	strategy?: ConnectlyOrderStrategy;
}

export const CONNECTLY_ORDER_STRATEGIES = ['independent', 'shortCircuit'] as const;

export type ConnectlyOrderStrategy = (typeof CONNECTLY_ORDER_STRATEGIES)[number];

/** Connectly's own spelling of each strategy. */
export const CONNECTLY_ORDER_STRATEGY_WIRE: Record<ConnectlyOrderStrategy, string> = {
	independent: 'independent',
	shortCircuit: 'short_circuit',
};

export const CONNECTLY_OPTION_LABELS = {
	callbackData: 'Callback Data',
	campaignName: 'Campaign Name',
	senderPhoneNumber: 'Sender Phone Number',
	recipientName: 'Recipient Name',
	order: 'Send After Message ID',
} as const satisfies Record<keyof ConnectlyOptions, string>;

/** The strategy has its own field beside the parent message's ID. */
const ORDER_STRATEGY_LABEL = 'Send After Strategy';

const L = CONNECTLY_OPTION_LABELS;

/** Their fields in the node's Options collection. */
const OPTION_PROPERTIES: INodeProperties[] = [
	{
		displayName: L.callbackData,
		name: 'callbackData',
		type: 'json',
		default: '',
		description:
			'Any JSON value, up to 1024 bytes, that Connectly echoes back in every webhook event for this message. Text goes in double quotes.',
	},
	{
		displayName: L.campaignName,
		name: 'campaignName',
		type: 'string',
		default: '',
		placeholder: 'spring_sale_2025',
		description: 'Tags the message with a campaign for Connectly\'s analytics',
	},
	{
		displayName: L.recipientName,
		name: 'recipientName',
		type: 'string',
		default: '',
		description: 'The customer\'s display name, for Connectly\'s inbox',
	},
	{
		displayName: L.senderPhoneNumber,
		name: 'senderPhoneNumber',
		type: 'string',
		default: '',
		placeholder: '+1 415 111 1234',
		description: 'Which of your business\'s WhatsApp numbers sends, when it has several. Leave empty for the only one.',
	},
	{
		displayName: L.order,
		name: 'orderParentId',
		type: 'string',
		default: '',
		description:
			'The ID Connectly gave an earlier message (its output\'s messageId): Connectly sends this message only after that one, so two messages cannot arrive the wrong way round',
	},
	{
		displayName: ORDER_STRATEGY_LABEL,
		name: 'orderStrategy',
		type: 'options',
		options: [
			{ name: 'Connectly\'s Default', value: 'default', description: 'Send no strategy; Connectly decides' },
			{ name: 'Independent', value: 'independent', description: 'Send after the earlier message, whether or not it was delivered' },
			{ name: 'Short Circuit', value: 'shortCircuit', description: 'Send only if the earlier message was delivered' },
		],
		default: 'default',
		description: 'What happens to this message when the earlier one fails; used with Send After Message ID',
	},
];

export const connectlyExtras: ProviderExtras<ConnectlyOptions> = {
	options: OPTION_PROPERTIES,
	fields: [],
	read: (form: FormValues) => {
		const options = readConnectlyOptions(readCollection(form, 'options'));
		return Object.keys(options).length > 0 ? options : undefined;
	},
	// Connectly's own limit on them (callback data size) is checked where it encodes them.
	validate: () => [],
};

/** One item's Connectly options from the Options collection; every bad one is reported at once. */
export function readConnectlyOptions(options: PlainObject): ConnectlyOptions {
	const issues: ValidationIssue[] = [];
	const campaignName = entryOptionalText(options, 'campaignName')?.trim() || undefined;
	const recipientName = entryOptionalText(options, 'recipientName')?.trim() || undefined;
	const callbackData = collectIssues(issues, () => readCallbackData(options.callbackData));
	const senderPhoneNumber = collectIssues(issues, () => readSenderPhoneNumber(options.senderPhoneNumber));
	const order = collectIssues(issues, () => readOrder(options));
	if (issues.length > 0) throw new InvalidMessageError(issues);
	return {
		...(order !== undefined && { order }),
		...(callbackData !== undefined && { callbackData }),
		...(campaignName !== undefined && { campaignName }),
		...(senderPhoneNumber !== undefined && { senderPhoneNumber }),
		...(recipientName !== undefined && { recipientName }),
	};
}

/**
 * Callback data is any JSON value. Typed into the form it arrives as JSON text; an expression may
 * hand over the value itself. Text that is not JSON is refused rather than guessed at, because a
 * bare word and a JSON string would otherwise reach webhooks differently.
 */
function readCallbackData(value: unknown): JsonValue | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'string') {
		if (value.trim() === '') return undefined;
		const parsed = parseJson(value);
		if (!parsed.ok) {
			throw new InvalidMessageError([
				{
					field: L.callbackData,
					problem: `is not valid JSON: ${parsed.reason}. Write text in double quotes, for example "order-1042"`,
				},
			]);
		}
		return toJsonValue(parsed.value);
	}
	return toJsonValue(value);
}

function toJsonValue(value: unknown): JsonValue {
	if (isJsonValue(value)) return value;
	throw new InvalidMessageError([
		{ field: L.callbackData, problem: `must be a JSON value (got ${describeType(value)})` },
	]);
}

function readSenderPhoneNumber(value: unknown): string | undefined {
	const written = toText(value)?.trim() ?? '';
	if (written === '') return undefined;
	const result = normalisePhoneNumber(written);
	if (!result.ok) {
		throw new InvalidMessageError([{ field: L.senderPhoneNumber, problem: `"${written}" ${result.problem}` }]);
	}
	return result.digits;
}

/** A strategy alone orders nothing: it is refused rather than dropped, so the user sees the missing ID. */
function readOrder(options: PlainObject): ConnectlyOrder | undefined {
	const parentId = entryOptionalText(options, 'orderParentId')?.trim() || undefined;
	const written = options.orderStrategy;
	const strategy = CONNECTLY_ORDER_STRATEGIES.find((candidate) => candidate === written);
	if (written !== undefined && written !== 'default' && strategy === undefined) {
		throw new InvalidMessageError([
			{ field: ORDER_STRATEGY_LABEL, problem: `must be default, independent or shortCircuit (got ${describeType(written)})` },
		]);
	}
	if (parentId === undefined) {
		if (strategy === undefined) return undefined;
		throw new InvalidMessageError([{ field: ORDER_STRATEGY_LABEL, problem: `needs ${L.order}: the earlier message to wait for` }]);
	}
	return strategy === undefined ? { parentId } : { parentId, strategy };
}

/** `order` on the wire, as Connectly's send-message API spells it. */
export function encodeConnectlyOrder(order: ConnectlyOrder): { parentId: string; strategy?: string } {
	return { parentId: order.parentId, ...(order.strategy !== undefined && { strategy: CONNECTLY_ORDER_STRATEGY_WIRE[order.strategy] }) };
}

export const CONNECTLY_LIMITS = {
	/** `callbackData` serialised as JSON; larger gets HTTP 400. */
	callbackDataBytes: 1024,
} as const;

/** Byte length as Connectly counts it: the UTF-8 of the serialised JSON. */
export function serialisedByteLength(value: unknown): number {
	return new TextEncoder().encode(JSON.stringify(value)).length;
}

export function callbackDataIssues({ callbackData }: ConnectlyOptions): ValidationIssue[] {
	if (callbackData === undefined) return [];
	const bytes = serialisedByteLength(callbackData);
	if (bytes <= CONNECTLY_LIMITS.callbackDataBytes) return [];
	return [
		{
			field: CONNECTLY_OPTION_LABELS.callbackData,
			problem: `is ${bytes} bytes as JSON; Connectly's limit is ${CONNECTLY_LIMITS.callbackDataBytes}`,
		},
	];
}
