/**
 * Where Get Media may fetch a file from, and whether the credential goes along: a pure decision
 * taken for the first URL and again for every redirect, before any request (ARCHITECTURE.md,
 * "Least privilege"). A file URL comes from outside (a webhook body, a provider's metadata), so
 * an unchecked one would let whoever forges it make n8n fetch internal addresses.
 */

/** What the provider's declaration and the credential say about one run's downloads. */
export interface DownloadHosts {
	/** The credential's own API origin (its Base URL or Domain): reachable with the credential, over http too. */
	apiOrigin: string;
	/** The provider's declared file hosts: https only. */
	fileHosts: readonly string[];
	credentialGoesToFileHosts: boolean;
	/** Get Media › Options › Allow Other Hosts: any http(s) host, never with the credential. */
	allowOtherHosts: boolean;
}

/** Which limiter a request waits on: the provider's API shares the provider's; a file host has its own. */
export type RequestClass = 'providerApi' | 'fileHost';

export type DownloadDecision =
	| { allowed: true; withCredential: boolean; requestClass: RequestClass }
	| { allowed: false; host: string; why: 'notHttps' | 'notDeclared' };

export function decideDownload(url: URL, hosts: DownloadHosts): DownloadDecision {
	if (url.origin === hosts.apiOrigin) return { allowed: true, withCredential: true, requestClass: 'providerApi' };
	const host = url.hostname.toLowerCase();
	const declared = hosts.fileHosts.some((fileHost) => fileHost.toLowerCase() === host);
	if (declared && url.protocol === 'https:' && url.port === '') {
		return { allowed: true, withCredential: hosts.credentialGoesToFileHosts, requestClass: 'fileHost' };
	}
	if (hosts.allowOtherHosts && (url.protocol === 'https:' || url.protocol === 'http:')) {
		return { allowed: true, withCredential: false, requestClass: 'fileHost' };
	}
	// A URL without a host (file:, data:) is named by its scheme.
	return { allowed: false, host: url.host || url.protocol, why: declared ? 'notHttps' : 'notDeclared' };
}

/**
 * A redirect's next hop: decided like a first URL, and the credential never crosses to another
 * origin, even one it may go to directly: a redirect is the server's word, not the provider's
 * declaration.
 */
export function decideRedirect(from: URL, to: URL, hosts: DownloadHosts): DownloadDecision {
	const decision = decideDownload(to, hosts);
	if (!decision.allowed || to.origin === from.origin) return decision;
	return { ...decision, withCredential: false };
}
