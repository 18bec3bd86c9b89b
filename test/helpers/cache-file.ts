/**
 * Reads a client cache's SQLite file over a second, read-only connection: for tests and benches
 * that count rows no cache repository offers (the cache's own handle is private to ClientCache).
 * WAL mode lets it see everything the cache committed, while the cache stays open.
 */
import Database from 'better-sqlite3';
import { cacheFileOf } from '../../src/main/core/cache/cache-db.js';

/** Runs `read` on a read-only connection to the cache in `folder` (ClientCache.folder), then closes it. */
export function readCacheFile<T>(folder: string, read: (db: Database.Database) => T): T {
  const db = new Database(cacheFileOf(folder), { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}
