/**
 * Activity lines in the thread (issue 13 §4): quiet centred lines saying who
 * assigned, resolved, snoozed or labelled the conversation, and when — "Aiko
 * assigned this to Kenji · 10:42" / 「Aiko さんが Kenji さんに割り当てました · 10:42」.
 * They come from the cache (activity-slice.ts), so they are there offline; an
 * agent the cache does not know (deleted) is "someone" / 「誰か」.
 */
import type { ActivityView } from '../../../../shared/activity.js';
import type { ClientMessage } from '../../../../shared/api.js';
import { useEffect, useMemo } from 'react';
import type { Lang } from '../../i18n/translate.js';
import { useT, type T } from '../../common/use-t.js';
import { useAppStore, useConversation, useSession } from '../../stores/store-context.js';
import { fullDateTime } from './message-time.js';

const localeOf = (lang: Lang): string => (lang === 'ja' ? 'ja-JP' : 'en-US');

function timeOfDay(lang: Lang, at: number): string {
  return new Intl.DateTimeFormat(localeOf(lang), { hour: '2-digit', minute: '2-digit', hour12: false }).format(at);
}

/** "Mon 09:00" / 「12/7(月) 09:00」: when a snooze ends. */
function snoozeEnd(lang: Lang, at: number): string {
  const options: Intl.DateTimeFormatOptions =
    lang === 'ja'
      ? { month: 'numeric', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit', hour12: false }
      : { weekday: 'short', hour: '2-digit', minute: '2-digit', hour12: false };
  return new Intl.DateTimeFormat(localeOf(lang), options).format(at);
}

const STATUS_KEYS = {
  resolved: ['activity.resolved', 'activity.systemResolved'],
  open: ['activity.reopened', 'activity.systemReopened'],
  pending: ['activity.pending', 'activity.systemPending'],
} as const;

interface Names {
  /** As the one who did it: "Aiko" / 「Aiko さん」, "You" / 「あなた」, "Someone" / 「誰か」. */
  subject(agentId: string): string;
  /** As the one it was given to: "Kenji" / 「Kenji さん」, "you" / 「あなた」, "someone" / 「誰か」. */
  object(agentId: string): string;
}

function namesOf(t: T, view: ActivityView, meId: string | null): Names {
  const named = (agentId: string): string | null => {
    const name = view.agentNames[agentId];
    return name === undefined ? null : t('activity.named', { name });
  };
  return {
    subject: (id) => (id === meId ? t('activity.you') : (named(id) ?? t('activity.someone'))),
    object: (id) => (id === meId ? t('activity.youObject') : (named(id) ?? t('activity.someoneObject'))),
  };
}

/** A routing move: why it left its agent, and where it went (docs/lifecycle.md, "Queues and routing"). */
function routingText(t: T, change: Extract<ActivityView['change'], { kind: 'routing' }>, names: Names): string {
  if (change.reason === 'queued') return t('activity.queued');
  const who = change.from === null ? t('activity.someone') : names.subject(change.from);
  const minutes = String(change.minutes ?? 0);
  const why =
    change.reason === 'away'
      ? t('activity.routingAway', { who, minutes })
      : change.reason === 'offline'
        ? t('activity.routingOffline', { who, minutes })
        : change.reason === 'deactivated'
          ? t('activity.routingDeactivated', { who })
          : t('activity.routingUnanswered', { who, minutes });
  const where =
    change.to === null ? t('activity.routingToQueue') : t('activity.routingTo', { whom: names.object(change.to) });
  return `${why}${t('activity.routingSeparator')}${where}`;
}

/** The line's words, without its time. */
export function activityText(t: T, lang: Lang, view: ActivityView, meId: string | null): string {
  const names = namesOf(t, view, meId);
  const who = view.actor.kind === 'agent' ? names.subject(view.actor.agentId) : null;
  const change = view.change;
  switch (change.kind) {
    case 'assignee': {
      if (view.actor.kind === 'routing') {
        return change.to === null
          ? t('activity.systemUnassigned')
          : t('activity.autoAssigned', { whom: names.object(change.to) });
      }
      if (who === null || view.actor.kind !== 'agent') {
        return change.to === null
          ? t('activity.systemUnassigned')
          : t('activity.systemAssigned', { whom: names.object(change.to) });
      }
      if (change.to === null) return t('activity.unassigned', { who });
      if (change.to === view.actor.agentId) {
        return change.to === meId ? t('activity.assignedToYou') : t('activity.took', { who });
      }
      return t('activity.assigned', { who, whom: names.object(change.to) });
    }
    case 'status': {
      const [agentKey, systemKey] = STATUS_KEYS[change.to];
      return who === null ? t(systemKey) : t(agentKey, { who });
    }
    case 'snooze':
      if (change.to === null) return who === null ? t('activity.systemUnsnoozed') : t('activity.unsnoozed', { who });
      return who === null
        ? t('activity.systemSnoozed', { time: snoozeEnd(lang, change.to) })
        : t('activity.snoozed', { who, time: snoozeEnd(lang, change.to) });
    case 'labels': {
      const quoted = (labels: readonly string[]) =>
        labels.map((label) => t('activity.label', { label })).join(t('activity.labelSeparator'));
      const someone = who ?? t('activity.someone');
      const parts: string[] = [];
      if (change.added.length > 0)
        parts.push(t('activity.labelsAdded', { who: someone, labels: quoted(change.added) }));
      if (change.removed.length > 0)
        parts.push(t('activity.labelsRemoved', { who: someone, labels: quoted(change.removed) }));
      return parts.join(t('activity.partSeparator'));
    }
    case 'ticket':
      return t('activity.ticket', { number: change.number });
    case 'routing':
      return routingText(t, change, names);
    case 'person':
      return t(change.action === 'merged' ? 'activity.personMerged' : 'activity.personUnmerged', {
        who: who ?? t('activity.someone'),
        name: change.contactName,
        channel: t(`channel.${change.channelKind}`),
      });
    case 'subject':
      return t('activity.subject', { who: who ?? t('activity.someone'), subject: change.to });
    case 'followUp':
      return change.previousTicketNumber === null
        ? t('activity.followUp')
        : t('activity.followUpTicket', { number: change.previousTicketNumber });
  }
}

export function ActivityLine({ view, meId }: { view: ActivityView; meId: string | null }) {
  const { t, lang } = useT();
  const full = fullDateTime(lang, view.at);
  return (
    <p className="activity-line" data-activity-kind={view.change.kind}>
      <span>{activityText(t, lang, view, meId)}</span>
      <span aria-hidden="true"> · </span>
      <time dateTime={new Date(view.at).toISOString()} title={full}>
        {timeOfDay(lang, view.at)}
      </time>
    </p>
  );
}

export interface PlacedActivity {
  /** The lines shown just above each message: what happened since the message before it. */
  readonly before: ReadonlyMap<string, readonly ActivityView[]>;
  /** What happened after the newest message shown, below it. */
  readonly after: readonly ActivityView[];
}

const NOTHING: PlacedActivity = { before: new Map(), after: [] };

/**
 * Places each line by time among the messages shown (oldest first). While older messages are still
 * to load, lines older than the first one shown wait for them.
 */
export function placeActivity(
  activity: readonly ActivityView[],
  messages: readonly ClientMessage[],
  hasOlder: boolean,
): PlacedActivity {
  if (activity.length === 0) return NOTHING;
  const before = new Map<string, ActivityView[]>();
  const after: ActivityView[] = [];
  const first = messages[0];
  let index = 0;
  for (const view of [...activity].sort((a, b) => a.at - b.at)) {
    if (hasOlder && first !== undefined && view.at < first.createdAt) continue;
    while (index < messages.length && (messages[index]?.createdAt ?? Infinity) <= view.at) index += 1;
    const next = messages[index];
    if (next === undefined) {
      after.push(view);
      continue;
    }
    const list = before.get(next.id) ?? [];
    list.push(view);
    before.set(next.id, list);
  }
  return { before, after };
}

/**
 * The open conversation's lines placed among `messages`, read again from the cache whenever its row
 * changes (every change that makes a line changes the row in the same write).
 */
export function useThreadActivity(
  conversationId: string | null,
  messages: readonly ClientMessage[],
  hasOlder: boolean,
): PlacedActivity & { readonly meId: string | null } {
  const meId = useSession((s) => s.session?.agent.id ?? null);
  const version = useConversation((s) => s.detail?.row.conversation.updatedAt ?? null);
  const activity = useAppStore((s) => s.activity);
  const activityOf = useAppStore((s) => s.activityConversationId);
  const loadActivity = useAppStore((s) => s.loadActivity);
  useEffect(() => {
    if (conversationId !== null) void loadActivity(conversationId);
  }, [conversationId, version, loadActivity]);
  const placed = useMemo(
    () => (activityOf === conversationId ? placeActivity(activity, messages, hasOlder) : NOTHING),
    [activity, activityOf, conversationId, messages, hasOlder],
  );
  return useMemo(() => ({ ...placed, meId }), [placed, meId]);
}
