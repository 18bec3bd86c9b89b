/**
 * The channel page's Routing section (issue 14 §2, docs/lifecycle.md "Queues and routing"): how many
 * open conversations an agent takes on this channel (or no limit), how long an agent may be away or
 * offline before their waiting conversations return to the queue, and whether a conversation its
 * agent leaves unanswered passes on (after how long, how many times). Checked here with words an
 * admin understands, then saved through the channel's settings update (the hub merges settings).
 */
import { useId, useState, type FormEvent } from 'react';
import type { Channel, ChannelRouting } from '../../../../../shared/domain.js';
import { CallFailure } from '../../../common/call-failure.js';
import { useApi } from '../../../common/use-api.js';
import { useHubCall } from '../../../common/use-hub-call.js';
import { useT } from '../../../common/use-t.js';
import type { MessageKey } from '../../../i18n/en.js';

interface RoutingSettingsProps {
  readonly channel: Channel;
  readonly onChanged: (channel: Channel) => void;
}

/** A whole number in [min, max] typed in a field, or null. */
export function wholeIn(text: string, min: number, max: number): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return value >= min && value <= max ? value : null;
}

type Field = 'capacity' | 'away' | 'passMinutes' | 'passMax';
type Errors = Partial<Record<Field, MessageKey>>;

interface Draft {
  capacity: string;
  away: string;
  passOn: boolean;
  passMinutes: string;
  passMax: string;
}

function draftOf(routing: ChannelRouting): Draft {
  return {
    capacity: routing.capacity === null ? '' : String(routing.capacity),
    away: String(routing.awayRequeueMinutes),
    passOn: routing.unansweredPassMinutes !== null,
    passMinutes: String(routing.unansweredPassMinutes ?? 5),
    passMax: String(routing.unansweredPassMax),
  };
}

/** The routing a draft says, or what to fix in it. */
function routingOf(draft: Draft): { routing: ChannelRouting } | { errors: Errors } {
  const errors: Errors = {};
  const capacity = draft.capacity.trim() === '' ? null : wholeIn(draft.capacity, 1, 500);
  if (draft.capacity.trim() !== '' && capacity === null) errors.capacity = 'routing.error.capacity';
  const away = wholeIn(draft.away, 1, 1440);
  if (away === null) errors.away = 'routing.error.minutes';
  const passMinutes = draft.passOn ? wholeIn(draft.passMinutes, 1, 1440) : null;
  if (draft.passOn && passMinutes === null) errors.passMinutes = 'routing.error.minutes';
  const passMax = wholeIn(draft.passMax, 1, 10);
  // Kept while passing is off (the hub keeps a value); only checked when it counts.
  if (draft.passOn && passMax === null) errors.passMax = 'routing.error.passMax';
  if (Object.keys(errors).length > 0 || away === null) return { errors };
  return {
    routing: {
      capacity,
      awayRequeueMinutes: away,
      unansweredPassMinutes: passMinutes,
      unansweredPassMax: passMax ?? 2,
    },
  };
}

export function RoutingSettings({ channel, onChanged }: RoutingSettingsProps) {
  const { t } = useT();
  const api = useApi();
  const id = useId();
  const [draft, setDraft] = useState<Draft>(() => draftOf(channel.settings.routing));
  const [errors, setErrors] = useState<Errors>({});
  const [saved, setSaved] = useState(false);
  const { busy, failure, run, clearFailure } = useHubCall();
  const change = (part: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...part }));
    setSaved(false);
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const checked = routingOf(draft);
    if ('errors' in checked) {
      clearFailure();
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    const next = await run(() => api.adminUpdateChannel(channel.id, { settings: { routing: checked.routing } }));
    if (!next) return;
    onChanged(next);
    setDraft(draftOf(next.settings.routing));
    setSaved(true);
  }

  /** A number field with its hint and, when it needs fixing, the words saying how. */
  function numberField(
    field: Field,
    label: MessageKey,
    value: string,
    onValue: (v: string) => void,
    extra: {
      min: number;
      max: number;
      hint?: MessageKey;
      disabled?: boolean;
      placeholder?: string;
    },
  ) {
    const error = errors[field];
    const described = [extra.hint ? `${id}-${field}-hint` : null, error ? `${id}-${field}-error` : null]
      .filter((x) => x !== null)
      .join(' ');
    return (
      <div className="admin-field">
        <label htmlFor={`${id}-${field}`}>{t(label)}</label>
        <input
          id={`${id}-${field}`}
          type="number"
          inputMode="numeric"
          min={extra.min}
          max={extra.max}
          step={1}
          value={value}
          disabled={extra.disabled}
          placeholder={extra.placeholder}
          aria-invalid={error !== undefined}
          aria-describedby={described || undefined}
          onChange={(e) => onValue(e.target.value)}
        />
        {extra.hint && (
          <span id={`${id}-${field}-hint`} className="hint">
            {t(extra.hint)}
          </span>
        )}
        {error && (
          <span id={`${id}-${field}-error`} className="form-error">
            {t(error)}
          </span>
        )}
      </div>
    );
  }

  const hasErrors = Object.keys(errors).length > 0;
  return (
    <form
      className="admin-form routing-settings"
      aria-labelledby={`${id}-title`}
      noValidate
      onSubmit={(e) => void submit(e)}
    >
      <h3 id={`${id}-title`}>{t('routing.title')}</h3>
      <p className="muted">{t('routing.intro')}</p>
      {numberField('capacity', 'routing.capacity', draft.capacity, (capacity) => change({ capacity }), {
        min: 1,
        max: 500,
        hint: 'routing.capacityHint',
        placeholder: t('routing.noLimit'),
      })}
      {numberField('away', 'routing.awayMinutes', draft.away, (away) => change({ away }), {
        min: 1,
        max: 1440,
        hint: 'routing.awayHint',
      })}
      <div className="admin-field channels-toggle">
        <label>
          <input type="checkbox" checked={draft.passOn} onChange={(e) => change({ passOn: e.target.checked })} />{' '}
          {t('routing.passOn')}
        </label>
      </div>
      {numberField('passMinutes', 'routing.passMinutes', draft.passMinutes, (passMinutes) => change({ passMinutes }), {
        min: 1,
        max: 1440,
        disabled: !draft.passOn,
      })}
      {numberField('passMax', 'routing.passMax', draft.passMax, (passMax) => change({ passMax }), {
        min: 1,
        max: 10,
        disabled: !draft.passOn,
      })}
      {hasErrors && (
        <p role="alert" className="form-error">
          {t('routing.error.fix')}
        </p>
      )}
      <CallFailure failure={failure} />
      <div className="admin-actions">
        <button type="submit" disabled={busy}>
          {t('routing.save')}
        </button>
        <span role="status">{saved ? t('routing.saved') : ''}</span>
      </div>
    </form>
  );
}
