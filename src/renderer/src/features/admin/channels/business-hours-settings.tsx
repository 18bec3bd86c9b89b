/**
 * The channel page's "Business hours and automatic messages" (docs/lifecycle.md, "Business hours,
 * auto-reply and greeting"): the time zone, opening ranges per weekday, holidays, and the auto-reply and
 * greeting texts with their per-language variants. Checked here in the words of the form before anything is
 * sent (the hub checks the same with ChannelSettings); saved as `hours`, `autoReply` and `greeting`.
 */
import { useId, useState, type FormEvent } from 'react';
import { nextOpeningAt } from '../../../../../shared/business-hours.js';
import {
  AUTO_TEXT_MAX,
  CalendarDate,
  HoursRange,
  isTimeZone,
  LanguageTag,
  WEEKDAYS,
  type AutoReplySetting,
  type BusinessHours,
  type Channel,
  type Weekday,
} from '../../../../../shared/domain.js';
import { CallFailure } from '../../../common/call-failure.js';
import { useApi } from '../../../common/use-api.js';
import { useHubCall } from '../../../common/use-hub-call.js';
import { useT } from '../../../common/use-t.js';
import { formatDateTime } from '../../../i18n/translate.js';

type T = ReturnType<typeof useT>['t'];

interface TextsDraft {
  readonly text: string;
  readonly others: string;
}

function textsDraftOf(setting: AutoReplySetting | null): TextsDraft {
  if (!setting) return { text: '', others: '' };
  const { default: text, ...others } = setting.texts;
  return {
    text,
    others: Object.entries(others)
      .map(([lang, value]) => `${lang}: ${value}`)
      .join('\n'),
  };
}

function rangesText(hours: BusinessHours | null, day: Weekday): string {
  return (hours?.weekly[day] ?? []).map((r) => `${r.from}-${r.to}`).join(', ');
}

/** The setting of a texts draft, or null when it is empty; problems go to `errors`. */
function textsOf(draft: TextsDraft, section: string, t: T, errors: string[]): AutoReplySetting | null {
  const text = draft.text.trim();
  const texts: Record<string, string> = {};
  for (const line of draft.others
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)) {
    const colon = line.indexOf(':');
    const lang = colon > 0 ? line.slice(0, colon).trim() : '';
    const value = colon > 0 ? line.slice(colon + 1).trim() : '';
    if (!LanguageTag.safeParse(lang).success || value === '' || lang === 'default') {
      errors.push(t('hours.error.language', { section, value: line.slice(0, 40) }));
      continue;
    }
    texts[lang] = value;
  }
  if (text === '') {
    if (Object.keys(texts).length > 0) errors.push(t('hours.error.noDefault', { section }));
    return null;
  }
  if ([text, ...Object.values(texts)].some((v) => v.length > AUTO_TEXT_MAX)) {
    errors.push(t('hours.error.tooLong', { section }));
  }
  return { texts: { ...texts, default: text } };
}

