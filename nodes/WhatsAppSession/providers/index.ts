import { metaCloudApiProvider, sessionApiProvider } from './cloudApiProviders';
import { connectlyProvider } from './connectly';
import { texterProvider } from './texter';
import type { ProviderAdapter } from './types';

/** The node's "Provider" choice → the adapter that speaks that provider's wire format. */
export const PROVIDERS = {
	cloudApiCompatible: sessionApiProvider,
	metaCloudApi: metaCloudApiProvider,
	connectly: connectlyProvider,
	texter: texterProvider,
} as const satisfies Record<string, ProviderAdapter>;

export type ProviderChoice = keyof typeof PROVIDERS;

export function isProviderChoice(value: unknown): value is ProviderChoice {
	return typeof value === 'string' && Object.prototype.hasOwnProperty.call(PROVIDERS, value);
}
