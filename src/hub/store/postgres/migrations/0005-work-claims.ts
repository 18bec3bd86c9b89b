/**
 * Leases on work that must happen once across nodes (store/postgres/claims.ts, docs/scaling.md "Sends when
 * a node dies"): the node holding a queued message's send or a pending attachment's download, and until
 * when (ms). A lease that has run out is anyone's to take.
 */
export const version = 5;
export const name = 'work-claims';
export const sql = `
ALTER TABLE messages ADD COLUMN claimed_by text;
ALTER TABLE messages ADD COLUMN lease_until bigint;
ALTER TABLE attachments ADD COLUMN claimed_by text;
ALTER TABLE attachments ADD COLUMN lease_until bigint;
-- finds a conversation's older queued messages (the order check of every claim)
CREATE INDEX messages_queued_by_conversation ON messages (conversation_id, id COLLATE "C") WHERE state = 'queued';
`;
