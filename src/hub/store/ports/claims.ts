/**
 * Work that must happen once across hub nodes (docs/scaling.md "Sends when a node dies"): an outbound send
 * or an inbound media download is claimed in the database by one node, with a lease. The claimer does the
 * work and stores its outcome; a lease that runs out (the node died mid-way) lets any node claim it again.
 * On Postgres the claim is a row lock taken with SKIP LOCKED plus `claimed_by` / `lease_until`; on SQLite
 * the hub is one node, so every claim is granted (the in-memory lanes of the dispatcher keep the order).
 */
export interface WorkClaimRepository {
  /**
   * Claims queued outbound message `messageId` for `nodeId` until `leaseUntil` (ms). Granted only when the
   * message is still queued, is the oldest queued message of its conversation (so a conversation's messages
   * go out in order whichever node sends them), and nobody else holds a live lease on it. Renewing one's own
   * claim is granted the same way.
   */
  claimMessage(messageId: string, nodeId: string, now: number, leaseUntil: number): Promise<boolean>;
  /** Ends `nodeId`'s claim on the message (after its outcome is stored; a sent or failed message is never claimed again). */
  releaseMessage(messageId: string, nodeId: string): Promise<void>;
  /** Claims pending attachment `attachmentId` for a download, on the same terms (no order between attachments). */
  claimAttachment(attachmentId: string, nodeId: string, now: number, leaseUntil: number): Promise<boolean>;
  releaseAttachment(attachmentId: string, nodeId: string): Promise<void>;
}
