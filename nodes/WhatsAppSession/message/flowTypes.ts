import type { JsonValue } from '../util/values';

/**
 * A WhatsApp Flow: a form of one or more screens that the customer opens from the message's button
 * (Meta's "Sending a Flow"). The Flow itself is built in WhatsApp Manager; the message names it.
 */

/** A Flow is named by its ID or by its name, never both. */
export type FlowReference = { by: 'id'; flowId: string } | { by: 'name'; flowName: string };

export const FLOW_MODES = ['published', 'draft'] as const;

/** A draft Flow can be sent for testing only; a published one to anybody. */
export type FlowMode = (typeof FLOW_MODES)[number];

/**
 * How the Flow opens: on a screen the message names (with that screen's input data), or by asking
 * the business's Flow endpoint for its first screen ("data_exchange"), in which case the message
 * names no screen.
 */
export type FlowStart =
	| { action: 'navigate'; screen: string; data?: { [key: string]: JsonValue } }
	| { action: 'dataExchange' };

export interface FlowContent {
	type: 'flow';
	flow: FlowReference;
	/** The label of the button that opens the Flow. */
	buttonText: string;
	/**
	 * The business's own token for this sending of the Flow: WhatsApp returns it with the customer's
	 * answer, so a workflow (or a waiting execution) can tell which message the answer belongs to.
	 * Without it WhatsApp uses "unused".
	 */
	flowToken?: string;
	mode: FlowMode;
	start: FlowStart;
	body: string;
	/** Flows take a text header (Meta's examples); media headers are left out until confirmed. */
	header?: string;
	footer?: string;
}

/**
 * A template's Flow button (`sub_type: "flow"`): the token returned with the customer's answer
 * and the input data of the Flow's first screen. At least one is set; a Flow button that needs
 * neither needs no parameter at all. `index` is the button's position in the template, 0 to 9.
 */
export interface TemplateFlowButtonParameter {
	kind: 'flow';
	index: number;
	flowToken?: string;
	flowActionData?: { [key: string]: JsonValue };
}
