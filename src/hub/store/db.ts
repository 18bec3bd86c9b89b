/**
 * Opens the hub's SQLite database (better-sqlite3) and brings its schema up
 * to date. WAL lets readers (sync, read API) proceed while a webhook writes;
 * foreign keys are on; a busy timeout covers a second process (the CLI's
 * create-admin) touching the file at the same time.
 */
import Database from 'better-sqlite3';
import type { Migration } from './migration.js';
import * as m0001 from './migrations/0001-initial.js';
import * as m0002 from './migrations/0002-receipts-and-refunds.js';

export type SqliteDb = Database.Database;

const MIGRATIONS: readonly Migration[] = [m0001, m0002];
const BUSY_TIMEOUT_MS = 5000;

export function openDatabase(file: string): SqliteDb {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('synchronous = NORMAL');
  migrate(db);
  return db;
}

function migrate(db: SqliteDb): void {
  const current = Number(db.pragma('user_version', { simple: true }));
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}
