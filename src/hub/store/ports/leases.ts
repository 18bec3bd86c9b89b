/**
 * Leases: work that must run on exactly one hub node (docs/scaling.md, "Work done by one node"). A lease is a
 * named row with a holder (a node id, src/hub/cluster/node-id.ts) and an expiry; a node does the work only
 * while it holds the lease, renews it well inside its TTL, and another node takes it once it has expired
 * (its holder died). A lease may keep a small value (a Telegram getUpdates offset, a sealed WeChat token)
 * that survives its holder, written only by the holder (a stale holder cannot overwrite it).
 */
export interface LeaseRepository {
  /**
   * Takes the lease if it is free or expired, renews it if `holder` has it already; one atomic statement.
   * True when `holder` now holds it until now + ttlMs; false when another holder's lease is still live.
   */
  acquire(name: string, holder: string, ttlMs: number, now: number): Promise<boolean>;
  /** Gives the lease up at once (if `holder` has it), so another node takes it without waiting for the TTL. */
  release(name: string, holder: string): Promise<void>;
  /** Who holds the lease at `now`; null when nobody does (never taken, released or expired). */
  holderOf(name: string, now: number): Promise<string | null>;
  /** Stores the lease's value if `holder` holds it at `now`; false (nothing written) otherwise. */
  setValue(name: string, holder: string, value: string, now: number): Promise<boolean>;
  /** The value last stored with the lease (kept across hand-overs); null when none. */
  valueOf(name: string): Promise<string | null>;
}
