/**
 * Business hours of a channel (ChannelSettings.hours, docs/lifecycle.md "Business hours, auto-reply and
 * greeting"): whether the team works at a moment, when it opens next, and which text of an automatic message a
 * customer gets. Pure: the hub passes its own clock (ctx.now), the admin console the moment it shows.
 *
 * Times are wall-clock times in the channel's IANA zone, read through Intl, so daylight saving time needs no
 * rule of its own: 09:00–18:00 in Europe/Berlin is 09:00–18:00 on both sides of a clock change. A range whose
 * end is before its start (22:00–02:00) runs past midnight and belongs to the day it starts on; a holiday closes
 * the ranges that start on it (a night shift begun the evening before still ends as planned).
 */
import type { AutoReplySetting, BusinessHours, HoursRange, Weekday } from './domain.js';
import { WEEKDAYS } from './domain.js';

const MINUTE = 60_000;
const DAY_MINUTES = 24 * 60;
/** How far `nextOpeningAt` looks: a year of holidays and a week more. */
const SEARCH_DAYS = 380;

interface LocalMoment {
  /** 'YYYY-MM-DD' in the zone. */
  readonly date: string;
  /** Minutes since local midnight, 0–1439. */
  readonly minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // Throws RangeError for a zone Intl does not know: hours with such a zone are refused, never guessed.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock fields of `at` in `timeZone`, as if they were UTC (for offset arithmetic). */
function wallAsUtc(timeZone: string, at: number): number {
  const parts: Record<string, number> = {};
  for (const p of formatterOf(timeZone).formatToParts(new Date(at))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const { year = 1970, month = 1, day = 1, hour = 0, minute = 0 } = parts;
  return Date.UTC(year, month - 1, day, hour === 24 ? 0 : hour, minute);
}

function localMoment(timeZone: string, at: number): LocalMoment {
  const wall = wallAsUtc(timeZone, at);
  const date = new Date(wall).toISOString().slice(0, 10);
  return { date, minute: Math.floor((wall - Date.UTC(...ymd(date))) / MINUTE) };
}

function ymd(date: string): [number, number, number] {
  const [y = '1970', m = '1', d = '1'] = date.split('-');
  return [Number(y), Number(m) - 1, Number(d)];
}

function addDays(date: string, days: number): string {
  return new Date(Date.UTC(...ymd(date)) + days * DAY_MINUTES * MINUTE).toISOString().slice(0, 10);
}

function weekdayOf(date: string): Weekday {
  // getUTCDay: 0 = Sunday; WEEKDAYS starts on Monday.
  return WEEKDAYS[(new Date(Date.UTC(...ymd(date))).getUTCDay() + 6) % 7] ?? 'mon';
}

function minutesOf(time: string): number {
  const [h = '0', m = '0'] = time.split(':');
  return Number(h) * 60 + Number(m);
}

function isOvernight(range: HoursRange): boolean {
  return minutesOf(range.to) < minutesOf(range.from);
}

function rangesOn(hours: BusinessHours, date: string): readonly HoursRange[] {
  if (hours.holidays.includes(date)) return [];
  return hours.weekly[weekdayOf(date)];
}

/** Whether the team works at `at` (ms since the epoch). Throws RangeError for a time zone Intl does not know. */
export function isOpenAt(hours: BusinessHours, at: number): boolean {
  const { date, minute } = localMoment(hours.timeZone, at);
  for (const range of rangesOn(hours, date)) {
    const from = minutesOf(range.from);
    const to = isOvernight(range) ? DAY_MINUTES : minutesOf(range.to);
    if (minute >= from && minute < to) return true;
  }
  // The part after midnight of yesterday's overnight ranges.
  return rangesOn(hours, addDays(date, -1)).some((r) => isOvernight(r) && minute < minutesOf(r.to));
}

/** The instant the wall-clock time `time` of `date` happens in `timeZone` (in a DST gap: just after it). */
export function instantOf(timeZone: string, date: string, time: string): number {
  const wall = Date.UTC(...ymd(date)) + minutesOf(time) * MINUTE;
  const first = wall - (wallAsUtc(timeZone, wall) - wall);
  return wall - (wallAsUtc(timeZone, first) - first);
}

/**
 * When the team next starts working: `at` itself while open, null when the week has no hours at all (or
 * holidays close every day for a year).
 */
export function nextOpeningAt(hours: BusinessHours, at: number): number | null {
  if (isOpenAt(hours, at)) return at;
  const { date } = localMoment(hours.timeZone, at);
  for (let d = 0; d <= SEARCH_DAYS; d += 1) {
    const day = addDays(date, d);
    const starts = rangesOn(hours, day)
      .map((r) => instantOf(hours.timeZone, day, r.from))
      .filter((t) => t > at && isOpenAt(hours, t));
    if (starts.length > 0) return Math.min(...starts);
  }
  return null;
}

/**
 * The text of an automatic message for a customer's language (Contact.language, BCP 47): the exact tag, then
 * ever shorter prefixes (zh-Hant-TW → zh-Hant → zh), case-insensitive; else `default`.
 */
export function textFor(setting: AutoReplySetting, language: string | undefined): string {
  const byKey = new Map(Object.entries(setting.texts).map(([k, v]) => [k.toLowerCase(), v]));
  const subtags = (language ?? '').toLowerCase().replace(/_/g, '-').split('-').filter(Boolean);
  for (let n = subtags.length; n > 0; n -= 1) {
    const key = subtags.slice(0, n).join('-');
    const text = key === 'default' ? undefined : byKey.get(key);
    if (text !== undefined) return text;
  }
  return setting.texts.default;
}
