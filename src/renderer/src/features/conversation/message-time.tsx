/**
 * When a message was written, the way the thread shows it: a separator at the start of each day
 * ("Today", "Yesterday", or the date: 2026年12月1日(火)), and on each message only its time, with
 * the full date in a tooltip and for screen readers. Days are the agent's local days.
 */
import type { Lang } from '../../i18n/translate.js';
import { useT, type T } from '../../common/use-t.js';

function localeOf(lang: Lang): string {
  return lang === 'ja' ? 'ja-JP' : 'en-US';
}

/** The local calendar day of `at`, comparable between messages. */
export function dayKey(at: number): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** "Today", "Yesterday", or the date with its weekday, for the day `at` falls on as seen on `now`. */
export function dayLabel(t: T, lang: Lang, at: number, now: number): string {
  const key = dayKey(at);
  if (key === dayKey(now)) return t('thread.today');
  const yesterday = new Date(now);
  yesterday.setDate(yesterday.getDate() - 1);
  if (key === dayKey(yesterday.getTime())) return t('thread.yesterday');
  return new Intl.DateTimeFormat(localeOf(lang), {
    year: 'numeric',
    month: lang === 'ja' ? 'long' : 'short',
    day: 'numeric',
    weekday: 'short',
  }).format(new Date(at));
}

/** The full date and time, for the tooltip of a message's time. */
export function fullDateTime(lang: Lang, at: number): string {
  return new Intl.DateTimeFormat(localeOf(lang), { dateStyle: 'full', timeStyle: 'short' }).format(new Date(at));
}

export function DaySeparator({ at, now }: { at: number; now: number }) {
  const { t, lang } = useT();
  return (
    <p className="day-separator">
      <time dateTime={dayKey(at)}>{dayLabel(t, lang, at, now)}</time>
    </p>
  );
}

/** A message's time of day; the full date on hover, and read out in full by screen readers. */
export function MessageTime({ at }: { at: number }) {
  const { lang } = useT();
  const full = fullDateTime(lang, at);
  const time = new Intl.DateTimeFormat(localeOf(lang), { hour: '2-digit', minute: '2-digit' }).format(new Date(at));
  return (
    <time className="message-time" dateTime={new Date(at).toISOString()} title={full}>
      <span aria-hidden="true">{time}</span>
      <span className="sr-only">{full}</span>
    </time>
  );
}
