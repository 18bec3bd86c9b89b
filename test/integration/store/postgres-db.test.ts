/**
 * PgDb (src/hub/store/postgres/db.ts) on a real PostgreSQL: what the hub's requests rely on when they run
 * side by side — a transaction's rows stay its own until it commits, a failed nested step undoes only itself,
 * a statement that runs too long fails in words an agent understands, nodes starting together migrate once,
 * and a database it cannot use is refused in one line.
 */
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError, describeError } from '../../../src/shared/errors.js';
import {
  openPostgres,
  POSTGRES_MIGRATIONS,
  runMigrations,
  type PgDb,
  type PgMigration,
} from '../../../src/hub/store/postgres/db.js';
import { createDatabase, sharedPostgres } from '../../helpers/postgres.js';
import { freePort } from '../../helpers/nginx.js';

const opened: PgDb[] = [];
const pools: pg.Pool[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close()));
  await Promise.all(pools.splice(0).map((pool) => pool.end()));
});

async function open(options: { statementTimeoutMs?: number } = {}): Promise<PgDb> {
  const db = await openPostgres({ url: await createDatabase(), ...options });
  opened.push(db);
  return db;
}

/** A promise and the function that settles it: one transaction waits until the test lets it go on. */
function gate(): { readonly wait: Promise<void>; readonly open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

async function notes(db: PgDb): Promise<string[]> {
  return (await db.query<{ text: string }>('SELECT text FROM notes ORDER BY text')).map((r) => r.text);
}

describe('PgDb transactions', () => {
  it('keeps two concurrent transactions apart: neither sees the other’s uncommitted rows, both commit', async () => {
    const db = await open();
    await db.run('CREATE TABLE notes (text text NOT NULL)');
    const aInserted = gate();
    const bChecked = gate();
    let seenByA: string[] = [];
    let seenByB: string[] = [];
    let seenOutside: string[] = [];

    const a = db.transaction(async () => {
      await db.run('INSERT INTO notes (text) VALUES ($1)', ['from A']);
      aInserted.open();
      await bChecked.wait;
      seenByA = await notes(db);
    });
    const b = (async () => {
      await aInserted.wait;
      await db.transaction(async () => {
        expect(db.inTransaction).toBe(true);
        await db.run('INSERT INTO notes (text) VALUES ($1)', ['from B']);
        seenByB = await notes(db);
      });
      seenOutside = await notes(db);
      bChecked.open();
    })();
    await Promise.all([a, b]);

    expect(seenByB).toEqual(['from B']);
    expect(seenOutside).toEqual(['from B']);
    expect(seenByA).toEqual(['from A', 'from B']);
    expect(await notes(db)).toEqual(['from A', 'from B']);
    expect(db.inTransaction).toBe(false);
  });

  it('undoes only a failed nested transaction’s rows; the outer one goes on and commits', async () => {
    const db = await open();
    await db.run('CREATE TABLE notes (text text NOT NULL)');
    await db.transaction(async () => {
      await db.run('INSERT INTO notes (text) VALUES ($1)', ['outer before']);
      await expect(
        db.transaction(async () => {
          await db.run('INSERT INTO notes (text) VALUES ($1)', ['nested, failed']);
          throw new Error('the nested step failed');
        }),
      ).rejects.toThrow('the nested step failed');
      await db.transaction(async () => {
        await db.run('INSERT INTO notes (text) VALUES ($1)', ['nested, kept']);
      });
      await db.run('INSERT INTO notes (text) VALUES ($1)', ['outer after']);
    });
    expect(await notes(db)).toEqual(['nested, kept', 'outer after', 'outer before']);
  });

  it('rolls the whole transaction back when it fails, and when a statement failed inside it unnoticed', async () => {
    const db = await open();
    await db.run('CREATE TABLE notes (text text NOT NULL)');
    await expect(
      db.transaction(async () => {
        await db.run('INSERT INTO notes (text) VALUES ($1)', ['lost 1']);
        throw new Error('the request failed');
      }),
    ).rejects.toThrow('the request failed');
    await expect(
      db.transaction(async () => {
        await db.run('INSERT INTO notes (text) VALUES ($1)', ['lost 2']);
        await db.run('INSERT INTO notes (text) VALUES (NULL)').catch(() => undefined);
      }),
    ).rejects.toThrow('rolled back');
    expect(await notes(db)).toEqual([]);
  });

  it('reads bigint (and count, sum) as numbers, without changing node-postgres’ parsers for anyone else', async () => {
    const db = await open();
    const row = await db.one<{ big: number; n: number; total: number }>(
      'SELECT 9007199254740991::bigint AS big, count(*) AS n, sum(x) AS total FROM (VALUES (2::bigint), (3)) AS v(x)',
    );
    expect(row).toEqual({ big: Number.MAX_SAFE_INTEGER, n: 2, total: 5 });
    const client = new pg.Client({ connectionString: (await sharedPostgres()).adminUrl });
    await client.connect();
    try {
      expect((await client.query<{ n: unknown }>('SELECT 1::bigint AS n')).rows[0]?.n).toBe('1');
    } finally {
      await client.end();
    }
  });
});

describe('PgDb timeouts', () => {
  it('fails a statement that runs past the statement timeout with DATABASE_TIMEOUT, in English and Japanese', async () => {
    const db = await open({ statementTimeoutMs: 200 });
    const failure = await db.query('SELECT pg_sleep(5)').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({
      code: 'DATABASE_TIMEOUT',
      status: 503,
      message: 'The hub’s database took too long to answer. Try again in a moment.',
      details: { sqlState: '57014' },
    });
    expect(describeError('DATABASE_TIMEOUT', 'ja')).toBe(
      'ハブのデータベースの応答に時間がかかりすぎました。しばらくしてからもう一度お試しください。',
    );
    // The pool is fine afterwards: the next statement answers.
    expect(await db.one<{ ok: number }>('SELECT 1 AS ok')).toEqual({ ok: 1 });
  });
});

describe('Postgres migrations', () => {
  it('applies each migration once when two hubs start on the same database at the same moment', async () => {
    const url = await createDatabase();
    const migrations: PgMigration[] = [
      {
        version: 1,
        name: 'first',
        // Slow on purpose, so the second hub arrives while the first is still migrating.
        sql: 'CREATE TABLE applied (version integer NOT NULL); SELECT pg_sleep(0.3); INSERT INTO applied VALUES (1);',
      },
      { version: 2, name: 'second', sql: 'INSERT INTO applied VALUES (2);' },
    ];
    const nodeA = new pg.Pool({ connectionString: url });
    const nodeB = new pg.Pool({ connectionString: url });
    pools.push(nodeA, nodeB);
    await Promise.all([runMigrations(nodeA, migrations, url), runMigrations(nodeB, migrations, url)]);
    expect((await nodeA.query<{ version: number }>('SELECT version FROM applied ORDER BY version')).rows).toEqual([
      { version: 1 },
      { version: 2 },
    ]);
    const recorded = await nodeA.query<{ version: number; name: string }>(
      'SELECT version, name FROM schema_migrations ORDER BY version',
    );
    expect(recorded.rows).toEqual([
      { version: 1, name: 'first' },
      { version: 2, name: 'second' },
    ]);
  });

  it('opens the real schema from two hubs at once, each migration recorded once', async () => {
    const url = await createDatabase();
    const [a, b] = await Promise.all([openPostgres({ url }), openPostgres({ url })]);
    opened.push(a, b);
    expect(await a.query('SELECT version FROM schema_migrations ORDER BY version')).toEqual(
      POSTGRES_MIGRATIONS.map((m) => ({ version: m.version })),
    );
    expect(await b.one('SELECT seq FROM event_counter WHERE id = 1')).toEqual({ seq: 0 });
  });

  it('refuses a database a newer hub migrated, in one line', async () => {
    const latest = Math.max(...POSTGRES_MIGRATIONS.map((m) => m.version));
    const url = await createDatabase();
    opened.push(await openPostgres({ url }));
    await opened[0]?.run(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 0)`);
    await expect(openPostgres({ url })).rejects.toThrow(
      new RegExp(
        `^the database postgres://.+ was migrated by a newer hub \\(schema 99; this hub knows up to ${latest}\\): run that newer hub`,
      ),
    );
  });
});

describe('opening a database the hub cannot use', () => {
  it('says in one line that the database does not exist, without the password', async () => {
    const cluster = await sharedPostgres();
    const url = cluster.urlOf('no_such_database').replace('postgres@', 'postgres:s3cret@');
    const failure = await openPostgres({ url }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppError);
    expect(String((failure as Error).message)).toMatch(
      /^the database postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/no_such_database does not exist: create it/,
    );
    expect((failure as Error).message).not.toContain('s3cret');
  });

  it('says in one line that nothing answers at the address', async () => {
    const port = await freePort();
    const failure = await openPostgres({ url: `postgres://hub@127.0.0.1:${port}/hub`, connectTimeoutMs: 2000 }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as Error).message).toBe(
      `cannot connect to the database postgres://hub@127.0.0.1:${port}/hub (ECONNREFUSED): check SWITCHBOARD_DATABASE_URL (or --database) and that PostgreSQL runs and accepts this hub`,
    );
  });
});
