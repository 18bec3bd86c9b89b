/**
 * Agent access (issue 12): temporary passwords the agent must replace, and
 * single-use invitation links. Only token hashes are stored, like sessions.
 */
import type { MigrationDb } from '../../../../node-shared/sqlite.js';

export const version = 5;

export function up(db: MigrationDb): void {
  db.exec(`
    -- 1 while the agent's password is a temporary one an admin was shown: sign-in then opens a session
    -- that can do nothing but replace it
    ALTER TABLE agents ADD COLUMN password_change_required INTEGER NOT NULL DEFAULT 0;
    -- 1 for a session opened with a temporary password, until that session replaced it
    ALTER TABLE sessions ADD COLUMN password_change_required INTEGER NOT NULL DEFAULT 0;

    CREATE TABLE agent_invitations (
      -- sha256 (hex) of the token in the link; the token itself is shown once to the admin
      token_hash TEXT PRIMARY KEY,
      agent_id TEXT NOT NULL REFERENCES agents(id),
      -- the admin who issued it
      created_by TEXT REFERENCES agents(id),
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      -- set when the agent used it; an invitation works once
      used_at INTEGER
    ) STRICT;
    CREATE INDEX agent_invitations_by_agent ON agent_invitations(agent_id, created_at);
  `);
}
