/** Channel health rows on Postgres: the facts per channel and the status derived from them (sqlite/channel-health.ts). */
import { ProviderErrorFact, QualityFact, TokenFact, WebhookFact } from '../../../shared/admin/health.js';
import { HealthReason, HealthStatus, type ChannelHealthSummary } from '../../../shared/domain.js';
import type { ChannelHealthRecord, ChannelHealthRepository } from '../ports/channel-health.js';
import { readJson } from '../json-column.js';
import type { PgDb } from './db.js';

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

/** The columns a summary is made of; a channel read joins them in (postgres/channels.ts). */
export interface HealthSummaryRow {
  readonly status: string | null;
  readonly reason: string | null;
  readonly status_since: number | null;
}

const json = (value: unknown): string | null => (value === null ? null : JSON.stringify(value));

export class PostgresChannelHealthRepository implements ChannelHealthRepository {
  constructor(private readonly db: PgDb) {}

  async find(channelId: string): Promise<ChannelHealthRecord | null> {
    const row = await this.db.one<HealthRow>(`SELECT * FROM channel_health WHERE channel_id = $1`, [channelId]);
    if (!row) return null;
    const summary = healthSummaryOf(row);
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
    const row = await this.db.one<HealthSummaryRow>(
      `SELECT status, reason, status_since FROM channel_health WHERE channel_id = $1`,
      [channelId],
    );
    return row ? healthSummaryOf(row) : null;
  }

  async save(r: ChannelHealthRecord): Promise<void> {
    await this.db.run(
      `INSERT INTO channel_health (channel_id, status, reason, status_since, last_inbound_at,
           last_sent_at, send_failures_in_row, last_error, token, webhook, quality, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (channel_id) DO UPDATE SET status = EXCLUDED.status, reason = EXCLUDED.reason,
           status_since = EXCLUDED.status_since, last_inbound_at = EXCLUDED.last_inbound_at,
           last_sent_at = EXCLUDED.last_sent_at, send_failures_in_row = EXCLUDED.send_failures_in_row,
           last_error = EXCLUDED.last_error, token = EXCLUDED.token, webhook = EXCLUDED.webhook,
           quality = EXCLUDED.quality, updated_at = EXCLUDED.updated_at`,
      [
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
      ],
    );
  }
}

/**
 * The summary of a row, or null: no row (a LEFT JOIN's nulls), or a status or reason this hub does not know
 * (a newer hub's row), which reads as not judged yet, as on SQLite.
 */
export function healthSummaryOf(row: HealthSummaryRow): ChannelHealthSummary | null {
  if (row.status === null || row.status_since === null) return null;
  const status = HealthStatus.safeParse(row.status);
  const reason = HealthReason.nullable().safeParse(row.reason);
  if (!status.success || !reason.success) return null;
  return { status: status.data, reason: reason.data, since: row.status_since };
}
