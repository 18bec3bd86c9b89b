/**
 * WhatsApp template categories Meta decides (issue 12 §3, FAQ 64): Meta cannot
 * change an approved template's category, so a change is a new template under
 * review kept beside the approved one, and Meta's own re-categorisations are
 * announced a day ahead (`template_category_update`).
 */
import type { MigrationDb } from '../../../../node-shared/sqlite.js';

export const version = 9;

export function up(db: MigrationDb): void {
  db.exec(`
    -- JSON TemplateResubmission: the new Meta template waiting for approval in the new category; NULL for none
    ALTER TABLE templates ADD COLUMN resubmission TEXT;
    -- the category Meta announced it will set, and when (ms); NULL when it announced nothing
    ALTER TABLE templates ADD COLUMN category_change_to TEXT;
    ALTER TABLE templates ADD COLUMN category_change_at INTEGER;
    CREATE INDEX templates_by_resubmission_id
      ON templates(channel_id, json_extract(resubmission, '$.providerTemplateId'));
  `);
}
