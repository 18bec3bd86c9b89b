/**
 * Opens the hub's SQLite database (better-sqlite3) and brings its schema up
 * to date. WAL lets readers (sync, read API) proceed while a webhook writes;
 * foreign keys are on; a busy timeout covers a second process (the CLI's
 * create-admin) touching the file at the same time.
 */
import type Database from 'better-sqlite3';
import { openMigratedDatabase, type Migration } from '../../node-shared/sqlite.js';
import * as m0001 from './migrations/0001-initial.js';
import * as m0002 from './migrations/0002-receipts-and-refunds.js';

export type SqliteDb = Database.Database;

const MIGRATIONS: readonly Migration[] = [m0001, m0002];

export function openDatabase(file: string): SqliteDb {
  return openMigratedDatabase(file, MIGRATIONS, { foreignKeys: true });
}
