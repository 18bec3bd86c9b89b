/**
 * Writes the hub's entities into the cache. Every write is an upsert keyed by
 * the entity id, so applying the same event twice changes nothing; an older
 * snapshot of a message or conversation (by updatedAt) never overwrites a
 * newer one. Callers group writes in a transaction; this module never opens one.
 */
import type { Agent, Channel, Contact, Conversation, Message, Presence, Template } from '../../../shared/domain.js';
import { once } from '../../../node-shared/prepared.js';
import { scrubbingDeletes } from '../../../node-shared/sqlite.js';
import type { SearchIndex } from '../search/search-index.js';
import type { CacheDb } from './cache-db.js';

/** What a message upsert changed, for notifications and change events. */
export interface MessageWrite {
  readonly isNew: boolean;
  readonly changed: boolean;
  /** The unread count of the conversation cannot be adjusted by one and must be counted again. */
  readonly recount: boolean;
}

/** What removing a purged contact dropped that lives outside these tables (files, staged replies). */
export interface RemovedContact {
  readonly conversationIds: string[];
  /** Outbox entries of its conversations. */
  readonly clientIds: string[];
  /** Attachments of its messages (their cached files, if any). */
  readonly attachmentIds: string[];
}

/** The conversation as it was before an upsert (undefined: first seen). */
export interface ConversationWrite {
  readonly previousAssigneeId: string | null | undefined;
  readonly changed: boolean;
}

const digitsOnly = (phone: string | null): string | null => {
  const digits = phone?.replace(/\D/g, '') ?? '';
  return digits === '' ? null : digits;
};

export class EntityStore {
  private readonly stmt;

