import { assertNever } from '../util/values';
import type { ValidationIssue } from './errors';
import { FIELD_LABELS as L, listPosition, nestedFieldLabel } from './fieldLabels';
import { WHATSAPP_LIMITS as LIMIT } from './limits';
import { takesCaption, type ContactCard, type MediaContent, type ReactionContent, type SessionContent, type SessionMessage } from './types';
import { validateTemplate } from './template/validate';
import { maxLength, numberInRange, requireHttpUrl, requireText, validateMediaSource } from './checks';
import { validateReplyButtons, validateList, validateCallToAction } from './validateInteractive';
import { validateCommerceOrFlow } from './validateCommerce';

/**
 * Checks a canonical message against WhatsApp's limits. Pure: returns every problem at once, so a
 * user fixes a form in one pass instead of one error per run.
 */
export function validateSessionMessage<Extras>(
	message: SessionMessage<Extras>,
	validateExtras?: (extras: Extras) => ValidationIssue[],
): ValidationIssue[] {
	const issues: ValidationIssue[] = [];
	if (message.replyToMessageId !== undefined) {
		if (message.content.type === 'reaction') {
			issues.push({ field: L.replyToMessageId, problem: 'cannot be used on a reaction' });
		} else {
			requireText(issues, L.replyToMessageId, message.replyToMessageId);
		}
	}
	issues.push(...validateContent(message.content));
	if (message.extras !== undefined && validateExtras !== undefined) issues.push(...validateExtras(message.extras));
	return issues;
}

function validateContent(content: SessionContent): ValidationIssue[] {
	const issues: ValidationIssue[] = [];
	switch (content.type) {
		case 'text':
			requireText(issues, L.textBody, content.body);
			maxLength(issues, L.textBody, content.body, LIMIT.textBody);
			break;
		case 'media':
			validateMedia(issues, content);
			break;
		case 'location':
			numberInRange(issues, L.latitude, content.latitude, LIMIT.latitudeAbs);
			numberInRange(issues, L.longitude, content.longitude, LIMIT.longitudeAbs);
			break;
		case 'contacts':
			validateContacts(issues, content.contacts);
			break;
		case 'replyButtons':
			validateReplyButtons(issues, content);
			break;
		case 'list':
			validateList(issues, content);
			break;
		case 'ctaUrl':
			validateCallToAction(issues, content);
			break;
		case 'locationRequest':
			requireText(issues, L.body, content.body);
			maxLength(issues, L.body, content.body, LIMIT.interactiveBody);
			break;
		case 'product':
		case 'productList':
		case 'catalog':
		case 'flow':
			return validateCommerceOrFlow(content);
		case 'reaction':
			validateReaction(issues, content);
			break;
		case 'template':
			issues.push(...validateTemplate(content));
			break;
		case 'readReceipt':
			requireText(issues, L.readMessageId, content.messageId);
			break;
		default:
			return assertNever(content, 'message type');
	}
	return issues;
}

function validateReaction(issues: ValidationIssue[], reaction: ReactionContent): void {
	requireText(issues, L.reactionMessageId, reaction.messageId);
	if (reaction.emoji !== '' && !isSingleEmoji(reaction.emoji)) {
		issues.push({ field: L.emoji, problem: 'must be a single emoji (or empty to remove the reaction)' });
	}
}

function validateMedia(issues: ValidationIssue[], media: MediaContent): void {
	validateMediaSource(issues, media.source, L.mediaUrl, L.mediaId);
	if (media.caption !== undefined) {
		if (!takesCaption(media.mediaKind)) {
			issues.push({ field: L.caption, problem: `cannot be sent with ${media.mediaKind}` });
		}
		maxLength(issues, L.caption, media.caption, LIMIT.mediaCaption);
	}
	if (media.filename !== undefined && media.mediaKind !== 'document') {
		issues.push({ field: L.filename, problem: 'can only be sent with a document' });
	}
	if (media.voice === true) validateVoiceNote(issues, media);
}

/** The file extensions of OGG audio; WhatsApp plays only OGG (Opus) as a voice note. */
const VOICE_NOTE_EXTENSIONS = ['ogg', 'oga', 'opus'];

/**
 * The format is checked only where it can be known: a URL whose path ends in an extension. An
 * uploaded media ID, or a URL without an extension, says nothing about its format.
 */
function validateVoiceNote(issues: ValidationIssue[], media: MediaContent): void {
	if (media.mediaKind !== 'audio') {
		issues.push({ field: L.voiceNote, problem: `can only be used with audio (got ${media.mediaKind})` });
		return;
	}
	if (!('link' in media.source)) return;
	const extension = urlPathExtension(media.source.link);
	if (extension !== undefined && !VOICE_NOTE_EXTENSIONS.includes(extension)) {
		issues.push({
			field: L.mediaUrl,
			problem: `ends in .${extension}, but a voice note must be an OGG file with the Opus codec (.ogg or .opus); send other audio without ${L.voiceNote}`,
		});
	}
}

/** "https://x.io/a/voice.OGG?sig=1" → "ogg"; undefined when the last path segment has no extension. */
function urlPathExtension(link: string): string | undefined {
	let pathname: string;
	try {
		pathname = new URL(link).pathname;
	} catch {
		return undefined;
	}
	const lastSegment = pathname.split('/').pop() ?? '';
	const dot = lastSegment.lastIndexOf('.');
	return dot <= 0 || dot === lastSegment.length - 1 ? undefined : lastSegment.slice(dot + 1).toLowerCase();
}

function validateContacts(issues: ValidationIssue[], contacts: ContactCard[]): void {
	if (contacts.length === 0) {
		issues.push({ field: L.contacts, problem: 'must have at least 1 contact' });
	}
	contacts.forEach((contact, index) => {
		const contactLabel = nestedFieldLabel(L.contacts, listPosition('Contact', index));
		requireText(issues, nestedFieldLabel(contactLabel, L.formattedName), contact.formattedName);
		if (contact.birthday !== undefined && !isCalendarDate(contact.birthday)) {
			issues.push({
				field: nestedFieldLabel(contactLabel, L.birthday),
				problem: `must be a date written YYYY-MM-DD (got "${contact.birthday}")`,
			});
		}
		contact.phones.forEach((phone, phoneIndex) => {
			requireText(issues, nestedFieldLabel(contactLabel, L.phones, listPosition('Phone', phoneIndex)), phone.phone);
		});
		contact.emails.forEach((email, emailIndex) => {
			requireText(issues, nestedFieldLabel(contactLabel, L.emails, listPosition('Email', emailIndex)), email.email);
		});
		contact.urls.forEach((url, urlIndex) => {
			requireHttpUrl(issues, nestedFieldLabel(contactLabel, L.urls, listPosition('URL', urlIndex)), url.url);
		});
	});
}









function isCalendarDate(value: string): boolean {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
	if (!match) return false;
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

// One pictographic grapheme, allowing skin tones, variation selectors, ZWJ sequences, flags and
// subdivision flags (tag sequences such as Scotland's).
const SINGLE_EMOJI =
	/^(?:\p{Regional_Indicator}{2}|\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F}|[#*0-9]\uFE0F?\u20E3|\p{Extended_Pictographic}(?:\p{Emoji_Modifier}|\uFE0F)?(?:\u200D\p{Extended_Pictographic}(?:\p{Emoji_Modifier}|\uFE0F)?)*)$/u;

function isSingleEmoji(value: string): boolean {
	return SINGLE_EMOJI.test(value);
}
