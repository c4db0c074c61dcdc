import { cloudApiCompatibleProvider, metaCloudApiProvider } from './cloudApi/adapters';
import { connectlyProvider } from './connectly/adapter';
import { texterProvider } from './texter/adapter';
import type { ProviderAdapter } from './contract/adapter';

/**
 * The one registry: the node's "Provider" choice → the adapter that knows that provider. Adding a
 * provider adds one line here; the form, the router and the tests take it from this list.
 */
export const PROVIDERS = registry({
	cloudApiCompatible: cloudApiCompatibleProvider,
	metaCloudApi: metaCloudApiProvider,
	connectly: connectlyProvider,
	texter: texterProvider,
});

export type ProviderChoice = keyof typeof PROVIDERS;

/** The provider of workflows saved before the choice existed, or with it left at its default. Never change it. */
export const DEFAULT_PROVIDER: ProviderChoice = 'cloudApiCompatible';

export function isProviderChoice(value: unknown): value is ProviderChoice {
	return typeof value === 'string' && Object.prototype.hasOwnProperty.call(PROVIDERS, value);
}

/** Every adapter, in the registry's order. */
export function allProviders(): ProviderAdapter[] {
	return Object.values(PROVIDERS);
}

/** Compiles only when every adapter's id is its key, so the stored choice and the output's `provider` agree. */
function registry<Registry extends { [Id in keyof Registry & string]: ProviderAdapter<unknown, Id> }>(
	adapters: Registry,
): Registry {
	return adapters;
}
