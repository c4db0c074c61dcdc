import {
	NodeConnectionTypes,
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { STATUS_NAMES } from './providers/contract/inbound';
import { assertNever, isPlainObject, toText } from './util/values';
import { providerCredentialTests } from './description/byProvider';
import { DEFAULT_TRIGGER_PROVIDER, findListeningProvider, triggerProperties, type ListeningProvider } from './trigger/description';
import { receiveWebhook, type TriggerSetup, type WebhookOutcome, type WebhookRequest } from './trigger/receive';
import { settleWhenAnswered } from './trigger/answer';
import { readCredential, readFresh } from './trigger/credentialCache';
import { PERSISTED_EVENTS, claimEvents, inFlightKeysOf, seenEventsOf, settleClaim, type SeenEvents } from './trigger/recentEvents';
import { selectionFromParameters, type EventSelection } from './trigger/selection';
import { passOnWaitingReplies, type WaitingOptions } from './waiting/resumeFromTrigger';

/** Where the keys of events already passed on are kept, in the workflow's static data. */
const REMEMBERED_KEY = 'rememberedEvents';

export class WhatsAppSessionTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Session Trigger',
		name: 'whatsAppSessionTrigger',
		icon: { light: 'file:whatsAppSessionTrigger.svg', dark: 'file:whatsAppSessionTrigger.dark.svg' },
		group: ['trigger'],
		// 1.1 behaves exactly as 1. n8n 2.41 evaluates `$parameter["options"]["binaryData"]` as an
		// expression, in its isolate, for every request to a webhook node of version 1
		// (webhook-helpers.js, parseRequestBody); from 1.1 on it does not. That expression was the
		// largest cost of an unselected status in `npm run bench:inbound`'s profile. Workflows
		// saved with version 1 keep it until the node is added anew.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle:
			'={{ $parameter["events"] === "statuses" ? "On statuses" : $parameter["events"] === "messagesAndStatuses" ? "On messages and statuses" : $parameter["events"] === "accountEvents" ? "On account events" : "On messages" }}',
		description:
			// n8n's node panel merges this trigger with the sending node into one "WhatsApp Session" entry
			// and shows this description for both (also under "What happens next?"), so it says both.
			'Reply to WhatsApp customers in their 24-hour window, and start workflows when they write, tap a button, or a message is delivered, read or fails',
		defaults: { name: 'WhatsApp Session Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		// Literal, because n8n's community lint reads credentials from here. A unit test holds it to
		// the registry: each provider that declares webhooks, with its own credential.
		credentials: [
			{
				name: 'whatsAppSessionApi',
				required: true,
				testedBy: 'whatsAppSessionApiCredentialTest',
				displayOptions: { show: { provider: ['cloudApiCompatible'] } },
			},
			{ name: 'whatsAppCloudApi', required: true, displayOptions: { show: { provider: ['metaCloudApi'] } } },
			{ name: 'connectlyApi', required: true, displayOptions: { show: { provider: ['connectly'] } } },
			{
				name: 'texterApi',
				required: true,
				testedBy: 'texterApiCredentialTest',
				displayOptions: { show: { provider: ['texter'] } },
			},
		],
		webhooks: [
			// Meta's verification request.
			{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'webhook' },
			// Events, and the body-borne verification of Cloud-API-format providers.
			// n8n answers 200 once the execution exists, so a provider redelivers what n8n never took.
			// Without "noData" it would answer the text "firstEntryJson", its default's name.
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: 'noData', path: 'webhook' },
		],
		properties: triggerProperties,
	};

	methods = {
		credentialTest: providerCredentialTests(),
	};

	/**
	 * Nothing to register from n8n: each provider keeps its webhook URL in its own dashboard (or,
	 * for Connectly, behind an API call the README shows), where the user pastes the URL once.
	 * Saying it exists keeps n8n from calling create on activation.
	 */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const providerId = this.getNodeParameter('provider', DEFAULT_TRIGGER_PROVIDER);
		const provider = findListeningProvider(providerId);
		if (provider === undefined) {
			throw new NodeOperationError(this.getNode(), `The provider "${String(providerId)}" sends no webhooks this trigger understands`);
		}
		const request = this.getRequestObject();
		// n8n reads the body before the node runs; a request it did not read is read here.
		if (!(request.rawBody instanceof Uint8Array)) await request.readRawBody();
		const staticData = this.getWorkflowStaticData('node');
		const trigger = `${this.getWorkflow().id ?? ''}:${this.getNode().id}`;
		const now = Date.now();
		const seen = seenEventsOf(trigger, () => rememberedKeys(staticData), now);
		const webhookRequest: WebhookRequest = {
			method: request.method === 'GET' ? 'GET' : 'POST',
			query: this.getQueryData(),
			headers: this.getHeaderData(),
			rawBody: request.rawBody instanceof Uint8Array ? request.rawBody : new Uint8Array(),
		};
		const outcome = await decide(this, { provider, trigger, now }, (credentials) =>
			receiveWebhook(webhookRequest, { ...readSetup(this, provider, credentials), seen, inFlight: inFlightKeysOf(trigger, now), receivedAt: new Date(now).toISOString() }),
		);

		switch (outcome.kind) {
			case 'reply': {
				// Handshakes want the bare challenge as text, and refusals must not start an execution.
				const response = this.getResponseObject();
				response.status(outcome.status).type('text/plain').send(outcome.body);
				return { noWebhookResponse: true };
			}
			case 'nothingNew':
				// No execution starts, so n8n saves static data written now: a redelivery is the moment
				// the memory reaches the database. Unselected events write nothing, so a storm of
				// them costs n8n no database write.
				if (outcome.repeated > 0) save(staticData, seen);
				return { webhookResponse: 'OK' };
			case 'run':
				return await passOnEvents(this, { trigger, staticData, seen }, outcome);
			default:
				return assertNever(outcome, 'webhook outcome');
		}
	}
}

