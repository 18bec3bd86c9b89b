/**
 * Transactions over the hub's one SQLite connection, for an asynchronous
 * store. better-sqlite3 runs each statement synchronously, but a
 * transaction now spans awaits, and another request's code may run between
 * them. So the connection has one holder at a time: a transaction holds it
 * from BEGIN to COMMIT, and a repository call made outside any transaction
 * waits for it (it would otherwise read rows not yet committed, or write into
 * someone else's transaction). The transaction is found through
 * AsyncLocalStorage, so the code inside it never waits for itself, and two
 * concurrent requests never join each other's transaction.
 *
 * A nested transaction is a SAVEPOINT: its failure undoes only its own rows.
 * Savepoints of one transaction run one after another (SQLite keeps them as a
 * stack).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { perKey } from '../../../node-shared/prepared.js';
import type { SqliteDb } from './db.js';

/** A lock handed over in arrival order. */
class Turns {
  private tail: Promise<void> = Promise.resolve();

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

/** A transaction, or one of its savepoints: its own savepoints take turns (siblings never interleave). */
interface OpenTransaction {
  readonly names: { next: number };
  readonly savepoints: Turns;
  /**
   * Ended (committed, rolled back, released): work started inside it and still running afterwards (a
   * send the change queued) inherits its context, and must then count as outside any transaction.
   */
  done: boolean;
}

export class SqliteTransactions {
  private readonly current = new AsyncLocalStorage<OpenTransaction>();
  private readonly connection = new Turns();
  /** Called after each outermost transaction ends, committed or rolled back (caches of committed rows). */
  private readonly ended: (() => void)[] = [];
  /** BEGIN, COMMIT and the savepoint statements, prepared once each (names repeat: sp1, sp2, … in every transaction). */
  private readonly statement = perKey((sql: string) => this.db.prepare(sql));

  constructor(private readonly db: SqliteDb) {}

  onEnd(listener: () => void): void {
    this.ended.push(listener);
  }

  get inTransaction(): boolean {
    return this.open() !== undefined;
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    const open = this.open();
    if (open) return await open.savepoints.run(() => this.savepoint(open, fn));
    return await this.connection.run(async () => {
      this.statement('BEGIN IMMEDIATE').run();
      const top: OpenTransaction = { names: { next: 1 }, savepoints: new Turns(), done: false };
      try {
        const result = await this.current.run(top, fn);
        top.done = true;
        this.statement('COMMIT').run();
        return result;
      } catch (error) {
        top.done = true;
        if (this.db.inTransaction) this.statement('ROLLBACK').run();
        throw error;
      } finally {
        for (const listener of this.ended) listener();
      }
    });
  }

  /** Runs fn holding the connection: at once inside a transaction, otherwise after the one running. */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (this.open()) return await fn();
    return await this.connection.run(fn);
  }

  private open(): OpenTransaction | undefined {
    const open = this.current.getStore();
    return open && !open.done ? open : undefined;
  }

  /**
   * The repository with every method run through `exclusive`. Its own calls to its other methods
   * (`this.x()`) go to the repository itself, so they never wait for the call they are part of.
   * `unguarded` methods are returned as they are: ones that start transactions of their own (which would
   * wait forever for the connection their own call holds) and take the connection themselves where needed.
   */
  guard<R extends object>(repository: R, unguarded: readonly (keyof R)[] = []): R {
    const wrapped = new Map<PropertyKey, unknown>();
    return new Proxy(repository, {
      get: (target, key) => {
        const value: unknown = Reflect.get(target, key, target);
        if (typeof value !== 'function' || (unguarded as readonly PropertyKey[]).includes(key)) return value;
        let fn = wrapped.get(key);
        if (fn === undefined) {
          const method = value as (...args: unknown[]) => unknown;
          // Inside a transaction the call runs at once, with no wrapper of its own: the hot path makes a dozen
          // such calls per webhook, and each extra promise is paid again in AsyncLocalStorage's hooks.
          fn = (...args: unknown[]) =>
            this.open()
              ? settle(() => method.apply(target, args))
              : this.connection.run(async () => await method.apply(target, args));
          wrapped.set(key, fn);
        }
        return fn;
      },
    });
  }

  private async savepoint<T>(open: OpenTransaction, fn: () => Promise<T>): Promise<T> {
    const name = `sp${open.names.next++}`;
    this.statement(`SAVEPOINT ${name}`).run();
    const frame: OpenTransaction = { names: open.names, savepoints: new Turns(), done: false };
    try {
      const result = await this.current.run(frame, fn);
      frame.done = true;
      this.statement(`RELEASE ${name}`).run();
      return result;
    } catch (error) {
      frame.done = true;
      this.statement(`ROLLBACK TO ${name}`).run();
      this.statement(`RELEASE ${name}`).run();
      throw error;
    }
  }
}

/** fn's result as a promise; a synchronous throw becomes a rejection, as it would inside an async wrapper. */
function settle(fn: () => unknown): Promise<unknown> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    return Promise.reject(error);
  }
}