export function BusinessHoursSettings({ channel, onChanged }: { channel: Channel; onChanged: (c: Channel) => void }) {
  const { t, lang } = useT();
  const api = useApi();
  const id = useId();
  const current = channel.settings.hours;
  const [enabled, setEnabled] = useState(current !== null);
  const [timeZone, setTimeZone] = useState(current?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
  const [days, setDays] = useState<Record<Weekday, string>>(
    () => Object.fromEntries(WEEKDAYS.map((d) => [d, rangesText(current, d)])) as Record<Weekday, string>,
  );
  const [holidays, setHolidays] = useState((current?.holidays ?? []).join('\n'));
  const [autoReply, setAutoReply] = useState(textsDraftOf(channel.settings.autoReply));
  const [greeting, setGreeting] = useState(textsDraftOf(channel.settings.greeting));
  const [errors, setErrors] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  const { busy, failure, run } = useHubCall();
  // The moment the page opened: "open now" or when it opens next, on the admin's clock.
  const [shownAt] = useState(() => Date.now());

  function hoursOf(problems: string[]): BusinessHours | null {
    if (!enabled) return null;
    const zone = timeZone.trim();
    if (!isTimeZone(zone)) problems.push(t('hours.error.timeZone', { value: zone }));
    const weekly = {} as Record<Weekday, HoursRange[]>;
    for (const day of WEEKDAYS) {
      const dayName = t(`hours.day.${day}`);
      const parts = days[day]
        .split(/[,、\n]/)
        .map((p) => p.trim())
        .filter(Boolean);
      if (parts.length > 6) problems.push(t('hours.error.tooManyRanges', { day: dayName }));
      weekly[day] = [];
      for (const part of parts) {
        const [from = '', to = ''] = part.split(/\s*[-–~〜]\s*/);
        const range = HoursRange.safeParse({ from, to });
        if (range.success) weekly[day].push(range.data);
        else problems.push(t('hours.error.range', { day: dayName, value: part }));
      }
    }
    if (WEEKDAYS.every((d) => weekly[d].length === 0)) problems.push(t('hours.error.noHours'));
    const dates = [...new Set(holidays.split(/[\s,]+/).filter(Boolean))];
    for (const date of dates) {
      if (!CalendarDate.safeParse(date).success) problems.push(t('hours.error.holiday', { value: date }));
    }
    return { timeZone: zone, weekly, holidays: dates.sort() };
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const problems: string[] = [];
    const hours = hoursOf(problems);
    const reply = textsOf(autoReply, t('hours.autoReply'), t, problems);
    const hello = textsOf(greeting, t('hours.greeting'), t, problems);
    setErrors(problems);
    if (problems.length > 0) return;
    const next = await run(() =>
      api.adminUpdateChannel(channel.id, { settings: { hours, autoReply: reply, greeting: hello } }),
    );
    if (!next) return;
    onChanged(next);
    setSaved(true);
  }

  const opensAt = current ? safeNextOpening(current, shownAt) : undefined;
  const texts = (section: 'autoReply' | 'greeting', draft: TextsDraft, set: (d: TextsDraft) => void) => (
    <fieldset className="admin-field">
      <legend>{t(`hours.${section}`)}</legend>
      <label htmlFor={`${id}-${section}-text`}>{t('hours.defaultText')}</label>
      <textarea
        id={`${id}-${section}-text`}
        value={draft.text}
        rows={2}
        aria-describedby={`${id}-${section}-text-hint`}
        onChange={(e) => set({ ...draft, text: e.target.value })}
      />
      <span id={`${id}-${section}-text-hint`} className="hint">
        {t('hours.textHint')}
      </span>
      <label htmlFor={`${id}-${section}-others`}>{t('hours.otherLanguages')}</label>
      <textarea
        id={`${id}-${section}-others`}
        value={draft.others}
        rows={2}
        aria-describedby={`${id}-${section}-others-hint`}
        onChange={(e) => set({ ...draft, others: e.target.value })}
      />
      <span id={`${id}-${section}-others-hint`} className="hint">
        {t('hours.otherLanguagesHint')}
      </span>
    </fieldset>
  );

  return (
    <form className="admin-form" aria-labelledby={`${id}-title`} onSubmit={(e) => void submit(e)} noValidate>
      <h3 id={`${id}-title`}>{t('hours.title')}</h3>
      {opensAt !== undefined && (
        <p className="hint">
          {opensAt === null
            ? t('hours.state.closedNever')
            : opensAt <= shownAt
              ? t('hours.state.open')
              : t('hours.state.closed', { time: formatDateTime(lang, opensAt) })}
        </p>
      )}
      <div className="admin-field channels-toggle">
        <label>
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />{' '}
          {t('hours.enabled')}
        </label>
        {!enabled && <span className="hint">{t('hours.alwaysOpen')}</span>}
      </div>
      {enabled && (
        <>
          <div className="admin-field">
            <label htmlFor={`${id}-zone`}>{t('hours.timeZone')}</label>
            <input
              id={`${id}-zone`}
              value={timeZone}
              maxLength={64}
              aria-describedby={`${id}-zone-hint`}
              onChange={(e) => setTimeZone(e.target.value)}
            />
            <span id={`${id}-zone-hint`} className="hint">
              {t('hours.timeZoneHint')}
            </span>
          </div>
          <fieldset className="admin-field" aria-describedby={`${id}-weekly-hint`}>
            <legend>{t('hours.weekly')}</legend>
            <span id={`${id}-weekly-hint`} className="hint">
              {t('hours.weeklyHint')}
            </span>
            {WEEKDAYS.map((day) => (
              <div key={day}>
                <label htmlFor={`${id}-${day}`}>{t(`hours.day.${day}`)}</label>{' '}
                <input
                  id={`${id}-${day}`}
                  value={days[day]}
                  maxLength={200}
                  onChange={(e) => setDays({ ...days, [day]: e.target.value })}
                />
              </div>
            ))}
          </fieldset>
          <div className="admin-field">
            <label htmlFor={`${id}-holidays`}>{t('hours.holidays')}</label>
            <textarea
              id={`${id}-holidays`}
              value={holidays}
              rows={3}
              aria-describedby={`${id}-holidays-hint`}
              onChange={(e) => setHolidays(e.target.value)}
            />
            <span id={`${id}-holidays-hint`} className="hint">
              {t('hours.holidaysHint')}
            </span>
          </div>
          {texts('autoReply', autoReply, setAutoReply)}
        </>
      )}
      {texts('greeting', greeting, setGreeting)}
      {errors.length > 0 && (
        <div role="alert">
          <p>{t('hours.errors')}</p>
          <ul>
            {errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </div>
      )}
      <CallFailure failure={failure} />
      <div className="admin-actions">
        <button type="submit" disabled={busy}>
          {t('hours.save')}
        </button>
        <span role="status">{saved ? t('hours.saved') : ''}</span>
      </div>
    </form>
  );
}

function safeNextOpening(hours: BusinessHours, at: number): number | null | undefined {
  try {
    return nextOpeningAt(hours, at);
  } catch {
    return undefined;
  }
}
