/** The credit ledger on Postgres (as store/sqlite/credits.ts): every top-up and spend. */
import type { CreditEntry as CreditEntryView } from '../../../shared/admin/credits-trash.js';
import type { CreditEntry, CreditLedgerRepository, LedgerPageQuery } from '../ports/credits.js';
import { kindOfReason } from '../sqlite/credits.js';
import type { PgDb } from './db.js';

interface CreditRow {
  id: string;
  channel_id: string;
  delta: number;
  reason: string;
  conversation_id: string | null;
  message_id: string | null;
  agent_id: string | null;
  created_at: number;
}

const COLUMNS = `l.id, l.channel_id, l.delta, l.reason, l.conversation_id, l.message_id, l.agent_id, l.created_at`;
// ILIKE: SQLite's LIKE ignores ASCII case.
const SPEND = `l.delta < 0 AND l.reason ILIKE 'conversation:%'`;
const NOT_REFUNDED = `NOT EXISTS (SELECT 1 FROM credit_ledger r WHERE r.message_id = l.message_id AND r.reason = 'refund')`;

const toEntry = (r: CreditRow): CreditEntry => ({
  id: r.id,
  channelId: r.channel_id,
  delta: r.delta,
  reason: r.reason,
  conversationId: r.conversation_id,
  messageId: r.message_id,
  agentId: r.agent_id,
  createdAt: r.created_at,
});

export class PostgresCreditLedgerRepository implements CreditLedgerRepository {
  constructor(private readonly db: PgDb) {}

  async append(e: CreditEntry): Promise<void> {
    await this.db.run(
      `INSERT INTO credit_ledger (id, channel_id, delta, reason, conversation_id, message_id, agent_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [e.id, e.channelId, e.delta, e.reason, e.conversationId, e.messageId, e.agentId, e.createdAt],
    );
  }

  async page(channelId: string, q: LedgerPageQuery): Promise<CreditEntryView[]> {
    // One statement for every filter combination: a filter left NULL matches everything.
    const rows = await this.db.query<CreditRow & { contact_name: string | null; agent_name: string | null }>(
      `SELECT ${COLUMNS}, ct.name AS contact_name, a.name AS agent_name FROM credit_ledger l
         LEFT JOIN conversations c ON c.id = l.conversation_id
         LEFT JOIN contacts ct ON ct.id = c.contact_id
         LEFT JOIN agents a ON a.id = l.agent_id
       WHERE l.channel_id = $1
         AND ($2::text IS NULL OR ($2::text = 'charge' AND l.reason ILIKE 'conversation:%') OR l.reason = $2::text)
         AND ($3::bigint IS NULL OR l.created_at >= $3::bigint)
         AND ($4::bigint IS NULL OR l.created_at < $4::bigint)
         AND ($5::text IS NULL OR l.conversation_id = $5::text)
         AND ($6::bigint IS NULL OR l.created_at < $6::bigint OR (l.created_at = $6::bigint AND l.id < $7::text))
       ORDER BY l.created_at DESC, l.id DESC LIMIT $8`,
      [channelId, q.kind, q.from, q.to, q.conversationId, q.after?.createdAt ?? null, q.after?.id ?? null, q.limit],
    );
    return rows.map((row) => ({
      ...toEntry(row),
      kind: kindOfReason(row.reason),
      contactName: row.contact_name,
      agentName: row.agent_name,
    }));
  }

  async chargesSince(conversationId: string, since: number): Promise<CreditEntry[]> {
    const rows = await this.db.query<CreditRow>(
      `SELECT ${COLUMNS} FROM credit_ledger l WHERE l.conversation_id = $1 AND l.created_at > $2 AND ${SPEND}
           AND (l.message_id IS NULL OR ${NOT_REFUNDED})
         ORDER BY l.created_at DESC, l.id DESC`,
      [conversationId, since],
    );
    return rows.map(toEntry);
  }

  async unrefundedChargeOf(messageId: string): Promise<CreditEntry | null> {
    const row = await this.db.one<CreditRow>(
      `SELECT ${COLUMNS} FROM credit_ledger l WHERE l.message_id = $1 AND ${SPEND} AND ${NOT_REFUNDED}`,
      [messageId],
    );
    return row ? toEntry(row) : null;
  }
}
