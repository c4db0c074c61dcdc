import {
	updateDisplayOptions,
	type ICredentialTestFunction,
	type INodeProperties,
	type INodePropertyOptions,
} from 'n8n-workflow';

import type { OptionalMessageField } from '../message/types';
import { allProviders } from '../providers';
import type { ProviderAdapter } from '../providers/contract/adapter';

/**
 * The form's per-provider parts, derived from what each adapter declares, so that the form offers
 * exactly what the chosen provider carries and a new provider needs no edit here.
 */

/** The ids of the providers for which the test holds, for a field's displayOptions. */
export function providersWhere(test: (adapter: ProviderAdapter) => boolean): string[] {
	return allProviders()
		.filter(test)
		.map((adapter) => adapter.id);
}

/** The providers that send this part of the canonical message; the form hides it for the others. */
export function providersCarrying(field: OptionalMessageField): string[] {
	return providersWhere((adapter) => adapter.carries.messageFields.includes(field));
}

/**
 * n8n cannot hide single options of a field by another field's value, but it can show one of
 * several same-named fields. Providers that declare the same list share one such field.
 */
export function groupProvidersBy<Value extends string>(
	listOf: (adapter: ProviderAdapter) => readonly Value[],
): Array<{ providers: string[]; values: Value[] }> {
	const groups = new Map<string, { providers: string[]; values: Value[] }>();
	for (const adapter of allProviders()) {
		const values = [...listOf(adapter)].sort();
		const key = values.join('|');
		const group = groups.get(key) ?? { providers: [], values };
		group.providers.push(adapter.id);
		groups.set(key, group);
	}
	return [...groups.values()];
}

/** Each adapter's own top-level fields, shown only when it is the chosen provider. */
export function providerOwnFields(): INodeProperties[] {
	return allProviders().flatMap((adapter) =>
		updateDisplayOptions({ show: { provider: [adapter.id] } }, [...adapter.extras.fields]),
	);
}

/** Each adapter's own fields of the Options collection, shown only when it is the chosen provider. */
export function providerOwnOptions(): INodeProperties[] {
	return allProviders().flatMap((adapter) =>
		adapter.extras.options.map((option) => ({
			...option,
			displayOptions: { show: { '/provider': [adapter.id] } },
		})),
	);
}

/** The Provider field's options, one per registered adapter, sorted by name as n8n's lint asks. */
export function providerChoices(): INodePropertyOptions[] {
	return allProviders()
		.map((adapter) => ({ ...adapter.choice, value: adapter.id }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** The credential tests the node runs for its adapters, by the names their credentials give (testedBy). */
export function providerCredentialTests(): Record<string, ICredentialTestFunction> {
	return Object.fromEntries(
		allProviders().flatMap((adapter) =>
			adapter.credentialTest === undefined ? [] : [[adapter.credentialTest.name, adapter.credentialTest.test]],
		),
	);
}
