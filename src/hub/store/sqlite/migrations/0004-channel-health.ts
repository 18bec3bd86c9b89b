/**
 * Channel health (docs/hub.md, "Channel health"): what the hub saw of each
 * channel's provider — last inbound, last accepted send, the last provider
 * error, the token check, the webhook and number quality reports — and the
 * status derived from them, kept so a restart does not forget a failing
 * channel and every Channel read carries its summary without recomputing.
 */
import type { MigrationDb } from '../../../../node-shared/sqlite.js';

export const version = 4;

export function up(db: MigrationDb): void {
  db.exec(`
    CREATE TABLE channel_health (
      channel_id TEXT PRIMARY KEY REFERENCES channels(id),
      -- derived from the columns below (ok | warning | failing | unknown) with its reason code
      status TEXT NOT NULL,
      reason TEXT,
      -- when status and reason last changed
      status_since INTEGER NOT NULL,
      -- written at most every few seconds (kept in memory in between), so webhooks stay one write each
      last_inbound_at INTEGER,
      last_sent_at INTEGER,
      -- send attempts in a row that failed for the channel's sake, since the last accepted send
      send_failures_in_row INTEGER NOT NULL DEFAULT 0,
      -- JSON: ProviderErrorFact, TokenFact, WebhookFact, QualityFact (src/shared/admin/health.ts)
      last_error TEXT,
      token TEXT,
      webhook TEXT,
      quality TEXT,
      updated_at INTEGER NOT NULL
    ) STRICT;
  `);
}
