/**
 * Builds provider URLs from credential values. Values that go into the path are percent-encoded,
 * and "." / ".." are refused: URL parsers resolve dot segments (even "%2e%2e"), so a key like
 * ".." would silently send the message to a different endpoint.
 */

import type { IDataObject } from 'n8n-workflow';

import { toText } from '../../util/values';

export class CredentialSettingError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'CredentialSettingError';
	}
}

/** A credential field as text; an absent field reads as empty, which the URL builders refuse by name. */
export function credentialText(credentials: IDataObject, key: string): string {
	return toText(credentials[key]) ?? '';
}

/** "api.example.com" → "https://api.example.com"; a trailing slash is dropped. */
export function normaliseBaseUrl(written: string, fieldLabel: string): string {
	const trimmed = written.trim();
	if (trimmed === '') throw new CredentialSettingError(`The credential's ${fieldLabel} is empty.`);
	const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
	const url = parseUrl(withScheme);
	if (url === undefined) throw new CredentialSettingError(`The credential's ${fieldLabel} is not a valid URL.`);
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new CredentialSettingError(`The credential's ${fieldLabel} must use http:// or https://.`);
	}
	if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
		throw new CredentialSettingError(
			`The credential's ${fieldLabel} must not contain a query, a fragment or a user name.`,
		);
	}
	return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

function parseUrl(text: string): URL | undefined {
	try {
		return new URL(text);
	} catch {
		return undefined;
	}
}

/** One path segment from a credential value, safe whatever characters the value holds. */
export function encodePathSegment(value: string, fieldLabel: string): string {
	const trimmed = value.trim();
	if (trimmed === '') throw new CredentialSettingError(`The credential's ${fieldLabel} is empty.`);
	if (trimmed === '.' || trimmed === '..') {
		throw new CredentialSettingError(`The credential's ${fieldLabel} cannot be "." or "..".`);
	}
	return encodeURIComponent(trimmed);
}

/**
 * Fills "{name}" placeholders of a path template with encoded segments. Unknown placeholders are
 * an error rather than being sent literally.
 */
export function fillPathTemplate(
	template: string,
	segments: Record<string, string>,
	templateLabel: string,
): string {
	const path = template.trim().startsWith('/') ? template.trim() : `/${template.trim()}`;
	return path.replace(/\{([^}]*)\}/g, (_placeholder, name: string) => {
		const segment = segments[name];
		if (segment === undefined) {
			throw new CredentialSettingError(
				`The credential's ${templateLabel} has an unknown placeholder {${name}}; use ${Object.keys(segments)
					.map((key) => `{${key}}`)
					.join(' or ')}.`,
			);
		}
		return segment;
	});
}
