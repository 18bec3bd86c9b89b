/**
 * Opens the hub's SQLite database (better-sqlite3) and brings its schema up
 * to date. WAL lets readers (sync, read API) proceed while a webhook writes;
 * foreign keys are on; a busy timeout covers a second process (the CLI's
 * create-admin) touching the file at the same time. The WAL is checkpointed
 * every ≈40 MB instead of SQLite's ≈4 MB: under webhook load each checkpoint
 * ran inside a webhook's commit, and fewer, larger ones write each hot page
 * (conversation rows, indexes) once instead of many times — about a third
 * of the commit cost here.
 *
 * Before any migration the file is checked (PRAGMA quick_check): a damaged
 * page otherwise starts fine and then fails every sync that reads it. Every
 * failure to open is one line naming the file and what to do.
 */
import Database from 'better-sqlite3';
import { z } from 'zod';
import { AppError } from '../../../shared/errors.js';
import { openMigratedDatabase, type Migration } from '../../../node-shared/sqlite.js';
import { refuseStart } from '../../startup-failure.js';
import * as m0001 from './migrations/0001-initial.js';
import * as m0002 from './migrations/0002-receipts-and-refunds.js';
import * as m0003 from './migrations/0003-channels-trash-verified.js';
import * as m0004 from './migrations/0004-channel-health.js';
import * as m0005 from './migrations/0005-agent-access.js';
import * as m0006 from './migrations/0006-provider-templates.js';
import * as m0007 from './migrations/0007-canned-replies.js';
import * as m0008 from './migrations/0008-credit-settings.js';
import * as m0009 from './migrations/0009-template-category.js';
import * as m0010 from './migrations/0010-contact-profiles.js';
import * as m0011 from './migrations/0011-preview-label.js';
import * as m0012 from './migrations/0012-marked-unread.js';
import * as m0013 from './migrations/0013-activity-and-team-settings.js';
import * as m0014 from './migrations/0014-contact-avatars.js';
import * as m0015 from './migrations/0015-resolved-at.js';
import * as m0016 from './migrations/0016-routing.js';
import * as m0017 from './migrations/0017-auto-messages.js';
import * as m0019 from './migrations/0019-contact-persons.js';
import * as m0021 from './migrations/0021-work-claims.js';
import * as m0020 from './migrations/0020-shared-node-state.js';
import * as m0022 from './migrations/0022-leases.js';
import * as m0023 from './migrations/0023-node-presence.js';
import * as m0024 from './migrations/0024-agent-load.js';
import * as m0025 from './migrations/0025-stamps-per-agent.js';

export type SqliteDb = Database.Database;

const MIGRATIONS: readonly Migration[] = [
  m0001,
  m0002,
  m0003,
  m0004,
  m0005,
  m0006,
  m0007,
  m0008,
  m0009,
  m0010,
  m0011,
  m0012,
  m0013,
  m0014,
  m0015,
  m0016,
  m0017,
  m0019,
  m0020,
  m0021,
  m0022,
  m0023,
  m0024,
  m0025,
];
/** Pages (4 KB) in the WAL before a commit checkpoints it. */
const WAL_AUTOCHECKPOINT_PAGES = 10_000;
/** quick_check stops after this many problems: the first few say enough. */
const QUICK_CHECK_PROBLEMS = 3;
const QuickCheckRows = z.array(z.object({ quick_check: z.string() }));
const RESTORE =
  'restore it from a backup: stop the hub, move hub.sqlite, hub.sqlite-wal and hub.sqlite-shm aside, ' +
  'copy the backup to hub.sqlite and start again (see "Backups" in docs/hub.md)';

export function openDatabase(file: string): SqliteDb {
  try {
    const db = openMigratedDatabase(file, MIGRATIONS, {
      foreignKeys: true,
      beforeMigrations: (opened) => {
        assertIntact(opened, file);
        assertNotNewer(opened, file);
      },
    });
    db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
    return db;
  } catch (error) {
    throw openFailure(error, file);
  }
}

/**
 * quick_check reads every page once and checks each b-tree's structure (O(N): about 0.2 s for 160 MB on the
 * development machine, warm cache); unlike integrity_check it skips matching every index against its table.
 */
export function assertIntact(db: SqliteDb, file: string): void {
  const problems = QuickCheckRows.parse(db.pragma(`quick_check(${QUICK_CHECK_PROBLEMS})`)).map((r) => r.quick_check);
  if (problems.length === 1 && problems[0] === 'ok') return;
  throw damaged(file, `quick_check: ${problems.join('; ')}`);
}

/**
 * Migrations only go forward: a database a newer hub has migrated (an upgrade rolled back by reinstalling the
 * older version) has tables this hub does not know, so it refuses to start instead of running on them.
 */
function assertNotNewer(db: SqliteDb, file: string): void {
  const found = Number(db.pragma('user_version', { simple: true }));
  const known = Math.max(...MIGRATIONS.map((m) => m.version));
  if (found <= known) return;
  throw refuseStart(
    `the database ${file} was migrated by a newer hub (schema ${found}; this hub knows up to ${known})`,
    'run that newer hub version again, or restore a backup taken before the upgrade (see "Upgrades" in docs/hub.md)',
  );
}

function damaged(file: string, detail: string): AppError {
  return refuseStart(`the database ${file} is damaged (${detail.slice(0, 300)})`, RESTORE);
}

/** The one-line refusal for an error opening `file`; errors that are already refusals pass through. */
function openFailure(error: unknown, file: string): unknown {
  if (!(error instanceof Database.SqliteError)) return error;
  const code = error.code;
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return damaged(file, error.message);
  if (code.startsWith('SQLITE_CANTOPEN')) {
    return refuseStart(
      `cannot open the database ${file} (${code})`,
      'its folder must exist and be writable by the user running the hub (--data-dir or SWITCHBOARD_DATA_DIR)',
    );
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return refuseStart(
      `the database ${file} is read-only (${code})`,
      'give the user running the hub write access to it, to hub.sqlite-wal and -shm next to it, and to its folder',
    );
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return refuseStart(
      `the database ${file} is locked by another process`,
      'if another hub runs on this data folder, stop it or give this one its own --data-dir',
    );
  }
  if (code === 'SQLITE_FULL') {
    return refuseStart(`cannot write the database ${file}: the disk is full`, 'free some space and start again');
  }
  return refuseStart(
    `cannot open the database ${file} (${code}: ${error.message})`,
    `check the disk; if the file is damaged, ${RESTORE}`,
  );
}
