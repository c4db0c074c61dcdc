import type { TemplateContent } from '../message/types';
import type { SessionMessage } from '../message/types';
import type { ProviderError } from '../providers/contract/sending';
import type { ProviderAdapter } from '../providers/contract/adapter';
import type { DeliveryResult } from '../transport/deliver';
import type { NodeError } from './errors';

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
