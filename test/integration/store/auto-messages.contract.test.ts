/**
 * The automatic-message repository on both stores: a greeting or auto-reply is claimed once per conversation,
 * and a greeting goes only to a conversation the customer's message opened.
 */
import { expect, test } from 'vitest';
import { describeStores } from './stores.js';
import { T0, addConversationWorld, addMessage } from './fixtures.js';

/** Keeps a transaction open a moment, so a concurrent writer reaches the same row meanwhile. */
const hold = () => new Promise((resolve) => setTimeout(resolve, 100));

describeStores('auto-messages', ({ open }) => {
  test('each kind is claimed once per conversation; the first claim keeps its message', async () => {
    const store = await open();
    const { conversation } = await addConversationWorld(store);
    const other = await addConversationWorld(store);
    expect(await store.autoMessages.messageIdOf(conversation.id, 'greeting')).toBeNull();

    expect(await store.autoMessages.claim(conversation.id, 'greeting', 'msg-1', T0)).toBe(true);
    expect(await store.autoMessages.claim(conversation.id, 'greeting', 'msg-2', T0 + 1)).toBe(false);
    expect(await store.autoMessages.messageIdOf(conversation.id, 'greeting')).toBe('msg-1');

    expect(await store.autoMessages.claim(conversation.id, 'autoReply', 'msg-3', T0)).toBe(true);
    expect(await store.autoMessages.messageIdOf(conversation.id, 'autoReply')).toBe('msg-3');
    expect(await store.autoMessages.claim(other.conversation.id, 'greeting', 'msg-4', T0)).toBe(true);
  });

  test("a message opens its conversation unless another came before or beside it (the customer's reactions and events aside)", async () => {
    const store = await open();
    const { channel, conversation } = await addConversationWorld(store);
    const refs = { channelId: channel.id, conversationId: conversation.id };
    const follow = await addMessage(store, refs, { kind: 'event', meta: { event: { name: 'follow' } } });
    const reaction = await addMessage(store, refs, { kind: 'reaction', text: null });
    const first = await addMessage(store, refs, { createdAt: T0 + 1 });
    expect(await store.autoMessages.opensConversation(conversation.id, first.id)).toBe(true);
    expect(await store.autoMessages.opensConversation(conversation.id, follow.id)).toBe(false);
    expect(await store.autoMessages.opensConversation(conversation.id, reaction.id)).toBe(false);

    const elsewhere = await addConversationWorld(store);
    await addMessage(store, { channelId: elsewhere.channel.id, conversationId: elsewhere.conversation.id });
    expect(await store.autoMessages.opensConversation(conversation.id, first.id)).toBe(true);

    // Anything the hub sent counts, even after it: the conversation was not new to the customer's message.
    await addMessage(store, refs, { direction: 'out', text: 'Hi!', state: 'sent', createdAt: T0 + 2 });
    expect(await store.autoMessages.opensConversation(conversation.id, first.id)).toBe(false);
  });

  test('two writers claiming the same greeting at once (a webhook redelivered to two nodes): exactly one wins', async () => {
    const store = await open();
    const { conversation } = await addConversationWorld(store);
    const attempt = (messageId: string) =>
      store.transaction(async () => {
        const won = await store.autoMessages.claim(conversation.id, 'greeting', messageId, T0);
        await hold();
        return won;
      });
    const [first, second] = await Promise.all([attempt('msg-a'), attempt('msg-b')]);
    expect([first, second].filter(Boolean)).toHaveLength(1);
    expect(await store.autoMessages.messageIdOf(conversation.id, 'greeting')).toBe(first ? 'msg-a' : 'msg-b');
  });
});
