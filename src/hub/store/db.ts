/**
 * Opens the hub's SQLite database (better-sqlite3) and brings its schema up
 * to date. WAL lets readers (sync, read API) proceed while a webhook writes;
 * foreign keys are on; a busy timeout covers a second process (the CLI's
 * create-admin) touching the file at the same time. The WAL is checkpointed
 * every ≈40 MB instead of SQLite's ≈4 MB: under webhook load each checkpoint
 * ran inside a webhook's commit, and fewer, larger ones write each hot page
 * (conversation rows, indexes) once instead of many times — about a third
 * of the commit cost here.
 */
import type Database from 'better-sqlite3';
import { openMigratedDatabase, type Migration } from '../../node-shared/sqlite.js';
import * as m0001 from './migrations/0001-initial.js';
import * as m0002 from './migrations/0002-receipts-and-refunds.js';

export type SqliteDb = Database.Database;

const MIGRATIONS: readonly Migration[] = [m0001, m0002];
/** Pages (4 KB) in the WAL before a commit checkpoints it. */
const WAL_AUTOCHECKPOINT_PAGES = 10_000;

export function openDatabase(file: string): SqliteDb {
  const db = openMigratedDatabase(file, MIGRATIONS, { foreignKeys: true });
  db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  return db;
}
