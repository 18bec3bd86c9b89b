/** The credit ledger: every top-up and spend, next to the balance kept on the channel. */
import type { CreditEntry as CreditEntryView, CreditEntryKind } from '../../../shared/admin/credits-trash.js';
import type { SqliteDb } from './db.js';
import { once } from '../../../node-shared/prepared.js';
import type { CreditEntry, LedgerPageQuery, CreditLedgerRepository } from '../ports/credits.js';

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

const SPEND = `delta < 0 AND reason LIKE 'conversation:%'`;
const NOT_REFUNDED = `NOT EXISTS (SELECT 1 FROM credit_ledger r WHERE r.message_id = l.message_id AND r.reason = 'refund')`;
/** The time of conversation `c`'s last charge not refunded (a subquery of the conversation rows; template-charge.ts). */
export const LAST_CHARGE_OF_CONVERSATION = `SELECT max(l.created_at) FROM credit_ledger l
  WHERE l.conversation_id = c.id AND l.delta < 0 AND l.reason LIKE 'conversation:%'
    AND (l.message_id IS NULL OR ${NOT_REFUNDED})`;

/** The kind of an entry, from its reason: `conversation:<category>` is a charge. */
export function kindOfReason(reason: string): CreditEntryKind {
  if (reason === 'refund') return 'refund';
  if (reason === 'top-up') return 'top-up';
  return 'charge';
}

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

interface PageParams {
  channel: string;
  kind: CreditEntryKind | null;
  from: number | null;
  to: number | null;
  conversation: string | null;
  afterAt: number | null;
  afterId: string | null;
  limit: number;
}

export class SqliteCreditLedgerRepository implements CreditLedgerRepository {
  private readonly appendStatement = once(() =>
    this.db.prepare(`INSERT INTO credit_ledger (id, channel_id, delta, reason, conversation_id, message_id, agent_id,
           created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
  );
  // One statement for every filter combination: a filter left NULL matches everything.
  private readonly pageStatement = once(() =>
    this.db.prepare<PageParams, CreditRow & { contact_name: string | null; agent_name: string | null }>(
      `SELECT l.*, ct.name AS contact_name, a.name AS agent_name FROM credit_ledger l
         LEFT JOIN conversations c ON c.id = l.conversation_id
         LEFT JOIN contacts ct ON ct.id = c.contact_id
         LEFT JOIN agents a ON a.id = l.agent_id
       WHERE l.channel_id = @channel
         AND (@kind IS NULL OR (@kind = 'charge' AND l.reason LIKE 'conversation:%') OR l.reason = @kind)
         AND (@from IS NULL OR l.created_at >= @from)
         AND (@to IS NULL OR l.created_at < @to)
         AND (@conversation IS NULL OR l.conversation_id = @conversation)
         AND (@afterAt IS NULL OR l.created_at < @afterAt OR (l.created_at = @afterAt AND l.id < @afterId))
       ORDER BY l.created_at DESC, l.id DESC LIMIT @limit`,
    ),
  );
  private readonly chargesSinceStatement = once(() =>
    this.db.prepare<
      [string, number],
      CreditRow
    >(`SELECT * FROM credit_ledger l WHERE conversation_id = ? AND created_at > ? AND ${SPEND}
           AND (message_id IS NULL OR ${NOT_REFUNDED})
         ORDER BY created_at DESC, id DESC`),
  );
  private readonly unrefundedChargeOfStatement = once(() =>
    this.db.prepare<[string], CreditRow>(
      `SELECT * FROM credit_ledger l WHERE message_id = ? AND ${SPEND} AND ${NOT_REFUNDED}`,
    ),
  );

  constructor(private readonly db: SqliteDb) {}

  async append(e: CreditEntry): Promise<void> {
    this.appendStatement().run(
      e.id,
      e.channelId,
      e.delta,
      e.reason,
      e.conversationId,
      e.messageId,
      e.agentId,
      e.createdAt,
    );
  }

  async page(channelId: string, q: LedgerPageQuery): Promise<CreditEntryView[]> {
    const rows = this.pageStatement().all({
      channel: channelId,
      kind: q.kind,
      from: q.from,
      to: q.to,
      conversation: q.conversationId,
      afterAt: q.after?.createdAt ?? null,
      afterId: q.after?.id ?? null,
      limit: q.limit,
    });
    return rows.map((row) => ({
      ...toEntry(row),
      kind: kindOfReason(row.reason),
      contactName: row.contact_name,
      agentName: row.agent_name,
    }));
  }

  async chargesSince(conversationId: string, since: number): Promise<CreditEntry[]> {
    return this.chargesSinceStatement().all(conversationId, since).map(toEntry);
  }

  async unrefundedChargeOf(messageId: string): Promise<CreditEntry | null> {
    const row = this.unrefundedChargeOfStatement().get(messageId);
    return row ? toEntry(row) : null;
  }
}
