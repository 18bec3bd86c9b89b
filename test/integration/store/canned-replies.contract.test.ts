/**
 * Canned replies on both stores: an agent sees the team's replies and its own, for every channel or for a
 * live channel it works on, listed by title in the same order on SQLite and Postgres; edits and deletes
 * are kept.
 */
import { expect, it } from 'vitest';
import type { CannedReply } from '../../../src/shared/domain.js';
import type { Store } from '../../../src/hub/store/store.js';
import { describeStores } from './stores.js';
import { addAgent, addChannel, T0 } from './fixtures.js';

function reply(id: string, fields: Partial<CannedReply> = {}): CannedReply {
  return {
    id,
    ownerId: null,
    channelId: null,
    title: `Title ${id}`,
    shortcut: null,
    text: `Text of ${id}`,
    createdAt: T0,
    updatedAt: T0,
    ...fields,
  };
}

async function world(store: Store): Promise<void> {
  await addAgent(store, { id: 'agent-a' });
  await addAgent(store, { id: 'agent-b' });
  await addChannel(store, { id: 'ch-1' });
  await addChannel(store, { id: 'ch-2' });
}

const titles = (replies: readonly CannedReply[]): string[] => replies.map((r) => r.title);

describeStores('canned replies', ({ open }) => {
  it('keeps a reply as given, its edits, and forgets a deleted one', async () => {
    const store = await open();
    await world(store);
    const saved = reply('r-1', { ownerId: 'agent-a', channelId: 'ch-1', shortcut: 'thx', text: 'Thank you!\nBye' });
    await store.cannedReplies.insert(saved);
    expect(await store.cannedReplies.findById('r-1')).toEqual(saved);
    const edited = {
      ...saved,
      channelId: null,
      title: 'Thanks',
      shortcut: null,
      text: 'ありがとうございます',
      updatedAt: T0 + 5,
    };
    await store.cannedReplies.update(edited);
    expect(await store.cannedReplies.findById('r-1')).toEqual(edited);
    await store.cannedReplies.delete('r-1');
    expect(await store.cannedReplies.findById('r-1')).toBeNull();
    expect(await store.cannedReplies.listVisible({ agentId: 'agent-a', scope: null })).toEqual([]);
  });

  it("shows the team's replies and the viewer's own, on every channel or the viewer's channels", async () => {
    const store = await open();
    await world(store);
    await store.cannedReplies.insert(reply('team-all', { title: 'team all' }));
    await store.cannedReplies.insert(reply('team-1', { title: 'team ch-1', channelId: 'ch-1' }));
    await store.cannedReplies.insert(reply('team-2', { title: 'team ch-2', channelId: 'ch-2' }));
    await store.cannedReplies.insert(reply('mine', { title: 'mine', ownerId: 'agent-a' }));
    await store.cannedReplies.insert(reply('mine-2', { title: 'mine ch-2', ownerId: 'agent-a', channelId: 'ch-2' }));
    await store.cannedReplies.insert(reply('theirs', { title: 'theirs', ownerId: 'agent-b' }));

    expect(titles(await store.cannedReplies.listVisible({ agentId: 'agent-a', scope: null }))).toEqual([
      'mine',
      'mine ch-2',
      'team all',
      'team ch-1',
      'team ch-2',
    ]);
    expect(titles(await store.cannedReplies.listVisible({ agentId: 'agent-a', scope: ['ch-1'] }))).toEqual([
      'mine',
      'team all',
      'team ch-1',
    ]);
    expect(titles(await store.cannedReplies.listVisible({ agentId: 'agent-b', scope: [] }))).toEqual([
      'team all',
      'theirs',
    ]);
  });

  it("still lists a trashed channel's replies (the trash is not a deletion)", async () => {
    const store = await open();
    await world(store);
    await store.cannedReplies.insert(reply('team-1', { title: 'team ch-1', channelId: 'ch-1' }));
    await store.cannedReplies.insert(reply('team-2', { title: 'team ch-2', channelId: 'ch-2' }));
    expect(await store.channels.trash('ch-2', T0 + 1)).toBe(true);
    expect(titles(await store.cannedReplies.listVisible({ agentId: 'agent-a', scope: null }))).toEqual([
      'team ch-1',
      'team ch-2',
    ]);
  });

  it('lists by title in code point order (capitals before small letters), ties by id', async () => {
    const store = await open();
    await world(store);
    for (const [id, title] of [
      ['r-3', 'apple'],
      ['r-2', 'Banana'],
      ['r-1', 'apple'],
      ['r-4', 'Äpfel'],
      ['r-5', 'あいさつ'],
      ['r-6', 'Zebra'],
      ['r-7', '_under'],
    ] as const) {
      await store.cannedReplies.insert(reply(id, { title }));
    }
    const listed = await store.cannedReplies.listVisible({ agentId: 'agent-a', scope: null });
    expect(listed.map((r) => [r.title, r.id])).toEqual([
      ['Banana', 'r-2'],
      ['Zebra', 'r-6'],
      ['_under', 'r-7'],
      ['apple', 'r-1'],
      ['apple', 'r-3'],
      ['Äpfel', 'r-4'],
      ['あいさつ', 'r-5'],
    ]);
  });
});
