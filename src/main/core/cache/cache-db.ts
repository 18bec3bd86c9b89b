/**
 * The offline cache: one SQLite file per hub account (hub URL + agent), in
 * WAL mode, brought up to date by numbered migrations. It owns the file and
 * its schema; it never talks to the network and never imports electron.
 */
import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openMigratedDatabase, type Migration } from '../../../node-shared/sqlite.js';
import * as m0001 from './migrations/0001-initial.js';
import * as m0002 from './migrations/0002-inbox-indexes.js';
import * as m0003 from './migrations/0003-snooze-and-preferences.js';
import * as m0004 from './migrations/0004-unread-total-index.js';
import * as m0005 from './migrations/0005-inbox-counts-and-labels.js';
import * as m0006 from './migrations/0006-unread-table.js';
import * as m0007 from './migrations/0007-log-id.js';
import * as m0008 from './migrations/0008-canned-replies.js';
import * as m0010 from './migrations/0010-message-dismissals.js';
import * as m0011 from './migrations/0011-waiting-since.js';
import * as m0013 from './migrations/0013-activity.js';
import * as m0015 from './migrations/0015-queues.js';
import * as m0017 from './migrations/0017-contact-search.js';

export type CacheDb = Database.Database;

const MIGRATIONS: readonly Migration[] = [
  m0001,
  m0002,
  m0003,
  m0004,
  m0005,
  m0006,
  m0007,
  m0008,
  m0010,
  m0011,
  m0013,
  m0015,
  m0017,
];
const ACCOUNT_HASH_LENGTH = 24;

/** The folder of one hub account: `<dataDir>/<hash of hub URL and agent id>`. */
export function accountFolder(dataDir: string, hubUrl: string, agentId: string): string {
  const normalized = new URL(hubUrl).origin.toLowerCase();
  const hash = createHash('sha256').update(`${normalized}\n${agentId}`).digest('hex');
  return join(dataDir, hash.slice(0, ACCOUNT_HASH_LENGTH));
}

/** The SQLite file of an account's cache inside its folder. */
export function cacheFileOf(folder: string): string {
  return join(folder, 'cache.sqlite');
}

export function openCacheDb(folder: string): CacheDb {
  mkdirSync(folder, { recursive: true });
  return openMigratedDatabase(cacheFileOf(folder), MIGRATIONS, { foreignKeys: false });
}
