import { describeNetworkFailure, type NetworkFailure } from '../../../nodes/WhatsAppSession/transport/http';

// What a failed call is known to mean for delivery decides both whether it is resent and how it
// is worded (providers/errorWording.ts). The codes are those axios and Node give; n8n wraps them.

const systemError = (code: string): Error => Object.assign(new Error(`failed with ${code}`), { code });

describe('describeNetworkFailure', () => {
	it.each<[string, NetworkFailure]>([
		['ECONNREFUSED', { code: 'ECONNREFUSED', cause: 'notSent', requestMayHaveBeenSent: false }],
		['ENOTFOUND', { code: 'ENOTFOUND', cause: 'notSent', requestMayHaveBeenSent: false }],
		['ECONNABORTED', { code: 'ECONNABORTED', cause: 'timeout', requestMayHaveBeenSent: true }],
		['ETIMEDOUT', { code: 'ETIMEDOUT', cause: 'timeout', requestMayHaveBeenSent: true }],
		['ECONNRESET', { code: 'ECONNRESET', cause: 'connectionReset', requestMayHaveBeenSent: true }],
		['EPIPE', { code: 'EPIPE', cause: 'connectionReset', requestMayHaveBeenSent: true }],
		['ERR_BAD_RESPONSE', { code: 'ERR_BAD_RESPONSE', cause: 'answerCutOff', requestMayHaveBeenSent: true }],
		['EPROTO', { code: 'EPROTO', cause: 'unknown', requestMayHaveBeenSent: true }],
	])('%s', (code, expected) => {
		expect(describeNetworkFailure(systemError(code))).toEqual(expected);
	});

	it('finds the code in the cause chain n8n wraps it in', () => {
		// lib es2021 has no ErrorOptions, so the chain is built by hand as n8n builds it.
		const wrapped = Object.assign(new Error('outer'), { cause: Object.assign(new Error('middle'), { cause: systemError('ECONNABORTED') }) });
		expect(describeNetworkFailure(wrapped).cause).toBe('timeout');
	});

	it('without any code it may have been sent, and the cause is unknown', () => {
		expect(describeNetworkFailure(new Error('socket gone'))).toEqual({ code: undefined, cause: 'unknown', requestMayHaveBeenSent: true });
	});
});
