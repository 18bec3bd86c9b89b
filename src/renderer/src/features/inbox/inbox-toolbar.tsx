/**
 * Views (mine / unassigned / all / snoozed / resolved), filters (channel, status, label), the sort
 * (last activity or longest waiting), unread only, mark all read, and the search box. The view tabs
 * are one stop in the tab order (←/→ move between them), so Tab goes on to the list.
 */
import { useEffect, useRef, useState } from 'react';
import { InboxSort, InboxView } from '../../../../shared/api.js';
import { ConversationStatus } from '../../../../shared/domain.js';
import { useInbox, useSearch, useUi } from '../../stores/store-context.js';
import { useT } from '../../common/use-t.js';
import { QueueSummary } from './queue-summary.js';
import { NewConversationButton } from '../new-conversation/new-conversation-dialog.js';

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

/** A tablist is one stop in the tab order: the chosen tab; ←/→ (Home/End) move and choose. */
function ViewTabs() {
  const { t } = useT();
  const view = useInbox((s) => s.filters.view);
  const setFilters = useInbox((s) => s.setFilters);
  const tabs = useRef<HTMLDivElement>(null);
  const views = InboxView.options;
  function choose(next: InboxView) {
    void setFilters({ view: next });
    tabs.current?.querySelector<HTMLElement>(`[data-view="${next}"]`)?.focus();
  }
  return (
    <div
      ref={tabs}
      className="view-tabs"
      role="tablist"
      aria-label={t('inbox.views')}
      onKeyDown={(e) => {
        const at = views.indexOf(view);
        const to =
          e.key === 'ArrowRight'
            ? at + 1
            : e.key === 'ArrowLeft'
              ? at - 1
              : e.key === 'Home'
                ? 0
                : e.key === 'End'
                  ? views.length - 1
                  : null;
        if (to === null) return;
        e.preventDefault();
        const next = views[(to + views.length) % views.length];
        if (next) choose(next);
      }}
    >
      {views.map((v) => (
        <button
          key={v}
          type="button"
          role="tab"
          data-view={v}
          tabIndex={view === v ? 0 : -1}
          aria-selected={view === v}
          className={view === v ? 'active' : ''}
          onClick={() => void setFilters({ view: v })}
        >
          {t(`inbox.view.${v}`)}
        </button>
      ))}
    </div>
  );
}

/** Sort, unread only and mark all read: one line under the filters. */
function TriageControls() {
  const { t } = useT();
  const sort = useInbox((s) => s.filters.sort);
  const unreadOnly = useInbox((s) => s.filters.unreadOnly);
  const setFilters = useInbox((s) => s.setFilters);
  const markAllRead = useInbox((s) => s.markAllRead);
  const [marked, setMarked] = useState<number | null>(null);
  return (
    <div className="triage-controls">
      <select
        aria-label={t('triage.sort')}
        value={sort}
        onChange={(e) => {
          const parsed = InboxSort.safeParse(e.target.value);
          if (parsed.success) void setFilters({ sort: parsed.data });
        }}
      >
        {InboxSort.options.map((option) => (
          <option key={option} value={option}>
            {t(`triage.sort.${option}`)}
          </option>
        ))}
      </select>
      <label className="unread-toggle">
        <input
          type="checkbox"
          checked={unreadOnly}
          onChange={(e) => void setFilters({ unreadOnly: e.target.checked })}
        />
        {t('triage.unreadOnly')}
      </label>
      <button type="button" onClick={() => void markAllRead().then(setMarked)}>
        {t('triage.markAllRead')}
      </button>
      {marked !== null && (
        <span className="sr-only" role="status">
          {t('triage.markedAllRead', { count: marked })}
        </span>
      )}
    </div>
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
      <NewConversationButton />
      <SearchBox />
      <ViewTabs />
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
      <TriageControls />
      <p className="inbox-count">{t('inbox.count', { count: total.toLocaleString() })}</p>
      <QueueSummary />
    </div>
  );
}
