/**
 * Credit settings and the contacts trash (issue 12): an admin's low-balance
 * warning per WhatsApp channel (kept next to the balance it is compared
 * with), who made each ledger entry (the admin of a top-up), and the index
 * the trash list pages through. Purged contacts leave no row behind.
 */
import type { MigrationDb } from '../../../../node-shared/sqlite.js';

export const version = 8;

export function up(db: MigrationDb): void {
  db.exec(`
    -- at or below this balance the channel's credits are shown as low; NULL = no warning
    ALTER TABLE channels ADD COLUMN credits_low_balance_threshold INTEGER;

    -- the agent (an admin) who bought a top-up; NULL for charges and refunds the hub made itself
    ALTER TABLE credit_ledger ADD COLUMN agent_id TEXT;
    CREATE INDEX credit_ledger_page_by_channel ON credit_ledger(channel_id, created_at DESC, id DESC);

    CREATE INDEX contacts_in_trash ON contacts(deleted_at DESC, id DESC) WHERE deleted_at IS NOT NULL;
  `);
}
