/**
 * Each agent's load, kept as it changes instead of counted at every pick (services/routing/router.ts,
 * docs/hub.md "Routing"): how many open conversations of a channel the agent holds, and when the agent was
 * last given one. Triggers keep the counts with every write of a conversation or a contact's trash mark, so
 * no write path can leave them behind; a conversation counts while it is open, assigned and its contact is
 * not in the trash (the rule the counts read before). The last assignment is written by routing itself
 * (RoutingRepository.noteAssigned). Postgres has the same tables and rules (postgres/migrations/0007).
 */
import type { MigrationDb } from '../../../../node-shared/sqlite.js';

export const version = 24;

/** The open, assigned conversation `row` (OLD or NEW) counts, when its contact is not in the trash. */
const counts = (row: 'OLD' | 'NEW'): string =>
  `${row}.status = 'open' AND ${row}.assignee_id IS NOT NULL
     AND EXISTS (SELECT 1 FROM contacts WHERE id = ${row}.contact_id AND deleted_at IS NULL)`;

const add = (row: 'OLD' | 'NEW', delta: 1 | -1): string => `
    INSERT INTO agent_load (agent_id, channel_id, open_count)
      SELECT ${row}.assignee_id, ${row}.channel_id, ${delta} WHERE ${counts(row)}
      ON CONFLICT (agent_id, channel_id) DO UPDATE SET open_count = open_count + (${delta});`;

export function up(db: MigrationDb): void {
  db.exec(`
    CREATE TABLE agent_load (
      agent_id TEXT NOT NULL,
      channel_id TEXT NOT NULL,
      -- open, assigned conversations of the channel whose contact is not in the trash
      open_count INTEGER NOT NULL,
      PRIMARY KEY (agent_id, channel_id)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE agent_assignments (
      agent_id TEXT PRIMARY KEY,
      -- the latest assignment stamp the agent got (RoutingRepository.noteAssigned): round robin's position
      last_assigned_at INTEGER NOT NULL
    ) STRICT;

    INSERT INTO agent_load (agent_id, channel_id, open_count)
      SELECT c.assignee_id, c.channel_id, count(*) FROM conversations c JOIN contacts ct ON ct.id = c.contact_id
        WHERE c.status = 'open' AND c.assignee_id IS NOT NULL AND ct.deleted_at IS NULL
        GROUP BY c.assignee_id, c.channel_id;
    INSERT INTO agent_assignments (agent_id, last_assigned_at)
      SELECT c.assignee_id, max(r.assigned_at) FROM conversation_routing r JOIN conversations c ON c.id = r.conversation_id
        WHERE r.assigned_at IS NOT NULL AND c.assignee_id IS NOT NULL
        GROUP BY c.assignee_id;

    CREATE TRIGGER conversations_load_insert AFTER INSERT ON conversations BEGIN ${add('NEW', 1)}
    END;
    CREATE TRIGGER conversations_load_update AFTER UPDATE OF status, assignee_id, channel_id, contact_id ON conversations
      WHEN OLD.status IS NOT NEW.status OR OLD.assignee_id IS NOT NEW.assignee_id
        OR OLD.channel_id IS NOT NEW.channel_id OR OLD.contact_id IS NOT NEW.contact_id
    BEGIN ${add('OLD', -1)} ${add('NEW', 1)}
    END;
    CREATE TRIGGER conversations_load_delete AFTER DELETE ON conversations BEGIN ${add('OLD', -1)}
    END;
    -- a contact put in the trash takes its conversations out of the counts; restored, it brings them back
    CREATE TRIGGER contacts_load_trash AFTER UPDATE OF deleted_at ON contacts
      WHEN (OLD.deleted_at IS NULL) != (NEW.deleted_at IS NULL)
    BEGIN
      INSERT INTO agent_load (agent_id, channel_id, open_count)
        SELECT assignee_id, channel_id, CASE WHEN NEW.deleted_at IS NULL THEN count(*) ELSE -count(*) END
          FROM conversations WHERE contact_id = NEW.id AND status = 'open' AND assignee_id IS NOT NULL
          GROUP BY assignee_id, channel_id
        ON CONFLICT (agent_id, channel_id) DO UPDATE SET open_count = open_count + excluded.open_count;
    END;
  `);
}
