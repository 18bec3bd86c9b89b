/** Where this cache stands against the hub's event log: the last applied sequence and when it caught up. */
import { z } from 'zod';
import type { CacheDb } from './cache-db.js';

const SyncStateRow = z.object({
  last_seq: z.number().int().nonnegative(),
  last_synced_at: z.number().nullable(),
  log_id: z.string().nullable(),
});
export interface SyncState {
  readonly lastSeq: number;
  readonly lastSyncedAt: number | null;
  /** The hub log `lastSeq` belongs to (null before a hub named it). */
  readonly logId: string | null;
}

export class SyncStateStore {
  private readonly read;
  private readonly writeSeq;
  private readonly writeSyncedAt;
  private readonly writeLogId;

  constructor(db: CacheDb) {
    this.read = db.prepare('SELECT last_seq, last_synced_at, log_id FROM sync_state WHERE id = 1');
    this.writeSeq = db.prepare('UPDATE sync_state SET last_seq = ? WHERE id = 1');
    this.writeSyncedAt = db.prepare('UPDATE sync_state SET last_synced_at = ? WHERE id = 1');
    this.writeLogId = db.prepare('UPDATE sync_state SET log_id = ? WHERE id = 1');
  }

  get(): SyncState {
    const row = SyncStateRow.parse(this.read.get());
    return { lastSeq: row.last_seq, lastSyncedAt: row.last_synced_at, logId: row.log_id };
  }

  /** Call inside the transaction that applied the events up to `seq`. */
  setLastSeq(seq: number): void {
    this.writeSeq.run(seq);
  }

  /** Call inside the transaction that set `lastSeq` from that log. */
  setLogId(logId: string | null): void {
    this.writeLogId.run(logId);
  }

  setLastSyncedAt(at: number): void {
    this.writeSyncedAt.run(at);
  }
}
