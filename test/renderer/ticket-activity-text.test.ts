/**
 * The thread's lines for conversations and tickets (docs/lifecycle.md, "Conversations and tickets"), in
 * English and Japanese: a new conversation after a resolved one (with or without its ticket number) and
 * an agent's new ticket subject.
 */
import { describe, expect, it } from 'vitest';
import type { ActivityView } from '../../src/shared/activity.js';
import { activityText } from '../../src/renderer/src/features/conversation/activity-line.js';
import { translate, type Lang } from '../../src/renderer/src/i18n/translate.js';
import type { T } from '../../src/renderer/src/common/use-t.js';

const tOf =
  (lang: Lang): T =>
  (key, params) =>
    translate(lang, key, params);

const line = (change: ActivityView['change'], agentId: string | null): ActivityView => ({
  id: 'a1',
  conversationId: 'c2',
  channelId: 'ch',
  actor: agentId === null ? { kind: 'routing' } : { kind: 'agent', agentId },
  change,
  at: 1000,
  agentNames: { aiko: 'Aiko' },
});

const words = (lang: Lang, view: ActivityView) => activityText(tOf(lang), lang, view, 'ben');

describe('conversation and ticket lines', () => {
  it('a new conversation after a resolved one names its ticket when it had one', () => {
    const withTicket = line({ kind: 'followUp', previousConversationId: 'c1', previousTicketNumber: 977 }, null);
    expect(words('en', withTicket)).toBe('New conversation: the customer wrote again after ticket #977 was resolved');
    expect(words('ja', withTicket)).toBe(
      '新しい会話：チケット #977 が解決済みになった後にお客様から再度連絡がありました',
    );
    const without = line({ kind: 'followUp', previousConversationId: 'c1', previousTicketNumber: null }, null);
    expect(words('en', without)).toBe('New conversation: the customer wrote again after the last one was resolved');
  });

  it('an agent’s new subject says who and what', () => {
    const subject = line({ kind: 'subject', from: 'hi', to: 'Late delivery' }, 'aiko');
    expect(words('en', subject)).toBe('Aiko changed the ticket subject to ‘Late delivery’');
    expect(words('ja', subject)).toBe('Aiko さんがチケットの件名を「Late delivery」に変更しました');
  });
});
