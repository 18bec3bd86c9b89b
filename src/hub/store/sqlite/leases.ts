/** Leases on SQLite (migration 0022). One node uses an SQLite file, so these only ever see their own node. */
import type { SqliteDb } from './db.js';
import { once } from '../../../node-shared/prepared.js';
import type { LeaseRepository } from '../ports/leases.js';

export class SqliteLeaseRepository implements LeaseRepository {
  private readonly acquireStatement = once(() =>
    this.db.prepare<[string, string, number, number], { name: string }>(
      `INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
         WHERE leases.holder IS NULL OR leases.holder = excluded.holder OR leases.expires_at <= ?
       RETURNING name`,
    ),
  );
  private readonly releaseStatement = once(() =>
    this.db.prepare<[string, string]>(`UPDATE leases SET holder = NULL, expires_at = 0 WHERE name = ? AND holder = ?`),
  );
  private readonly holderStatement = once(() =>
    this.db.prepare<[string, number], { holder: string }>(
      `SELECT holder FROM leases WHERE name = ? AND holder IS NOT NULL AND expires_at > ?`,
    ),
  );
  private readonly setValueStatement = once(() =>
    this.db.prepare<[string, string, string, number]>(
      `UPDATE leases SET value = ? WHERE name = ? AND holder = ? AND expires_at > ?`,
    ),
  );
  private readonly valueStatement = once(() =>
    this.db.prepare<[string], { value: string | null }>(`SELECT value FROM leases WHERE name = ?`),
  );

  constructor(private readonly db: SqliteDb) {}

  async acquire(name: string, holder: string, ttlMs: number, now: number): Promise<boolean> {
    return this.acquireStatement().get(name, holder, now + ttlMs, now) !== undefined;
  }

  async release(name: string, holder: string): Promise<void> {
    this.releaseStatement().run(name, holder);
  }

  async holderOf(name: string, now: number): Promise<string | null> {
    return this.holderStatement().get(name, now)?.holder ?? null;
  }

  async setValue(name: string, holder: string, value: string, now: number): Promise<boolean> {
    return this.setValueStatement().run(value, name, holder, now).changes > 0;
  }

  async valueOf(name: string): Promise<string | null> {
    return this.valueStatement().get(name)?.value ?? null;
  }
}
