/**
 * Each agent's load kept as it changes (as SQLite's migration 0024, sqlite/migrations/0024-agent-load.ts):
 * open conversations per agent and channel, kept by triggers on every write of a conversation or a
 * contact's trash mark, and each agent's latest assignment stamp, written by routing. A change of one row
 * that moves a conversation between two agents updates their two load rows in key order, so two such
 * changes crossing each other wait instead of deadlocking.
 */
const T = 'text COLLATE "C"';

export const version = 7;
export const name = 'agent-load';
export const sql = `
CREATE TABLE agent_load (
  agent_id ${T} NOT NULL,
  channel_id ${T} NOT NULL,
  open_count bigint NOT NULL,
  PRIMARY KEY (agent_id, channel_id)
);

CREATE TABLE agent_assignments (
  agent_id ${T} PRIMARY KEY,
  last_assigned_at bigint NOT NULL
);

INSERT INTO agent_load (agent_id, channel_id, open_count)
  SELECT c.assignee_id, c.channel_id, count(*) FROM conversations c JOIN contacts ct ON ct.id = c.contact_id
    WHERE c.status = 'open' AND c.assignee_id IS NOT NULL AND ct.deleted_at IS NULL
    GROUP BY c.assignee_id, c.channel_id;
INSERT INTO agent_assignments (agent_id, last_assigned_at)
  SELECT c.assignee_id, max(r.assigned_at) FROM conversation_routing r JOIN conversations c ON c.id = r.conversation_id
    WHERE r.assigned_at IS NOT NULL AND c.assignee_id IS NOT NULL
    GROUP BY c.assignee_id;

-- The load row of (agent, channel) moved by delta, when the conversation counts: open, assigned, its contact
-- not in the trash.
CREATE FUNCTION agent_load_add(agent text, channel text, contact text, delta bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF agent IS NULL OR NOT EXISTS (SELECT 1 FROM contacts WHERE id = contact AND deleted_at IS NULL) THEN
    RETURN;
  END IF;
  INSERT INTO agent_load AS l (agent_id, channel_id, open_count) VALUES (agent, channel, delta)
    ON CONFLICT (agent_id, channel_id) DO UPDATE SET open_count = l.open_count + delta;
END $$;

CREATE FUNCTION conversations_keep_load() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  was_open boolean := TG_OP <> 'INSERT' AND OLD.status = 'open';
  is_open boolean := TG_OP <> 'DELETE' AND NEW.status = 'open';
BEGIN
  IF was_open AND is_open AND (OLD.assignee_id, OLD.channel_id) > (NEW.assignee_id, NEW.channel_id) THEN
    PERFORM agent_load_add(NEW.assignee_id, NEW.channel_id, NEW.contact_id, 1);
    PERFORM agent_load_add(OLD.assignee_id, OLD.channel_id, OLD.contact_id, -1);
    RETURN NULL;
  END IF;
  IF was_open THEN PERFORM agent_load_add(OLD.assignee_id, OLD.channel_id, OLD.contact_id, -1); END IF;
  IF is_open THEN PERFORM agent_load_add(NEW.assignee_id, NEW.channel_id, NEW.contact_id, 1); END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER conversations_load_insert AFTER INSERT ON conversations
  FOR EACH ROW EXECUTE FUNCTION conversations_keep_load();
CREATE TRIGGER conversations_load_update AFTER UPDATE ON conversations
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.assignee_id IS DISTINCT FROM NEW.assignee_id
    OR OLD.channel_id IS DISTINCT FROM NEW.channel_id OR OLD.contact_id IS DISTINCT FROM NEW.contact_id)
  EXECUTE FUNCTION conversations_keep_load();
CREATE TRIGGER conversations_load_delete AFTER DELETE ON conversations
  FOR EACH ROW EXECUTE FUNCTION conversations_keep_load();

-- A contact put in the trash takes its conversations out of the counts; restored, it brings them back.
CREATE FUNCTION contacts_keep_load() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO agent_load AS l (agent_id, channel_id, open_count)
    SELECT c.assignee_id, c.channel_id, CASE WHEN NEW.deleted_at IS NULL THEN count(*) ELSE -count(*) END
      FROM conversations c WHERE c.contact_id = NEW.id AND c.status = 'open' AND c.assignee_id IS NOT NULL
      GROUP BY c.assignee_id, c.channel_id ORDER BY c.assignee_id, c.channel_id
    ON CONFLICT (agent_id, channel_id) DO UPDATE SET open_count = l.open_count + excluded.open_count;
  RETURN NULL;
END $$;

CREATE TRIGGER contacts_load_trash AFTER UPDATE ON contacts
  FOR EACH ROW WHEN ((OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL))
  EXECUTE FUNCTION contacts_keep_load();
`;
