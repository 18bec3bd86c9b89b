/**
 * The channel page's country for phone numbers (WhatsApp and Twilio channels; issue 14 §3,
 * docs/lifecycle.md "Writing first"): a number an agent types without its country code when writing
 * first (090-1234-5678) is read as a national number of this country (src/shared/phone-number.ts).
 * None: agents type the country code. Saved through the channel's settings update (the hub merges settings).
 */
import { useId, useState, type FormEvent } from 'react';
import type { Channel } from '../../../../../shared/domain.js';
import { outreachRules } from '../../../../../shared/outreach.js';
import { PHONE_COUNTRIES } from '../../../../../shared/phone-number.js';
import { CallFailure } from '../../../common/call-failure.js';
import { useApi } from '../../../common/use-api.js';
import { useHubCall } from '../../../common/use-hub-call.js';
import { useT } from '../../../common/use-t.js';

export function CountrySetting({ channel, onChanged }: { channel: Channel; onChanged: (c: Channel) => void }) {
  const { t, lang } = useT();
  const api = useApi();
  const id = useId();
  const [country, setCountry] = useState(channel.settings.country ?? '');
  const [saved, setSaved] = useState(false);
  const { busy, failure, run } = useHubCall();
  if (!outreachRules(channel.kind).byPhone) return null;
  const names = new Intl.DisplayNames([lang], { type: 'region' });
  const options = PHONE_COUNTRIES.map((code) => ({ code, name: names.of(code) ?? code })).sort((a, b) =>
    a.name.localeCompare(b.name, lang),
  );

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const next = await run(() => api.adminUpdateChannel(channel.id, { settings: { country: country || null } }));
    if (!next) return;
    onChanged(next);
    setSaved(true);
  }

  return (
    <form className="admin-form" aria-labelledby={`${id}-title`} onSubmit={(e) => void submit(e)}>
      <h3 id={`${id}-title`}>{t('channels.settings.country')}</h3>
      <div className="admin-field">
        <label htmlFor={`${id}-country`}>{t('channels.settings.country')}</label>
        <select
          id={`${id}-country`}
          value={country}
          aria-describedby={`${id}-country-hint`}
          onChange={(e) => {
            setCountry(e.target.value);
            setSaved(false);
          }}
        >
          <option value="">{t('channels.settings.countryNone')}</option>
          {options.map((o) => (
            <option key={o.code} value={o.code}>
              {o.name} ({o.code})
            </option>
          ))}
        </select>
        <span id={`${id}-country-hint`} className="hint">
          {t('channels.settings.countryHint')}
        </span>
      </div>
      <CallFailure failure={failure} />
      <div className="admin-actions">
        <button type="submit" disabled={busy}>
          {t('channels.settings.countrySave')}
        </button>
        <span role="status">{saved ? t('channels.settings.countrySaved') : ''}</span>
      </div>
    </form>
  );
}
