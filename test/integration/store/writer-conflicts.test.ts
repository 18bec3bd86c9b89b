/**
 * The writer on a real PostgreSQL with two transactions in flight (services/writer.ts): when two writes lock
 * the same rows in opposite orders, Postgres aborts one to break the deadlock; that write runs again after
 * the other committed, so both callers get their answer and each change is stored and logged once.
 * (Failed in CI before the retry: two conversations of one selection assigned at once while the queue
 * drained, one answered DATABASE_TIMEOUT 40P01.)
 */
import { afterEach, expect, it } from 'vitest';
import { SignalBus, type HubSignal } from '../../../src/hub/services/signals.js';
import { EVERYONE, Writer } from '../../../src/hub/services/writer.js';
import { FOR_UPDATE } from '../../../src/hub/store/ports/conversations.js';
import { openPostgresStore } from '../../../src/hub/store/postgres/store.js';
import type { Store } from '../../../src/hub/store/store.js';
import { createDatabase } from '../../helpers/postgres.js';
import { addContact, addConversation, addConversationWorld } from './fixtures.js';

const opened: Store[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

/** A promise and the function that settles it. */
function gate(): { readonly wait: Promise<void>; readonly open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

it('a write Postgres aborts to break a deadlock runs again: both answer, each change is kept and logged once', async () => {
  const store = await openPostgresStore({ url: await createDatabase(), poolSize: 4 });
  opened.push(store);
  const { channel, conversation: x } = await addConversationWorld(store);
  const y = await addConversation(store, {
    channelId: channel.id,
    contactId: (await addContact(store, channel.id)).id,
  });
  const published: HubSignal[] = [];
  const bus = new SignalBus((error) => {
    throw error;
  });
  bus.subscribe((signal) => void published.push(signal));
  // One write per transaction, two transactions at once: what a busy Postgres hub runs.
  const writer = new Writer(store, bus, () => 1_000, { concurrency: 2, maxBatch: 1 });

  const xLocked = gate();
  const yLocked = gate();
  const runs = { first: 0, second: 0 };
  /** Locks `a`, waits until the other write holds `b`, then locks `b` and labels both. */
  const crossing = (
    name: 'first' | 'second',
    a: string,
    b: string,
    mine: ReturnType<typeof gate>,
    theirs: ReturnType<typeof gate>,
  ) =>
    writer.write(async (scope) => {
      runs[name] += 1;
      const first = await store.conversations.findById(a, FOR_UPDATE);
      mine.open();
      await theirs.wait;
      const second = await store.conversations.findById(b, FOR_UPDATE);
      for (const record of [first, second]) {
        if (!record) throw new Error('missing conversation');
        const labels = [...record.conversation.labels, name];
        await store.conversations.update({ ...record, conversation: { ...record.conversation, labels } });
      }
      scope.emit({ type: 'channel.remove', channelId: name }, EVERYONE);
      return name;
    });

  const answers = await Promise.allSettled([
    crossing('first', x.id, y.id, xLocked, yLocked),
    crossing('second', y.id, x.id, yLocked, xLocked),
  ]);

  expect(answers.map((a) => (a.status === 'fulfilled' ? a.value : String(a.reason)))).toEqual(['first', 'second']);
  // Exactly one of them lost the deadlock and ran twice.
  expect(runs.first + runs.second).toBe(3);
  // Both labels on both conversations, once each: the lost run left nothing behind.
  for (const id of [x.id, y.id]) {
    const labels = (await store.conversations.findById(id))?.conversation.labels ?? [];
    expect([...labels].sort()).toEqual(['first', 'second']);
  }
  const logged = await store.events.listAfter(0, 10, { agentId: 'x', scope: null });
  expect(logged.map((e) => (e.type === 'channel.remove' ? e.channelId : e.type)).sort()).toEqual(['first', 'second']);
  expect(published.flatMap((s) => (s.type === 'events' ? s.events.map((e) => e.seq) : [])).sort()).toEqual(
    logged.map((e) => e.seq).sort(),
  );
});
