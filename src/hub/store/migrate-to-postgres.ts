/**
 * `npm run hub -- migrate-to-postgres --database postgres://…`: copies an SQLite hub (<dataDir>/hub.sqlite)
 * into an empty, migrated PostgreSQL database (docs/scaling.md, "Moving an existing hub to Postgres").
 *
 * - The SQLite file is opened as the hub opens it (checked, migrated), then locked exclusively for the whole
 *   copy (locking_mode EXCLUSIVE + BEGIN EXCLUSIVE): a hub still running on it holds the file open, so the
 *   lock is refused and so is the migration; a hub started during the copy cannot open the file.
 * - The target must be empty: no row in any hub table, the event counter at 0.
 * - Rows go table by table in foreign-key order, in batches, in ONE Postgres transaction: a failure (or a
 *   mismatch found by the checks) rolls it all back. The schemas are column for column the same
 *   (postgres/migrations/0001-initial.ts), so a row is copied as is; SQLite's implicit rowid goes into the
 *   Postgres `rowid` identity column where there is one (message_provider_ids).
 * - Then every identity sequence is set past the copied ids, and event_counter to SQLite's last handed-out
 *   event seq (sqlite_sequence, which compaction never lowers), so the next event continues the log. hub_meta
 *   (log id, event floor) is a table like the others: clients keep their cursors.
 * - Checks before COMMIT: row counts per table, and a sample of rows per table read by primary key on both
 *   sides and compared column by column.
 * - Media files: copied from the SQLite hub's blob folder into Postgres (before the rows; storing a blob twice
 *   stores it once, so a retry is harmless) unless the Postgres hub keeps them in a folder (SWITCHBOARD_BLOB_DIR),
 *   in which case the report says which folder to share.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import type pg from 'pg';
import { AppError } from '../../shared/errors.js';
import { refuseStart } from '../startup-failure.js';
import { openPostgres, redactUrl, type PgDb } from './postgres/db.js';
import { PostgresBlobStore } from './postgres/blobs.js';
import { openDatabase, type SqliteDb } from './sqlite/db.js';

export interface MigrateToPostgresOptions {
  /** The SQLite hub's data folder (hub.sqlite inside). */
  readonly dataDir: string;
  readonly databaseUrl: string;
  /** Where the SQLite hub keeps its media files (<dataDir>/blobs). */
  readonly sourceBlobDir?: string;
  /** The folder the Postgres hub will keep media in (SWITCHBOARD_BLOB_DIR); unset = in Postgres, copied there. */
  readonly targetBlobDir?: string;
  /** Rows per INSERT (500, fewer for wide tables). */
  readonly batchRows?: number;
  /** Rows per table compared column by column (50). */
  readonly sampleRows?: number;
  /** Progress lines (the CLI writes them to stderr). */
  readonly progress?: (line: string) => void;
}

export interface TableCopy {
  readonly table: string;
  readonly rows: number;
  readonly sampled: number;
}

export interface MigrationReport {
  readonly source: string;
  readonly target: string;
  readonly tables: readonly TableCopy[];
  readonly rows: number;
  /** The seq the next event follows. */
  readonly lastEventSeq: number;
  readonly blobs:
    | { readonly where: 'postgres'; readonly files: number; readonly bytes: number }
    | { readonly where: 'folder'; readonly folder: string; readonly sourceFolder: string };
  readonly elapsedMs: number;
}

/** Postgres tables that are not hub data copied from SQLite (migrations, the counter, media in the database). */
const POSTGRES_ONLY = new Set(['schema_migrations', 'event_counter', 'blobs', 'blob_chunks', 'blob_uploads']);
const DEFAULT_BATCH_ROWS = 500;
const DEFAULT_SAMPLE_ROWS = 50;
/** Postgres accepts at most 65535 parameters per statement. */
const MAX_PARAMS = 60_000;
const PROGRESS_EVERY_ROWS = 20_000;

interface TablePlan {
  readonly name: string;
  /** Columns in SQLite's order; the Postgres `rowid` column, when present, is filled from SQLite's rowid. */
  readonly columns: readonly string[];
  readonly copiesRowid: boolean;
  readonly primaryKey: readonly string[];
}

