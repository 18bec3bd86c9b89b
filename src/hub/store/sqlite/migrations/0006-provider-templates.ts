/**
 * WhatsApp templates synced with Meta (issue 12 §3): the parts beyond the
 * body, Meta's id and rejection reason on each template, and one row per
 * channel recording the last sync with its WhatsApp Business Account.
 */
import type { MigrationDb } from '../../../../node-shared/sqlite.js';

export const version = 6;

export function up(db: MigrationDb): void {
  db.exec(`
    -- JSON TemplateHeader (text or media) or NULL for none
    ALTER TABLE templates ADD COLUMN header TEXT;
    ALTER TABLE templates ADD COLUMN footer TEXT;
    -- JSON TemplateButton[]
    ALTER TABLE templates ADD COLUMN buttons TEXT NOT NULL DEFAULT '[]';
    -- JSON string[]: the example Meta reviews each body placeholder with
    ALTER TABLE templates ADD COLUMN examples TEXT NOT NULL DEFAULT '[]';
    -- Meta's message template id; NULL for Twilio templates
    ALTER TABLE templates ADD COLUMN provider_template_id TEXT;
    ALTER TABLE templates ADD COLUMN rejection_reason TEXT;
    CREATE INDEX templates_by_provider_id ON templates(channel_id, provider_template_id);

    CREATE TABLE template_syncs (
      channel_id TEXT PRIMARY KEY REFERENCES channels(id),
      -- sha256 of the credentials the sync used: new credentials make the channel due at once
      fingerprint TEXT NOT NULL,
      attempted_at INTEGER NOT NULL,
      -- the last sync that read every page; NULL until one has
      synced_at INTEGER,
      -- the last attempt's refusal (an ErrorCode and the provider's words); NULL when it succeeded
      error_code TEXT,
      error_message TEXT,
      template_count INTEGER NOT NULL DEFAULT 0
    ) STRICT;
  `);
}
