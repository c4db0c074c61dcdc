// The storm of issue 27 as data: what a campaign of N messages sends back (sent, delivered and
// read for each, one event per POST, as Meta posts them when the endpoint keeps up), with the
// customer messages and failed statuses a builder cares about mixed in at random points, and the
// redeliveries Meta makes of what it thinks went unanswered. Pure and seeded, so every row of one
// run posts the same storm.
import { createHmac } from 'node:crypto';

import { metaBody, metaContact, metaMessage, metaStatus, metaValue, WINDOW_CLOSED_ERROR } from '../../test/support/inboundSamples';

export interface StormShape {
	/** Message IDs of the campaign; each comes back as sent, delivered and read. */
	campaignMessages: number;
	customerMessages: number;
	failedStatuses: number;
	/** Every n-th event is posted a second time. */
	redeliverEvery: number;
	/** A redelivery comes this long after the first delivery, drawn evenly from the range. */
	redeliveryDelayMs: { min: number; max: number };
}

export type StormEventKind = 'campaignStatus' | 'customerMessage' | 'failedStatus';

export interface StormPost {
	kind: StormEventKind;
	/** The event's own ID, unique within the storm (what a redelivery repeats). */
	eventId: string;
	body: Buffer;
	signature: string;
}

export interface Redelivery {
	/** Index into the storm's posts. */
	of: number;
	delayMs: number;
}

export interface Storm {
	posts: StormPost[];
	redeliveries: Redelivery[];
	/** The events the trigger is set to start executions for (customer messages and failed statuses). */
	selected: number;
}

/** A small seeded generator (mulberry32): the same storm in every row, and in every run. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let mixed = state;
		mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
		mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
		return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
	};
}

interface PlannedEvent {
	kind: StormEventKind;
	eventId: string;
	body: object;
}

const CAMPAIGN_STATUSES = ['sent', 'delivered', 'read'] as const;

/**
 * The campaign's statuses in the order WhatsApp produces them: each message's sent before its
 * delivered before its read, messages overlapping (a message is read while later ones are still
 * being sent), then the selected events at random points.
 */
function planEvents(shape: StormShape, tag: string, random: () => number): PlannedEvent[] {
	const campaign: PlannedEvent[] = [];
	const lagBetweenStatuses = 500;
	const order = Array.from({ length: shape.campaignMessages * CAMPAIGN_STATUSES.length }, (_, index) => {
		const message = index % shape.campaignMessages;
		const phase = Math.floor(index / shape.campaignMessages);
		return { message, phase, at: message + phase * lagBetweenStatuses + random() * lagBetweenStatuses };
	}).sort((a, b) => a.at - b.at);
	for (const { message, phase } of order) {
		const eventId = `wamid.${tag}C${message}`;
		const status = CAMPAIGN_STATUSES[phase] ?? 'sent';
		campaign.push({ kind: 'campaignStatus', eventId: `${eventId}:${status}`, body: metaBody(metaValue({ statuses: [metaStatus(eventId, status)] })) });
	}
	const mixedIn: PlannedEvent[] = [
		...Array.from({ length: shape.customerMessages }, (_, index) => {
			const eventId = `wamid.${tag}M${index}`;
			return { kind: 'customerMessage' as const, eventId, body: metaBody(metaValue({ contacts: [metaContact()], messages: [metaMessage(eventId, 'text', { body: `question ${index}` })] })) };
		}),
		...Array.from({ length: shape.failedStatuses }, (_, index) => {
			const eventId = `wamid.${tag}F${index}`;
			return { kind: 'failedStatus' as const, eventId: `${eventId}:failed`, body: metaBody(metaValue({ statuses: [metaStatus(eventId, 'failed', { errors: [WINDOW_CLOSED_ERROR] })] })) };
		}),
	];
	for (const event of mixedIn) campaign.splice(Math.floor(random() * (campaign.length + 1)), 0, event);
	return campaign;
}

/**
 * Signed bodies, ready to post (signing 30,000 bodies during the storm would load the machine
 * n8n runs on). Every n-th event is redelivered, and so is every selected event: those are the
 * ones whose repeat would start a second execution, and a storm of 30,000 would otherwise repeat
 * less than one of them.
 */
export function buildStorm(shape: StormShape, tag: string, appSecret: string, seed = 27): Storm {
	const random = seededRandom(seed);
	const posts = planEvents(shape, tag, random).map((event): StormPost => {
		const body = Buffer.from(JSON.stringify(event.body));
		return { kind: event.kind, eventId: event.eventId, body, signature: `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}` };
	});
	const { min, max } = shape.redeliveryDelayMs;
	const redeliveries = posts.flatMap((post, index) =>
		(index + 1) % shape.redeliverEvery === 0 || post.kind !== 'campaignStatus' ? [{ of: index, delayMs: min + random() * (max - min) }] : [],
	);
	return { posts, redeliveries, selected: shape.customerMessages + shape.failedStatuses };
}
