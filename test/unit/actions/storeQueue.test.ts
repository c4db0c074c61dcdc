import { recordTogether, splitRecorded } from '../../../nodes/WhatsAppSession/actions/storeQueue';

describe('one record call for several callers: each caller\'s share', () => {
	it('marks there before are processed for everyone; a new mark is new for its caller', () => {
		const split = splitRecorded([{ marks: ['claim:a', 'owner:a:1'] }, { marks: ['claim:b', 'owner:b:2'] }], new Set(['claim:b']));
		expect(split.map(([, recorded]) => recorded)).toEqual([
			{ new: ['claim:a', 'owner:a:1'], processed: [] },
			{ new: ['owner:b:2'], processed: ['claim:b'] },
		]);
	});

	it('a mark two callers share is new only for the first, as if they had called one after the other', () => {
		const split = splitRecorded([{ marks: ['claim:a', 'owner:a:1'] }, { marks: ['claim:a', 'owner:a:2'] }], new Set());
		expect(split.map(([, recorded]) => recorded)).toEqual([
			{ new: ['claim:a', 'owner:a:1'], processed: [] },
			{ new: ['owner:a:2'], processed: ['claim:a'] },
		]);
	});
});

describe('recordTogether', () => {
	it('gathers the marks that arrive while a call runs into the next call, and gives each caller its share', async () => {
		const calls: string[][] = [];
		let releaseFirst = (): void => undefined;
		const firstCallHeld = new Promise<void>((resolve) => {
			releaseFirst = resolve;
		});
		const record = async (marks: string[]) => {
			calls.push(marks);
			if (calls.length === 1) await firstCallHeld;
			return { new: marks.filter((mark) => mark !== 'claim:old'), processed: marks.filter((mark) => mark === 'claim:old') };
		};
		const first = recordTogether('test-queue', ['claim:x'], record);
		// The first call is running; these three wait for the next one.
		await new Promise((resolve) => setImmediate(resolve));
		const later = [recordTogether('test-queue', ['claim:y'], record), recordTogether('test-queue', ['claim:old'], record), recordTogether('test-queue', ['claim:y'], record)];
		releaseFirst();
		const answers = await Promise.all([first, ...later]);
		expect(calls).toEqual([['claim:x'], ['claim:y', 'claim:old']]);
		expect(answers.map(({ new: added, processed }) => ({ new: added, processed }))).toEqual([
			{ new: ['claim:x'], processed: [] },
			{ new: ['claim:y'], processed: [] },
			{ new: [], processed: ['claim:old'] },
			{ new: [], processed: ['claim:y'] },
		]);
	});

	it('a call that fails fails every caller gathered into it', async () => {
		const failing = async (): Promise<{ new: unknown[]; processed: unknown[] }> => {
			throw new Error('database locked');
		};
		await expect(Promise.all([recordTogether('failing-queue', ['a'], failing), recordTogether('failing-queue', ['b'], failing)])).rejects.toThrow('database locked');
	});
});
