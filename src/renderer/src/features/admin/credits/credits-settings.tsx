/**
 * What an admin changes about one WhatsApp channel's credits: buying more
 * (refused while a cancellation is scheduled, FAQ 24 — the form says so
 * before anyone tries), the low-balance warning level, and the scheduled
 * cancellation itself. Each answers the new Credits to the tab.
 */
import { useId, useState, type FormEvent } from 'react';
import type { Channel, Credits } from '../../../../../shared/domain.js';
import { CallFailure } from '../../../common/call-failure.js';
import { useApi } from '../../../common/use-api.js';
import { useHubCall } from '../../../common/use-hub-call.js';
import { useT } from '../../../common/use-t.js';

export interface CreditsControlProps {
  readonly channel: Channel;
  readonly credits: Credits;
  readonly onChanged: (credits: Credits) => void;
}

/** Whole numbers the hub takes for a top-up and a warning level. */
const CREDITS_MAX = 1_000_000;

function wholeNumber(text: string, min: number): number | null {
  if (!/^\d+$/.test(text.trim())) return null;
  const value = Number(text.trim());
  return value >= min && value <= CREDITS_MAX ? value : null;
}

export function TopUpForm({ channel, credits, onChanged }: CreditsControlProps) {
  const { t, lang } = useT();
  const api = useApi();
  const id = useId();
  const [amount, setAmount] = useState('100');
  const { busy, failure, run } = useHubCall();
  const [done, setDone] = useState<string | null>(null);
  const blocked = credits.cancellationScheduled;
  const value = wholeNumber(amount, 1);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (value === null || blocked) return;
    setDone(null);
    const next = await run(() => api.adminTopUpCredits(channel.id, value));
    if (!next) return;
    onChanged(next);
    setDone(
      t('credits.topUp.done', { amount: value.toLocaleString(lang), balance: next.balance.toLocaleString(lang) }),
    );
  }

  return (
    <form className="admin-form credits-card" aria-labelledby={`${id}-title`} onSubmit={(e) => void submit(e)}>
      <h3 id={`${id}-title`}>{t('credits.topUp.title')}</h3>
      <div className="admin-field">
        <label htmlFor={`${id}-amount`}>{t('credits.topUp.amount')}</label>
        <input
          id={`${id}-amount`}
          type="number"
          inputMode="numeric"
          min={1}
          max={CREDITS_MAX}
          step={1}
          value={amount}
          disabled={blocked}
          aria-describedby={blocked ? `${id}-blocked` : undefined}
          onChange={(e) => setAmount(e.target.value)}
        />
      </div>
      {blocked && (
        <p id={`${id}-blocked`} className="credits-note">
          {t('credits.topUp.blocked')}
        </p>
      )}
      <div className="admin-actions">
        <button type="submit" disabled={blocked || busy || value === null}>
          {t('credits.topUp.submit')}
        </button>
      </div>
      <CallFailure failure={failure} />
      {done && <p role="status">{done}</p>}
    </form>
  );
}

export function ThresholdForm({ channel, credits, onChanged }: CreditsControlProps) {
  const { t, lang } = useT();
  const api = useApi();
  const id = useId();
  const [text, setText] = useState(credits.lowBalanceThreshold === null ? '' : String(credits.lowBalanceThreshold));
  const { busy, failure, run } = useHubCall();
  const [done, setDone] = useState<string | null>(null);
  const parsed = text.trim() === '' ? null : wholeNumber(text, 0);
  const invalid = text.trim() !== '' && parsed === null;

  async function save(threshold: number | null) {
    setDone(null);
    const next = await run(() => api.adminSetCreditsThreshold(channel.id, threshold));
    if (!next) return;
    onChanged(next);
    setText(next.lowBalanceThreshold === null ? '' : String(next.lowBalanceThreshold));
    setDone(next.lowBalanceThreshold === null ? t('credits.threshold.cleared') : t('credits.threshold.saved'));
  }

  return (
    <form
      className="admin-form credits-card"
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        if (!invalid) void save(parsed);
      }}
    >
      <h3 id={`${id}-title`}>{t('credits.threshold.title')}</h3>
      <div className="admin-field">
        <label htmlFor={`${id}-value`}>{t('credits.threshold.label')}</label>
        <input
          id={`${id}-value`}
          type="number"
          inputMode="numeric"
          min={0}
          max={CREDITS_MAX}
          step={1}
          value={text}
          aria-invalid={invalid}
          aria-describedby={`${id}-hint ${id}-current`}
          onChange={(e) => setText(e.target.value)}
        />
        <span id={`${id}-hint`} className="hint">
          {t('credits.threshold.hint')}
        </span>
        <span id={`${id}-current`} className="hint">
          {credits.lowBalanceThreshold === null
            ? t('credits.threshold.none')
            : t('credits.threshold.current', { threshold: credits.lowBalanceThreshold.toLocaleString(lang) })}
        </span>
      </div>
      <div className="admin-actions">
        <button type="submit" disabled={busy || invalid}>
          {t('credits.threshold.save')}
        </button>
        {credits.lowBalanceThreshold !== null && (
          <button type="button" disabled={busy} onClick={() => void save(null)}>
            {t('credits.threshold.off')}
          </button>
        )}
      </div>
      <CallFailure failure={failure} />
      {done && <p role="status">{done}</p>}
    </form>
  );
}

export function CancellationControl({ channel, credits, onChanged }: CreditsControlProps) {
  const { t } = useT();
  const api = useApi();
  const id = useId();
  const { busy, failure, run } = useHubCall();
  const scheduled = credits.cancellationScheduled;

  async function toggle() {
    const next = await run(() => api.adminSetCreditsCancellation(channel.id, !scheduled));
    if (next) onChanged(next);
  }

  return (
    <section className="admin-form credits-card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('credits.cancellation.title')}</h3>
      <p className={scheduled ? 'credits-state scheduled' : 'credits-state'}>
        {scheduled ? t('credits.cancellation.scheduled') : t('credits.cancellation.notScheduled')}
      </p>
      <p className="hint">{t('credits.cancellation.explain')}</p>
      <div className="admin-actions">
        <button type="button" disabled={busy} onClick={() => void toggle()}>
          {scheduled ? t('credits.cancellation.clear') : t('credits.cancellation.schedule')}
        </button>
      </div>
      <CallFailure failure={failure} />
    </section>
  );
}
