/**
 * A list the hub gives a page at a time (`nextCursor` to go on, null at the
 * end): the first page read whenever `read` changes (a new search or filter —
 * make it with useCallback) or `version` is bumped, and "Load more" appending
 * the next page. An answer that comes after the question changed is dropped,
 * so a slow page never replaces the newer one.
 */
import { useEffect, useState } from 'react';
import { failureOf, type Failure } from './call-failure.js';

export interface HubPage<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

export function useHubPages<T>(read: (cursor: string | null) => Promise<HubPage<T>>, version = 0) {
  const [items, setItems] = useState<readonly T[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);

  useEffect(() => {
    let current = true;
    read(null).then(
      (page) => {
        if (!current) return;
        setFailure(null);
        setItems(page.items);
        setNextCursor(page.nextCursor);
      },
      (error: unknown) => current && setFailure(failureOf(error)),
    );
    return () => {
      current = false;
    };
  }, [read, version]);

  async function loadMore() {
    if (nextCursor === null) return;
    setLoadingMore(true);
    try {
      const page = await read(nextCursor);
      setItems((shown) => [...(shown ?? []), ...page.items]);
      setNextCursor(page.nextCursor);
    } catch (error) {
      setFailure(failureOf(error));
    } finally {
      setLoadingMore(false);
    }
  }

  return { items, setItems, nextCursor, loadingMore, loadMore, failure, setFailure };
}
