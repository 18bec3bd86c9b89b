import { describe, expect, it } from 'vitest';
import { AutoReplySetting, BusinessHours, ChannelSettings } from '../../../src/shared/domain.js';
import { isOpenAt, nextOpeningAt, textFor } from '../../../src/shared/business-hours.js';

const nineToSix = [{ from: '09:00', to: '18:00' }];
const weekdays = { mon: nineToSix, tue: nineToSix, wed: nineToSix, thu: nineToSix, fri: nineToSix };

function hours(raw: unknown): BusinessHours {
  return BusinessHours.parse(raw);
}

describe('isOpenAt', () => {
  it('reads the weekly hours in the channel’s zone, not in UTC', () => {
    const tokyo = hours({ timeZone: 'Asia/Tokyo', weekly: weekdays });
    // Monday 2026-03-02 09:30 in Tokyo is 00:30 UTC.
    expect(isOpenAt(tokyo, Date.parse('2026-03-02T00:30:00Z'))).toBe(true);
    // Monday 08:59 Tokyo.
    expect(isOpenAt(tokyo, Date.parse('2026-03-01T23:59:00Z'))).toBe(false);
    // 18:00 Tokyo is the end: closed.
    expect(isOpenAt(tokyo, Date.parse('2026-03-02T09:00:00Z'))).toBe(false);
    // Saturday noon Tokyo.
    expect(isOpenAt(tokyo, Date.parse('2026-03-07T03:00:00Z'))).toBe(false);
  });

  it('keeps 09:00 local across a daylight saving change', () => {
    const berlin = hours({ timeZone: 'Europe/Berlin', weekly: weekdays });
    // Friday 2026-03-27 (CET, UTC+1): 09:00 local = 08:00Z.
    expect(isOpenAt(berlin, Date.parse('2026-03-27T07:59:00Z'))).toBe(false);
    expect(isOpenAt(berlin, Date.parse('2026-03-27T08:00:00Z'))).toBe(true);
    // Monday 2026-03-30 (CEST, UTC+2 after the change on the 29th): 09:00 local = 07:00Z.
    expect(isOpenAt(berlin, Date.parse('2026-03-30T07:00:00Z'))).toBe(true);
    expect(isOpenAt(berlin, Date.parse('2026-03-30T06:59:00Z'))).toBe(false);
    // 17:30 local = 15:30Z in summer: open; 16:00Z = 18:00 local: closed.
    expect(isOpenAt(berlin, Date.parse('2026-03-30T15:30:00Z'))).toBe(true);
    expect(isOpenAt(berlin, Date.parse('2026-03-30T16:00:00Z'))).toBe(false);
  });

  it('is closed all day on a holiday of the channel’s zone', () => {
    const tokyo = hours({ timeZone: 'Asia/Tokyo', weekly: weekdays, holidays: ['2026-05-04'] });
    // Monday 2026-05-04 10:00 Tokyo (01:00Z): a holiday.
    expect(isOpenAt(tokyo, Date.parse('2026-05-04T01:00:00Z'))).toBe(false);
    // Tuesday 10:00 Tokyo: open again.
    expect(isOpenAt(tokyo, Date.parse('2026-05-05T01:00:00Z'))).toBe(true);
    // 2026-05-03T23:30Z is already Monday the 4th in Tokyo (08:30) but Sunday in UTC: the zone decides.
    const early = hours({ timeZone: 'Asia/Tokyo', weekly: { mon: [{ from: '08:00', to: '12:00' }] } });
    expect(isOpenAt(early, Date.parse('2026-05-03T23:30:00Z'))).toBe(true);
    expect(isOpenAt({ ...early, holidays: ['2026-05-04'] }, Date.parse('2026-05-03T23:30:00Z'))).toBe(false);
  });

  it('runs an overnight range past midnight into the next day, belonging to the day it starts', () => {
    const bar = hours({ timeZone: 'UTC', weekly: { fri: [{ from: '22:00', to: '02:00' }] } });
    // Friday 2026-03-06 23:00, Saturday 01:59 open; Saturday 02:00 and Friday 21:59 closed.
    expect(isOpenAt(bar, Date.parse('2026-03-06T23:00:00Z'))).toBe(true);
    expect(isOpenAt(bar, Date.parse('2026-03-07T01:59:00Z'))).toBe(true);
    expect(isOpenAt(bar, Date.parse('2026-03-07T02:00:00Z'))).toBe(false);
    expect(isOpenAt(bar, Date.parse('2026-03-06T21:59:00Z'))).toBe(false);
    // Thursday night is not open (the range is Friday's).
    expect(isOpenAt(bar, Date.parse('2026-03-06T01:00:00Z'))).toBe(false);
    // A holiday on the Saturday does not cut Friday's night short; one on the Friday closes it.
    expect(isOpenAt({ ...bar, holidays: ['2026-03-07'] }, Date.parse('2026-03-07T01:00:00Z'))).toBe(true);
    expect(isOpenAt({ ...bar, holidays: ['2026-03-06'] }, Date.parse('2026-03-07T01:00:00Z'))).toBe(false);
  });

  it('takes 24:00 as the end of the day', () => {
    const allDay = hours({ timeZone: 'UTC', weekly: { sun: [{ from: '00:00', to: '24:00' }] } });
    expect(isOpenAt(allDay, Date.parse('2026-03-08T23:59:00Z'))).toBe(true);
    expect(isOpenAt(allDay, Date.parse('2026-03-09T00:00:00Z'))).toBe(false);
  });
});

