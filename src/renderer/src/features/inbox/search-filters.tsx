/**
 * Filters above the search results: channel, assigned agent (me, or an agent assigned to a
 * conversation the inbox has loaded) and a date range (whole days in the agent's time zone).
 * Each change searches again at once with the same words.
 */
import { useMemo } from 'react';
import { useInbox, useSearch, useSession } from '../../stores/store-context.js';
import { useT } from '../../common/use-t.js';

/** "2026-12-02" → local midnight of that day (or of a day later), or undefined for an empty field. */
function dayStart(value: string, laterDays = 0): number | undefined {
  if (!value) return undefined;
  const [y, m, d] = value.split('-').map(Number);
  if (!y || !m || !d) return undefined;
  return new Date(y, m - 1, d + laterDays).getTime();
}

/** The day a time falls on; for an end (exclusive: the next midnight), the day before it. */
function dayValue(at: number | undefined, isEnd = false): string {
  if (at === undefined) return '';
  const date = new Date(isEnd ? at - 1 : at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function SearchFilterBar() {
  const { t } = useT();
  const filters = useSearch((s) => s.searchFilters);
  const setFilters = useSearch((s) => s.setSearchFilters);
  const channels = useInbox((s) => s.channels);
  const rows = useInbox((s) => s.rowsByIndex);
  const me = useSession((s) => s.session?.agent ?? null);
  const agents = useMemo(() => {
    const named = new Map<string, string>();
    if (me) named.set(me.id, me.name);
    for (const row of Object.values(rows)) {
      const id = row.conversation.assigneeId;
      if (id && row.assigneeName && !named.has(id)) named.set(id, row.assigneeName);
    }
    return [...named];
  }, [rows, me]);

  return (
    <div className="search-filters" role="group" aria-label={t('search.filters')}>
      <label>
        <span>{t('search.filter.channel')}</span>
        <select
          value={filters.channelId ?? ''}
          onChange={(e) => void setFilters({ channelId: e.target.value || undefined })}
        >
          <option value="">{t('search.filter.anyChannel')}</option>
          {channels.map((channel) => (
            <option key={channel.id} value={channel.id}>
              {channel.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('search.filter.agent')}</span>
        <select
          value={filters.assigneeId ?? ''}
          onChange={(e) => void setFilters({ assigneeId: e.target.value || undefined })}
        >
          <option value="">{t('search.filter.anyAgent')}</option>
          {agents.map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('search.filter.from')}</span>
        <input
          type="date"
          value={dayValue(filters.from)}
          onChange={(e) => void setFilters({ from: dayStart(e.target.value) })}
        />
      </label>
      <label>
        <span>{t('search.filter.to')}</span>
        <input
          type="date"
          value={dayValue(filters.to, true)}
          // The whole of the last day counts: up to the next midnight.
          onChange={(e) => void setFilters({ to: dayStart(e.target.value, 1) })}
        />
      </label>
    </div>
  );
}
