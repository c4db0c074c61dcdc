import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/**
 * The trigger's credential, kept for a short while between webhook requests.
 *
 * Why: every `getCredentials` makes n8n 2.41 read the credential from its database, decrypt it
 * and build a throwaway workflow with an expression isolate to resolve it (credentials-helper's
 * applyDefaultsAndOverwrites). During a campaign's storm of 30,000 statuses that is most of what
 * a dropped status costs besides n8n's own webhook handling (`npm run bench:inbound`'s profile).
 *
 * Why it stays safe: a request that the kept credential refuses (a signature or verify token that
 * does not match) is decided again with the credential read afresh, so a rotated App Secret or a
 * changed verify token applies to the very first request that uses it. A secret that was changed
 * because it leaked is still accepted for at most CREDENTIAL_REUSE_MS after the change, by this
 * process; refusing needs no cache. Only the process's memory holds it, as n8n's own runs do.
 */
export const CREDENTIAL_REUSE_MS = 60_000;

interface Kept {
	credentials: ICredentialDataDecryptedObject;
	readAt: number;
}

const KEPT = new Map<string, Kept>();

/**
 * When the kept credentials were last swept. A key whose trigger stops receiving (its workflow
 * deactivated or deleted, its credential changed) is never read again, so without a sweep its
 * decrypted secret would stay in memory for as long as n8n runs.
 */
let sweptAt = 0;

/** Forgets every credential kept for CREDENTIAL_REUSE_MS or longer, at most once per that period. */
function forgetExpired(now: number): void {
	if (now - sweptAt < CREDENTIAL_REUSE_MS && now >= sweptAt) return;
	sweptAt = now;
	for (const [key, kept] of KEPT) if (now - kept.readAt >= CREDENTIAL_REUSE_MS || now < kept.readAt) KEPT.delete(key);
}

/** How many credentials are kept: for tests of the sweep. */
export function keptCredentialCount(): number {
	return KEPT.size;
}

export interface CredentialRead {
	credentials: ICredentialDataDecryptedObject;
	/** Whether it came from the cache: a refusal must then be decided again with a fresh read. */
	reused: boolean;
}

/** The kept credential for `key` when it was read less than CREDENTIAL_REUSE_MS ago, else a fresh read. */
export async function readCredential(
	key: string,
	now: number,
	read: () => Promise<ICredentialDataDecryptedObject>,
): Promise<CredentialRead> {
	forgetExpired(now);
	const kept = KEPT.get(key);
	if (kept !== undefined && now - kept.readAt < CREDENTIAL_REUSE_MS && now >= kept.readAt) return { credentials: kept.credentials, reused: true };
	return { credentials: await readFresh(key, now, read), reused: false };
}

export async function readFresh(key: string, now: number, read: () => Promise<ICredentialDataDecryptedObject>): Promise<ICredentialDataDecryptedObject> {
	KEPT.delete(key);
	const credentials = await read();
	KEPT.set(key, { credentials, readAt: now });
	return credentials;
}
