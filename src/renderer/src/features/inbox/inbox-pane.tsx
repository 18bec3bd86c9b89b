import { useSearch } from '../../stores/store-context.js';
import { InboxToolbar } from './inbox-toolbar.js';
import { InboxList } from './inbox-list.js';
import { SearchResults } from './search-results.js';
import { SelectionBar } from './selection-bar.js';

export function InboxPane() {
  const searchActive = useSearch((s) => s.searchHits !== null);
  return (
    <nav className="inbox-pane">
      <InboxToolbar />
      {searchActive ? (
        <SearchResults />
      ) : (
        <>
          <SelectionBar />
          <InboxList />
        </>
      )}
    </nav>
  );
}
