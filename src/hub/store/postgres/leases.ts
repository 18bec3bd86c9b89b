/**
 * Leases on Postgres (migration 0004): nodes compete for a row. `acquire` is one INSERT … ON CONFLICT DO
 * UPDATE … WHERE: the conflicting row is locked while its WHERE is checked, so of two nodes taking a free or
 * expired lease at once exactly one gets a row back.
 */
import type { LeaseRepository } from '../ports/leases.js';
import type { PgDb } from './db.js';

export class PostgresLeaseRepository implements LeaseRepository {
  constructor(private readonly db: PgDb) {}

  async acquire(name: string, holder: string, ttlMs: number, now: number): Promise<boolean> {
    const row = await this.db.one<{ name: string }>(
      `INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
         WHERE leases.holder IS NULL OR leases.holder = excluded.holder OR leases.expires_at <= $4
       RETURNING name`,
      [name, holder, now + ttlMs, now],
    );
    return row !== undefined;
  }

  async release(name: string, holder: string): Promise<void> {
    await this.db.run(`UPDATE leases SET holder = NULL, expires_at = 0 WHERE name = $1 AND holder = $2`, [
      name,
      holder,
    ]);
  }

  async holderOf(name: string, now: number): Promise<string | null> {
    const row = await this.db.one<{ holder: string }>(
      `SELECT holder FROM leases WHERE name = $1 AND holder IS NOT NULL AND expires_at > $2`,
      [name, now],
    );
    return row?.holder ?? null;
  }

  async setValue(name: string, holder: string, value: string, now: number): Promise<boolean> {
    const changed = await this.db.run(
      `UPDATE leases SET value = $1 WHERE name = $2 AND holder = $3 AND expires_at > $4`,
      [value, name, holder, now],
    );
    return changed > 0;
  }

  async valueOf(name: string): Promise<string | null> {
    const row = await this.db.one<{ value: string | null }>(`SELECT value FROM leases WHERE name = $1`, [name]);
    return row?.value ?? null;
  }
}
