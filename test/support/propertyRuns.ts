/**
 * Property tests run from a fixed seed, so `npm test` checks the same forms on every machine and a
 * failure can be replayed. fast-check prints the seed and the shrunk counterexample's path when a
 * property fails; replay it with `PROPERTY_SEED=<seed> npx jest test/unit/property`. To explore new
 * ground, set PROPERTY_SEED to any other integer (and PROPERTY_RUNS_FACTOR=10 for a longer run).
 */
export const PROPERTY_SEED = integerFromEnvironment('PROPERTY_SEED', 20_261_129);

const RUNS_FACTOR = integerFromEnvironment('PROPERTY_RUNS_FACTOR', 1);

/** The parameters of one property: the fixed seed, and this property's number of runs. */
export function propertyParameters(numRuns: number): { seed: number; numRuns: number } {
	return { seed: PROPERTY_SEED, numRuns: numRuns * RUNS_FACTOR };
}

function integerFromEnvironment(name: string, fallback: number): number {
	const text = process.env[name];
	if (text === undefined || text.trim() === '') return fallback;
	const value = Number(text);
	if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, got "${text}"`);
	return value;
}

/** With PROPERTY_REPORT set, prints what a property saw (runs, outcomes), for the record. */
export function reportCounts(property: string, counts: Record<string, number>): void {
	if (process.env.PROPERTY_REPORT === undefined) return;
	const figures = Object.entries(counts).map(([name, count]) => `${name} ${count}`);
	process.stdout.write(`${property}: ${figures.join(', ')}\n`);
}
