/**
 * `npm run hub -- backup --to <file>`: a consistent copy of hub.sqlite,
 * safe while the hub runs. VACUUM INTO writes the copy inside one read
 * transaction, which in WAL mode sees one committed state without blocking
 * the hub's writer. SQLite's online backup API (better-sqlite3's
 * `db.backup()`) restarts whenever another connection writes the source, so
 * under steady webhook traffic it might never finish. The copy is checked
 * (quick_check) before the command reports success, made readable by its
 * owner only (it holds password hashes and sealed credentials), and a file
 * that exists is never overwritten. The secret key and blobs/ are not
 * copied: see docs/hub.md, "Backups", for why and how.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { refuseSetting, refuseStart } from '../../startup-failure.js';
import { LOG_ROTATE_KEY } from './events.js';

const DATABASE_FILE = 'hub.sqlite';
const BUSY_TIMEOUT_MS = 5000;
const QuickCheck = z.string();

export interface BackupResult {
  readonly source: string;
  readonly target: string;
  readonly bytes: number;
}

export function backupDatabase(dataDir: string, target: string): BackupResult {
  const source = path.join(dataDir, DATABASE_FILE);
  const to = path.resolve(target);
  if (fs.existsSync(to)) {
    throw refuseSetting(
      `the backup target ${to} exists already`,
      'a backup never overwrites a file: choose a new name',
    );
  }
  if (!fs.existsSync(source)) {
    throw refuseSetting(
      `there is no database at ${source}`,
      'point --data-dir (or SWITCHBOARD_DATA_DIR) at the data folder the hub runs with',
    );
  }
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.prepare('VACUUM INTO ?').run(to);
  } catch (error) {
    throw copyFailure(error, source, to);
  } finally {
    db.close();
  }
  fs.chmodSync(to, 0o600);
  markAsRestorable(to);
  checkCopy(source, to);
  return { source, target: to, bytes: fs.statSync(to).size };
}

/**
 * A hub started on this copy (a restore) begins a new log identity (store/events.ts): clients that
 * synced past the backup's seqs rebuild, instead of taking re-issued seqs for events they applied.
 */
function markAsRestorable(copy: string): void {
  const db = new Database(copy, { fileMustExist: true });
  try {
    db.prepare(`INSERT INTO hub_meta (key, value) VALUES (?, '1') ON CONFLICT (key) DO UPDATE SET value = '1'`).run(
      LOG_ROTATE_KEY,
    );
  } finally {
    db.close();
  }
}

function checkCopy(source: string, copy: string): void {
  const db = new Database(copy, { readonly: true, fileMustExist: true });
  let result: string;
  try {
    result = QuickCheck.parse(db.pragma('quick_check', { simple: true }));
  } finally {
    db.close();
  }
  if (result === 'ok') return;
  fs.rmSync(copy, { force: true });
  throw refuseStart(
    `the copy of ${source} fails quick_check (${result}), so it was deleted`,
    'the database itself is likely damaged: keep the last good backup (see "Backups" in docs/hub.md)',
  );
}

function copyFailure(error: unknown, source: string, target: string): unknown {
  if (!(error instanceof Database.SqliteError)) return error;
  // A failed copy is half-written at most: never leave it where a restore would find it. A file someone else
  // created meanwhile ("output file already exists") is theirs.
  if (!/already exists/.test(error.message)) fs.rmSync(target, { force: true });
  if (error.code.startsWith('SQLITE_CORRUPT') || error.code === 'SQLITE_NOTADB') {
    return refuseStart(
      `the database ${source} is damaged (${error.message}), so no backup was written`,
      'keep the last good backup and restore from it (see "Backups" in docs/hub.md)',
    );
  }
  if (error.code.startsWith('SQLITE_CANTOPEN') || error.code.startsWith('SQLITE_READONLY')) {
    return refuseSetting(`cannot create the backup ${target} (${error.code})`, 'its folder must exist and be writable');
  }
  return refuseStart(`backing up ${source} to ${target} failed (${error.code}: ${error.message})`, 'check both disks');
}