const q = (identifier: string): string => `"${identifier.replace(/"/g, '""')}"`;

export async function migrateToPostgres(options: MigrateToPostgresOptions): Promise<MigrationReport> {
  const started = Date.now();
  const progress = options.progress ?? (() => undefined);
  const file = path.join(options.dataDir, 'hub.sqlite');
  if (!fs.existsSync(file)) {
    throw refuseStart(`there is no SQLite hub at ${file}`, 'give the data folder of the hub to move with --data-dir');
  }
  const target = redactUrl(options.databaseUrl);
  const sqlite = openDatabase(file);
  try {
    lockExclusively(sqlite, file);
    const pgDb = await openPostgres({ url: options.databaseUrl, poolSize: 2, applicationName: 'switchboard-migrate' });
    try {
      const plans = await planTables(sqlite, pgDb);
      await assertEmpty(pgDb, target);
      const blobs = await copyBlobs(options, progress);
      const client = await pgDb.pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('SET LOCAL statement_timeout = 0');
        const copies: TableCopy[] = [];
        let lastEventSeq = 0;
        try {
          // Rows kept by triggers (agent_load, migration 0007) come across as SQLite holds them: the triggers
          // would count them a second time while the conversations are copied.
          for (const plan of plans) await client.query(`ALTER TABLE ${q(plan.name)} DISABLE TRIGGER USER`);
          for (const plan of plans) await copyTable(sqlite, client, plan, options.batchRows, progress);
          for (const plan of plans) await client.query(`ALTER TABLE ${q(plan.name)} ENABLE TRIGGER USER`);
          lastEventSeq = await continueSequences(sqlite, client);
          for (const plan of plans) copies.push(await verifyTable(sqlite, client, plan, options.sampleRows, progress));
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
        const rows = copies.reduce((sum, c) => sum + c.rows, 0);
        return { source: file, target, tables: copies, rows, lastEventSeq, blobs, elapsedMs: Date.now() - started };
      } finally {
        client.release();
      }
    } finally {
      await pgDb.close();
    }
  } finally {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    sqlite.close();
  }
}

/** Holds the file for the whole copy; refused while another process (a running hub) has it open. */
function lockExclusively(sqlite: SqliteDb, file: string): void {
  sqlite.pragma('locking_mode = EXCLUSIVE');
  try {
    sqlite.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    if (error instanceof Database.SqliteError && /^SQLITE_(BUSY|LOCKED)/.test(error.code)) {
      throw refuseStart(
        `another process has ${file} open (a hub still running on it?)`,
        'stop the hub (and any backup or create-admin on that data folder), then run migrate-to-postgres again',
      );
    }
    throw error;
  }
}

