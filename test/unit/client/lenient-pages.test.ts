import { describe, expect, it } from 'vitest';
import { readSnapshotPage, readSyncPage } from '../../../src/main/core/connection/lenient-pages.js';
import { makeMessage, numberEvents } from '../../helpers/client.js';

const warnings: unknown[] = [];
const logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (fields: unknown) => warnings.push(fields),
  error: () => undefined,
};

describe('sync pages are read event by event', () => {
  it('an event this client cannot read is left out and logged; the rest of the page is applied', () => {
    const events = numberEvents([
      { type: 'message.upsert', message: makeMessage({ conversationId: 'c1', text: 'one' }) },
      { type: 'message.upsert', message: makeMessage({ conversationId: 'c1', text: 'three' }) },
    ]);
    const page = readSyncPage(
      {
        reset: false,
        events: [events[0], { seq: 2, type: 'message.upsert', message: { id: 7 } }, events[1]],
        latestSeq: 3,
        hasMore: false,
      },
      logger,
    );
    const texts =
      page?.reset === false ? page.events.map((e) => (e.type === 'message.upsert' ? e.message.text : null)) : [];
    expect(texts).toEqual(['one', 'three']);
    expect(warnings).toHaveLength(1);
  });

  it('a snapshot item this client cannot read is left out; a page that is not a snapshot at all is refused', () => {
    const good = { type: 'message.upsert', message: makeMessage({ conversationId: 'c1' }) };
    const page = readSnapshotPage(
      { items: [good, { type: 'nonsense' }], asOfSeq: 1, nextCursor: null, total: 2 },
      logger,
    );
    expect(page?.items).toHaveLength(1);
    expect(readSnapshotPage({ items: 'nope' }, logger)).toBeNull();
  });
});
