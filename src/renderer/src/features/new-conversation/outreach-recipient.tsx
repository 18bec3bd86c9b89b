/**
 * Who the first message goes to: a phone number (WhatsApp channels), normalised as the agent types by
 * the hub's own rule (phone-number.ts) so the dialog shows the number WhatsApp will get, or a contact of
 * the channel found in the client's cache (searchContacts, offline too).
 */
import { useEffect, useId, useState } from 'react';
import type { ContactHit } from '../../../../shared/api.js';
import type { Channel } from '../../../../shared/domain.js';
import { contactDisplayName } from '../../../../shared/contact-name.js';
import { displayPhoneNumber, normalizePhoneNumber, type PhoneNumberProblem } from '../../../../shared/phone-number.js';
import { TYPED_PHONE_MAX } from '../../../../shared/outreach.js';
import { useApi } from '../../common/use-api.js';
import { useT } from '../../common/use-t.js';
import type { MessageKey } from '../../i18n/en.js';

const PROBLEM_WORDS: Readonly<Record<PhoneNumberProblem, MessageKey>> = {
  empty: 'outreach.phone.empty',
  characters: 'outreach.phone.characters',
  'country-needed': 'outreach.phone.countryNeeded',
  length: 'outreach.phone.length',
};

const SEARCH_DELAY_MS = 200;
const SEARCH_LIMIT = 8;

export function PhoneField({
  channel,
  value,
  onChange,
}: {
  channel: Channel;
  value: string;
  onChange: (typed: string) => void;
}) {
  const { t, lang } = useT();
  const id = useId();
  const country = channel.settings.country ?? null;
  const normalised = normalizePhoneNumber(value, country ?? undefined);
  const countryName = country ? (new Intl.DisplayNames([lang], { type: 'region' }).of(country) ?? country) : '';
  const showProblem = value.trim() !== '' && !normalised.ok;
  return (
    <div className="outreach-field">
      <label htmlFor={`${id}-phone`}>{t('outreach.phone')}</label>
      <input
        id={`${id}-phone`}
        type="tel"
        inputMode="tel"
        autoComplete="off"
        value={value}
        maxLength={TYPED_PHONE_MAX}
        aria-invalid={showProblem}
        aria-describedby={`${id}-phone-hint ${id}-phone-result`}
        onChange={(e) => onChange(e.target.value)}
      />
      <span id={`${id}-phone-hint`} className="hint">
        {country ? t('outreach.phoneHint', { country: countryName }) : t('outreach.phoneHintNoCountry')}
      </span>
      <span id={`${id}-phone-result`} className={showProblem ? 'form-error' : 'outreach-number'} aria-live="polite">
        {normalised.ok
          ? t('outreach.phoneBecomes', { number: displayPhoneNumber(normalised.digits) })
          : showProblem
            ? t(PROBLEM_WORDS[normalised.problem])
            : ''}
      </span>
    </div>
  );
}

export function ContactSearch({
  channel,
  chosen,
  onChoose,
}: {
  channel: Channel;
  chosen: ContactHit | null;
  onChoose: (hit: ContactHit | null) => void;
}) {
  const { t, lang } = useT();
  const api = useApi();
  const id = useId();
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<{ query: string; hits: ContactHit[] } | null>(null);

  useEffect(() => {
    if (query.trim() === '') return;
    let current = true;
    const keep = (hits: ContactHit[]) => {
      if (current) setFound({ query, hits: hits.filter((hit) => hit.channelId === channel.id) });
    };
    const timer = setTimeout(() => {
      api.searchContacts({ query, channelId: channel.id, limit: SEARCH_LIMIT }).then(keep, () => keep([]));
    }, SEARCH_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, channel.id, query]);

  // The hits of what is typed now; while a new search runs, the last ones stay.
  const hits = query.trim() === '' ? null : (found?.hits ?? null);

  if (chosen) {
    return (
      <p className="outreach-chosen">
        {t('outreach.chosenContact', { name: contactDisplayName(chosen.contact, channel.kind, lang) })}{' '}
        <button type="button" className="link-button" onClick={() => onChoose(null)}>
          {t('outreach.changeContact')}
        </button>
      </p>
    );
  }
  return (
    <div className="outreach-field">
      <label htmlFor={`${id}-query`}>{t('outreach.contact')}</label>
      <input
        id={`${id}-query`}
        type="search"
        value={query}
        maxLength={100}
        aria-describedby={`${id}-query-hint`}
        onChange={(e) => setQuery(e.target.value)}
      />
      <span id={`${id}-query-hint`} className="hint">
        {t('outreach.contactHint')}
      </span>
      {hits !== null && hits.length === 0 && <p className="muted">{t('outreach.noContacts')}</p>}
      {hits !== null && hits.length > 0 && (
        <ul className="outreach-hits" aria-label={t('outreach.contact')}>
          {hits.map((hit) => (
            <li key={hit.contact.id}>
              <button type="button" className="link-button" onClick={() => onChoose(hit)}>
                {contactDisplayName(hit.contact, channel.kind, lang)}
                {hit.contact.identity.phone && <span className="muted"> · {hit.contact.identity.phone}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
