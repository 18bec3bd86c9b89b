/**
 * Agent access on both stores: the temporary-password mark, single-use invitations, and the unresolved
 * workload that deactivating an agent re-routes.
 */
import { expect, it } from 'vitest';
import type { Store } from '../../../src/hub/store/store.js';
import { describeStores } from './stores.js';
import { addAgent, addContact, addConversation, addChannel, T0 } from './fixtures.js';

type StoredInvitation = Parameters<Store['agentAccess']['insertInvitation']>[0];

function invitation(tokenHash: string, agentId: string, fields: Partial<StoredInvitation> = {}): StoredInvitation {
  return { tokenHash, agentId, createdBy: null, createdAt: T0, expiresAt: T0 + 100, usedAt: null, ...fields };
}

describeStores('agent access', ({ open }) => {
  it('marks and clears the must-replace-password flag per agent', async () => {
    const store = await open();
    const ann = await addAgent(store);
    const bob = await addAgent(store);
    expect(await store.agentAccess.isPasswordChangeRequired(ann.id)).toBe(false);
    expect(await store.agentAccess.isPasswordChangeRequired('agent-nobody')).toBe(false);
    await store.agentAccess.setPasswordChangeRequired(ann.id, true);
    await store.agentAccess.setPasswordChangeRequired(bob.id, true);
    expect(await store.agentAccess.isPasswordChangeRequired(ann.id)).toBe(true);
    await store.agentAccess.setPasswordChangeRequired(bob.id, false);
    expect(await store.agentAccess.passwordChangeRequiredIds()).toEqual(new Set([ann.id]));
  });

  it('uses an invitation once, even when two tabs race', async () => {
    const store = await open();
    const admin = await addAgent(store, { role: 'admin' });
    const ann = await addAgent(store);
    const stored = invitation('token-1', ann.id, { createdBy: admin.id });
    await store.agentAccess.insertInvitation(stored);
    expect(await store.agentAccess.findInvitation('token-1')).toEqual(stored);
    expect(await store.agentAccess.findInvitation('token-none')).toBeNull();
    const tabs = await Promise.all([
      store.agentAccess.markInvitationUsed('token-1', T0 + 5),
      store.agentAccess.markInvitationUsed('token-1', T0 + 6),
    ]);
    expect(tabs.filter(Boolean)).toHaveLength(1);
    expect(await store.agentAccess.markInvitationUsed('token-1', T0 + 7)).toBe(false);
    expect((await store.agentAccess.findInvitation('token-1'))?.usedAt).toBeOneOf([T0 + 5, T0 + 6]);
  });

  it("revokes an agent's unused invitations only, and gives each agent's newest pending expiry", async () => {
    const store = await open();
    const ann = await addAgent(store);
    const bob = await addAgent(store);
    await store.agentAccess.insertInvitation(invitation('ann-used', ann.id, { expiresAt: T0 + 900, usedAt: T0 + 1 }));
    await store.agentAccess.insertInvitation(invitation('ann-old', ann.id, { expiresAt: T0 + 100 }));
    await store.agentAccess.insertInvitation(invitation('ann-new', ann.id, { expiresAt: T0 + 300 }));
    await store.agentAccess.insertInvitation(invitation('bob-1', bob.id, { expiresAt: T0 + 200 }));
    expect(await store.agentAccess.pendingInvitationExpiries()).toEqual(
      new Map([
        [ann.id, T0 + 300],
        [bob.id, T0 + 200],
      ]),
    );
    await store.agentAccess.revokeInvitationsOf(ann.id);
    expect(await store.agentAccess.findInvitation('ann-new')).toBeNull();
    expect(await store.agentAccess.findInvitation('ann-used')).not.toBeNull();
    expect(await store.agentAccess.pendingInvitationExpiries()).toEqual(new Map([[bob.id, T0 + 200]]));
  });

  it("counts each agent's open and pending conversations, and lists them oldest activity first", async () => {
    const store = await open();
    const ann = await addAgent(store);
    const bob = await addAgent(store);
    const channel = await addChannel(store);
    const contact = await addContact(store, channel.id);
    const refs = { channelId: channel.id, contactId: contact.id };
    await addConversation(store, refs, { id: 'conv-b', assigneeId: ann.id, lastMessageAt: T0 + 2 });
    await addConversation(store, refs, { id: 'conv-a', assigneeId: ann.id, lastMessageAt: T0 + 2, status: 'pending' });
    await addConversation(store, refs, { id: 'conv-c', assigneeId: ann.id, lastMessageAt: T0 + 1 });
    await addConversation(store, refs, { id: 'conv-r', assigneeId: ann.id, status: 'resolved' });
    await addConversation(store, refs, { id: 'conv-bob', assigneeId: bob.id });
    await addConversation(store, refs, { id: 'conv-none' });
    expect(await store.agentAccess.countUnresolvedByAssignee()).toEqual(
      new Map([
        [ann.id, 3],
        [bob.id, 1],
      ]),
    );
    expect(await store.agentAccess.unresolvedConversationIdsOf(ann.id)).toEqual(['conv-c', 'conv-a', 'conv-b']);
    expect(await store.agentAccess.unresolvedConversationIdsOf('agent-nobody')).toEqual([]);
  });
});