async function planTables(sqlite: SqliteDb, pgDb: PgDb): Promise<TablePlan[]> {
  const sqliteTables = sqlite
    .prepare<[], { name: string }>(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name`,
    )
    .all()
    .map((r) => r.name);
  const pgColumns = await pgDb.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
  );
  const columnsOf = new Map<string, string[]>();
  for (const c of pgColumns) columnsOf.set(c.table_name, [...(columnsOf.get(c.table_name) ?? []), c.column_name]);
  const pgReferences = await pgDb.query<{ child: string; parent: string }>(
    `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
       FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE c.contype = 'f' AND n.nspname = current_schema()`,
  );
  const plans = new Map<string, TablePlan>();
  const parents = new Map<string, Set<string>>();
  const mismatch = (what: string) =>
    refuseStart(
      `the Postgres schema does not match this hub's SQLite schema (${what})`,
      'run migrate-to-postgres from the same hub version that ran on the SQLite file',
    );
  for (const name of sqliteTables) {
    const info = sqlite
      .prepare<[string], { name: string; pk: number }>(`SELECT name, pk FROM pragma_table_info(?)`)
      .all(name);
    const pgCols = columnsOf.get(name);
    if (!pgCols) throw mismatch(`table ${name} is missing in Postgres`);
    const columns = info.map((c) => c.name);
    const missing = columns.filter((c) => !pgCols.includes(c));
    if (missing.length > 0) throw mismatch(`${name}.${missing.join(', ')} missing in Postgres`);
    const extra = pgCols.filter((c) => !columns.includes(c) && c !== 'rowid');
    if (extra.length > 0) throw mismatch(`${name}.${extra.join(', ')} only in Postgres`);
    const primaryKey = info
      .filter((c) => c.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => c.name);
    plans.set(name, { name, columns, copiesRowid: pgCols.includes('rowid'), primaryKey });
    const refs = sqlite
      .prepare<[string], { table: string }>(`SELECT "table" FROM pragma_foreign_key_list(?)`)
      .all(name)
      .map((r) => r.table);
    parents.set(name, new Set(refs.filter((t) => t !== name)));
  }
  for (const ref of pgReferences) {
    if (ref.child !== ref.parent && plans.has(ref.child) && plans.has(ref.parent))
      parents.get(ref.child)?.add(ref.parent);
  }
  for (const table of columnsOf.keys()) {
    if (!plans.has(table) && !POSTGRES_ONLY.has(table)) throw mismatch(`table ${table} is only in Postgres`);
  }
  // Parents before children (foreign keys are checked per statement).
  const ordered: TablePlan[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const place = (name: string): void => {
    if (placed.has(name)) return;
    if (visiting.has(name)) throw mismatch(`foreign keys form a cycle through ${name}`);
    visiting.add(name);
    for (const parent of parents.get(name) ?? []) if (plans.has(parent)) place(parent);
    visiting.delete(name);
    placed.add(name);
    ordered.push(plans.get(name) as TablePlan);
  };
  for (const name of plans.keys()) place(name);
  return ordered;
}

async function assertEmpty(pgDb: PgDb, target: string): Promise<void> {
  const tables = await pgDb.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
  );
  const filled: string[] = [];
  for (const { table_name: table } of tables) {
    if (POSTGRES_ONLY.has(table)) continue;
    const row = await pgDb.one<{ n: number }>(
      `SELECT count(*)::bigint AS n FROM (SELECT 1 FROM ${q(table)} LIMIT 1) t`,
    );
    if ((row?.n ?? 0) > 0) filled.push(table);
  }
  const counter = await pgDb.one<{ seq: number }>(`SELECT seq FROM event_counter WHERE id = 1`);
  if ((counter?.seq ?? 0) > 0) filled.push('event_counter');
  if (filled.length > 0) {
    throw refuseStart(
      `the database ${target} is not empty (rows in ${filled.sort().join(', ')})`,
      'give migrate-to-postgres a new, empty database (createdb …); it never merges into a hub that has data',
    );
  }
}

async function copyTable(
  sqlite: SqliteDb,
  client: pg.PoolClient,
  plan: TablePlan,
  batchRows: number | undefined,
  progress: (line: string) => void,
): Promise<void> {
  const columns = plan.copiesRowid ? [...plan.columns, 'rowid'] : [...plan.columns];
  const select = `SELECT ${plan.columns.map(q).join(', ')}${plan.copiesRowid ? ', rowid AS "rowid"' : ''} FROM ${q(plan.name)}`;
  const total = (sqlite.prepare(`SELECT count(*) AS n FROM ${q(plan.name)}`).get() as { n: number }).n;
  const perBatch = Math.max(1, Math.min(batchRows ?? DEFAULT_BATCH_ROWS, Math.floor(MAX_PARAMS / columns.length)));
  const insertHead = `INSERT INTO ${q(plan.name)} (${columns.map(q).join(', ')}) VALUES `;
  let batch: unknown[][] = [];
  let copied = 0;
  let reported = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const params: unknown[] = [];
    const tuples = batch.map((row) => `(${row.map((value) => `$${params.push(value)}`).join(', ')})`);
    await client.query(insertHead + tuples.join(', '), params);
    copied += batch.length;
    batch = [];
    if (copied - reported >= PROGRESS_EVERY_ROWS) {
      reported = copied;
      progress(`  ${plan.name}: ${copied}/${total} rows…`);
    }
  };
  // Iterated, never held whole (the connection does nothing else meanwhile: the copy holds the file).
  for (const row of sqlite.prepare(select).raw(true).iterate() as IterableIterator<unknown[]>) {
    batch.push(row);
    if (batch.length >= perBatch) await flush();
  }
  await flush();
  progress(`  ${plan.name}: ${copied} rows`);
}

