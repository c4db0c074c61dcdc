// Property: for every form, of every operation and provider, exactly one of these holds.
//  (a) Reading, validation (with the provider's own fields) or the provider's encoder raise the
//      input error, InvalidMessageError,
//      whose issues each name a form field (and say what is wrong); nothing is encoded.
//  (b) The provider's encoder produces a request whose payload keeps every WhatsApp limit of
//      ../shared/PROVIDERS.md, as judged by test/support/whatsAppLimits.ts, which is written
//      apart from the node's own validation.
// Nothing else may throw. The forms come from test/support/formArbitraries.ts; the seed is fixed
// (test/support/propertyRuns.ts) and fast-check prints it, with the failing form, on failure.
import fc from 'fast-check';

import { InvalidMessageError, isInvalidMessageError, type ValidationIssue } from '../../../nodes/WhatsAppSession/message/errors';
import type { FormValues } from '../../../nodes/WhatsAppSession/message/formValues';
import { readSessionMessage } from '../../../nodes/WhatsAppSession/message/fromForm';
import { OPERATIONS, type Operation } from '../../../nodes/WhatsAppSession/message/operations';
import { validateSessionMessage } from '../../../nodes/WhatsAppSession/message/validate';
import { isProviderChoice, PROVIDERS, type ProviderChoice } from '../../../nodes/WhatsAppSession/providers';
import type { ProviderConnection, ProviderRequest } from '../../../nodes/WhatsAppSession/providers/contract/sending';
import type { ProviderAdapter } from '../../../nodes/WhatsAppSession/providers/contract/adapter';
import { isPlainObject } from '../../../nodes/WhatsAppSession/util/values';
import { WhatsAppSession } from '../../../nodes/WhatsAppSession/WhatsAppSession.node';
import { formArbitrary, type Form, type Mood } from '../../support/formArbitraries';
import { SAMPLE_CREDENTIALS } from '../../support/providerSamples';
import { propertyParameters, reportCounts } from '../../support/propertyRuns';
import { whatsAppLimitViolations } from '../../support/whatsAppLimits';

const RUNS_PER_PROVIDER = 2_500;

/** Most forms have exactly one fault somewhere: that is where a missed check shows. */
const MOODS: Array<{ mood: Mood; weight: number }> = [
	{ mood: 'careful', weight: 1 },
	{ mood: 'oneFault', weight: 3 },
	{ mood: 'anything', weight: 1 },
];

// Property runs of 3,000 forms take a few seconds each; a busy machine may take several times that.
jest.setTimeout(120_000);

/** What each provider can send, from the README's table; everything else must be refused. */
const SUPPORTED: Record<ProviderChoice, readonly Operation[]> = {
	cloudApiCompatible: OPERATIONS,
	metaCloudApi: OPERATIONS,
	connectly: ['sendText', 'sendMedia', 'sendLocation', 'sendReplyButtons', 'sendList', 'sendProduct', 'sendProductList', 'sendTemplate'],
	texter: ['sendText', 'sendMedia', 'sendLocation', 'sendContacts', 'sendReplyButtons', 'sendList'],
};

/** Every registered provider: one added to the registry is in the property without an edit here. */
const PROVIDER_CHOICES: ProviderChoice[] = Object.keys(PROVIDERS).filter(isProviderChoice);

type Outcome = { kind: 'refused'; issues: ValidationIssue[] } | { kind: 'encoded'; request: ProviderRequest };

/** What the node's item loop does before it sends: read, validate, encode for the provider. */
function throughPureLayers(adapter: ProviderAdapter, connection: ProviderConnection, operation: Operation, form: Form): Outcome {
	const values: FormValues = { get: (name) => form[name] };
	try {
		const message = readSessionMessage(operation, values, {
			recipientKind: adapter.recipientKind,
			readExtras: (extrasForm) => adapter.extras.read(extrasForm),
		});
		const issues = validateSessionMessage(message, (extras) => adapter.extras.validate(extras));
		if (issues.length > 0) throw new InvalidMessageError(issues);
		return { kind: 'encoded', request: connection.encode(message) };
	} catch (error) {
		// Anything but the input error escapes, and fails the property with the form that caused it.
		if (!isInvalidMessageError(error)) throw error;
		return { kind: 'refused', issues: error.issues };
	}
}

