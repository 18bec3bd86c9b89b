/** Views (mine / unassigned / all), filters (channel, status, label) and the search box. */
import { useEffect, useRef, useState } from 'react';
import { InboxView } from '../../../../shared/api.js';
import { ConversationStatus } from '../../../../shared/domain.js';
import { useInbox, useSearch, useUi } from '../../stores/store-context.js';
import { useT } from '../../common/use-t.js';

/** Searching on every keystroke would query the index for half-typed words; wait for a pause. */
const SEARCH_DELAY_MS = 250;
const LABEL_DELAY_MS = 400;

function SearchBox() {
  const { t } = useT();
  const runSearch = useSearch((s) => s.runSearch);
  const clearSearch = useSearch((s) => s.clearSearch);
  const focusRequest = useUi((s) => s.searchFocusRequest);
  const [text, setText] = useState('');
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (focusRequest > 0) input.current?.focus();
  }, [focusRequest]);

  useEffect(() => {
    if (!text.trim()) {
      clearSearch();
      return;
    }
    const timer = setTimeout(() => void runSearch(text), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, runSearch, clearSearch]);

  return (
    <input
      ref={input}
      type="search"
      className="search-box"
      aria-label={t('search.label')}
      placeholder={t('search.placeholder')}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          setText('');
          e.currentTarget.blur();
        }
      }}
    />
  );
}

function LabelFilter() {
  const { t } = useT();
  const label = useInbox((s) => s.filters.label);
  const setFilters = useInbox((s) => s.setFilters);
  const [text, setText] = useState(label ?? '');
  useEffect(() => {
    const wanted = text.trim() || null;
    if (wanted === label) return;
    const timer = setTimeout(() => void setFilters({ label: wanted }), LABEL_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, label, setFilters]);
  return (
    <input
      type="text"
      className="label-filter"
      aria-label={t('inbox.filter.label')}
      placeholder={t('inbox.filter.label')}
      value={text}
      maxLength={50}
      onChange={(e) => setText(e.target.value)}
    />
  );
}

export function InboxToolbar() {
  const { t } = useT();
  const filters = useInbox((s) => s.filters);
  const channels = useInbox((s) => s.channels);
  const total = useInbox((s) => s.total);
  const setFilters = useInbox((s) => s.setFilters);
  return (
    <div className="inbox-toolbar">
      <SearchBox />
      <div className="view-tabs" role="tablist" aria-label={t('inbox.views')}>
        {InboxView.options.map((view) => (
          <button
            key={view}
            type="button"
            role="tab"
            aria-selected={filters.view === view}
            className={filters.view === view ? 'active' : ''}
            onClick={() => void setFilters({ view })}
          >
            {t(`inbox.view.${view}`)}
          </button>
        ))}
      </div>
      <div className="filters">
        <select
          aria-label={t('inbox.filter.channel')}
          value={filters.channelId ?? ''}
          onChange={(e) => void setFilters({ channelId: e.target.value || null })}
        >
          <option value="">{t('inbox.filter.anyChannel')}</option>
          {channels.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        <select
          aria-label={t('inbox.filter.status')}
          value={filters.status ?? ''}
          onChange={(e) => {
            const parsed = ConversationStatus.safeParse(e.target.value);
            void setFilters({ status: parsed.success ? parsed.data : null });
          }}
        >
          <option value="">{t('inbox.filter.any')}</option>
          {ConversationStatus.options.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
        <LabelFilter />
      </div>
      <p className="inbox-count">{t('inbox.count', { count: total.toLocaleString() })}</p>
    </div>
  );
}
