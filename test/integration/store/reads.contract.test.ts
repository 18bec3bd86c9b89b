/** Read markers on both stores: a read only moves forward, "mark as unread" moves it back until a later read. */
import { expect, it } from 'vitest';
import { describeStores } from './stores.js';
import { addAgent, addConversation, addConversationWorld, T0 } from './fixtures.js';

describeStores('read markers', ({ open }) => {
  it('keeps the later read time whatever order the reads arrive in', async () => {
    const store = await open();
    const ann = await addAgent(store);
    const { conversation } = await addConversationWorld(store);
    const marker = { conversationId: conversation.id, agentId: ann.id };
    expect(await store.reads.upsert({ ...marker, readAt: T0 + 20 })).toEqual({ ...marker, readAt: T0 + 20 });
    expect(await store.reads.upsert({ ...marker, readAt: T0 + 10 })).toEqual({ ...marker, readAt: T0 + 20 });
    expect(await store.reads.upsert({ ...marker, readAt: T0 + 30 })).toEqual({ ...marker, readAt: T0 + 30 });
    expect(await store.reads.listOfAgent(ann.id)).toEqual([{ ...marker, readAt: T0 + 30 }]);
  });

  it('sets a marker back when marked unread, and only a later read clears the mark', async () => {
    const store = await open();
    const ann = await addAgent(store);
    const { conversation } = await addConversationWorld(store);
    const marker = { conversationId: conversation.id, agentId: ann.id };
    await store.reads.upsert({ ...marker, readAt: T0 + 50 });
    expect(await store.reads.setBack({ ...marker, readAt: T0 + 10 })).toEqual({
      ...marker,
      readAt: T0 + 10,
      markedUnread: true,
    });
    expect(await store.reads.listOfAgent(ann.id)).toEqual([{ ...marker, readAt: T0 + 10, markedUnread: true }]);
    // The same time again (another tab's late echo) keeps it unread.
    await store.reads.upsert({ ...marker, readAt: T0 + 10 });
    expect(await store.reads.listOfAgent(ann.id)).toEqual([{ ...marker, readAt: T0 + 10, markedUnread: true }]);
    expect(await store.reads.upsert({ ...marker, readAt: T0 + 11 })).toEqual({ ...marker, readAt: T0 + 11 });
    expect(await store.reads.listOfAgent(ann.id)).toEqual([{ ...marker, readAt: T0 + 11 }]);
  });

  it("lists one agent's markers by conversation, nobody else's", async () => {
    const store = await open();
    const ann = await addAgent(store);
    const bob = await addAgent(store);
    const { channel, contact } = await addConversationWorld(store);
    const refs = { channelId: channel.id, contactId: contact.id };
    const second = await addConversation(store, refs, { id: 'conv-2' });
    const first = await addConversation(store, refs, { id: 'conv-1' });
    await store.reads.upsert({ conversationId: second.id, agentId: ann.id, readAt: T0 + 1 });
    await store.reads.setBack({ conversationId: first.id, agentId: ann.id, readAt: T0 + 2 });
    await store.reads.upsert({ conversationId: first.id, agentId: bob.id, readAt: T0 + 3 });
    expect(await store.reads.listOfAgent(ann.id)).toEqual([
      { conversationId: 'conv-1', agentId: ann.id, readAt: T0 + 2, markedUnread: true },
      { conversationId: 'conv-2', agentId: ann.id, readAt: T0 + 1 },
    ]);
    expect(await store.reads.listOfAgent('agent-nobody')).toEqual([]);
  });
});
