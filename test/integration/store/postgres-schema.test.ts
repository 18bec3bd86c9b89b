/**
 * The Postgres schema is the SQLite schema (src/hub/store/postgres/migrations/0001-initial.ts says how each
 * type maps): a fresh SQLite hub database after all its migrations and a fresh migrated Postgres database are
 * compared table by table — every SQLite table exists in Postgres with the same columns in the same order, the
 * same types, NOT NULL-ness and defaults; every SQLite index exists by name with the same uniqueness, partial-ness
 * and columns; every UNIQUE/PRIMARY KEY has a unique index on the same columns (lower(col) for NOCASE ones);
 * the same foreign keys and as many CHECKs. A column added to SQLite and not to Postgres fails here.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/hub/store/sqlite/db.js';
import { openPostgres, type PgDb } from '../../../src/hub/store/postgres/db.js';
import { createDatabase } from '../../helpers/postgres.js';

interface SqliteColumn {
  readonly cid: number;
  readonly name: string;
  readonly type: string;
  readonly notnull: number;
  readonly dflt_value: string | null;
  readonly pk: number;
}
interface SqliteIndex {
  readonly name: string;
  readonly unique: number;
  readonly origin: 'c' | 'u' | 'pk';
  readonly partial: number;
}
interface SqliteIndexColumn {
  readonly cid: number;
  readonly name: string | null;
  readonly desc: number;
  readonly coll: string;
  readonly key: number;
}
interface SqliteForeignKey {
  readonly id: number;
  readonly table: string;
  readonly from: string;
  readonly to: string;
  readonly on_delete: string;
  readonly on_update: string;
}
interface PgColumn {
  readonly table_name: string;
  readonly column_name: string;
  readonly data_type: string;
  readonly is_nullable: 'YES' | 'NO';
  readonly column_default: string | null;
  readonly is_identity: 'YES' | 'NO';
}
interface PgIndex {
  readonly table_name: string;
  readonly index_name: string;
  readonly is_unique: boolean;
  readonly is_partial: boolean;
  readonly columns: string[];
}

const TYPES: Readonly<Record<string, string>> = {
  INTEGER: 'bigint',
  TEXT: 'text',
  BLOB: 'bytea',
  REAL: 'double precision',
};

let dir: string;
let sqlite: Database.Database;
let pg: PgDb;
let tables: string[];
let pgColumns: PgColumn[];
let pgIndexes: PgIndex[];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-'));
  sqlite = openDatabase(path.join(dir, 'hub.sqlite'));
  pg = await openPostgres({ url: await createDatabase() });
  tables = sqlite
    .prepare<[], { name: string }>(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name`,
    )
    .all()
    .map((r) => r.name);
  pgColumns = await pg.query<PgColumn>(
    `SELECT table_name, column_name, data_type, is_nullable, column_default, is_identity
       FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
  );
  pgIndexes = await pg.query<PgIndex>(
    `SELECT t.relname AS table_name, i.relname AS index_name, x.indisunique AS is_unique,
            x.indpred IS NOT NULL AS is_partial,
            array(SELECT pg_get_indexdef(x.indexrelid, k, true)
                         || CASE WHEN x.indoption[k - 1] & 1 = 1 THEN ' DESC' ELSE '' END
                    FROM generate_series(1, x.indnkeyatts) AS k ORDER BY k) AS columns
       FROM pg_index x
       JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = 'public'`,
  );
});

afterAll(async () => {
  sqlite?.close();
  await pg?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function sqliteColumns(table: string): SqliteColumn[] {
  return sqlite.prepare<[], SqliteColumn>(`PRAGMA table_info("${table}")`).all();
}

/** SQLite's index columns as Postgres' pg_get_indexdef writes them: `a, b DESC`, `lower(email)` for NOCASE. */
function sqliteIndexColumns(index: string): string[] {
  return sqlite
    .prepare<[], SqliteIndexColumn>(`PRAGMA index_xinfo("${index}")`)
    .all()
    .filter((c) => c.key === 1)
    .map((c) => {
      if (c.cid === -2) return '(expression)';
      const name = c.coll === 'NOCASE' ? `lower(${c.name})` : (c.name ?? '');
      return c.desc === 1 ? `${name} DESC` : name;
    });
}

/** Postgres' index columns: plain (unquoted) and lower(col) ones as they are, other expressions as '(expression)'. */
function pgIndexColumns(columns: readonly string[]): string[] {
  return columns
    .map((c) => c.replace(/^"(\w+)"/, '$1'))
    .map((c) => (/^lower\(\w+\)$/.test(c) || /^\w+( DESC)?$/.test(c) ? c : '(expression)'));
}

/** Whether the SQLite table has the implicit rowid (every table but a WITHOUT ROWID one). */
function hasRowid(table: string): boolean {
  const row = sqlite.prepare<[string], { sql: string }>(`SELECT sql FROM sqlite_master WHERE name = ?`).get(table);
  return row !== undefined && !/WITHOUT\s+ROWID/i.test(row.sql);
}

/** A default as SQLite stores it (`'[]'`, `0`) from Postgres' (`'[]'::text`, `0`). */
function pgDefault(value: string | null): string | null {
  if (value === null) return null;
  return value.replace(/::(text|bigint|integer|bytea)$/, '');
}

