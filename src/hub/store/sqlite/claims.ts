/**
 * An SQLite hub is one node (docs/scaling.md): every claim is granted and nothing is written. The
 * dispatcher's in-memory lanes keep a conversation's order, and a restart resumes whatever is still queued
 * or pending. The columns exist (migration 0021) so both schemas stay the same.
 */
import type { WorkClaimRepository } from '../ports/claims.js';

export class SqliteWorkClaimRepository implements WorkClaimRepository {
  async claimMessage(): Promise<boolean> {
    return true;
  }

  async releaseMessage(): Promise<void> {}

  async claimAttachment(): Promise<boolean> {
    return true;
  }

  async releaseAttachment(): Promise<void> {}
}
