/**
 * The hub's PostgreSQL connection (node-postgres): a pool, a transaction
 * scope carried by AsyncLocalStorage, and the schema brought up to date by
 * its own numbered migrations (./migrations/, docs/scaling.md).
 *
 * - Every pooled connection starts with statement_timeout (a statement that
 *   runs longer fails with DATABASE_TIMEOUT instead of holding a request),
 *   idle_in_transaction_session_timeout (a transaction left open by a stuck
 *   node is ended by the server, releasing its locks) and application_name
 *   (pg_stat_activity shows which hub a connection belongs to).
 * - bigint (int8) values read as JS numbers, like SQLite's INTEGER, through
 *   this pool's own type parsers: node-postgres' global parsers stay as they
 *   are for anything else in the process. numeric (what SUM and AVG of a
 *   bigint return) reads as a number too.
 * - `transaction(fn)` runs fn on one pooled connection between BEGIN and
 *   COMMIT; queries inside fn (however deep in calls, awaits included) use
 *   that connection, while concurrent requests outside it get their own: they
 *   never join each other's transaction. A nested call is a SAVEPOINT, whose
 *   failure undoes only its own statements. Nothing is retried here.
 * - Timeouts and a lost connection reach callers as AppError DATABASE_TIMEOUT /
 *   DATABASE_UNAVAILABLE (503, retryable); other server errors (a unique
 *   violation, say) stay pg.DatabaseError so repositories can recognise them
 *   (`isUniqueViolation`).
 * - Migrations run at open, each in its own transaction holding
 *   pg_advisory_xact_lock, so hub nodes starting together apply each one once;
 *   a database migrated by a newer hub is refused.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import { AppError } from '../../../shared/errors.js';
import { refuseStart } from '../../startup-failure.js';
import { CONFLICT_STATES } from '../store.js';
import * as p0001 from './migrations/0001-initial.js';
import * as p0002 from './migrations/0002-blobs.js';
import * as p0005 from './migrations/0005-work-claims.js';
import * as p0003 from './migrations/0003-shared-node-state.js';
import * as p0004 from './migrations/0004-leases.js';
import * as p0006 from './migrations/0006-node-presence.js';
import * as p0007 from './migrations/0007-agent-load.js';
import * as p0008 from './migrations/0008-stamps-per-agent.js';

export interface PgDb {
  /** On the current transaction's client when inside `transaction`, otherwise on any pooled client. */
  query<R extends object>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  one<R extends object>(sql: string, params?: readonly unknown[]): Promise<R | undefined>;
  /** rowCount */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
  /** AsyncLocalStorage; nested = SAVEPOINT; retries nothing (the caller decides). */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  readonly inTransaction: boolean;
  readonly pool: pg.Pool;
  close(): Promise<void>;
}

export interface PostgresOptions {
  readonly url: string;
  /** Connections in the pool (10). */
  readonly poolSize?: number;
  /** statement_timeout of every connection, in ms (15000). */
  readonly statementTimeoutMs?: number;
  /** idle_in_transaction_session_timeout, in ms (60000). */
  readonly idleInTransactionTimeoutMs?: number;
  /** How long to wait for a connection (new or from a full pool), in ms (10000). */
  readonly connectTimeoutMs?: number;
  /** application_name ('switchboard-hub'). */
  readonly applicationName?: string;
}

/** A numbered Postgres migration (./migrations/NNNN-name.ts exports these three). */
export interface PgMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const POSTGRES_MIGRATIONS: readonly PgMigration[] = [p0001, p0002, p0003, p0004, p0005, p0006, p0007, p0008];

const DEFAULT_POOL_SIZE = 10;
const DEFAULT_STATEMENT_TIMEOUT_MS = 15_000;
const DEFAULT_IDLE_IN_TRANSACTION_MS = 60_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const INT8_OID = 20;
const NUMERIC_OID = 1700;
const INT8_ARRAY_OID = 1016;
/** One key for every hub: only one node migrates at a time. */
const MIGRATION_LOCK = `hashtext('switchboard.schema_migrations')`;

function toNumber(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`bigint ${text} is beyond JavaScript's safe integers`);
  return value;
}

/** This pool's parsers: int8 and numeric as numbers, everything else as node-postgres' defaults. */
const TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format !== 'binary') {
      if (oid === INT8_OID) return toNumber;
      if (oid === NUMERIC_OID) return (text: string) => Number(text);
      if (oid === INT8_ARRAY_OID) {
        const parsers = pg.types.getTypeParser as unknown as (oid: number, format: string) => unknown;
        const parseArray = parsers(INT8_ARRAY_OID, 'text') as (text: string) => (string | null)[];
        return (text: string) => parseArray(text).map((v) => (v === null ? null : toNumber(v)));
      }
    }
    return pg.types.getTypeParser(oid, format ?? 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

interface Scope {
  readonly client: pg.PoolClient;
  /** Set when the transaction ended: work it started that runs later is outside it. */
  done: boolean;
  readonly savepoints: { next: number };
  /** Savepoints of one level run one after another (they share the connection). */
  chain: Promise<unknown>;
}

/** SQLSTATEs of a statement that ran out of time or lost a lock wait (a conflict's victim: run it again). */
const TIMEOUT_STATES = new Set(['57014', '55P03', '25P03', ...CONFLICT_STATES]);
/** SQLSTATEs of a server that cannot serve now (shutting down, starting, full). */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300', '53400']);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EAI_AGAIN',
]);

