import { NodeOperationError, type ILoadOptionsFunctions, type INodeListSearchResult } from 'n8n-workflow';

import { isProviderChoice, PROVIDERS } from '../providers';
import { CredentialSettingError } from '../providers/shared/endpoint';
import { wordProviderError } from '../providers/shared/errorWording';
import { describeTemplate } from '../providers/contract/templates';
import { DELIVERY_DEFAULTS } from '../transport/defaults';
import { isSuccessStatus } from '../transport/http';
import { n8nFormRequest } from '../transport/n8nHttp';
import { redactText, secretVariants } from '../transport/redact';

/**
 * The template picker's list: the chosen provider's approved templates, filtered by the search
 * text, each with what it takes (language, body parameters, header, buttons) as its description.
 */
export async function searchTemplates(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const choice = this.getCurrentNodeParameter('provider');
	const provider = isProviderChoice(choice) ? PROVIDERS[choice] : undefined;
	const catalog = provider?.templates;
	if (provider === undefined || catalog === undefined) {
		throw new NodeOperationError(this.getNode(), 'This provider has no template list; write the template\'s name instead (By Name)');
	}
	const credentials = await this.getCredentials(provider.credentialType);
	let secrets: string[];
	let request: ReturnType<typeof catalog.request>;
	try {
		secrets = secretVariants(provider.connect(credentials).secrets);
		request = catalog.request(credentials);
	} catch (error) {
		throw new NodeOperationError(
			this.getNode(),
			error instanceof CredentialSettingError ? `${error.message} The template list needs it.` : error instanceof Error ? error : String(error),
		);
	}
	const response = await n8nFormRequest(this, provider.credentialType, request, DELIVERY_DEFAULTS.timeoutMs);
	if (!isSuccessStatus(response.statusCode)) {
		const wording = wordProviderError(provider.decodeError(response.statusCode, response.body), response.statusCode, provider);
		throw new NodeOperationError(this.getNode(), `Could not list the templates: ${redactText(wording.message, secrets)}`, {
			description: redactText(wording.description, secrets),
		});
	}
	const wanted = (filter ?? '').trim().toLowerCase();
	return {
		results: catalog
			.decode(response.body)
			.filter((template) => template.name.toLowerCase().includes(wanted))
			.map((template) => ({ name: `${template.name} (${template.language})`, value: template.name, description: describeTemplate(template) })),
	};
}
