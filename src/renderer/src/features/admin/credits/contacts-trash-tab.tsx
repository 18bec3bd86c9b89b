/**
 * The admin console's Contacts trash tab (SPEC §2, FAQ 55): the trashed
 * contacts, most recently deleted first, searched by name, phone, username
 * or id and read from the hub a page at a time. Restore brings a contact's
 * conversations back; Delete permanently asks first, naming the contact and
 * saying it cannot be undone, then removes it from the hub and every agent's
 * app.
 */
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { TrashedContact } from '../../../../../shared/admin/credits-trash.js';
import type { Contact } from '../../../../../shared/domain.js';
import { failureOf } from '../../../common/call-failure.js';
import { ChannelIcon } from '../../../common/channel-icon.js';
import { ConfirmDialog } from '../../../common/confirm-dialog.js';
import { HubList } from '../../../common/hub-list.js';
import { useApi } from '../../../common/use-api.js';
import { useHubPages } from '../../../common/use-hub-pages.js';
import { useT } from '../../../common/use-t.js';
import { formatDateTime } from '../../../i18n/translate.js';

/** Typing pauses this long before the hub is asked, so a search is one request, not one per key. */
const SEARCH_DELAY_MS = 250;

function identityOf(contact: Contact): string {
  const { phone, username, externalId } = contact.identity;
  if (phone) return phone;
  if (username) return `@${username}`;
  return externalId;
}

function PurgeDialog({
  item,
  onCancel,
  onConfirm,
}: {
  item: TrashedContact;
  onCancel: () => void;
  onConfirm: () => Promise<void>;
}) {
  const { t, lang } = useT();
  const name = item.contact.name || t('trash.unnamed');
  return (
    <ConfirmDialog
      title={t('trash.confirm.title', { name })}
      confirmLabel={t('trash.confirm.submit')}
      onCancel={onCancel}
      onConfirm={onConfirm}
      className="trash-confirm"
    >
      <p>{t('trash.confirm.body', { name, conversations: item.conversationCount.toLocaleString(lang) })}</p>
    </ConfirmDialog>
  );
}

export function ContactsTrashTab() {
  const { t, lang } = useT();
  const api = useApi();
  const id = useId();
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [purging, setPurging] = useState<TrashedContact | null>(null);
  const searchBox = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const timer = setTimeout(() => setQuery(text.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text]);

  const read = useCallback(
    (cursor: string | null) =>
      api.adminListTrashedContacts({ ...(query === '' ? {} : { query }), ...(cursor === null ? {} : { cursor }) }),
    [api, query],
  );
  const { items, setItems, nextCursor, loadingMore, loadMore, failure, setFailure } = useHubPages(read);

  const nameOf = (item: TrashedContact): string => item.contact.name || t('trash.unnamed');
  const drop = (contactId: string) => setItems((shown) => shown?.filter((i) => i.contact.id !== contactId) ?? null);

  async function restore(item: TrashedContact) {
    setFailure(null);
    try {
      await api.adminRestoreContact(item.contact.id);
      drop(item.contact.id);
      setNotice(t('trash.restored', { name: nameOf(item) }));
      searchBox.current?.focus();
    } catch (error) {
      setFailure(failureOf(error));
    }
  }

  async function purge(item: TrashedContact) {
    await api.adminPurgeContact(item.contact.id);
    drop(item.contact.id);
    setPurging(null);
    setNotice(t('trash.purged', { name: nameOf(item) }));
    searchBox.current?.focus();
  }

  return (
    <section className="contacts-trash-tab" aria-labelledby="contacts-trash-tab-title">
      <h2 id="contacts-trash-tab-title">{t('trash.title')}</h2>
      <p className="muted">{t('trash.intro')}</p>
      <div className="admin-field trash-search">
        <label htmlFor={`${id}-search`}>{t('trash.search')}</label>
        <input
          id={`${id}-search`}
          ref={searchBox}
          type="search"
          value={text}
          maxLength={200}
          aria-describedby={`${id}-search-hint`}
          onChange={(e) => setText(e.target.value)}
        />
        <span id={`${id}-search-hint`} className="hint">
          {t('trash.searchHint')}
        </span>
      </div>
      <p role="status" className="muted trash-notice">
        {notice ?? ''}
      </p>
      <HubList items={items} failure={failure} empty={query === '' ? t('trash.empty') : t('trash.noMatch', { query })}>
        {(items) => (
          <>
            <table className="admin-table trash-table">
              <thead>
                <tr>
                  <th scope="col">{t('trash.name')}</th>
                  <th scope="col">{t('trash.channel')}</th>
                  <th scope="col">{t('trash.identity')}</th>
                  <th scope="col">{t('trash.trashedAt')}</th>
                  <th scope="col" className="number">
                    {t('trash.conversations')}
                  </th>
                  <th scope="col">{t('trash.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => {
                  const name = nameOf(item);
                  return (
                    <tr key={item.contact.id}>
                      <td>{name}</td>
                      <td>
                        {item.channel ? (
                          <span className="trash-channel">
                            <ChannelIcon kind={item.channel.kind} size={18} /> {item.channel.name}
                          </span>
                        ) : (
                          <span className="muted">{t('trash.unknownChannel')}</span>
                        )}
                      </td>
                      <td className="trash-identity">{identityOf(item.contact)}</td>
                      <td>{item.contact.deletedAt === null ? '' : formatDateTime(lang, item.contact.deletedAt)}</td>
                      <td className="number">{item.conversationCount.toLocaleString(lang)}</td>
                      <td>
                        <div className="admin-actions">
                          <button
                            type="button"
                            aria-label={t('trash.restoreNamed', { name })}
                            onClick={() => void restore(item)}
                          >
                            {t('trash.restore')}
                          </button>
                          <button
                            type="button"
                            className="danger"
                            aria-label={t('trash.purgeNamed', { name })}
                            onClick={() => setPurging(item)}
                          >
                            {t('trash.purge')}
                          </button>
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {nextCursor !== null && (
              <div className="admin-actions trash-more">
                <button type="button" disabled={loadingMore} onClick={() => void loadMore()}>
                  {t('trash.more')}
                </button>
              </div>
            )}
          </>
        )}
      </HubList>
      {purging && <PurgeDialog item={purging} onCancel={() => setPurging(null)} onConfirm={() => purge(purging)} />}
    </section>
  );
}
