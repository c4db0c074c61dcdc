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
}

export const CONNECTLY_OPTION_LABELS = {
	callbackData: 'Callback Data',
	campaignName: 'Campaign Name',
	senderPhoneNumber: 'Sender Phone Number',
	recipientName: 'Recipient Name',
} as const satisfies Record<keyof ConnectlyOptions, string>;

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
	if (issues.length > 0) throw new InvalidMessageError(issues);
	return {
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
