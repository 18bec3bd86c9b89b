/**
 * The words of an activity line (issue 13 §4) in English and Japanese: names from the line's agent
 * directory, the agent's own as "You" / 「あなた」, one the cache does not know as "someone" / 「誰か」.
 */
import { describe, expect, it } from 'vitest';
import type { ActivityView } from '../../src/shared/activity.js';
import { activityText, placeActivity } from '../../src/renderer/src/features/conversation/activity-line.js';
import { translate, type Lang } from '../../src/renderer/src/i18n/translate.js';
import type { T } from '../../src/renderer/src/common/use-t.js';
import { makeMessage } from './factories.js';

const tOf =
  (lang: Lang): T =>
  (key, params) =>
    translate(lang, key, params);

function line(change: ActivityView['change'], actorId: string | null, at = 1000): ActivityView {
  return {
    id: `a${at}`,
    conversationId: 'c1',
    channelId: 'ch',
    actor: actorId === null ? { kind: 'routing' } : { kind: 'agent', agentId: actorId },
    change,
    at,
    agentNames: { aiko: 'Aiko', kenji: 'Kenji' },
  };
}

const words = (lang: Lang, view: ActivityView, me: string | null = 'ben') => activityText(tOf(lang), lang, view, me);

describe('activity line words', () => {
  it('says who assigned whom, the agent’s own as you, and an unknown agent as someone', () => {
    const assigned = line({ kind: 'assignee', from: null, to: 'kenji' }, 'aiko');
    expect(words('en', assigned)).toBe('Aiko assigned this to Kenji');
    expect(words('ja', assigned)).toBe('Aiko さんが Kenji さんに割り当てました');
    expect(words('en', assigned, 'kenji')).toBe('Aiko assigned this to you');
    expect(words('ja', assigned, 'aiko')).toBe('あなたが Kenji さんに割り当てました');

    const byGone = line({ kind: 'assignee', from: 'kenji', to: 'gone' }, 'deleted-agent');
    expect(words('en', byGone)).toBe('Someone assigned this to someone');
    expect(words('ja', byGone)).toBe('誰かが 誰かに割り当てました');

    const self = line({ kind: 'assignee', from: null, to: 'ben' }, 'ben');
    expect(words('en', self)).toBe('Assigned to you');
    expect(words('ja', self)).toBe('あなたに割り当てられました');
    expect(words('en', line({ kind: 'assignee', from: null, to: 'kenji' }, null))).toBe(
      'Assigned to Kenji automatically',
    );
  });

  it('says status, labels and tickets in both languages', () => {
    expect(words('en', line({ kind: 'status', from: 'open', to: 'resolved' }, 'kenji'))).toBe('Kenji resolved this');
    expect(words('ja', line({ kind: 'status', from: 'open', to: 'resolved' }, 'kenji'))).toBe(
      'Kenji さんが解決済みにしました',
    );
    const labels = line({ kind: 'labels', added: ['billing', 'vip'], removed: ['old'] }, 'aiko');
    expect(words('en', labels)).toBe('Aiko added label ‘billing’, ‘vip’; Aiko removed label ‘old’');
    expect(words('ja', labels)).toBe(
      'Aiko さんがラベル「billing」、「vip」を追加しました。Aiko さんがラベル「old」を外しました',
    );
    expect(words('en', line({ kind: 'ticket', number: 123, subject: 'x' }, null))).toBe('Ticket #123 opened');
  });

  it('places each line before the first message after it, and after the newest one at the end', () => {
    const m1 = makeMessage({ id: 'm1', createdAt: 100 });
    const m2 = makeMessage({ id: 'm2', createdAt: 300 });
    const early = line({ kind: 'ticket', number: 1, subject: '' }, null, 50);
    const middle = line({ kind: 'status', from: 'open', to: 'pending' }, 'aiko', 200);
    const late = line({ kind: 'status', from: 'pending', to: 'resolved' }, 'aiko', 400);
    const placed = placeActivity([late, early, middle], [m1, m2], false);
    expect(placed.before.get('m1')?.map((v) => v.id)).toEqual([early.id]);
    expect(placed.before.get('m2')?.map((v) => v.id)).toEqual([middle.id]);
    expect(placed.after.map((v) => v.id)).toEqual([late.id]);
    // Older messages still to load: the line older than the first one shown waits for them.
    expect(placeActivity([early], [m1, m2], true).before.size).toBe(0);
  });
});
