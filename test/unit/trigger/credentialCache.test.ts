import { CREDENTIAL_REUSE_MS, keptCredentialCount, readCredential, readFresh } from '../../../nodes/WhatsAppSession/trigger/credentialCache';

describe("the trigger's kept credential", () => {
	const T0 = Date.parse('2026-12-06T09:00:00.000Z');

	it('is reused for CREDENTIAL_REUSE_MS, then read again', async () => {
		let reads = 0;
		const read = async () => ({ appSecret: `secret-${++reads}` });
		const key = `key-${T0}-a`;
		expect(await readCredential(key, T0, read)).toEqual({ credentials: { appSecret: 'secret-1' }, reused: false });
		expect(await readCredential(key, T0 + CREDENTIAL_REUSE_MS - 1, read)).toEqual({ credentials: { appSecret: 'secret-1' }, reused: true });
		expect(await readCredential(key, T0 + CREDENTIAL_REUSE_MS, read)).toEqual({ credentials: { appSecret: 'secret-2' }, reused: false });
		expect(CREDENTIAL_REUSE_MS).toBeLessThanOrEqual(60_000);
	});

	it('a fresh read replaces what was kept; keys never share', async () => {
		const key = `key-${T0}-b`;
		await readCredential(key, T0, async () => ({ appSecret: 'old' }));
		await readFresh(key, T0 + 1, async () => ({ appSecret: 'new' }));
		expect((await readCredential(key, T0 + 2, async () => ({ appSecret: 'unread' }))).credentials).toEqual({ appSecret: 'new' });
		expect((await readCredential(`${key}-other`, T0 + 2, async () => ({ appSecret: 'other' }))).credentials).toEqual({ appSecret: 'other' });
	});

	it('a clock that went back reads again rather than trusting the kept one', async () => {
		const key = `key-${T0}-c`;
		await readCredential(key, T0, async () => ({ appSecret: 'first' }));
		expect((await readCredential(key, T0 - 1000, async () => ({ appSecret: 'second' }))).reused).toBe(false);
	});

	it("forgets a credential nobody reads any more (a deleted trigger's) once it has expired", async () => {
		const later = T0 + 10 * CREDENTIAL_REUSE_MS;
		for (const name of ['deleted-1', 'deleted-2', 'deleted-3']) await readCredential(`${name}-${later}`, later, async () => ({ appSecret: name }));
		const withThem = keptCredentialCount();
		expect(withThem).toBeGreaterThanOrEqual(3);
		// Another trigger's request after they expired sweeps them; its own fresh read stays.
		await readCredential(`alive-${later}`, later + CREDENTIAL_REUSE_MS, async () => ({ appSecret: 'alive' }));
		expect(keptCredentialCount()).toBe(1);
	});
});
