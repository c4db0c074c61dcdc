import type { SessionContent, SessionMessage } from '../../../nodes/WhatsAppSession/message/types';
import { encodeConnectlyBody } from '../../../nodes/WhatsAppSession/providers/connectly/adapter';
import { readConnectlyOptions, type ConnectlyOptions } from '../../../nodes/WhatsAppSession/providers/connectly/options';
import { issuesOf } from '../../support/invalidInput';

/** Connectly's `order {parentId, strategy}` (PROVIDERS.md §3; seed 002: "ID of the parent message this event depends on"). */

const message = (content: SessionContent, extras: ConnectlyOptions): SessionMessage<ConnectlyOptions> => ({
	recipient: { kind: 'phoneNumber', digits: '919880132082' },
	content,
	extras,
});
const TEXT: SessionContent = { type: 'text', body: 'Your invoice follows', previewUrl: false };

describe('Connectly\'s order option', () => {
	it.each<[string, Record<string, unknown>, ConnectlyOptions]>([
		['nothing', {}, {}],
		['a parent ID alone: Connectly\'s default strategy', { orderParentId: ' msg-1 ', orderStrategy: 'default' }, { order: { parentId: 'msg-1' } }],
		['independent', { orderParentId: 'msg-1', orderStrategy: 'independent' }, { order: { parentId: 'msg-1', strategy: 'independent' } }],
		['short circuit', { orderParentId: 'msg-1', orderStrategy: 'shortCircuit' }, { order: { parentId: 'msg-1', strategy: 'shortCircuit' } }],
		['a blank parent ID and the default', { orderParentId: '  ', orderStrategy: 'default' }, {}],
	])('reads %s', (_case, options, extras) => {
		expect(readConnectlyOptions(options)).toStrictEqual(extras);
	});

	it('refuses a strategy without the message to wait for, naming both fields', () => {
		expect(issuesOf(() => readConnectlyOptions({ orderStrategy: 'shortCircuit' }))).toStrictEqual([
			{ field: 'Send After Strategy', problem: 'needs Send After Message ID: the earlier message to wait for' },
		]);
	});

	it('refuses an unknown strategy', () => {
		expect(issuesOf(() => readConnectlyOptions({ orderParentId: 'msg-1', orderStrategy: 'short_circuit' }))).toStrictEqual([
			{ field: 'Send After Strategy', problem: 'must be default, independent or shortCircuit (got "short_circuit")' },
		]);
	});

	it.each<[string, ConnectlyOptions, object]>([
		['short circuit, as Connectly spells it', { order: { parentId: 'msg-1', strategy: 'shortCircuit' } }, { parentId: 'msg-1', strategy: 'short_circuit' }],
		['independent', { order: { parentId: 'msg-1', strategy: 'independent' } }, { parentId: 'msg-1', strategy: 'independent' }],
		['no strategy', { order: { parentId: 'msg-1' } }, { parentId: 'msg-1' }],
	])('sends order with %s beside the message', (_case, extras, order) => {
		expect(encodeConnectlyBody(message(TEXT, extras), 'client-2')).toStrictEqual({
			recipient: { id: '+919880132082', channelType: 'whatsapp' },
			message: { id: 'client-2', text: 'Your invoice follows' },
			order,
		});
	});

	it('refuses order on a template, whose endpoint has no such field', () => {
		const template: SessionContent = { type: 'template', name: 'invoice_ready', languageCode: 'en', body: [], buttons: [] };
		expect(issuesOf(() => encodeConnectlyBody(message(template, { order: { parentId: 'msg-1' } }), 'client-2'))).toStrictEqual([
			{ field: 'Send After Message ID', problem: expect.stringMatching(/^is not available with Connectly: its template endpoint has no order field/) },
		]);
	});
});
