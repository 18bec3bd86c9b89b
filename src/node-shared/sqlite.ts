/**
 * Opening a SQLite file the way both the hub store and the client cache want
 * it: WAL (readers proceed while one writer commits), a busy timeout for a
 * second process on the same file, synchronous=NORMAL (WAL + NORMAL survives
 * a killed process; only a power loss may drop the last commits), and the
 * schema brought up to date by numbered migrations run once each, in order,
 * each in its own transaction, tracked by PRAGMA user_version. A caller
 * may check the file first (`beforeMigrations`): a migration must not
 * write into a damaged database. Deleted content is overwritten where that
 * is free (secure_delete FAST), and everywhere on request (scrubbingDeletes).
 */
import Database from 'better-sqlite3';

/** What a migration may use: plain SQL, nothing driver-specific. */
export interface MigrationDb {
  exec(sql: string): void;
}

export interface Migration {
  readonly version: number;
  up(db: MigrationDb): void;
}

const BUSY_TIMEOUT_MS = 5000;

export function openMigratedDatabase(
  file: string,
  migrations: readonly Migration[],
  options: { readonly foreignKeys: boolean; readonly beforeMigrations?: (db: Database.Database) => void },
): Database.Database {
  const db = new Database(file);
  try {
    // First, so that even switching to WAL waits for another process holding the file (the hub's CLI commands).
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    if (options.foreignKeys) db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    // Space freed inside a page (a deleted row, a row moved by a split) is zeroed when that costs no extra
    // write; otherwise old copies of rows stay readable in the file. A purge asks for more (scrubbingDeletes).
    db.pragma('secure_delete = FAST');
    options.beforeMigrations?.(db);
    migrate(db, migrations);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

function migrate(db: Database.Database, migrations: readonly Migration[]): void {
  const current = Number(db.pragma('user_version', { simple: true }));
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}

/**
 * Runs `work` with SQLite overwriting everything it deletes, whole freed pages included (secure_delete
 * ON), then restores the setting. For removals whose bytes must not stay in the file (a purged contact);
 * works inside a transaction too. Old WAL frames keep their copies until the caller checkpoints.
 */
export function scrubbingDeletes<T>(db: Database.Database, work: () => T): T {
  const before = Number(db.pragma('secure_delete', { simple: true }));
  db.pragma('secure_delete = ON');
  try {
    return work();
  } finally {
    db.pragma(`secure_delete = ${before === 1 ? 'ON' : before === 2 ? 'FAST' : 'OFF'}`);
  }
}
