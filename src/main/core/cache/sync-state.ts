/** Where this cache stands against the hub's event log: the last applied sequence and when it caught up. */
import { z } from 'zod';
import type { CacheDb } from './cache-db.js';

const SyncStateRow = z.object({ last_seq: z.number().int().nonnegative(), last_synced_at: z.number().nullable() });
export interface SyncState {
  readonly lastSeq: number;
  readonly lastSyncedAt: number | null;
}

export class SyncStateStore {
  private readonly read;
  private readonly writeSeq;
  private readonly writeSyncedAt;

  constructor(db: CacheDb) {
    this.read = db.prepare('SELECT last_seq, last_synced_at FROM sync_state WHERE id = 1');
    this.writeSeq = db.prepare('UPDATE sync_state SET last_seq = ? WHERE id = 1');
    this.writeSyncedAt = db.prepare('UPDATE sync_state SET last_synced_at = ? WHERE id = 1');
  }

  get(): SyncState {
    const row = SyncStateRow.parse(this.read.get());
    return { lastSeq: row.last_seq, lastSyncedAt: row.last_synced_at };
  }

  /** Call inside the transaction that applied the events up to `seq`. */
  setLastSeq(seq: number): void {
    this.writeSeq.run(seq);
  }

  setLastSyncedAt(at: number): void {
    this.writeSyncedAt.run(at);
  }
}
