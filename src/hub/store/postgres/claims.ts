/**
 * Leases on outbound sends and media downloads, shared by every node (ports/claims.ts). A claim is one
 * statement: the row is locked with FOR UPDATE SKIP LOCKED (a node claiming it at the same moment skips it
 * instead of waiting), re-checked, and stamped with the claimer and the lease's end. Ids are UUIDv7, so
 * `id COLLATE "C"` orders a conversation's messages as they were written.
 */
import type { WorkClaimRepository } from '../ports/claims.js';
import type { PgDb } from './db.js';

const CLAIM_MESSAGE = `
WITH target AS (
  SELECT m.id, m.conversation_id FROM messages m
  WHERE m.id = $1 AND m.state = 'queued'
    AND (m.claimed_by IS NULL OR m.claimed_by = $2 OR m.lease_until <= $3)
  FOR UPDATE SKIP LOCKED
)
UPDATE messages SET claimed_by = $2, lease_until = $4
FROM target
WHERE messages.id = target.id
  AND NOT EXISTS (
    SELECT 1 FROM messages older
    WHERE older.conversation_id = target.conversation_id AND older.state = 'queued'
      AND older.id COLLATE "C" < target.id COLLATE "C")
RETURNING messages.id`;

const CLAIM_ATTACHMENT = `
WITH target AS (
  SELECT a.id FROM attachments a
  WHERE a.id = $1 AND a.status = 'pending'
    AND (a.claimed_by IS NULL OR a.claimed_by = $2 OR a.lease_until <= $3)
  FOR UPDATE SKIP LOCKED
)
UPDATE attachments SET claimed_by = $2, lease_until = $4
FROM target WHERE attachments.id = target.id
RETURNING attachments.id`;

export class PostgresWorkClaimRepository implements WorkClaimRepository {
  constructor(private readonly db: PgDb) {}

  async claimMessage(messageId: string, nodeId: string, now: number, leaseUntil: number): Promise<boolean> {
    return (await this.db.query(CLAIM_MESSAGE, [messageId, nodeId, now, leaseUntil])).length > 0;
  }

  async releaseMessage(messageId: string, nodeId: string): Promise<void> {
    await this.db.run('UPDATE messages SET claimed_by = NULL, lease_until = NULL WHERE id = $1 AND claimed_by = $2', [
      messageId,
      nodeId,
    ]);
  }

  async claimAttachment(attachmentId: string, nodeId: string, now: number, leaseUntil: number): Promise<boolean> {
    return (await this.db.query(CLAIM_ATTACHMENT, [attachmentId, nodeId, now, leaseUntil])).length > 0;
  }

  async releaseAttachment(attachmentId: string, nodeId: string): Promise<void> {
    await this.db.run(
      'UPDATE attachments SET claimed_by = NULL, lease_until = NULL WHERE id = $1 AND claimed_by = $2',
      [attachmentId, nodeId],
    );
  }
}
