import type { ProviderAdapter } from '../providers/contract/adapter';

/**
 * Send and Wait for Reply needs a provider that sends reply buttons and lists, and whose webhook
 * gives the trigger each tap with the id the choice was sent with (the reference travels in it).
 */
export function asksAndWaits(adapter: ProviderAdapter): boolean {
	return (
		adapter.inbound?.repliesCarryChoiceIds === true &&
		adapter.carries.contentTypes.includes('replyButtons') &&
		adapter.carries.contentTypes.includes('list')
	);
}
