/**
 * Whether a LINE customer can be written to first, on both stores: the latest follow or unfollow event
 * the customer sent, across all of the contact's conversations; nothing else counts.
 */
import { expect, it } from 'vitest';
import { describeStores } from './stores.js';
import { addChannel, addContact, addConversation, addMessage, T0 } from './fixtures.js';

describeStores('reachability', ({ open }) => {
  it("is the contact's latest follow or unfollow event, or null when the provider sent none", async () => {
    const store = await open();
    await addChannel(store, { id: 'ch-1', kind: 'line' });
    await addContact(store, 'ch-1', { id: 'c-1' });
    await addContact(store, 'ch-1', { id: 'c-2' });
    const first = await addConversation(store, { channelId: 'ch-1', contactId: 'c-1' });
    const second = await addConversation(store, { channelId: 'ch-1', contactId: 'c-1' });
    const elsewhere = await addConversation(store, { channelId: 'ch-1', contactId: 'c-2' });
    const event = (name: string) => ({ kind: 'event' as const, text: '', meta: { event: { name } } });
    const at = (conversationId: string, createdAt: number, fields: object) =>
      addMessage(store, { channelId: 'ch-1', conversationId }, { createdAt, updatedAt: createdAt, ...fields });

    expect(await store.reachability.lastFollowEvent('c-1')).toBeNull();
    await at(first.id, T0 + 1, { text: 'hello' });
    expect(await store.reachability.lastFollowEvent('c-1')).toBeNull();

    await at(first.id, T0 + 2, event('follow'));
    expect(await store.reachability.lastFollowEvent('c-1')).toBe('follow');
    await at(second.id, T0 + 3, event('unfollow'));
    expect(await store.reachability.lastFollowEvent('c-1')).toBe('unfollow');
    // Other events, an outbound message and another contact's follow do not count.
    await at(second.id, T0 + 4, event('join'));
    await at(second.id, T0 + 5, { ...event('follow'), direction: 'out', state: 'sent' });
    await at(elsewhere.id, T0 + 6, event('follow'));
    expect(await store.reachability.lastFollowEvent('c-1')).toBe('unfollow');
    expect(await store.reachability.lastFollowEvent('c-2')).toBe('follow');
    // The same instant: the later id wins.
    await at(first.id, T0 + 7, { id: 'm-b', ...event('follow') });
    await at(first.id, T0 + 7, { id: 'm-a', ...event('unfollow') });
    expect(await store.reachability.lastFollowEvent('c-1')).toBe('follow');
  });
});
