/**
 * The thread's lines for routing moves (issue 14 §2) in English and Japanese: a conversation queued
 * because nobody was available, and one that left its agent (away, offline, deactivated, unanswered)
 * for another agent or for the queue, with the agents' names, the reader's own as "you".
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

type Routing = Extract<ActivityView['change'], { kind: 'routing' }>;

function move(change: Omit<Routing, 'kind'>): ActivityView {
  return {
    id: 'a1',
    conversationId: 'c1',
    channelId: 'ch',
    actor: { kind: 'routing' },
    change: { kind: 'routing', ...change },
    at: 1000,
    agentNames: { aiko: 'Aiko', kenji: 'Kenji' },
  };
}

const words = (lang: Lang, view: ActivityView, me = 'ben') => activityText(tOf(lang), lang, view, me);

describe('routing activity lines', () => {
  it('a conversation nobody could take waits in the queue', () => {
    const queued = move({ reason: 'queued', from: null, to: null, minutes: null });
    expect(words('en', queued)).toBe('Waiting in the queue: no agent was available');
    expect(words('ja', queued)).toBe('対応できる担当者がいないため、待ち行列で待っています');
  });

  it('says why it left its agent and where it went, in English and Japanese', () => {
    const away = move({ reason: 'away', from: 'aiko', to: 'kenji', minutes: 10 });
    expect(words('en', away)).toBe('Aiko was away for over 10 min: passed to Kenji');
    expect(words('ja', away)).toBe('Aiko さんが 10 分以上離席していたため、Kenji さんに回されました');
    expect(words('en', away, 'kenji')).toBe('Aiko was away for over 10 min: passed to you');

    const offline = move({ reason: 'offline', from: 'kenji', to: null, minutes: 15 });
    expect(words('en', offline)).toBe('Kenji was offline for over 15 min: back in the queue');
    expect(words('ja', offline)).toBe('Kenji さんが 15 分以上オフラインだったため、待ち行列に戻りました');

    const deactivated = move({ reason: 'deactivated', from: 'aiko', to: 'kenji', minutes: null });
    expect(words('en', deactivated)).toBe('Aiko was deactivated: passed to Kenji');
    expect(words('ja', deactivated)).toBe('Aiko さんが無効化されたため、Kenji さんに回されました');

    const unanswered = move({ reason: 'unanswered', from: 'gone', to: 'kenji', minutes: 5 });
    expect(words('en', unanswered)).toBe('Someone did not answer within 5 min: passed to Kenji');
    expect(words('ja', unanswered)).toBe('誰かが 5 分以内に返信しなかったため、Kenji さんに回されました');
  });
});
