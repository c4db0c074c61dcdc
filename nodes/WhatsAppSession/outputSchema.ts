/**
 * The shape of one output item, for n8n's field picker before the node has run. n8n 2.x asks for
 * `/schemas/<package>.<node>/<version>/<resource>/<operation>.json` and serves it from
 * `__schema__/v<version>/<resource>/<operation>.json` next to the node's compiled file; the build
 * (gulpfile.js, `build:schemas`) writes this schema there for every operation. Every operation
 * puts out the same shape, whatever the provider.
 */
export const MESSAGE_OUTPUT_SCHEMA = {
	type: 'object',
	properties: {
		messageId: { type: 'string' },
		recipient: { type: 'string' },
		waId: { type: 'string' },
		userId: { type: 'string' },
		provider: { type: 'string' },
		status: { type: 'string' },
		sentAs: { type: 'string' },
		windowClosedCode: { type: 'string' },
		mediaId: { type: 'string' },
		response: { type: 'object' },
	},
	required: ['messageId', 'recipient', 'provider', 'status', 'response'],
	version: 1,
} as const;
