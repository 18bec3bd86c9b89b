/**
 * Offline full-text search results, grouped by conversation with a count ("12 matches in 3
 * conversations"): each group shows its best hit and opens to show all of them. Choosing a hit
 * jumps to the message with the match highlighted. The filters sit above (search-filters.tsx).
 */
import { useState } from 'react';
import { displayNameOfString } from '../../../../shared/contact-name.js';
import { describeError } from '../../../../shared/errors.js';
import type { SearchHit } from '../../../../shared/api.js';
import { useSearch } from '../../stores/store-context.js';
import { groupSearchHits, type SearchGroup } from '../../stores/search-slice.js';
import { ChannelIcon } from '../../common/channel-icon.js';
import { SnippetText } from '../../common/highlighted-text.js';
import { useNow } from '../../common/use-now.js';
import { useT } from '../../common/use-t.js';
import { formatTime } from '../../i18n/translate.js';
import { SearchFilterBar } from './search-filters.js';
import './search-results.css';

function HitButton({ hit, showContact }: { hit: SearchHit; showContact: boolean }) {
  const { lang } = useT();
  const openSearchHit = useSearch((s) => s.openSearchHit);
  const now = useNow();
  return (
    <button type="button" className="search-hit" onClick={() => openSearchHit(hit)}>
      {showContact && <ChannelIcon kind={hit.channelKind} size={22} />}
      <span className="search-hit-main">
        <span className="search-hit-top">
          {showContact && (
            <span className="search-hit-contact">{displayNameOfString(hit.contactName, hit.channelKind, lang)}</span>
          )}
          <time>{formatTime(lang, hit.at, now)}</time>
        </span>
        <span className="search-hit-snippet">
          <SnippetText snippet={hit.snippet} />
        </span>
      </span>
    </button>
  );
}

function Group({ group }: { group: SearchGroup }) {
  const { t } = useT();
  const [open, setOpen] = useState(false);
  const [first, ...rest] = group.hits;
  if (!first) return null;
  const count = group.hits.length;
  return (
    <li className="search-group">
      <HitButton hit={first} showContact />
      {count > 1 && (
        <button
          type="button"
          className="search-group-toggle"
          aria-expanded={open}
          aria-label={t(open ? 'search.group.hide' : 'search.group.show', { count, name: first.contactName })}
          onClick={() => setOpen(!open)}
        >
          <span aria-hidden="true">{open ? '▾' : '▸'} </span>
          {t('search.group.count', { count })}
        </button>
      )}
      {open && (
        <ul className="search-group-hits">
          {rest.map((hit) => (
            <li key={`${hit.messageId ?? ''}:${hit.snippet}`}>
              <HitButton hit={hit} showContact={false} />
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function summaryOf(t: ReturnType<typeof useT>['t'], matches: number, conversations: number): string {
  if (conversations === 1) return matches === 1 ? t('search.summarySingle') : t('search.summaryOne', { matches });
  return t('search.summary', { matches, conversations });
}

export function SearchResults() {
  const { t, lang } = useT();
  const hits = useSearch((s) => s.searchHits);
  const query = useSearch((s) => s.searchQuery);
  const searching = useSearch((s) => s.searching);
  const errorCode = useSearch((s) => s.searchErrorCode);
  if (!hits) return null;
  const groups = groupSearchHits(hits);
  let body;
  if (errorCode) body = <p className="form-error">{describeError(errorCode, lang)}</p>;
  else if (hits.length === 0 && !searching) body = <p className="empty-state">{t('search.noResults', { query })}</p>;
  else {
    body = (
      <>
        <p className="search-summary" role="status">
          {summaryOf(t, hits.length, groups.length)}
        </p>
        <ul className="search-results" aria-label={t('search.results')} aria-busy={searching}>
          {groups.map((group) => (
            <Group key={group.conversationId} group={group} />
          ))}
        </ul>
      </>
    );
  }
  return (
    <div className="search-pane">
      <SearchFilterBar />
      {body}
    </div>
  );
}
