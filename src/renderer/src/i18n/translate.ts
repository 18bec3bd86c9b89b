/** Looks up UI strings and formats times, sizes and durations for the chosen language. */
import { en, type MessageKey, type Messages } from './en.js';
import { ja } from './ja.js';

export type Lang = 'ja' | 'en';
export type Params = Readonly<Record<string, string | number>>;

const DICTIONARIES: Readonly<Record<Lang, Messages>> = { en, ja };

/** The OS language decides the first language: Japanese for any ja-* locale, English otherwise. */
export function langFromLocale(locale: string | undefined): Lang {
  return locale?.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  const text = DICTIONARIES[lang][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (all, name: string) => {
    const value = params[name];
    return value === undefined ? all : String(value);
  });
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Under this much time left a countdown shows seconds too ("1m 15s") and moves every second. */
export const COUNTDOWN_SECONDS_BELOW = 10 * MINUTE;

/**
 * "3h 20m" / "3時間20分": the time left in a session window; "4m 05s" / "4分05秒" in the last
 * minutes and "45s" / "45秒" in the last one, never "0m" while time is left.
 */
export function formatDuration(lang: Lang, ms: number): string {
  const hours = Math.floor(ms / HOUR);
  const minutes = Math.floor((ms % HOUR) / MINUTE);
  const seconds = Math.floor((ms % MINUTE) / 1000);
  const ss = String(seconds).padStart(2, '0');
  if (lang === 'ja') {
    if (hours > 0) return `${hours}時間${minutes}分`;
    if (minutes === 0) return `${seconds}秒`;
    return ms < COUNTDOWN_SECONDS_BELOW ? `${minutes}分${ss}秒` : `${minutes}分`;
  }
  if (hours > 0) return `${hours}h ${minutes}m`;
  if (minutes === 0) return `${seconds}s`;
  return ms < COUNTDOWN_SECONDS_BELOW ? `${minutes}m ${ss}s` : `${minutes}m`;
}

export function formatBytes(lang: Lang, bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${value.toLocaleString(lang, { maximumFractionDigits: digits })} ${units[unit]}`;
}

function localeOf(lang: Lang): string {
  return lang === 'ja' ? 'ja-JP' : 'en-US';
}

/** Time of day for today, otherwise the date: how inbox rows and messages show time. */
export function formatTime(lang: Lang, at: number, now: number): string {
  const date = new Date(at);
  const sameDay = new Date(now).toDateString() === date.toDateString();
  const options: Intl.DateTimeFormatOptions = sameDay
    ? { hour: '2-digit', minute: '2-digit' }
    : { month: 'short', day: 'numeric' };
  return new Intl.DateTimeFormat(localeOf(lang), options).format(date);
}

export function formatDateTime(lang: Lang, at: number): string {
  return new Intl.DateTimeFormat(localeOf(lang), {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(at));
}