  constructor(
    private readonly db: CacheDb,
    private readonly search: SearchIndex,
  ) {
    this.stmt = {
      agent: db.prepare(`INSERT INTO agents (id, name, active, presence, json) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET name = excluded.name, active = excluded.active, json = excluded.json`),
      presence: db.prepare('UPDATE agents SET presence = ? WHERE id = ?'),
      channel: db.prepare(`INSERT INTO channels (id, kind, name, json) VALUES (?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, json = excluded.json`),
      contactRid: db.prepare<[string], { rid: number }>('SELECT rid FROM contacts WHERE id = ?'),
      contact: db.prepare(`INSERT INTO contacts (id, channel_id, name, phone_digits, deleted_at, json)
        VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET channel_id = excluded.channel_id, name = excluded.name,
          phone_digits = excluded.phone_digits, deleted_at = excluded.deleted_at, json = excluded.json
        RETURNING rid`),
      conversationHead: db.prepare<[string], { assignee_id: string | null; updated_at: number; json: string }>(
        'SELECT assignee_id, updated_at, json FROM conversations WHERE id = ?',
      ),
      conversation: db.prepare(`INSERT INTO conversations (id, channel_id, contact_id, status, assignee_id,
          last_message_at, last_inbound_at, updated_at, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET channel_id = excluded.channel_id, contact_id = excluded.contact_id,
          status = excluded.status, assignee_id = excluded.assignee_id, last_message_at = excluded.last_message_at,
          last_inbound_at = excluded.last_inbound_at, updated_at = excluded.updated_at, json = excluded.json`),
      messageHead: db.prepare<
        [string],
        {
          rid: number;
          updated_at: number;
          json: string;
          conversation_id: string;
          created_at: number;
          direction: string;
        }
      >('SELECT rid, updated_at, json, conversation_id, created_at, direction FROM messages WHERE id = ?'),
      // No RETURNING: measured 6× slower than reading lastInsertRowid (docs/benchmarks.md, "cache ingest").
      insertMessage: db.prepare(`INSERT INTO messages (id, conversation_id, direction, kind, sender_agent_id,
          client_id, created_at, updated_at, synced_seq, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      updateMessage: db.prepare(`UPDATE messages SET conversation_id = ?, direction = ?, kind = ?,
          sender_agent_id = ?, client_id = ?, created_at = ?, updated_at = ?, json = ? WHERE rid = ?`),
      deleteAttachments: db.prepare('DELETE FROM message_attachments WHERE message_id = ?'),
      attachment: db.prepare(`INSERT OR REPLACE INTO message_attachments
        (attachment_id, message_id, conversation_id, created_at, json) VALUES (?, ?, ?, ?, ?)`),
      template: db.prepare(`INSERT INTO templates (id, channel_id, json) VALUES (?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET channel_id = excluded.channel_id, json = excluded.json`),
      readMarker:
        db.prepare(`INSERT INTO read_markers (conversation_id, read_at, pending) VALUES (@id, @readAt, @pending)
        ON CONFLICT (conversation_id) DO UPDATE SET read_at = max(read_at, excluded.read_at),
          pending = CASE WHEN excluded.read_at >= read_at THEN excluded.pending ELSE pending END`),
      readMarkerBack: db.prepare(`INSERT INTO read_markers (conversation_id, read_at, pending) VALUES (@id, @readAt, 0)
        ON CONFLICT (conversation_id) DO UPDATE SET read_at = excluded.read_at, pending = 0`),
      // A new inbound message newer than the read marker: one more unread, without counting them all.
      // A new inbound message newer than the read marker: one more unread, without counting them all
      // (a narrow table, migration 0006: far cheaper to update than the conversation row).
      unreadPlusOne: db.prepare(`UPDATE conversation_unread SET unread = unread + 1 WHERE conversation_id = @id
        AND @createdAt > coalesce((SELECT read_at FROM read_markers WHERE conversation_id = @id), 0)`),
      unread: db.prepare(`UPDATE conversation_unread SET unread = (SELECT count(*) FROM messages m
          WHERE m.conversation_id = @id AND m.direction = 'in'
            AND m.created_at > coalesce((SELECT read_at FROM read_markers WHERE conversation_id = @id), 0))
        WHERE conversation_id = @id`),
    };
  }

  /**
   * The presence inside a logged agent event is as old as the event; live
   * presence comes from presence pushes and refreshes, so an existing row keeps its own.
   */
  upsertAgent(agent: Agent): void {
    this.stmt.agent.run(agent.id, agent.name, agent.active ? 1 : 0, agent.presence, JSON.stringify(agent));
  }

  setPresence(agentId: string, presence: Presence): void {
    this.stmt.presence.run(presence, agentId);
  }

  upsertChannel(channel: Channel): void {
    this.stmt.channel.run(channel.id, channel.kind, channel.name, JSON.stringify(channel));
  }

  /** The agent lost sight of a channel: drop everything of it except outbox and drafts. */
  removeChannel(channelId: string): void {
    const removal = this.channelRemoval();
    for (const { rid } of removal.messageRids.all(channelId)) this.search.removeMessage(rid);
    for (const { rid } of removal.contactRids.all(channelId)) this.search.removeContact(rid);
    for (const remove of removal.deletes) remove.run(channelId);
  }

  /** removeChannel's statements, prepared on its first use (a channel is rarely removed). */
  private readonly channelRemoval = once(() => {
    const ofChannel = 'conversation_id IN (SELECT id FROM conversations WHERE channel_id = ?)';
    return {
      messageRids: this.db.prepare<[string], { rid: number }>(
        'SELECT m.rid FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.channel_id = ?',
      ),
      contactRids: this.db.prepare<[string], { rid: number }>('SELECT rid FROM contacts WHERE channel_id = ?'),
      deletes: [
        `DELETE FROM message_attachments WHERE ${ofChannel}`,
        `DELETE FROM messages WHERE ${ofChannel}`,
        'DELETE FROM conversations WHERE channel_id = ?',
        'DELETE FROM contacts WHERE channel_id = ?',
        'DELETE FROM templates WHERE channel_id = ?',
        'DELETE FROM channels WHERE id = ?',
      ].map((sql) => this.db.prepare<[string]>(sql)),
    };
  });

  /**
   * An admin purged the contact on the hub: drop it, its conversations (the ids named and any other the
   * cache knows by contact), their messages, attachment rows, search entries, read markers, drafts and
   * unsent replies. Returns the conversations and outbox entries dropped (their files are the caller's).
   * SQLite overwrites what it deletes here (secure_delete); ClientCache.scrub finishes the job.
   */
  removeContact(contactId: string, conversationIds: readonly string[]): RemovedContact {
    return scrubbingDeletes(this.db, () => this.deleteContact(contactId, conversationIds));
  }

  /** removeContact's statements, prepared on its first use; `?` of the lists is a JSON array of ids. */
  private readonly contactRemoval = once(() => {
    const inAll = '(SELECT value FROM json_each(?))';
    return {
      conversationIds: this.db.prepare<[string, string], { id: string }>(
        `SELECT id FROM conversations WHERE contact_id = ? OR id IN ${inAll}`,
      ),
      messageRids: this.db.prepare<[string], { rid: number }>(
        `SELECT rid FROM messages WHERE conversation_id IN ${inAll}`,
      ),
      clientIds: this.db.prepare<[string], { client_id: string }>(
        `SELECT client_id FROM outbox WHERE conversation_id IN ${inAll}`,
      ),
      attachmentIds: this.db.prepare<[string], { attachment_id: string }>(
        `SELECT attachment_id FROM message_attachments WHERE conversation_id IN ${inAll}`,
      ),
      deletes: [
        ...['message_attachments', 'messages', 'read_markers', 'drafts', 'outbox'].map(
          (table) => `DELETE FROM ${table} WHERE conversation_id IN ${inAll}`,
        ),
        `DELETE FROM conversations WHERE id IN ${inAll}`,
      ].map((sql) => this.db.prepare<[string]>(sql)),
      contact: this.db.prepare<[string]>('DELETE FROM contacts WHERE id = ?'),
    };
  });

  private deleteContact(contactId: string, conversationIds: readonly string[]): RemovedContact {
    const removal = this.contactRemoval();
    const ids = removal.conversationIds.all(contactId, JSON.stringify(conversationIds)).map((r) => r.id);
    const all = JSON.stringify([...new Set([...ids, ...conversationIds])]);
    for (const { rid } of removal.messageRids.all(all)) this.search.removeMessage(rid);
    const contactRid = this.stmt.contactRid.get(contactId);
    if (contactRid) this.search.removeContact(contactRid.rid);
    const clientIds = removal.clientIds.all(all).map((r) => r.client_id);
    const attachmentIds = removal.attachmentIds.all(all).map((r) => r.attachment_id);
    for (const remove of removal.deletes) remove.run(all);
    removal.contact.run(contactId);
    return { conversationIds: ids, clientIds, attachmentIds };
  }

  upsertContact(contact: Contact): void {
    const before = this.stmt.contactRid.get(contact.id);
    const row = this.stmt.contact.get(
      contact.id,
      contact.channelId,
      contact.name,
      digitsOnly(contact.identity.phone),
      contact.deletedAt,
      JSON.stringify(contact),
    );
    const rid = before?.rid ?? ridOf(row);
    this.search.indexContact(rid, contact.name, contact.identity.phone);
  }

  upsertConversation(conversation: Conversation): ConversationWrite {
    const head = this.stmt.conversationHead.get(conversation.id);
    if (head && head.updated_at > conversation.updatedAt) {
      return { previousAssigneeId: head.assignee_id, changed: false };
    }
    const json = JSON.stringify(conversation);
    if (head?.json === json) return { previousAssigneeId: head.assignee_id, changed: false };
    this.stmt.conversation.run(
      conversation.id,
      conversation.channelId,
      conversation.contactId,
      conversation.status,
      conversation.assigneeId,
      conversation.lastMessageAt,
      conversation.lastInboundAt,
      conversation.updatedAt,
      json,
    );
    return { previousAssigneeId: head ? head.assignee_id : undefined, changed: true };
  }

  /** `seq`: the hub sequence number this message arrived with (kept from its first sight). */
  upsertMessage(message: Message, seq: number): MessageWrite {
    const head = this.stmt.messageHead.get(message.id);
    const unchanged = { isNew: false, changed: false, recount: false };
    if (head && head.updated_at > message.updatedAt) return unchanged;
    const json = JSON.stringify(message);
    if (head?.json === json) return unchanged;
    const common = [message.direction, message.kind, message.senderAgentId, message.clientId] as const;
    let rid: number;
    let recount = false;
    if (head) {
      rid = head.rid;
      recount = head.conversation_id !== message.conversationId || head.created_at !== message.createdAt;
      recount ||= head.direction !== message.direction;
      this.stmt.updateMessage.run(message.conversationId, ...common, message.createdAt, message.updatedAt, json, rid);
    } else {
      const { lastInsertRowid } = this.stmt.insertMessage.run(
        message.id,
        message.conversationId,
        ...common,
        message.createdAt,
        message.updatedAt,
        seq,
        json,
      );
      rid = Number(lastInsertRowid);
      if (message.direction === 'in') {
        this.stmt.unreadPlusOne.run({ id: message.conversationId, createdAt: message.createdAt });
      }
    }
    if (!head || textOf(head.json) !== message.text) this.search.indexMessage(rid, message.text, !head);
    // A message seen for the first time has no attachment rows to replace.
    if (head) this.stmt.deleteAttachments.run(message.id);
    for (const attachment of message.attachments) {
      this.stmt.attachment.run(
        attachment.id,
        message.id,
        message.conversationId,
        message.createdAt,
        JSON.stringify(attachment),
      );
    }
    return { isNew: !head, changed: true, recount };
  }

  upsertTemplate(template: Template): void {
    this.stmt.template.run(template.id, template.channelId, JSON.stringify(template));
  }

  /**
   * Moves this agent's read marker forward (never back). `pending`: marked here
   * while the hub has not confirmed it; a confirmation at or past it clears that.
   */
  setReadMarker(conversationId: string, readAt: number, pending: boolean): void {
    this.stmt.readMarker.run({ id: conversationId, readAt, pending: pending ? 1 : 0 });
  }

  /** Sets this agent's read marker to exactly this time, back if need be (marked unread, confirmed by the hub). */
  setReadMarkerBack(conversationId: string, readAt: number): void {
    this.stmt.readMarkerBack.run({ id: conversationId, readAt });
  }

  recomputeUnread(conversationId: string): void {
    this.stmt.unread.run({ id: conversationId });
  }

  /** Empties every hub-derived table; the outbox, drafts and attachment files stay. */
  clearHubData(): void {
    this.db.exec(`
      DELETE FROM agents; DELETE FROM channels; DELETE FROM contacts; DELETE FROM conversations;
      DELETE FROM messages; DELETE FROM message_attachments; DELETE FROM templates;`);
    this.search.clear();
  }
}

function ridOf(row: unknown): number {
  if (typeof row === 'object' && row !== null && 'rid' in row && typeof row.rid === 'number') return row.rid;
  throw new Error('insert returned no rid');
}

function textOf(json: string): string | null {
  const parsed: unknown = JSON.parse(json);
  if (typeof parsed === 'object' && parsed !== null && 'text' in parsed && typeof parsed.text === 'string') {
    return parsed.text;
  }
  return null;
}
