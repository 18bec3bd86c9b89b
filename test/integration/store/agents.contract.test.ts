/** Agents on both stores: found by id or by email whatever its case, listed oldest first, counted. */
import { expect, it } from 'vitest';
import { describeStores } from './stores.js';
import { addAgent, ALL_PERMISSIONS, T0 } from './fixtures.js';

describeStores('agents', ({ open }) => {
  it('reads back what was stored, and finds an agent by email in any case', async () => {
    const store = await open();
    const ann = await addAgent(store, {
      id: 'agent-ann',
      email: 'Ann@Example.test',
      role: 'admin',
      passwordHash: 'hash-ann',
    });
    expect(await store.agents.findById('agent-ann')).toEqual({ ...ann, capacity: null });
    expect(await store.agents.findById('agent-nobody')).toBeNull();
    const found = await store.agents.findCredentialsByEmail('ann@EXAMPLE.TEST');
    expect(found?.agent.id).toBe('agent-ann');
    expect(found?.agent.email).toBe('Ann@Example.test');
    expect(found?.passwordHash).toBe('hash-ann');
    expect(await store.agents.findCredentialsByEmail('someone@example.test')).toBeNull();
  });

  it('refuses a second agent with the same email in another case', async () => {
    const store = await open();
    await addAgent(store, { email: 'same@example.test' });
    await expect(addAgent(store, { email: 'SAME@example.test' })).rejects.toThrow();
    expect(await store.agents.count()).toBe(1);
  });

  it('updates name, role, permissions, active and capacity, and the password hash on its own', async () => {
    const store = await open();
    const bob = await addAgent(store, { id: 'agent-bob', passwordHash: 'old' });
    const changed = {
      ...bob,
      name: 'Bob B.',
      role: 'admin' as const,
      permissions: { ...ALL_PERMISSIONS, delete: false },
      active: false,
      capacity: 7,
    };
    await store.agents.update(changed, T0 + 1);
    await store.agents.setPasswordHash('agent-bob', 'new', T0 + 2);
    expect(await store.agents.findById('agent-bob')).toEqual(changed);
    expect((await store.agents.findCredentialsByEmail(bob.email))?.passwordHash).toBe('new');
    await store.agents.update({ ...changed, capacity: null }, T0 + 3);
    expect((await store.agents.findById('agent-bob'))?.capacity).toBeNull();
  });

  it('lists agents oldest first (then by id) and counts active admins', async () => {
    const store = await open();
    await addAgent(store, { id: 'agent-c', createdAt: T0 + 5 });
    await addAgent(store, { id: 'agent-b', createdAt: T0, role: 'admin' });
    await addAgent(store, { id: 'agent-a', createdAt: T0, role: 'admin', active: false });
    await addAgent(store, { id: 'agent-d', createdAt: T0 + 1, role: 'admin' });
    expect((await store.agents.list()).map((a) => a.id)).toEqual(['agent-a', 'agent-b', 'agent-d', 'agent-c']);
    expect(await store.agents.count()).toBe(4);
    expect(await store.agents.countActiveAdmins()).toBe(2);
  });
});
