/**
 * Reads single entities and message pages from the cache: agents, channels,
 * templates, messages and their attachments. Everything read is parsed with
 * the shared schemas.
 */
import { z } from 'zod';
import { Agent, Attachment, Channel, Conversation, Message, Presence, Template } from '../../../shared/domain.js';
import type { CacheDb } from './cache-db.js';

const JsonRow = z.object({ json: z.string() });
const AttachmentRow = z.object({ json: z.string(), message_id: z.string(), conversation_id: z.string() });
const MessageCursor = z.object({ created_at: z.number(), rid: z.number() });

export interface AttachmentLocation {
  readonly attachment: z.infer<typeof Attachment>;
  readonly messageId: string;
  readonly conversationId: string;
}

const AgentRow = z.object({ json: z.string(), presence: Presence });
const toAgent = (raw: unknown): Agent => {
  const row = AgentRow.parse(raw);
  return { ...Agent.parse(JSON.parse(row.json)), presence: row.presence };
};

const parseJson = <T>(schema: z.ZodType<T>, raw: unknown): T => schema.parse(JSON.parse(JsonRow.parse(raw).json));

export class EntityReader {
  private readonly stmt;

  constructor(db: CacheDb) {
    this.stmt = {
      agents: db.prepare('SELECT json, presence FROM agents ORDER BY name'),
      agent: db.prepare('SELECT json, presence FROM agents WHERE id = ?'),
      openCounts: db.prepare<[], { assignee_id: string; n: number }>(
        "SELECT assignee_id, count(*) AS n FROM conversations WHERE status = 'open' AND assignee_id IS NOT NULL GROUP BY assignee_id",
      ),
      // A channel in the trash is kept (its restore shows it again) but offered nowhere meanwhile.
      channels: db.prepare("SELECT json FROM channels WHERE json_extract(json, '$.trashedAt') IS NULL ORDER BY name"),
      channel: db.prepare('SELECT json FROM channels WHERE id = ?'),
      conversation: db.prepare('SELECT json FROM conversations WHERE id = ?'),
      templates: db.prepare('SELECT json FROM templates WHERE channel_id = ? ORDER BY id'),
      template: db.prepare('SELECT json FROM templates WHERE id = ?'),
      message: db.prepare('SELECT json FROM messages WHERE id = ?'),
      messageByClientId: db.prepare('SELECT json FROM messages WHERE client_id = ?'),
      cursor: db.prepare('SELECT created_at, rid FROM messages WHERE id = ? AND conversation_id = ?'),
      newest: db.prepare(`SELECT json FROM messages WHERE conversation_id = ?
        ORDER BY created_at DESC, rid DESC LIMIT ?`),
      older: db.prepare(`SELECT json FROM messages WHERE conversation_id = @conversationId
          AND (created_at < @createdAt OR (created_at = @createdAt AND rid < @rid))
        ORDER BY created_at DESC, rid DESC LIMIT @limit`),
      all: db.prepare('SELECT json FROM messages WHERE conversation_id = ? ORDER BY created_at, rid'),
      newestAt: db.prepare<[string], { at: number | null }>(
        'SELECT max(created_at) AS at FROM messages WHERE conversation_id = ?',
      ),
      attachment: db.prepare(
        'SELECT json, message_id, conversation_id FROM message_attachments WHERE attachment_id = ?',
      ),
      // synced_seq: learned after the reply was written; created_at: newer than what the agent had seen.
      replyByOtherAgent: db.prepare<
        { conversationId: string; me: string; baseSeq: number; baseMessageAt: number },
        { sender_agent_id: string }
      >(`SELECT sender_agent_id FROM messages
        WHERE conversation_id = @conversationId AND direction = 'out' AND kind <> 'note'
          AND sender_agent_id IS NOT NULL AND sender_agent_id <> @me
          AND synced_seq > @baseSeq AND created_at > @baseMessageAt
        ORDER BY created_at DESC LIMIT 1`),
    };
  }

  /**
   * The agent other than `me` who last replied to the customer after a reply was written: synced
   * after `baseSeq` and newer than `baseMessageAt` (what the writer had seen). Null: nobody.
   */
  replyByOtherAgent(request: {
    conversationId: string;
    me: string;
    baseSeq: number;
    baseMessageAt: number;
  }): string | null {
    return this.stmt.replyByOtherAgent.get(request)?.sender_agent_id ?? null;
  }

  /** Agents with their live presence (presence pushes update it between agent events). */
  agents(): Agent[] {
    return this.stmt.agents.all().map(toAgent);
  }

  agent(id: string): Agent | null {
    const raw = this.stmt.agent.get(id);
    return raw === undefined ? null : toAgent(raw);
  }

  /** Open conversations per assignee among those this agent can see. */
  openCounts(): Map<string, number> {
    return new Map(this.stmt.openCounts.all().map((r) => [r.assignee_id, r.n]));
  }

  channels(): Channel[] {
    return this.stmt.channels.all().map((raw) => parseJson(Channel, raw));
  }

  channel(id: string): Channel | null {
    const raw = this.stmt.channel.get(id);
    return raw === undefined ? null : parseJson(Channel, raw);
  }

  conversation(id: string): Conversation | null {
    const raw = this.stmt.conversation.get(id);
    return raw === undefined ? null : parseJson(Conversation, raw);
  }

  templates(channelId: string): Template[] {
    return this.stmt.templates.all(channelId).map((raw) => parseJson(Template, raw));
  }

  template(id: string): Template | null {
    const raw = this.stmt.template.get(id);
    return raw === undefined ? null : parseJson(Template, raw);
  }

  message(id: string): Message | null {
    const raw = this.stmt.message.get(id);
    return raw === undefined ? null : parseJson(Message, raw);
  }

  messageByClientId(clientId: string): Message | null {
    const raw = this.stmt.messageByClientId.get(clientId);
    return raw === undefined ? null : parseJson(Message, raw);
  }

  /** Up to `limit` messages older than `before` (or the newest), oldest first, and whether more exist. */
  messagePage(
    conversationId: string,
    before: string | undefined,
    limit: number,
  ): { messages: Message[]; hasMore: boolean } {
    let raws: unknown[];
    if (before === undefined) raws = this.stmt.newest.all(conversationId, limit + 1);
    else {
      const cursorRaw = this.stmt.cursor.get(before, conversationId);
      if (cursorRaw === undefined) return { messages: [], hasMore: false };
      const cursor = MessageCursor.parse(cursorRaw);
      raws = this.stmt.older.all({ conversationId, createdAt: cursor.created_at, rid: cursor.rid, limit: limit + 1 });
    }
    const hasMore = raws.length > limit;
    const messages = raws.slice(0, limit).map((raw) => parseJson(Message, raw));
    return { messages: messages.reverse(), hasMore };
  }

  /** Every message of a conversation, oldest first (transcripts). */
  allMessages(conversationId: string): Message[] {
    return this.stmt.all.all(conversationId).map((raw) => parseJson(Message, raw));
  }

  newestMessageAt(conversationId: string): number {
    return this.stmt.newestAt.get(conversationId)?.at ?? 0;
  }

  attachment(attachmentId: string): AttachmentLocation | null {
    const raw = this.stmt.attachment.get(attachmentId);
    if (raw === undefined) return null;
    const row = AttachmentRow.parse(raw);
    return {
      attachment: Attachment.parse(JSON.parse(row.json)),
      messageId: row.message_id,
      conversationId: row.conversation_id,
    };
  }
}
