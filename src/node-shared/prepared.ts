/**
 * Statement reuse for the repositories of the hub's store and of the client
 * cache. better-sqlite3 compiles the SQL on every `db.prepare()`; on the hub's
 * webhook path that was ≈13 % of its CPU (docs/benchmarks.md, "Hub ingest").
 * Each repository keeps its statements in fields made by these helpers:
 * prepared on first use (after the migrations), then reused — typed by the
 * `prepare<Params, Row>` call inside, no casts.
 */

/** `make()` runs once, on the first call; later calls return the same value. */
export function once<T>(make: () => T): () => T {
  let made: { readonly value: T } | null = null;
  return () => (made ??= { value: make() }).value;
}

/** `make(key)` runs once per distinct key (a few shapes of one dynamic query). */
export function perKey<K, T>(make: (key: K) => T): (key: K) => T {
  const made = new Map<K, T>();
  return (key) => {
    const hit = made.get(key);
    if (hit !== undefined) return hit;
    const value = make(key);
    made.set(key, value);
    return value;
  };
}