/** Identities continue after the copied ids; the event counter after SQLite's last seq. Returns that seq. */
async function continueSequences(sqlite: SqliteDb, client: pg.PoolClient): Promise<number> {
  const handedOut = new Map(
    sqlite
      .prepare<[], { name: string; seq: number }>(`SELECT name, seq FROM sqlite_sequence`)
      .all()
      .map((r) => [r.name, Number(r.seq)]),
  );
  const identities = await client.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND is_identity = 'YES'`,
  );
  for (const { table_name: table, column_name: column } of identities.rows) {
    if (POSTGRES_ONLY.has(table)) continue;
    const max = await client.query<{ max: number | null }>(`SELECT max(${q(column)}) AS max FROM ${q(table)}`);
    const last = Math.max(Number(max.rows[0]?.max ?? 0), column === 'rowid' ? 0 : (handedOut.get(table) ?? 0));
    // setval(…, n, false) makes n the next value: the first id of an empty table stays 1.
    await client.query(`SELECT setval(pg_get_serial_sequence($1, $2), $3, $4)`, [
      q(table),
      column,
      Math.max(last, 1),
      last > 0,
    ]);
  }
  const maxSeq = sqlite.prepare<[], { seq: number | null }>(`SELECT max(seq) AS seq FROM events`).get()?.seq ?? 0;
  const lastEventSeq = Math.max(handedOut.get('events') ?? 0, Number(maxSeq));
  await client.query(`UPDATE event_counter SET seq = $1 WHERE id = 1`, [lastEventSeq]);
  return lastEventSeq;
}

async function verifyTable(
  sqlite: SqliteDb,
  client: pg.PoolClient,
  plan: TablePlan,
  sampleRows: number | undefined,
  progress: (line: string) => void,
): Promise<TableCopy> {
  const table = q(plan.name);
  const expected = (sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const found = Number((await client.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n ?? 0);
  if (found !== expected) {
    throw new AppError(
      'INTERNAL',
      `check failed: ${plan.name} has ${expected} rows in SQLite but ${found} in Postgres`,
    );
  }
  const key = plan.primaryKey.length > 0 ? plan.primaryKey : null;
  const keyColumns = key ?? ['rowid'];
  const sample = sqlite
    .prepare(
      `SELECT ${plan.columns.map(q).join(', ')}, ${key ? key.map(q).join(', ') : 'rowid'} FROM ${table}
        ORDER BY random() LIMIT ${sampleRows ?? DEFAULT_SAMPLE_ROWS}`,
    )
    .raw(true)
    .all() as unknown[][];
  // Without a primary key (none in today's schema) only tables carrying the rowid across can be matched.
  if (!key && !plan.copiesRowid) return { table: plan.name, rows: expected, sampled: 0 };
  const where = keyColumns.map((c, i) => `${q(c)} = $${i + 1}`).join(' AND ');
  const read = `SELECT ${plan.columns.map(q).join(', ')} FROM ${table} WHERE ${where}`;
  for (const row of sample) {
    const keyValues = row.slice(plan.columns.length);
    const result = await client.query({ text: read, values: keyValues, rowMode: 'array' });
    const other = result.rows[0] as unknown[] | undefined;
    const label = `${plan.name} row ${keyColumns.map((c, i) => `${c}=${String(keyValues[i])}`).join(', ')}`;
    if (!other) throw new AppError('INTERNAL', `check failed: ${label} is missing in Postgres`);
    plan.columns.forEach((column, i) => {
      if (!sameValue(row[i], other[i])) {
        throw new AppError(
          'INTERNAL',
          `check failed: ${label}, column ${column}: SQLite ${preview(row[i])}, Postgres ${preview(other[i])}`,
        );
      }
    });
  }
  progress(`  ${plan.name}: ${expected} rows checked (${sample.length} compared column by column)`);
  return { table: plan.name, rows: expected, sampled: sample.length };
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Buffer.isBuffer(a) || Buffer.isBuffer(b)) return Buffer.isBuffer(a) && Buffer.isBuffer(b) && a.equals(b);
  if (typeof a === 'bigint' || typeof b === 'bigint') return String(a) === String(b);
  return a === b;
}

function preview(value: unknown): string {
  if (Buffer.isBuffer(value)) return `${value.length} bytes`;
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** Every file of the SQLite hub's blob folder into Postgres, or the folder to share when the new hub keeps one. */
async function copyBlobs(
  options: MigrateToPostgresOptions,
  progress: (line: string) => void,
): Promise<MigrationReport['blobs']> {
  const sourceFolder = options.sourceBlobDir ?? path.join(options.dataDir, 'blobs');
  if (options.targetBlobDir !== undefined) {
    return { where: 'folder', folder: options.targetBlobDir, sourceFolder };
  }
  const files = await blobFiles(sourceFolder);
  const store = await PostgresBlobStore.connect({ url: options.databaseUrl, applicationName: 'switchboard-migrate' });
  let bytes = 0;
  try {
    for (const [i, { sha256, file }] of files.entries()) {
      const stored = await store.putStream(fs.createReadStream(file), Number.POSITIVE_INFINITY);
      if (stored.sha256 !== sha256) {
        throw new AppError('INTERNAL', `check failed: the media file ${file} does not hold the content its name says`);
      }
      const check = await store.stat(sha256);
      if (check?.size !== stored.size) throw new AppError('INTERNAL', `check failed: media ${sha256} not stored whole`);
      bytes += stored.size;
      if ((i + 1) % 100 === 0) progress(`  media: ${i + 1}/${files.length} files…`);
    }
  } finally {
    await store.close();
  }
  progress(`  media: ${files.length} files (${(bytes / 1_000_000).toFixed(1)} MB) into Postgres`);
  return { where: 'postgres', files: files.length, bytes };
}

async function blobFiles(folder: string): Promise<{ sha256: string; file: string }[]> {
  const found: { sha256: string; file: string }[] = [];
  let shards: string[];
  try {
    shards = await fsp.readdir(folder);
  } catch {
    return found;
  }
  for (const shard of shards.sort()) {
    if (!/^[0-9a-f]{2}$/.test(shard)) continue;
    for (const name of (await fsp.readdir(path.join(folder, shard))).sort()) {
      if (/^[0-9a-f]{64}$/.test(name)) found.push({ sha256: name, file: path.join(folder, shard, name) });
    }
  }
  return found;
}

/** The one-screen summary the CLI prints. */
export function summarize(report: MigrationReport): string {
  const width = Math.max(...report.tables.map((t) => t.table.length), 5);
  const lines = [
    `Copied ${report.source} into ${report.target} in ${(report.elapsedMs / 1000).toFixed(1)} s:`,
    ...report.tables
      .filter((t) => t.rows > 0)
      .map((t) => `  ${t.table.padEnd(width)} ${String(t.rows).padStart(9)} rows  (${t.sampled} compared)`),
    `  ${'total'.padEnd(width)} ${String(report.rows).padStart(9)} rows; empty tables: ${report.tables.filter((t) => t.rows === 0).length}`,
    `Checked: row counts equal in every table, sampled rows equal column by column. The next event is seq ${report.lastEventSeq + 1}.`,
  ];
  if (report.blobs.where === 'postgres') {
    lines.push(
      `Media: ${report.blobs.files} files (${(report.blobs.bytes / 1_000_000).toFixed(1)} MB) copied into Postgres.`,
    );
  } else {
    lines.push(
      `Media stay files: every node needs SWITCHBOARD_BLOB_DIR=${report.blobs.folder}, holding the files of ${report.blobs.sourceFolder}` +
        (path.resolve(report.blobs.folder) === path.resolve(report.blobs.sourceFolder)
          ? ' (the same folder: share it).'
          : ' (copy them there first, e.g. rsync -a).'),
    );
  }
  lines.push(
    "Next: start the hub with SWITCHBOARD_DATABASE_URL and the same secret key (the data folder's secret.key or SWITCHBOARD_SECRET_KEY); keep hub.sqlite as the fallback until it runs.",
  );
  return lines.join('\n');
}