/**
 * The request's outcome with the credential kept from a recent request (see credentialCache.ts);
 * a refusal under a kept credential is decided again with a fresh read, so a changed secret or
 * verify token is never refused for being stale.
 */
async function decide(
	context: IWebhookFunctions,
	at: { provider: ListeningProvider; trigger: string; now: number },
	outcomeWith: (credentials: ICredentialDataDecryptedObject) => WebhookOutcome,
): Promise<WebhookOutcome> {
	const type = at.provider.credentialType;
	const key = `${at.trigger}:${type}:${context.getNode().credentials?.[type]?.id ?? ''}`;
	const read = async (): Promise<ICredentialDataDecryptedObject> => await context.getCredentials(type);
	const first = await readCredential(key, at.now, read);
	const outcome = outcomeWith(first.credentials);
	const refused = outcome.kind === 'reply' && (outcome.status === 401 || outcome.status === 403);
	return first.reused && refused ? outcomeWith(await readFresh(key, at.now, read)) : outcome;
}

/**
 * Starts the execution with the events. Their keys are remembered only once n8n has started it
 * (see recentEvents.ts): a start that fails must leave the provider's redelivery free to run.
 */
async function passOnEvents(
	context: IWebhookFunctions,
	memory: { trigger: string; staticData: IDataObject; seen: SeenEvents },
	outcome: Extract<WebhookOutcome, { kind: 'run' }>,
): Promise<IWebhookResponseData> {
	const { trigger, staticData, seen } = memory;
	const claim = claimEvents(trigger, outcome.claimed, Date.now());
	// n8n saves this only when the workflow's static data was empty (see recentEvents.ts).
	save(staticData, seen);
	const items = await passOnWaitingReplies(context, outcome.events, outcome.items, readWaitingOptions(context));
	// Every event resumed a waiting execution, and the builder did not ask to see those.
	if (items.length === 0) {
		settleClaim(claim, true, seen, Date.now());
		return { webhookResponse: 'OK' };
	}
	settleWhenAnswered(context.getResponseObject(), (taken) => settleClaim(claim, taken, seen, Date.now()));
	return { workflowData: [items.map((json) => ({ json }))] };
}

/** The newest keys, for what n8n saves of static data (a restart keeps those). */
function save(staticData: IDataObject, seen: SeenEvents): void {
	staticData[REMEMBERED_KEY] = seen.newest(PERSISTED_EVENTS);
}

function rememberedKeys(staticData: IDataObject): string[] {
	const stored = staticData[REMEMBERED_KEY];
	return Array.isArray(stored) ? stored.filter((key): key is string => typeof key === 'string') : [];
}

/** What the trigger's parameters and credential say, for receiveWebhook. */
function readSetup(
	context: IWebhookFunctions,
	provider: ListeningProvider,
	credentials: ICredentialDataDecryptedObject,
): Omit<TriggerSetup, 'seen' | 'inFlight' | 'receivedAt'> {
	const { inbound } = provider;
	return {
		provider: provider.id,
		inbound,
		signingSecret: toText(credentials[inbound.signingSecret.name]) ?? '',
		verifyToken: inbound.verifyToken === undefined ? '' : (toText(credentials[inbound.verifyToken.name]) ?? ''),
		selection: readSelection(context),
		acceptUnsigned: readOptionFlag(context, 'acceptUnsigned', false),
	};
}

function readSelection(context: IWebhookFunctions): EventSelection {
	return selectionFromParameters(
		context.getNodeParameter('events', 'messages'),
		context.getNodeParameter('statuses', [...STATUS_NAMES]),
		context.getNodeParameter('options', {}),
		context.getNodeParameter('accountEvents', []),
	);
}

function readOptionFlag(context: IWebhookFunctions, name: string, fallback: boolean): boolean {
	const options: unknown = context.getNodeParameter('options', {});
	const value: unknown = isPlainObject(options) ? options[name] : undefined;
	return typeof value === 'boolean' ? value : fallback;
}

function readWaitingOptions(context: IWebhookFunctions): WaitingOptions {
	return {
		resume: readOptionFlag(context, 'resumeWaiting', true),
		outputResumed: readOptionFlag(context, 'outputResumingReplies', false),
	};
}
