/** Channel health rows (migration 0004): the facts per channel and the status derived from them. */
import { ProviderErrorFact, QualityFact, TokenFact, WebhookFact } from '../../../shared/admin/health.js';
import { HealthReason, HealthStatus, type ChannelHealthSummary } from '../../../shared/domain.js';
import type { SqliteDb } from './db.js';
import { readJson } from '../json-column.js';
import { once } from '../../../node-shared/prepared.js';
import type { ChannelHealthRecord, ChannelHealthRepository } from '../ports/channel-health.js';

interface HealthRow {
  channel_id: string;
  status: string;
  reason: string | null;
  status_since: number;
  last_inbound_at: number | null;
  last_sent_at: number | null;
  send_failures_in_row: number;
  last_error: string | null;
  token: string | null;
  webhook: string | null;
  quality: string | null;
  updated_at: number;
}

type SummaryRow = Pick<HealthRow, 'status' | 'reason' | 'status_since'>;

const json = (value: unknown): string | null => (value === null ? null : JSON.stringify(value));

export class SqliteChannelHealthRepository implements ChannelHealthRepository {
  private readonly findStatement = once(() =>
    this.db.prepare<[string], HealthRow>(`SELECT * FROM channel_health WHERE channel_id = ?`),
  );
  private readonly summaryStatement = once(() =>
    this.db.prepare<[string], SummaryRow>(
      `SELECT status, reason, status_since FROM channel_health WHERE channel_id = ?`,
    ),
  );
  private readonly saveStatement = once(() =>
    this.db.prepare(`INSERT INTO channel_health (channel_id, status, reason, status_since, last_inbound_at,
           last_sent_at, send_failures_in_row, last_error, token, webhook, quality, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (channel_id) DO UPDATE SET status = excluded.status, reason = excluded.reason,
           status_since = excluded.status_since, last_inbound_at = excluded.last_inbound_at,
           last_sent_at = excluded.last_sent_at, send_failures_in_row = excluded.send_failures_in_row,
           last_error = excluded.last_error, token = excluded.token, webhook = excluded.webhook,
           quality = excluded.quality, updated_at = excluded.updated_at`),
  );

  constructor(private readonly db: SqliteDb) {}

  async find(channelId: string): Promise<ChannelHealthRecord | null> {
    const row = this.findStatement().get(channelId);
    if (!row) return null;
    const summary = toSummary(row);
    if (!summary) return null;
    const where = (column: string) => ({ column: `channel_health.${column}`, id: row.channel_id });
    return {
      channelId: row.channel_id,
      ...summary,
      lastInboundAt: row.last_inbound_at,
      lastSentAt: row.last_sent_at,
      sendFailuresInRow: row.send_failures_in_row,
      lastError:
        row.last_error === null ? null : readJson(ProviderErrorFact, row.last_error, where('last_error'), null),
      token: row.token === null ? null : readJson(TokenFact, row.token, where('token'), null),
      webhook: row.webhook === null ? null : readJson(WebhookFact, row.webhook, where('webhook'), null),
      quality: row.quality === null ? null : readJson(QualityFact, row.quality, where('quality'), null),
      updatedAt: row.updated_at,
    };
  }

  async summaryOf(channelId: string): Promise<ChannelHealthSummary | null> {
    const row = this.summaryStatement().get(channelId);
    return row ? toSummary(row) : null;
  }

  async save(r: ChannelHealthRecord): Promise<void> {
    this.saveStatement().run(
      r.channelId,
      r.status,
      r.reason,
      r.since,
      r.lastInboundAt,
      r.lastSentAt,
      r.sendFailuresInRow,
      json(r.lastError),
      json(r.token),
      json(r.webhook),
      json(r.quality),
      r.updatedAt,
    );
  }
}

/** A status or reason this hub does not know (a newer hub's row) reads as not judged yet. */
function toSummary(row: SummaryRow): ChannelHealthSummary | null {
  const status = HealthStatus.safeParse(row.status);
  const reason = HealthReason.nullable().safeParse(row.reason);
  if (!status.success || !reason.success) return null;
  return { status: status.data, reason: reason.data, since: row.status_since };
}