/** Every name the node's form shows: field labels, nested ones included, and option names (operations). */
function labelsIn(value: unknown): string[] {
	if (Array.isArray(value)) return value.flatMap(labelsIn);
	if (!isPlainObject(value)) return [];
	// A field shows its displayName; an option of a choice (an operation) shows its name.
	const shown = 'displayName' in value ? value.displayName : 'value' in value ? value.name : undefined;
	const own = typeof shown === 'string' ? [shown] : [];
	return [...own, ...labelsIn(value.options), ...labelsIn(value.values)];
}

const FORM_LABELS = new Set<string>(labelsIn(new WhatsAppSession().description.properties));

/** "Buttons › Button 2 › Title" names the field Buttons; a refusal must start with a field of the form. */
function namesAFormField(issue: ValidationIssue): boolean {
	const [field = ''] = issue.field.split(' › ');
	return FORM_LABELS.has(field) && issue.problem.trim() !== '';
}

interface Tally {
	encoded: number;
	refused: number;
}

/** Outcomes per provider and operation: each kind must occur, or the property proves little. */
const tallies = new Map<ProviderChoice, Map<Operation, Tally>>();

function tallyOf(provider: ProviderChoice, operation: Operation): Tally {
	const perOperation = tallies.get(provider) ?? new Map<Operation, Tally>();
	tallies.set(provider, perOperation);
	const tally = perOperation.get(operation) ?? { encoded: 0, refused: 0 };
	perOperation.set(operation, tally);
	return tally;
}

describe.each(PROVIDER_CHOICES)('every form for %s', (provider) => {
	const adapter: ProviderAdapter = PROVIDERS[provider];
	const connection = adapter.connect(SAMPLE_CREDENTIALS[provider]);

	it(`is refused by field or encoded within WhatsApp's limits: ${RUNS_PER_PROVIDER} random forms across all operations`, () => {
		const forms = fc.oneof(
			...OPERATIONS.flatMap((operation) =>
				MOODS.map(({ mood, weight }) => ({ weight, arbitrary: formArbitrary(operation, provider, mood).map((form) => ({ operation, form })) })),
			),
		);
		let runs = 0;
		fc.assert(
			fc.property(forms, ({ operation, form }) => {
				runs += 1;
				const outcome = throughPureLayers(adapter, connection, operation, form);
				tallyOf(provider, operation)[outcome.kind] += 1;
				if (outcome.kind === 'refused') {
					expect(outcome.issues.length).toBeGreaterThan(0);
					expect(outcome.issues.filter((issue) => !namesAFormField(issue))).toEqual([]);
				} else {
					expect(SUPPORTED[provider]).toContain(operation);
					expect(whatsAppLimitViolations(provider, outcome.request)).toEqual([]);
				}
			}),
			propertyParameters(RUNS_PER_PROVIDER),
		);
		const outcomes = OPERATIONS.map((operation) => tallyOf(provider, operation));
		reportCounts(`forms for ${provider}`, {
			runs,
			encoded: outcomes.reduce((sum, tally) => sum + tally.encoded, 0),
			refused: outcomes.reduce((sum, tally) => sum + tally.refused, 0),
		});
		expect(runs).toBeGreaterThanOrEqual(RUNS_PER_PROVIDER);
	});

	it('saw every operation both refused and, where the provider has it, encoded', () => {
		for (const operation of OPERATIONS) {
			const { encoded, refused } = tallyOf(provider, operation);
			expect({ operation, refused: refused > 0, encoded: encoded > 0 }).toEqual({
				operation,
				refused: true,
				encoded: SUPPORTED[provider].includes(operation),
			});
		}
	});
});
