/**
 * The contact repository on both stores: what inbound webhooks, the contact panel, syncing, provider
 * profiles and merging rely on — a contact found by its sender, edits kept, paging by id in the same
 * order on SQLite and Postgres within the viewer's channels, profile refreshes due at the same moments,
 * and merges listed newest first until undone.
 */
import { expect, it } from 'vitest';
import type { Contact } from '../../../src/shared/domain.js';
import type { Store } from '../../../src/hub/store/store.js';
import { describeStores } from './stores.js';
import { addChannel, addContact, addConversation, T0 } from './fixtures.js';

const ids = (contacts: readonly Contact[]): string[] => contacts.map((c) => c.id);

async function twoChannels(store: Store): Promise<void> {
  await addChannel(store, { id: 'ch-1', kind: 'telegram' });
  await addChannel(store, { id: 'ch-2', kind: 'line' });
}

describeStores('contacts', ({ open }) => {
  it('finds a contact by id and by its sender (channel, provider id, group thread)', async () => {
    const store = await open();
    await twoChannels(store);
    const contact = await addContact(store, 'ch-1', {
      id: 'c-1',
      name: '田中 太郎',
      identity: { externalId: 'u-1', phone: '+81 90-1234-5678', username: 'tanaka' },
    });
    await addContact(store, 'ch-1', {
      id: 'c-group',
      identity: { externalId: 'u-1', phone: null, username: null },
      threadKey: 'g-9',
    });
    expect(await store.contacts.findById('c-1')).toEqual({ contact, threadKey: '' });
    expect((await store.contacts.findBySender('ch-1', 'u-1', ''))?.contact.id).toBe('c-1');
    expect((await store.contacts.findBySender('ch-1', 'u-1', 'g-9'))?.threadKey).toBe('g-9');
    expect(await store.contacts.findBySender('ch-2', 'u-1', '')).toBeNull();
    expect(await store.contacts.findById('nope')).toBeNull();
  });

  it('refuses a second contact for the same sender on the same channel', async () => {
    const store = await open();
    await twoChannels(store);
    await addContact(store, 'ch-1', { id: 'c-1', identity: { externalId: 'u-1', phone: null, username: null } });
    await expect(
      addContact(store, 'ch-1', { id: 'c-2', identity: { externalId: 'u-1', phone: null, username: null } }),
    ).rejects.toThrow();
    await addContact(store, 'ch-2', { id: 'c-3', identity: { externalId: 'u-1', phone: null, username: null } });
  });

  it("keeps an agent's edits and reads back only what is set", async () => {
    const store = await open();
    await twoChannels(store);
    const contact = await addContact(store, 'ch-1', { id: 'c-1' });
    expect(Object.keys((await store.contacts.findById('c-1'))?.contact ?? {}).sort()).toEqual(
      ['channelId', 'createdAt', 'deletedAt', 'id', 'identity', 'name'].sort(),
    );
    const edited: Contact = {
      ...contact,
      name: 'Renamed',
      identity: { ...contact.identity, phone: '+1 555', username: 'who' },
      nameSetByAgent: true,
      notes: 'Prefers mornings',
      email: 'a@example.test',
      attributes: { Plan: 'Gold' },
      personId: 'person-1',
      deletedAt: T0 + 9,
    };
    await store.contacts.update(edited, T0 + 9);
    await store.contacts.setLanguage('c-1', 'ja');
    expect((await store.contacts.findById('c-1'))?.contact).toEqual({ ...edited, language: 'ja' });
    // Clearing: empty notes, no attributes, no person read back as absent.
    await store.contacts.update({ ...contact, notes: '', attributes: {}, personId: null }, T0 + 10);
    const cleared = (await store.contacts.findById('c-1'))?.contact;
    expect(cleared).not.toHaveProperty('notes');
    expect(cleared).not.toHaveProperty('attributes');
    expect(cleared).not.toHaveProperty('personId');
    expect(cleared).not.toHaveProperty('nameSetByAgent');
  });

  it("pages by id in code point order, only within the viewer's channels, and counts the same way", async () => {
    const store = await open();
    await twoChannels(store);
    await addChannel(store, { id: 'ch-3' });
    for (const [id, channel] of [
      ['c-b', 'ch-1'],
      ['C-z', 'ch-1'],
      ['c-a', 'ch-2'],
      ['c-c', 'ch-3'],
      ['c-d', 'ch-1'],
    ] as const) {
      await addContact(store, channel, { id });
    }
    expect(ids(await store.contacts.listAfter('', 10, null))).toEqual(['C-z', 'c-a', 'c-b', 'c-c', 'c-d']);
    expect(ids(await store.contacts.listAfter('', 2, null))).toEqual(['C-z', 'c-a']);
    expect(ids(await store.contacts.listAfter('c-a', 2, null))).toEqual(['c-b', 'c-c']);
    expect(ids(await store.contacts.listAfter('', 10, ['ch-1', 'ch-2']))).toEqual(['C-z', 'c-a', 'c-b', 'c-d']);
    expect(ids(await store.contacts.listAfter('c-b', 10, ['ch-1']))).toEqual(['c-d']);
    expect(await store.contacts.listAfter('', 10, [])).toEqual([]);
    expect(await store.contacts.count(null)).toBe(5);
    expect(await store.contacts.count(['ch-1'])).toBe(3);
    expect(await store.contacts.count([])).toBe(0);
  });

  it('asks for a profile when never asked, or asked before and written to since; stops after failed tries', async () => {
    const store = await open();
    await twoChannels(store);
    await addChannel(store, { id: 'ch-wa', kind: 'whatsapp' });
    await addContact(store, 'ch-1', { id: 'c-new', createdAt: T0 + 2 });
    await addContact(store, 'ch-2', { id: 'c-line', createdAt: T0 + 1 });
    await addContact(store, 'ch-1', { id: 'c-group', threadKey: 'g-1', createdAt: T0 });
    await addContact(store, 'ch-1', { id: 'c-trashed', deletedAt: T0, createdAt: T0 });
    await addContact(store, 'ch-wa', { id: 'c-wa', createdAt: T0 });
    await addContact(store, 'ch-1', { id: 'c-quiet', createdAt: T0 + 3 });
    await addContact(store, 'ch-1', { id: 'c-wrote', createdAt: T0 + 4 });
    await store.contacts.markProfileChecked('c-quiet', T0 + 100);
    await store.contacts.markProfileChecked('c-wrote', T0 + 100);
    await addConversation(store, { channelId: 'ch-1', contactId: 'c-quiet' }, { lastInboundAt: T0 + 50 });
    await addConversation(store, { channelId: 'ch-1', contactId: 'c-wrote' }, { lastInboundAt: T0 + 150 });

    const due = async (staleBefore: number, limit = 10) =>
      (await store.contacts.listProfileDue(['telegram', 'line'], staleBefore, 3, limit)).map((d) => [
        d.contact.id,
        d.kind,
      ]);
    expect(await due(T0 + 50)).toEqual([
      ['c-line', 'line'],
      ['c-new', 'telegram'],
    ]);
    expect(await due(T0 + 200)).toEqual([
      ['c-line', 'line'],
      ['c-new', 'telegram'],
      ['c-wrote', 'telegram'],
    ]);
    expect(await due(T0 + 200, 1)).toEqual([['c-line', 'line']]);

    // Two failed tries keep it due; the third stamps it (it waits for the next refresh) and starts over.
    await store.contacts.markProfileFailed('c-line', T0 + 10, 3);
    await store.contacts.markProfileFailed('c-line', T0 + 11, 3);
    expect((await due(T0 + 5)).map(([id]) => id)).toContain('c-line');
    await store.contacts.markProfileFailed('c-line', T0 + 12, 3);
    expect((await due(T0 + 5)).map(([id]) => id)).not.toContain('c-line');
    await addConversation(store, { channelId: 'ch-2', contactId: 'c-line' }, { lastInboundAt: T0 + 20 });
    expect((await due(T0 + 13)).map(([id]) => id)).toContain('c-line');
    expect((await due(T0 + 12)).map(([id]) => id)).not.toContain('c-line');
  });

  it('keeps an avatar with the URL it came from, and forgets both', async () => {
    const store = await open();
    await twoChannels(store);
    await addContact(store, 'ch-1', { id: 'c-1' });
    expect(await store.contacts.avatarSourceOf('c-1')).toBeNull();
    const avatar = { sha256: 'a'.repeat(64), mimeType: 'image/png' as const, size: 120 };
    await store.contacts.setAvatar('c-1', avatar, 'https://cdn.example.test/p.png');
    expect(await store.contacts.avatarSourceOf('c-1')).toBe('https://cdn.example.test/p.png');
    expect((await store.contacts.findById('c-1'))?.contact.avatar).toEqual(avatar);
    await store.contacts.setAvatar('c-1', null, null);
    expect(await store.contacts.avatarSourceOf('c-1')).toBeNull();
    expect((await store.contacts.findById('c-1'))?.contact).not.toHaveProperty('avatar');
  });

  it("lists a person's contacts oldest first and its merges newest first until undone", async () => {
    const store = await open();
    await twoChannels(store);
    for (const [id, createdAt] of [
      ['c-b', T0 + 1],
      ['c-a', T0 + 1],
      ['c-first', T0],
      ['c-other', T0],
    ] as const) {
      const contact = await addContact(store, 'ch-1', { id, createdAt });
      if (id !== 'c-other') await store.contacts.update({ ...contact, personId: 'p-1' }, T0 + 5);
    }
    expect(ids(await store.contacts.listOfPerson('p-1'))).toEqual(['c-first', 'c-a', 'c-b']);
    expect(await store.contacts.listOfPerson('p-none')).toEqual([]);

    const merge = (id: string, contactId: string, intoContactId: string, mergedAt: number) => ({
      id,
      contactId,
      intoContactId,
      personId: 'p-1',
      before: [{ contactId, personId: null }],
      mergedBy: 'agent-1',
      mergedAt,
    });
    await store.contacts.insertMerge(merge('m-1', 'c-a', 'c-first', T0 + 10));
    await store.contacts.insertMerge(merge('m-3', 'c-b', 'c-a', T0 + 20));
    await store.contacts.insertMerge(merge('m-2', 'c-other', 'c-b', T0 + 20));
    expect((await store.contacts.activeMergesOf('c-a')).map((m) => m.id)).toEqual(['m-3', 'm-1']);
    expect((await store.contacts.activeMergesOf('c-b')).map((m) => m.id)).toEqual(['m-3', 'm-2']);
    expect((await store.contacts.activeMergesOf('c-a'))[1]).toEqual(merge('m-1', 'c-a', 'c-first', T0 + 10));
    await store.contacts.markMergeUndone('m-3', 'agent-2', T0 + 30);
    expect((await store.contacts.activeMergesOf('c-a')).map((m) => m.id)).toEqual(['m-1']);
    expect((await store.contacts.activeMergesOf('c-b')).map((m) => m.id)).toEqual(['m-2']);
  });
});
