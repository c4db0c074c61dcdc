import type { ValidationIssue } from './errors';
import type { MediaSource } from './types';

/**
 * The generic checks every message part is held to (required, length, range, URL), each adding a
 * field-named issue. Session and template validation both build on them, so they live below both.
 */

export function requireText(issues: ValidationIssue[], field: string, value: string): void {
	if (value.trim() === '') issues.push({ field, problem: 'is required' });
}

/** An optional header or footer of only spaces would go out as an empty one, which WhatsApp refuses. */
export function notBlankWhenSet(issues: ValidationIssue[], field: string, value: string): void {
	if (value.trim() === '') issues.push({ field, problem: 'holds only spaces; leave it empty to send none' });
}

/** Counts characters as WhatsApp does (code points), so an emoji counts once, not twice. */
export function characterCount(value: string): number {
	return Array.from(value).length;
}

export function maxLength(issues: ValidationIssue[], field: string, value: string, limit: number): void {
	const length = characterCount(value);
	if (length > limit) {
		issues.push({ field, problem: `is ${length} characters long; the limit is ${limit}` });
	}
}

export function countInRange(
	issues: ValidationIssue[],
	field: string,
	count: number,
	min: number,
	max: number,
	noun: string,
): void {
	if (count < min || count > max) {
		issues.push({ field, problem: `must have ${min} to ${max} ${noun} (got ${count})` });
	}
}

/** A list's section title: required once the list has more than one section, and short. */
export function validateSectionTitle(issues: ValidationIssue[], field: string, title: string | undefined, sectionCount: number, limit: number): void {
	if (title === undefined || title.trim() === '') {
		if (sectionCount > 1) issues.push({ field, problem: 'is required when the list has more than one section' });
	} else {
		maxLength(issues, field, title, limit);
	}
}

export function numberInRange(issues: ValidationIssue[], field: string, value: number, maxAbs: number): void {
	if (!Number.isFinite(value) || value < -maxAbs || value > maxAbs) {
		issues.push({ field, problem: `must be a number from -${maxAbs} to ${maxAbs} (got ${value})` });
	}
}

export function requireHttpUrl(issues: ValidationIssue[], field: string, value: string): void {
	if (value.trim() === '') {
		issues.push({ field, problem: 'is required' });
		return;
	}
	if (!isHttpUrl(value)) {
		issues.push({ field, problem: `must be an http:// or https:// URL (got "${value}")` });
	}
}

function isHttpUrl(value: string): boolean {
	try {
		const url = new URL(value);
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
	} catch {
		return false;
	}
}

/** A file by URL needs an http(s) link; an uploaded one, its id. */
export function validateMediaSource(
	issues: ValidationIssue[],
	source: MediaSource,
	urlLabel: string,
	idLabel: string,
): void {
	if ('link' in source) {
		requireHttpUrl(issues, urlLabel, source.link);
	} else {
		requireText(issues, idLabel, source.id);
	}
}
