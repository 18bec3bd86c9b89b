/**
 * The same customer on other channels (issue 14 §4, FAQ 51): the side panel names the contact's person's
 * other identities (listPersonContacts, from the cache) with a "Separate" button each, and "Link to
 * another contact…" searches the cache (searchContacts: name, phone, email, ID; offline too) to merge
 * this conversation's contact into the picked contact's person (mergeContact). The merge reaches every
 * client through the event log; the panel then lists the person's conversations together.
 */
import { useEffect, useId, useState } from 'react';
import type { ContactHit } from '../../../../shared/api.js';
import type { Contact } from '../../../../shared/domain.js';
import { contactDisplayName } from '../../../../shared/contact-name.js';
import { CallFailure, failureOf, type Failure } from '../../common/call-failure.js';
import { ChannelIcon } from '../../common/channel-icon.js';
import { useApi } from '../../common/use-api.js';
import { usePermission } from '../../common/use-permission.js';
import { useT } from '../../common/use-t.js';

type Status =
  | { kind: 'idle' }
  | { kind: 'working' }
  | { kind: 'done'; what: 'linked' | 'separated' }
  | { kind: 'error'; failure: Failure };

/** The person's other identities, read again whenever the contact (its person id) or `refresh` changes. */
function usePersonContacts(contact: Contact, refresh: unknown): ContactHit[] {
  const api = useApi();
  const [hits, setHits] = useState<ContactHit[]>([]);
  useEffect(() => {
    let live = true;
    // A contact in no person has no other identity: asked all the same, the cache answers none.
    void api.listPersonContacts(contact.id).then(
      (found) => live && setHits(found),
      () => live && setHits([]),
    );
    return () => {
      live = false;
    };
  }, [api, contact.id, contact.personId, refresh]);
  return hits;
}

export function ContactLink({ contact, refresh }: { contact: Contact; refresh: unknown }) {
  const { t, lang } = useT();
  const api = useApi();
  const may = usePermission('editContact');
  const others = usePersonContacts(contact, refresh);
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<ContactHit[] | null>(null);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const id = useId();

  useEffect(() => {
    if (!open) return;
    let live = true;
    void api.searchContacts({ query: query.slice(0, 100), limit: 20 }).then(
      (found) =>
        live &&
        setHits(found.filter((h) => h.contact.id !== contact.id && !others.some((o) => o.contact.id === h.contact.id))),
      () => live && setHits([]),
    );
    return () => {
      live = false;
    };
  }, [api, open, query, contact.id, others]);

  async function run(what: 'linked' | 'separated', call: () => Promise<unknown>) {
    setStatus({ kind: 'working' });
    try {
      await call();
      setStatus({ kind: 'done', what });
      setOpen(false);
      setQuery('');
    } catch (err) {
      setStatus({ kind: 'error', failure: failureOf(err) });
    }
  }

  const nameOf = (hit: ContactHit) => contactDisplayName(hit.contact, hit.channelKind, lang);
  return (
    <section className="contact-link" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('contactLink.title')}</h3>
      {others.length === 0 ? (
        <p className="muted">{t('contactLink.none')}</p>
      ) : (
        <ul className="person-identities">
          {others.map((hit) => (
            <li key={hit.contact.id}>
              <ChannelIcon kind={hit.channelKind} size={16} /> <span>{nameOf(hit)}</span>{' '}
              <span className="muted">{hit.channelName}</span>
              {may.allowed && (
                <button
                  type="button"
                  className="link-button"
                  aria-label={t('contactLink.separateLabel', { name: nameOf(hit), channel: hit.channelName })}
                  disabled={status.kind === 'working'}
                  onClick={() => void run('separated', () => api.unmergeContact(hit.contact.id))}
                >
                  {t('contactLink.separate')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {may.allowed &&
        (open ? (
          <div className="contact-link-search">
            <label htmlFor={`${id}-q`}>{t('contactLink.search')}</label>
            <input
              id={`${id}-q`}
              type="search"
              value={query}
              maxLength={100}
              autoFocus
              aria-describedby={`${id}-hint`}
              onChange={(e) => setQuery(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') setOpen(false);
              }}
            />
            <p id={`${id}-hint`} className="muted">
              {t('contactLink.searchHint')}
            </p>
            {hits !== null && hits.length === 0 && <p className="muted">{t('contactLink.noHits')}</p>}
            {hits !== null && hits.length > 0 && (
              <ul className="contact-link-hits" aria-label={t('contactLink.results')}>
                {hits.map((hit) => (
                  <li key={hit.contact.id}>
                    <button
                      type="button"
                      disabled={status.kind === 'working'}
                      aria-label={t('contactLink.pick', { name: nameOf(hit), channel: hit.channelName })}
                      onClick={() => void run('linked', () => api.mergeContact(contact.id, hit.contact.id))}
                    >
                      <ChannelIcon kind={hit.channelKind} size={16} /> {nameOf(hit)}{' '}
                      <span className="muted">{hit.channelName}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
            <button type="button" onClick={() => setOpen(false)}>
              {t('contactLink.close')}
            </button>
          </div>
        ) : (
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setStatus({ kind: 'idle' });
              setOpen(true);
            }}
          >
            {t('contactLink.link')}
          </button>
        ))}
      {status.kind === 'working' && (
        <p className="muted" role="status">
          {t('contactLink.working')}
        </p>
      )}
      {status.kind === 'done' && (
        <p className="muted" role="status">
          {t(status.what === 'linked' ? 'contactLink.linked' : 'contactLink.separated')}
        </p>
      )}
      {status.kind === 'error' && <CallFailure failure={status.failure} />}
    </section>
  );
}