function sqlState(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

function withCause(error: AppError, cause: unknown): AppError {
  Object.defineProperty(error, 'cause', { value: cause, enumerable: false });
  return error;
}

/**
 * A pg failure as what a user can act on: timeouts (statement_timeout, lock waits, deadlocks, serialization
 * failures: `details.sqlState` says which) → DATABASE_TIMEOUT; a server or network that cannot serve →
 * DATABASE_UNAVAILABLE. Everything else is returned as it is.
 */
export function translatePgError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const code = sqlState(error);
  if (code !== undefined && TIMEOUT_STATES.has(code)) {
    return withCause(new AppError('DATABASE_TIMEOUT', undefined, { sqlState: code }), error);
  }
  if (code !== undefined && (UNAVAILABLE_STATES.has(code) || code.startsWith('08') || NETWORK_CODES.has(code))) {
    return withCause(new AppError('DATABASE_UNAVAILABLE'), error);
  }
  const message = error instanceof Error ? error.message : '';
  if (/timeout exceeded when trying to connect/i.test(message)) {
    return withCause(new AppError('DATABASE_TIMEOUT'), error);
  }
  if (/^Connection terminated|not queryable|Client was closed/i.test(message)) {
    return withCause(new AppError('DATABASE_UNAVAILABLE'), error);
  }
  return error;
}

/** Whether `error` is a unique violation (23505), of `constraint` (a constraint or unique index name) when given. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (!(error instanceof pg.DatabaseError) || error.code !== '23505') return false;
  return constraint === undefined || error.constraint === constraint;
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unparsable database URL)';
  }
}

export async function openPostgres(options: PostgresOptions): Promise<PgDb> {
  const statementTimeoutMs = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    statement_timeout: statementTimeoutMs,
    idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs ?? DEFAULT_IDLE_IN_TRANSACTION_MS,
    application_name: options.applicationName ?? 'switchboard-hub',
    connectionTimeoutMillis: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    keepAlive: true,
    types: TYPES,
  });
  // An idle connection the server closed (restart, idle timeout) is dropped by the pool; the next query opens another.
  pool.on('error', () => undefined);
  try {
    await runMigrations(pool, POSTGRES_MIGRATIONS, options.url);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw openFailure(error, options.url);
  }
  return pgDb(pool);
}

/** A PgDb over an existing pool (no migrations): what openPostgres returns once the schema is current. */
export function pgDb(pool: pg.Pool): PgDb {
  const storage = new AsyncLocalStorage<Scope>();
  const current = (): Scope | undefined => {
    const scope = storage.getStore();
    return scope === undefined || scope.done ? undefined : scope;
  };
  const execute = async (sql: string, params?: readonly unknown[]): Promise<pg.QueryResult> => {
    const scope = current();
    try {
      const values = params === undefined ? undefined : [...params];
      return scope ? await scope.client.query(sql, values) : await pool.query(sql, values);
    } catch (error) {
      throw translatePgError(error);
    }
  };
  let closed: Promise<void> | null = null;

  async function outermost<T>(fn: () => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      throw translatePgError(error);
    }
    const scope: Scope = { client, done: false, savepoints: { next: 0 }, chain: Promise.resolve() };
    try {
      await client.query('BEGIN');
    } catch (error) {
      client.release(true);
      throw translatePgError(error);
    }
    let result: T;
    try {
      result = await storage.run(scope, fn);
    } catch (error) {
      scope.done = true;
      try {
        await client.query('ROLLBACK');
        client.release();
      } catch (rollbackError) {
        client.release(rollbackError instanceof Error ? rollbackError : true);
      }
      throw error;
    }
    scope.done = true;
    let committed: pg.QueryResult;
    try {
      committed = await client.query('COMMIT');
    } catch (error) {
      client.release(error instanceof Error ? error : true);
      throw translatePgError(error);
    }
    client.release();
    // COMMIT of a transaction a failed statement aborted (fn caught that error) answers ROLLBACK.
    if (committed.command === 'ROLLBACK') {
      throw new Error('the transaction was rolled back: a statement in it failed and the error was caught inside it');
    }
    return result;
  }

  async function nested<T>(parent: Scope, fn: () => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      const name = `sp_${++parent.savepoints.next}`;
      const child: Scope = {
        client: parent.client,
        done: false,
        savepoints: parent.savepoints,
        chain: Promise.resolve(),
      };
      await execute(`SAVEPOINT ${name}`);
      let result: T;
      try {
        result = await storage.run(child, fn);
      } catch (error) {
        child.done = true;
        // If even this fails (the connection is gone), the outermost ROLLBACK ends everything; fn's error is the news.
        await storage
          .run(parent, async () => {
            await execute(`ROLLBACK TO SAVEPOINT ${name}`);
            await execute(`RELEASE SAVEPOINT ${name}`);
          })
          .catch(() => undefined);
        throw error;
      }
      child.done = true;
      await storage.run(parent, () => execute(`RELEASE SAVEPOINT ${name}`));
      return result;
    };
    const turn = parent.chain.then(run, run);
    parent.chain = turn.catch(() => undefined);
    return turn;
  }

  return {
    pool,
    get inTransaction() {
      return current() !== undefined;
    },
    async query<R extends object>(sql: string, params?: readonly unknown[]): Promise<R[]> {
      return (await execute(sql, params)).rows as R[];
    },
    async one<R extends object>(sql: string, params?: readonly unknown[]): Promise<R | undefined> {
      return (await execute(sql, params)).rows[0] as R | undefined;
    },
    async run(sql: string, params?: readonly unknown[]): Promise<number> {
      return (await execute(sql, params)).rowCount ?? 0;
    },
    transaction<T>(fn: () => Promise<T>): Promise<T> {
      const scope = current();
      return scope ? nested(scope, fn) : outermost(fn);
    },
    close() {
      closed ??= pool.end();
      return closed;
    },
  };
}