describe('the Postgres schema equals the SQLite hub schema', () => {
  it('has every SQLite table, among them the ones the hub cannot run without', () => {
    expect(tables).toEqual(expect.arrayContaining(['agents', 'conversations', 'messages', 'events']));
    const pgTables = new Set(pgColumns.map((c) => c.table_name));
    expect(tables.filter((t) => !pgTables.has(t))).toEqual([]);
  });

  it('has, in every table, the same columns in the same order with the same type, NOT NULL and default', () => {
    for (const table of tables) {
      const expected = sqliteColumns(table).map((c) => ({
        column: c.name,
        type: TYPES[c.type.toUpperCase()] ?? c.type,
        // A SQLite PRIMARY KEY column may hold NULL unless declared NOT NULL; Postgres' never does.
        notNull: c.notnull === 1 || c.pk > 0,
        default: c.dflt_value,
      }));
      const actual = pgColumns
        .filter((c) => c.table_name === table)
        // SQLite's implicit rowid (never in table_info) may be spelled out where a query orders by it.
        .filter((c) => !(c.column_name === 'rowid' && c.is_identity === 'YES' && hasRowid(table)))
        .map((c) => ({
          column: c.column_name,
          type: c.data_type,
          notNull: c.is_nullable === 'NO',
          default: pgDefault(c.column_default),
        }));
      expect({ table, columns: actual }).toEqual({ table, columns: expected });
    }
  });

  it('has every SQLite index by name, with the same uniqueness, partial-ness and columns', () => {
    for (const table of tables) {
      for (const index of sqlite.prepare<[], SqliteIndex>(`PRAGMA index_list("${table}")`).all()) {
        if (index.origin !== 'c') continue;
        const counterpart = pgIndexes.find((i) => i.index_name === index.name);
        expect({ index: index.name, found: counterpart?.table_name }).toEqual({ index: index.name, found: table });
        expect({
          index: index.name,
          unique: counterpart?.is_unique,
          partial: counterpart?.is_partial,
          columns: pgIndexColumns(counterpart?.columns ?? []),
        }).toEqual({
          index: index.name,
          unique: index.unique === 1,
          partial: index.partial === 1,
          columns: sqliteIndexColumns(index.name),
        });
      }
    }
  });

  it('has a unique index for every PRIMARY KEY and UNIQUE constraint, on lower(col) where SQLite says NOCASE', () => {
    for (const table of tables) {
      const pgUnique = pgIndexes
        .filter((i) => i.table_name === table && i.is_unique && !i.is_partial)
        .map((i) => pgIndexColumns(i.columns).join(', '));
      const constraints = sqlite
        .prepare<[], SqliteIndex>(`PRAGMA index_list("${table}")`)
        .all()
        .filter((i) => i.origin !== 'c')
        .map((i) => sqliteIndexColumns(i.name).join(', '));
      // An INTEGER PRIMARY KEY is the rowid, with no index of its own.
      const rowid = sqliteColumns(table).filter((c) => c.pk === 1 && c.type.toUpperCase() === 'INTEGER');
      if (rowid.length === 1 && sqliteColumns(table).filter((c) => c.pk > 0).length === 1) {
        constraints.push(rowid[0]?.name ?? '');
      }
      expect({ table, unique: pgUnique.filter((u) => constraints.includes(u)).sort() }).toEqual({
        table,
        unique: [...constraints].sort(),
      });
    }
  });

  it('has the same foreign keys with the same ON DELETE', async () => {
    const pgKeys = await pg.query<{ table_name: string; definition: string }>(
      `SELECT c.conrelid::regclass::text AS table_name, pg_get_constraintdef(c.oid) AS definition
         FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE c.contype = 'f' AND n.nspname = 'public'`,
    );
    for (const table of tables) {
      const expected = sqlite
        .prepare<[], SqliteForeignKey>(`PRAGMA foreign_key_list("${table}")`)
        .all()
        .map((k) => {
          const onDelete = k.on_delete === 'NO ACTION' ? '' : ` ON DELETE ${k.on_delete}`;
          return `FOREIGN KEY (${k.from}) REFERENCES ${k.table}(${k.to})${onDelete}`;
        })
        .sort();
      const actual = pgKeys
        .filter((k) => k.table_name === table)
        .map((k) => k.definition)
        .sort();
      expect({ table, foreignKeys: actual }).toEqual({ table, foreignKeys: expected });
    }
  });

  it('has as many CHECK constraints per table', async () => {
    const pgChecks = await pg.query<{ table_name: string; n: number }>(
      `SELECT c.conrelid::regclass::text AS table_name, count(*) AS n
         FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE c.contype = 'c' AND n.nspname = 'public' GROUP BY 1`,
    );
    for (const table of tables) {
      const sql = sqlite.prepare<[string], { sql: string }>(`SELECT sql FROM sqlite_master WHERE name = ?`).get(table);
      const expected = (sql?.sql.match(/\bCHECK\s*\(/gi) ?? []).length;
      const actual = pgChecks.find((c) => c.table_name === table)?.n ?? 0;
      expect({ table, checks: actual }).toEqual({ table, checks: expected });
    }
  });
});
