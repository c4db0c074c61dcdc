import { InvalidMessageError } from './errors';
import { FIELD_LABELS as L } from './fieldLabels';
import { readJsonObject, readOptionalText, readText, shownChoice, type FormValues } from './formValues';
import { FLOW_MODES, type FlowContent, type FlowMode, type FlowReference, type FlowStart } from './flowTypes';

/** Reads Send Flow's fields into the canonical Flow message. */
export function readFlowContent(form: FormValues): FlowContent {
	const flowToken = readOptionalText(form, 'flowCorrelationId', L.flowToken)?.trim() || undefined;
	const header = readOptionalText(form, 'headerText', L.headerText);
	const footer = readOptionalText(form, 'footerText', L.footer);
	return {
		type: 'flow',
		flow: readFlowReference(form),
		buttonText: readText(form, 'flowButtonText', L.flowButtonText),
		...(flowToken !== undefined && { flowToken }),
		mode: readFlowMode(form),
		start: readFlowStart(form),
		body: readText(form, 'bodyText', L.body),
		...(header !== undefined && { header }),
		...(footer !== undefined && { footer }),
	};
}

/** Only the chosen field is read, so an ID left in the form from before cannot travel beside a name. */
function readFlowReference(form: FormValues): FlowReference {
	const by = form.get('flowReference');
	switch (by) {
		case undefined:
		case 'id':
			return { by: 'id', flowId: readText(form, 'flowId', L.flowId).trim() };
		case 'name':
			return { by: 'name', flowName: readText(form, 'flowName', L.flowName).trim() };
		default:
			throw new InvalidMessageError([{ field: L.flowReference, problem: `must be id or name (got ${shownChoice(by)})` }]);
	}
}

function readFlowMode(form: FormValues): FlowMode {
	const mode = form.get('flowMode') ?? 'published';
	const known = FLOW_MODES.find((candidate) => candidate === mode);
	if (known === undefined) {
		throw new InvalidMessageError([{ field: L.flowMode, problem: `must be ${FLOW_MODES.join(' or ')} (got ${shownChoice(mode)})` }]);
	}
	return known;
}

function readFlowStart(form: FormValues): FlowStart {
	const action = form.get('flowAction');
	switch (action) {
		case undefined:
		case 'navigate': {
			// WhatsApp refuses an empty `data`, so an empty object (the form's default) means none.
			const data = readJsonObject(form.get('flowScreenData'), L.flowScreenData);
			return { action: 'navigate', screen: readText(form, 'flowScreen', L.flowScreen).trim(), ...(data !== undefined && { data }) };
		}
		case 'dataExchange':
			return { action: 'dataExchange' };
		default:
			throw new InvalidMessageError([{ field: L.flowAction, problem: `must be navigate or dataExchange (got ${shownChoice(action)})` }]);
	}
}