interface AppliedRow {
  readonly version: number;
}

/**
 * Applies the migrations the database lacks, in version order, each in its own transaction that holds the
 * migration lock (pg_advisory_xact_lock): a second hub starting at the same moment waits, then finds the
 * migration applied. Refuses a database that has a version newer than every migration known here.
 */
export async function runMigrations(pool: pg.Pool, migrations: readonly PgMigration[], url: string): Promise<void> {
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  const known = ordered.at(-1)?.version ?? 0;
  const client = await pool.connect();
  try {
    for (;;) {
      await client.query('BEGIN');
      try {
        // A long migration is not a stuck request: no statement timeout inside it.
        await client.query('SET LOCAL statement_timeout = 0');
        await client.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
        await client.query(
          `CREATE TABLE IF NOT EXISTS schema_migrations (
             version integer PRIMARY KEY,
             name text NOT NULL,
             applied_at bigint NOT NULL
           )`,
        );
        const applied = new Set(
          (await client.query<AppliedRow>('SELECT version FROM schema_migrations')).rows.map((r) => Number(r.version)),
        );
        const newest = Math.max(0, ...applied);
        if (newest > known) {
          throw refuseStart(
            `the database ${redactUrl(url)} was migrated by a newer hub (schema ${newest}; this hub knows up to ${known})`,
            'run that newer hub version again, or restore a backup taken before the upgrade (see docs/scaling.md)',
          );
        }
        const next = ordered.find((m) => !applied.has(m.version));
        if (next === undefined) {
          await client.query('COMMIT');
          return;
        }
        await client.query(next.sql);
        await client.query(
          `INSERT INTO schema_migrations (version, name, applied_at)
           VALUES ($1, $2, (extract(epoch FROM clock_timestamp()) * 1000)::bigint)`,
          [next.version, next.name],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    }
  } finally {
    client.release();
  }
}

/** The one-line refusal for a failure to open the database at `url`; refusals already made pass through. */
function openFailure(error: unknown, url: string): unknown {
  if (error instanceof AppError) return error;
  const where = redactUrl(url);
  const code = sqlState(error);
  const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
  const check = 'check SWITCHBOARD_DATABASE_URL (or --database) and that PostgreSQL runs and accepts this hub';
  if (code === '28P01' || code === '28000') {
    return refuseStart(`the database ${where} refused the user or password (${reason})`, check);
  }
  if (code === '3D000') {
    return refuseStart(
      `the database ${where} does not exist`,
      'create it (createdb, or CREATE DATABASE) and start again',
    );
  }
  if (code === '42501') {
    return refuseStart(
      `the database user may not create the hub's tables in ${where} (${reason})`,
      'give it the CREATE privilege on the database and its public schema, or use the owner',
    );
  }
  if (code !== undefined && (NETWORK_CODES.has(code) || code.startsWith('08') || UNAVAILABLE_STATES.has(code))) {
    return refuseStart(`cannot connect to the database ${where} (${code})`, check);
  }
  if (error instanceof Error && /timeout exceeded when trying to connect|Connection terminated/i.test(reason ?? '')) {
    return refuseStart(`cannot connect to the database ${where} (${reason})`, check);
  }
  return refuseStart(`cannot open the database ${where} (${code ? `${code}: ` : ''}${reason})`, check);
}
