import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { SessionMessage, TemplateContent } from '../message/types';
import type { ProviderAdapter } from '../providers/contract/adapter';
import type { ProviderError, ProviderRequest } from '../providers/contract/sending';
import type { DeliveryResult } from '../transport/deliver';
import { failedDeliveryError, type NodeError } from './errors';
import { acceptedOutput } from './output';
import { deliveryFacts, type SendingRun } from './sending';

/**
 * "If the 24-Hour Window Is Closed → Send a Template Instead": the template goes out only after
 * the provider refused the session message for the closed window. That refusal means nothing was
 * delivered, so the customer gets exactly one message.
 */

/** The template as a message of its own: same customer and provider options, no quote. */
export function templateInsteadOf(message: SessionMessage<unknown>, template: TemplateContent): SessionMessage<unknown> {
	const fallback: SessionMessage<unknown> = { ...message, content: template };
	// The quoted message belongs to the conversation that lapsed.
	delete fallback.replyToMessageId;
	return fallback;
}

/** The provider's refusal when it says the window is closed, as its adapter decodes it; otherwise undefined. */
export function windowClosedRefusal(provider: ProviderAdapter, outcome: DeliveryResult['outcome']): ProviderError | undefined {
	if (outcome.kind !== 'rejected') return undefined;
	const refusal = provider.decodeError(outcome.response.statusCode, outcome.response.body);
	return refusal.kind === 'windowClosed' ? refusal : undefined;
}

/** The template's failure, worded so that it names both refusals: the window's and the template's. */
export function fallbackRefusedError(closedWindow: ProviderError, templateError: NodeError): NodeError {
	const code = closedWindow.providerCode === undefined ? '' : ` (${closedWindow.providerCode})`;
	templateError.message = `The 24-hour window was closed${code} and the template sent instead failed too: ${templateError.message}`;
	const templateDescription = typeof templateError.description === 'string' ? ` ${templateError.description}` : '';
	templateError.description =
		`The session message was refused because the customer has not written in the last 24 hours${code}; nothing was delivered. The template was then refused:${templateDescription}`;
	return templateError;
}

/** The template that stands in for a session message the provider refused for the closed window. */
export interface WindowClosedFallback {
	closedWindow: ProviderError;
	fallback: { message: SessionMessage<unknown>; request: ProviderRequest };
	itemIndex: number;
	timeoutMs: number;
	/** The item's way of delivering, so its requests are traced alike (idempotency.ts). */
	deliver(request: ProviderRequest): Promise<DeliveryResult>;
}

/**
 * The provider refused the session message for the closed window, so nothing reached the
 * customer: the template is the only message this item delivers, through the same pacing,
 * retries and limiter as every other request.
 */
export async function sendWindowClosedFallback(
	context: IExecuteFunctions,
	run: SendingRun,
	{ closedWindow, fallback, itemIndex, timeoutMs, deliver }: WindowClosedFallback,
): Promise<IDataObject> {
	const delivery = await deliver(fallback.request);
	const { outcome } = delivery;
	if (outcome.kind === 'accepted') {
		return acceptedOutput(run.provider, fallback.message, outcome.response, run.secrets, {
			sentAs: 'template',
			...(closedWindow.providerCode !== undefined && { windowClosedCode: closedWindow.providerCode }),
		});
	}
	const facts = deliveryFacts(run, itemIndex, timeoutMs);
	throw fallbackRefusedError(closedWindow, failedDeliveryError(context, run.provider, outcome, delivery, facts));
}