describe('BusinessHours schema', () => {
  it('refuses a time zone Intl does not know, and isOpenAt will not guess one', () => {
    const bad = BusinessHours.safeParse({ timeZone: 'Mars/Olympus_Mons', weekly: weekdays });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['timeZone']);
    const forged = {
      timeZone: 'Mars/Olympus_Mons',
      weekly: hours({ timeZone: 'UTC', weekly: {} }).weekly,
      holidays: [],
    };
    expect(() => isOpenAt(forged, 0)).toThrow(RangeError);
  });

  it('refuses malformed times, empty ranges, a 24:00 start and impossible holidays', () => {
    const cases = [
      { mon: [{ from: '9:00', to: '18:00' }] },
      { mon: [{ from: '09:00', to: '25:00' }] },
      { mon: [{ from: '10:00', to: '10:00' }] },
      { mon: [{ from: '24:00', to: '02:00' }] },
    ];
    for (const weekly of cases) expect(BusinessHours.safeParse({ timeZone: 'UTC', weekly }).success).toBe(false);
    expect(BusinessHours.safeParse({ timeZone: 'UTC', weekly: {}, holidays: ['2026-02-30'] }).success).toBe(false);
    expect(BusinessHours.safeParse({ timeZone: 'UTC', weekly: {}, holidays: ['2026-2-3'] }).success).toBe(false);
  });

  it('leaves stored channel settings without hours as always open (null)', () => {
    const settings = ChannelSettings.parse({ autoConvert: true });
    expect(settings.hours).toBeNull();
    expect(settings.autoReply).toBeNull();
    expect(settings.greeting).toBeNull();
  });
});

describe('nextOpeningAt', () => {
  const tokyo = hours({ timeZone: 'Asia/Tokyo', weekly: weekdays, holidays: ['2026-03-09'] });

  it('is the moment itself while open', () => {
    const at = Date.parse('2026-03-02T01:00:00Z');
    expect(nextOpeningAt(tokyo, at)).toBe(at);
  });

  it('skips the weekend and a holiday', () => {
    // Friday 2026-03-06 19:00 Tokyo → Monday 9th is a holiday → Tuesday 10th 09:00 Tokyo = 00:00Z.
    expect(nextOpeningAt(tokyo, Date.parse('2026-03-06T10:00:00Z'))).toBe(Date.parse('2026-03-10T00:00:00Z'));
  });

  it('gives the local opening time after a clock change', () => {
    const ny = hours({ timeZone: 'America/New_York', weekly: weekdays });
    // Saturday 2026-03-07 (EST); Monday the 9th is EDT (change on the 8th): 09:00 local = 13:00Z.
    expect(nextOpeningAt(ny, Date.parse('2026-03-07T15:00:00Z'))).toBe(Date.parse('2026-03-09T13:00:00Z'));
  });

  it('is null when the week has no hours', () => {
    expect(nextOpeningAt(hours({ timeZone: 'UTC', weekly: {} }), 0)).toBeNull();
  });
});

describe('textFor', () => {
  const setting = AutoReplySetting.parse({
    texts: { default: 'We are closed.', ja: 'ただいま営業時間外です。', 'zh-Hant': '目前非營業時間。' },
  });

  it('picks the customer’s language, its base language, or the default', () => {
    expect(textFor(setting, 'ja')).toBe('ただいま営業時間外です。');
    expect(textFor(setting, 'ja-JP')).toBe('ただいま営業時間外です。');
    expect(textFor(setting, 'zh-hant-TW')).toBe('目前非營業時間。');
    expect(textFor(setting, 'zh-Hans')).toBe('We are closed.');
    expect(textFor(setting, 'th')).toBe('We are closed.');
    expect(textFor(setting, undefined)).toBe('We are closed.');
  });

  it('refuses an empty default, a text over 1000 characters and a key that is not a language', () => {
    expect(AutoReplySetting.safeParse({ texts: { default: '  ' } }).success).toBe(false);
    expect(AutoReplySetting.safeParse({ texts: { default: 'x'.repeat(1001) } }).success).toBe(false);
    expect(AutoReplySetting.safeParse({ texts: { default: 'ok', 'not a tag': 'x' } }).success).toBe(false);
    expect(AutoReplySetting.safeParse({ texts: { ja: 'x' } }).success).toBe(false);
  });
});
