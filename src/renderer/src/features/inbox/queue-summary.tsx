/**
 * The queue figure above the inbox list (issue 14 §2): how many conversations wait for an agent and
 * how long the oldest has waited, for the channel the filter shows or all of the agent's channels,
 * "No one waiting" when none does. The wait moves on a minute tick; offline it is the last figure the
 * hub sent, with the time the cache last caught up. Also the words of a queued row's chip.
 */
import type { ChannelQueue } from '../../../../shared/domain.js';
import { useNow } from '../../common/use-now.js';
import { useT, type T } from '../../common/use-t.js';
import { formatDateTime, formatTime } from '../../i18n/translate.js';
import { useAppStore } from '../../stores/store-context.js';
import './queue-summary.css';

const MINUTE = 60_000;

/** "12 min" / "12分", "1 h 5 min" / "1時間5分", "under 1 min" / "1分未満". */
export function waitWords(t: T, ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / MINUTE);
  if (minutes < 1) return t('queue.wait.underMinute');
  if (minutes < 60) return t('queue.wait.minutes', { minutes });
  return t('queue.wait.hours', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
}

/** One figure for the queues shown: their lengths added, the oldest of their oldest. */
export function combinedQueue(queues: readonly ChannelQueue[]): { length: number; oldestQueuedAt: number | null } {
  let length = 0;
  let oldestQueuedAt: number | null = null;
  for (const queue of queues) {
    length += queue.length;
    if (queue.length > 0 && queue.oldestQueuedAt !== null)
      oldestQueuedAt = oldestQueuedAt === null ? queue.oldestQueuedAt : Math.min(oldestQueuedAt, queue.oldestQueuedAt);
  }
  return { length, oldestQueuedAt };
}

export function QueueSummary() {
  const { t, lang } = useT();
  const now = useNow(MINUTE);
  const queues = useAppStore((s) => s.queues);
  const loaded = useAppStore((s) => s.queuesLoaded);
  const channelId = useAppStore((s) => s.filters.channelId);
  const connection = useAppStore((s) => s.connection);
  if (!loaded || queues.length === 0) return null;
  const shown = channelId ? queues.filter((q) => q.channelId === channelId) : queues;
  const { length, oldestQueuedAt } = combinedQueue(shown);
  const figure =
    length === 0
      ? t('queue.empty')
      : t('queue.summary', {
          count: length.toLocaleString(lang),
          wait: waitWords(t, oldestQueuedAt === null ? 0 : now - oldestQueuedAt),
        });
  const offline = connection.status !== 'online';
  const asOf = offline ? (connection.lastSyncedAt ?? Math.max(...shown.map((q) => q.updatedAt), 0)) : null;
  const sameDay = asOf !== null && new Date(asOf).toDateString() === new Date(now).toDateString();
  return (
    <p className={`queue-summary ${length > 0 ? 'waiting' : ''}`} data-queue-length={length}>
      <span>{figure}</span>
      {asOf !== null && asOf > 0 && (
        <span className="queue-as-of">
          {' · '}
          {t('queue.asOf', { time: sameDay ? formatTime(lang, asOf, now) : formatDateTime(lang, asOf) })}
        </span>
      )}
    </p>
  );
}

/** The chip of a row whose conversation waits in its channel's queue: "In queue · 12 min". */
export function QueueChip({ queuedAt, now }: { queuedAt: number; now: number }) {
  const { t } = useT();
  const words = t('queue.inQueue', { wait: waitWords(t, now - queuedAt) });
  // A narrow row cuts the chip with an ellipsis; its tooltip keeps the whole.
  return (
    <span className="queue-chip" title={words}>
      {words}
    </span>
  );
}
