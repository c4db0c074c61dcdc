import { createHmac } from 'node:crypto';

import { answerBodyHandshake, answerQueryHandshake } from '../../../nodes/WhatsAppSession/trigger/handshake';
import { signWebhookBody, verifyWebhookSignature } from '../../../nodes/WhatsAppSession/trigger/signature';

const META = { header: 'x-hub-signature-256', encoding: 'hex', prefix: 'sha256=' } as const;
const CONNECTLY = { header: 'x-connectly-hmac-sha256', encoding: 'base64', prefix: '' } as const;
const SECRET = 'app-secret-123';
const RAW = Buffer.from('{"object":"whatsapp_business_account", "entry":[{"id":"1","changes":[]}]}');

describe('webhook signatures', () => {
	it('accepts Meta\'s sha256=<hex> of the raw body, computed independently', () => {
		const header = `sha256=${createHmac('sha256', SECRET).update(RAW).digest('hex')}`;
		expect(verifyWebhookSignature(RAW, header, SECRET, META)).toBe('valid');
		expect(verifyWebhookSignature(RAW, header.toUpperCase().replace('SHA256=', 'sha256='), SECRET, META)).toBe('valid');
	});

	it('accepts Connectly\'s base64 of the raw body, computed independently', () => {
		const header = createHmac('sha256', SECRET).update(RAW).digest('base64');
		expect(verifyWebhookSignature(RAW, header, SECRET, CONNECTLY)).toBe('valid');
	});

	it('refuses the same JSON serialised again, which is not the bytes that were signed', () => {
		const header = signWebhookBody(RAW, SECRET, META);
		const reserialised = Buffer.from(JSON.stringify(JSON.parse(RAW.toString())));
		expect(reserialised.equals(RAW)).toBe(false);
		expect(verifyWebhookSignature(reserialised, header, SECRET, META)).toBe('invalid');
	});

	it.each([
		['no header', undefined, 'missing'],
		['an empty header', '  ', 'missing'],
		['another secret', signWebhookBody(RAW, 'other-secret', META), 'invalid'],
		['no sha256= prefix', signWebhookBody(RAW, SECRET, META).slice('sha256='.length), 'invalid'],
		['a truncated digest', signWebhookBody(RAW, SECRET, META).slice(0, -2), 'invalid'],
		['a digest that is not hex', `sha256=${'z'.repeat(64)}`, 'invalid'],
		['the base64 form where hex is expected', `sha256=${createHmac('sha256', SECRET).update(RAW).digest('base64')}`, 'invalid'],
	])('Meta: %s is %s', (_case, header, verdict) => {
		expect(verifyWebhookSignature(RAW, header, SECRET, META)).toBe(verdict);
	});

	it('Connectly: a flipped byte in the body, or the hex form, is invalid', () => {
		const header = signWebhookBody(RAW, SECRET, CONNECTLY);
		const tampered = Buffer.from(RAW);
		tampered[5] = tampered[5] === 0x61 ? 0x62 : 0x61;
		expect(verifyWebhookSignature(tampered, header, SECRET, CONNECTLY)).toBe('invalid');
		expect(verifyWebhookSignature(RAW, createHmac('sha256', SECRET).update(RAW).digest('hex'), SECRET, CONNECTLY)).toBe('invalid');
	});
});

describe('verification handshakes', () => {
	const TOKEN = 'my-chosen-token';

	it('answers Meta\'s GET with the bare challenge when the token matches', () => {
		expect(answerQueryHandshake({ 'hub.mode': 'subscribe', 'hub.verify_token': TOKEN, 'hub.challenge': '1158201444' }, TOKEN)).toEqual({
			kind: 'challenge',
			challenge: '1158201444',
		});
	});

	it.each([
		['a wrong token', { 'hub.mode': 'subscribe', 'hub.verify_token': 'guess', 'hub.challenge': '1' }, TOKEN],
		['a token of another length', { 'hub.mode': 'subscribe', 'hub.verify_token': `${TOKEN}x`, 'hub.challenge': '1' }, TOKEN],
		['no token', { 'hub.mode': 'subscribe', 'hub.challenge': '1' }, TOKEN],
		['another mode', { 'hub.mode': 'unsubscribe', 'hub.verify_token': TOKEN, 'hub.challenge': '1' }, TOKEN],
		['an empty challenge', { 'hub.mode': 'subscribe', 'hub.verify_token': TOKEN, 'hub.challenge': '' }, TOKEN],
		['a credential without a token', { 'hub.mode': 'subscribe', 'hub.verify_token': '', 'hub.challenge': '1' }, ''],
	])('refuses %s', (_case, query, expected) => {
		expect(answerQueryHandshake(query, expected)).toMatchObject({ kind: 'forbidden' });
	});

	it('does not take a GET without hub parameters for a handshake', () => {
		expect(answerQueryHandshake({}, TOKEN)).toEqual({ kind: 'notHandshake' });
		expect(answerQueryHandshake(undefined, TOKEN)).toEqual({ kind: 'notHandshake' });
	});

	it('answers the body-borne handshake of Cloud-API-format providers', () => {
		expect(answerBodyHandshake({ hub_challenge: 'abc123', hub_verify_token: TOKEN }, TOKEN)).toEqual({ kind: 'challenge', challenge: 'abc123' });
		expect(answerBodyHandshake({ hub_challenge: 'abc123', hub_verify_token: 'nope' }, TOKEN)).toMatchObject({ kind: 'forbidden' });
		expect(answerBodyHandshake({ object: 'whatsapp_business_account', entry: [] }, TOKEN)).toEqual({ kind: 'notHandshake' });
	});
});
