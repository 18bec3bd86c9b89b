/**
 * A WhatsApp channel's credit ledger, newest first, read from the hub a page
 * at a time ("Load more" follows the hub's cursor), filtered by kind, by
 * day (the admin's local days) and by conversation — a contact's name in a
 * row narrows the ledger to that conversation.
 */
import { useCallback, useId, useState } from 'react';
import {
  CREDIT_ENTRY_KINDS,
  type CreditEntry,
  type CreditEntryKind,
  type LedgerFilter,
} from '../../../../../shared/admin/credits-trash.js';
import { HubList } from '../../../common/hub-list.js';
import { useApi } from '../../../common/use-api.js';
import { useHubPages } from '../../../common/use-hub-pages.js';
import { useT, type T } from '../../../common/use-t.js';
import type { MessageKey } from '../../../i18n/en.js';
import { formatDateTime } from '../../../i18n/translate.js';

interface Filters {
  readonly kind: CreditEntryKind | '';
  /** `YYYY-MM-DD` from the date inputs, '' for none. */
  readonly from: string;
  readonly to: string;
  readonly conversationId: string;
  /** The contact of the chosen conversation, when chosen from a row. */
  readonly contactName: string | null;
}

const NO_FILTERS: Filters = { kind: '', from: '', to: '', conversationId: '', contactName: null };
const DAY_MS = 24 * 60 * 60 * 1000;

/** Local midnight of a `YYYY-MM-DD` day, in ms; null for anything else. */
function startOfDay(day: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])).getTime();
}

/** What the hub is asked: `to` is the end of the chosen day (the hub's `to` is exclusive). */
function queryOf(filters: Filters): LedgerFilter {
  const from = startOfDay(filters.from);
  const to = startOfDay(filters.to);
  const conversationId = filters.conversationId.trim();
  return {
    ...(filters.kind === '' ? {} : { kind: filters.kind }),
    ...(from === null ? {} : { from }),
    ...(to === null ? {} : { to: to + DAY_MS }),
    ...(conversationId === '' ? {} : { conversationId }),
  };
}

const CATEGORY_KEYS: Readonly<Record<string, MessageKey>> = {
  marketing: 'credits.category.marketing',
  utility: 'credits.category.utility',
  authentication: 'credits.category.authentication',
};

function kindWords(t: T, kind: CreditEntryKind): string {
  return t(`credits.ledger.kind.${kind}`);
}

function chargeWords(t: T, entry: CreditEntry): string {
  const category = entry.reason.startsWith('conversation:') ? entry.reason.slice('conversation:'.length) : '';
  const key = CATEGORY_KEYS[category];
  return t('credits.ledger.template', { category: key ? t(key) : category });
}

export function CreditLedger({ channelId, version }: { channelId: string; version: number }) {
  const { t, lang } = useT();
  const api = useApi();
  const id = useId();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const read = useCallback(
    (cursor: string | null) =>
      api.adminListCreditLedger(channelId, { ...queryOf(filters), ...(cursor === null ? {} : { cursor }) }),
    [api, channelId, filters],
  );
  const { items: entries, nextCursor, loadingMore, loadMore, failure } = useHubPages(read, version);

  const change = (next: Partial<Filters>) => setFilters((now) => ({ ...now, ...next }));
  const filtered = filters !== NO_FILTERS;

  return (
    <section className="credit-ledger" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('credits.ledger.title')}</h3>
      <div className="credit-ledger-filters" role="group" aria-label={t('credits.ledger.filters')}>
        <div className="admin-field">
          <label htmlFor={`${id}-kind`}>{t('credits.ledger.kind')}</label>
          <select
            id={`${id}-kind`}
            value={filters.kind}
            onChange={(e) => {
              const kind = CREDIT_ENTRY_KINDS.find((k) => k === e.target.value);
              change({ kind: kind ?? '' });
            }}
          >
            <option value="">{t('credits.ledger.kind.all')}</option>
            {CREDIT_ENTRY_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {kindWords(t, kind)}
              </option>
            ))}
          </select>
        </div>
        <div className="admin-field">
          <label htmlFor={`${id}-from`}>{t('credits.ledger.from')}</label>
          <input
            id={`${id}-from`}
            type="date"
            value={filters.from}
            onChange={(e) => change({ from: e.target.value })}
          />
        </div>
        <div className="admin-field">
          <label htmlFor={`${id}-to`}>{t('credits.ledger.to')}</label>
          <input id={`${id}-to`} type="date" value={filters.to} onChange={(e) => change({ to: e.target.value })} />
        </div>
        <div className="admin-field credit-ledger-conversation">
          <label htmlFor={`${id}-conversation`}>{t('credits.ledger.conversation')}</label>
          <input
            id={`${id}-conversation`}
            value={filters.conversationId}
            maxLength={128}
            aria-describedby={`${id}-conversation-hint`}
            onChange={(e) => change({ conversationId: e.target.value, contactName: null })}
          />
          <span id={`${id}-conversation-hint`} className="hint">
            {filters.contactName ?? t('credits.ledger.conversationHint')}
          </span>
        </div>
        {filtered && (
          <button type="button" className="credit-ledger-clear" onClick={() => setFilters(NO_FILTERS)}>
            {t('credits.ledger.clearFilters')}
          </button>
        )}
      </div>
      <HubList items={entries} failure={failure} empty={t('credits.ledger.empty')}>
        {(entries) => (
          <>
            <table className="admin-table credit-ledger-table">
              <thead>
                <tr>
                  <th scope="col">{t('credits.ledger.when')}</th>
                  <th scope="col">{t('credits.ledger.kind')}</th>
                  <th scope="col" className="number">
                    {t('credits.ledger.amount')}
                  </th>
                  <th scope="col">{t('credits.ledger.detail')}</th>
                  <th scope="col">{t('credits.ledger.by')}</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((entry) => (
                  <tr key={entry.id}>
                    <td>{formatDateTime(lang, entry.createdAt)}</td>
                    <td>{kindWords(t, entry.kind)}</td>
                    <td className={`number ${entry.delta < 0 ? 'credit-spent' : 'credit-added'}`}>
                      {entry.delta > 0 ? '+' : entry.delta < 0 ? '−' : ''}
                      {Math.abs(entry.delta).toLocaleString(lang)}
                    </td>
                    <td>
                      {entry.kind === 'charge' && <span>{chargeWords(t, entry)} </span>}
                      {entry.conversationId !== null && (
                        <button
                          type="button"
                          className="link-button"
                          aria-label={t('credits.ledger.onlyConversation', { name: entry.contactName ?? '' })}
                          onClick={() =>
                            change({ conversationId: entry.conversationId ?? '', contactName: entry.contactName })
                          }
                        >
                          {entry.contactName ?? entry.conversationId}
                        </button>
                      )}
                      {entry.conversationId === null && entry.kind !== 'top-up' && (
                        <span className="muted">{t('credits.ledger.purged')}</span>
                      )}
                    </td>
                    <td>{entry.agentName ?? t('credits.ledger.hub')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="admin-actions credit-ledger-more">
              <span className="muted" role="status">
                {t('credits.ledger.count', { count: entries.length.toLocaleString(lang) })}
              </span>
              {nextCursor !== null && (
                <button type="button" disabled={loadingMore} onClick={() => void loadMore()}>
                  {t('credits.ledger.more')}
                </button>
              )}
            </div>
          </>
        )}
      </HubList>
    </section>
  );
}
