/** Offline full-text search results; choosing one jumps to the message with the match highlighted. */
import { describeError } from '../../../../shared/errors.js';
import { useSearch } from '../../stores/store-context.js';
import { ChannelIcon } from '../../common/channel-icon.js';
import { SnippetText } from '../../common/highlighted-text.js';
import { useNow } from '../../common/use-now.js';
import { useT } from '../../common/use-t.js';
import { formatTime } from '../../i18n/translate.js';

export function SearchResults() {
  const { t, lang } = useT();
  const hits = useSearch((s) => s.searchHits);
  const query = useSearch((s) => s.searchQuery);
  const searching = useSearch((s) => s.searching);
  const errorCode = useSearch((s) => s.searchErrorCode);
  const openSearchHit = useSearch((s) => s.openSearchHit);
  const now = useNow();
  if (!hits) return null;
  if (errorCode) return <p className="form-error">{describeError(errorCode, lang)}</p>;
  if (hits.length === 0 && !searching) return <p className="empty-state">{t('search.noResults', { query })}</p>;
  return (
    <ul className="search-results" aria-label={t('search.results')} aria-busy={searching}>
      {hits.map((hit) => (
        <li key={`${hit.conversationId}:${hit.messageId ?? ''}`}>
          <button type="button" className="search-hit" onClick={() => openSearchHit(hit)}>
            <ChannelIcon kind={hit.channelKind} size={22} />
            <span className="search-hit-main">
              <span className="search-hit-top">
                <span className="search-hit-contact">{hit.contactName}</span>
                <time>{formatTime(lang, hit.at, now)}</time>
              </span>
              <span className="search-hit-snippet">
                <SnippetText snippet={hit.snippet} />
              </span>
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
