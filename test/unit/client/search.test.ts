import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SNIPPET_MARK_END, SNIPPET_MARK_START } from '../../../src/shared/api.js';
import type { HubEventBody } from '../../../src/shared/protocol.js';
import { ClientCache } from '../../../src/main/core/cache/client-cache.js';
import { EventApplier } from '../../../src/main/core/sync/apply-events.js';
import { indexColumns, matchExpression, queryTerms } from '../../../src/main/core/search/search-terms.js';
import {
  T0,
  makeChannel,
  makeContact,
  makeConversation,
  makeMessage,
  makeTempDir,
  numberEvents,
} from '../../helpers/client.js';

const texts = [
  'Hello, I would like a refund for my order #4471',
  '返品をお願いしたいのですが、どうすればよいですか？',
  '配送状況を教えてください',
  'The delivery arrived damaged, can I return it?',
  '商品が届きません。発送はいつですか',
  'ありがとうございました！',
  'Refunds usually take 3-5 business days',
  'コーヒー豆の返品について',
];

describe('offline search', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let cache: ClientCache;

  beforeEach(() => {
    tmp = makeTempDir();
    cache = ClientCache.open(tmp.dir, 'me');
    const bodies: HubEventBody[] = [
      { type: 'channel.upsert', channel: makeChannel({ id: 'ch1', linkedAgentIds: ['me'] }) },
      {
        type: 'contact.upsert',
        contact: makeContact({
          id: 'k1',
          channelId: 'ch1',
          name: '山田 花子',
          identity: { externalId: '819012345678', phone: '+81 90-1234-5678', username: null },
        }),
      },
      { type: 'contact.upsert', contact: makeContact({ id: 'k2', channelId: 'ch1', name: 'John Smith' }) },
      { type: 'conversation.upsert', conversation: makeConversation({ id: 'c1', channelId: 'ch1', contactId: 'k1' }) },
      { type: 'conversation.upsert', conversation: makeConversation({ id: 'c2', channelId: 'ch1', contactId: 'k2' }) },
      ...texts.map((text, i): HubEventBody => ({
        type: 'message.upsert',
        message: makeMessage({ id: `m${i}`, conversationId: i % 2 ? 'c1' : 'c2', text, createdAt: T0 + i }),
      })),
    ];
    new EventApplier(cache).applyEvents(numberEvents(bodies));
  });

  afterEach(() => {
    cache.close();
    tmp.cleanup();
  });

  const messageIds = (query: string) =>
    cache.search
      .search(query, 50)
      .filter((h) => h.messageId !== null)
      .map((h) => h.messageId);

  it('finds the two-character Japanese word 返品 among English and Japanese messages', () => {
    expect(messageIds('返品').sort()).toEqual(['m1', 'm7']);
  });

  it('finds 配送 and a single kanji', () => {
    expect(messageIds('配送')).toEqual(['m2']);
    expect(messageIds('届')).toEqual(['m4']);
  });

  it('finds longer Japanese phrases only where the characters are consecutive', () => {
    expect(messageIds('発送はいつ')).toEqual(['m4']);
    expect(messageIds('返品について')).toEqual(['m7']);
    expect(messageIds('品配')).toEqual([]);
  });

  it('finds Latin words case-blind and as prefixes', () => {
    expect(messageIds('REFUND').sort()).toEqual(['m0', 'm6']);
    expect(messageIds('deliv')).toEqual(['m3']);
    expect(messageIds('damaged return')).toEqual(['m3']);
    expect(messageIds('4471')).toEqual(['m0']);
  });

  it('finds full-width input the same as half-width', () => {
    expect(messageIds('ＲＥＦＵＮＤ').sort()).toEqual(['m0', 'm6']);
  });

  it('lists the newest matching message first', () => {
    expect(messageIds('refund')).toEqual(['m6', 'm0']);
  });

  it('marks the matched words in the snippet', () => {
    const hit = cache.search.search('返品', 50).find((h) => h.messageId === 'm1');
    expect(hit?.snippet).toContain(`${SNIPPET_MARK_START}返品${SNIPPET_MARK_END}`);
    const latin = cache.search.search('refund', 50).find((h) => h.messageId === 'm0');
    expect(latin?.snippet).toContain(`${SNIPPET_MARK_START}refund${SNIPPET_MARK_END}`);
    expect(latin?.contactName).toBe('John Smith');
  });

  it('finds a contact by a Japanese name or by phone number in any format', () => {
    const byName = cache.search.search('花子', 50).filter((h) => h.messageId === null);
    expect(byName.map((h) => h.conversationId)).toEqual(['c1']);
    for (const phone of ['090-1234-5678', '+81 90 1234 5678', '5678']) {
      const hits = cache.search.search(phone, 50).filter((h) => h.messageId === null);
      expect(hits.map((h) => h.conversationId)).toEqual(['c1']);
    }
  });

  it('hides messages of trashed contacts', () => {
    const trashed = makeContact({ id: 'k2', channelId: 'ch1', name: 'John Smith', deletedAt: T0 + 100 });
    new EventApplier(cache).applyEvents(numberEvents([{ type: 'contact.upsert', contact: trashed }], 100));
    expect(messageIds('refund')).toEqual([]);
  });

  it('re-indexes an edited message and forgets its old words', () => {
    const edited = makeMessage({ id: 'm3', conversationId: 'c2', text: 'Package is fine now', updatedAt: T0 + 50 });
    new EventApplier(cache).applyEvents(numberEvents([{ type: 'message.upsert', message: edited }], 100));
    expect(messageIds('damaged')).toEqual([]);
    expect(messageIds('package')).toEqual(['m3']);
  });

  it('ignores a query with nothing searchable', () => {
    expect(cache.search.search('、。!?', 50)).toEqual([]);
  });
});

describe('search terms', () => {
  it('indexes CJK runs as characters and bigrams, Latin as words', () => {
    expect(indexColumns('返品 OK 配送')).toEqual({ words: '  ok  ', uni: '返 品 配 送', bi: '返品 x 配送' });
  });

  it('turns a mixed query into one AND of column filters', () => {
    expect(matchExpression(queryTerms('iPhone 返品'))).toBe('words : "iphone" * AND bi : "返品"');
    expect(matchExpression(queryTerms('返'))).toBe('uni : "返"');
  });
});
