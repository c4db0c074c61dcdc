// How much memory the trigger's seen-event memory takes when full, measured with its own code in
// this process (issue 27: "with its memory use measured and stated").
import { createHash } from 'node:crypto';

import { shortKey } from '../../nodes/WhatsAppSession/trigger/dedupe';
import { SEEN_EVENTS_CAP, SeenEvents } from '../../nodes/WhatsAppSession/trigger/recentEvents';

export interface SeenMemoryFigures {
	keys: number;
	megabytes: number;
	bytesPerKey: number;
	/** Whether the first key is still recognised after the cap's worth of others. */
	recognised: boolean;
}

function collectGarbage(): void {
	const gc: unknown = Reflect.get(globalThis, 'gc');
	if (typeof gc === 'function') {
		gc();
		gc();
	}
}

export function measureSeenEventMemory(keys: number = SEEN_EVENTS_CAP): SeenMemoryFigures {
	const start = Date.now();
	collectGarbage();
	const before = process.memoryUsage().heapUsed;
	const seen = new SeenEvents(start);
	const firstKey = shortKey('message:wamid.first');
	seen.remember([firstKey], start);
	for (let index = 1; index < keys; index++) seen.remember([shortKey(`status:wamid.${createHash('md5').update(String(index)).digest('hex')}:delivered`)], start + index);
	collectGarbage();
	const bytes = process.memoryUsage().heapUsed - before;
	return { keys: seen.size, megabytes: bytes / 2 ** 20, bytesPerKey: bytes / seen.size, recognised: seen.has(firstKey) };
}
