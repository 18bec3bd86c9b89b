/** Login sessions on both stores: revoked once (the first time stays), per agent or all but one, expired ones removed. */
import { expect, it } from 'vitest';
import type { Store } from '../../../src/hub/store/store.js';
import { describeStores } from './stores.js';
import { addAgent, T0 } from './fixtures.js';

type StoredSession = Parameters<Store['sessions']['insert']>[0];

function session(tokenHash: string, agentId: string, fields: Partial<StoredSession> = {}): StoredSession {
  return {
    tokenHash,
    agentId,
    createdAt: T0,
    expiresAt: T0 + 1000,
    revokedAt: null,
    passwordChangeRequired: false,
    ...fields,
  };
}

describeStores('sessions', ({ open }) => {
  it('finds a session by its token hash, and keeps the first revocation time', async () => {
    const store = await open();
    const ann = await addAgent(store);
    const s = session('hash-1', ann.id, { passwordChangeRequired: true });
    await store.sessions.insert(s);
    expect(await store.sessions.find('hash-1')).toEqual(s);
    expect(await store.sessions.find('hash-none')).toBeNull();
    await store.sessions.revoke('hash-1', T0 + 10);
    await store.sessions.revoke('hash-1', T0 + 20);
    expect((await store.sessions.find('hash-1'))?.revokedAt).toBe(T0 + 10);
    await store.sessions.clearPasswordChangeRequired('hash-1');
    expect((await store.sessions.find('hash-1'))?.passwordChangeRequired).toBe(false);
  });

  it("revokes all of an agent's sessions, or all but the one kept, and no one else's", async () => {
    const store = await open();
    const ann = await addAgent(store);
    const bob = await addAgent(store);
    await store.sessions.insert(session('ann-1', ann.id));
    await store.sessions.insert(session('ann-2', ann.id));
    await store.sessions.insert(session('ann-3', ann.id, { revokedAt: T0 + 1 }));
    await store.sessions.insert(session('bob-1', bob.id));
    await store.sessions.revokeOthersOfAgent(ann.id, 'ann-2', T0 + 5);
    const revokedAt = async (hash: string) => (await store.sessions.find(hash))?.revokedAt;
    expect(await revokedAt('ann-1')).toBe(T0 + 5);
    expect(await revokedAt('ann-2')).toBeNull();
    expect(await revokedAt('ann-3')).toBe(T0 + 1);
    expect(await revokedAt('bob-1')).toBeNull();
    await store.sessions.revokeAllOfAgent(ann.id, T0 + 9);
    expect(await revokedAt('ann-1')).toBe(T0 + 5);
    expect(await revokedAt('ann-2')).toBe(T0 + 9);
    expect(await revokedAt('bob-1')).toBeNull();
  });

  it('deletes the sessions that expired before now and says how many', async () => {
    const store = await open();
    const ann = await addAgent(store);
    await store.sessions.insert(session('old', ann.id, { expiresAt: T0 + 10 }));
    await store.sessions.insert(session('edge', ann.id, { expiresAt: T0 + 20 }));
    await store.sessions.insert(session('new', ann.id, { expiresAt: T0 + 30 }));
    expect(await store.sessions.deleteExpired(T0 + 20)).toBe(1);
    expect(await store.sessions.find('old')).toBeNull();
    expect(await store.sessions.find('edge')).not.toBeNull();
    expect(await store.sessions.deleteExpired(T0 + 20)).toBe(0);
  });
});
