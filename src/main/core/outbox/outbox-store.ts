/**
 * The outbox table: replies written here before anything is sent, so they
 * survive a crash or restart and go out once the hub is reachable. Rows are
 * parsed with zod on read (the file is a boundary).
 */
import { z } from 'zod';
import { OutboxState } from '../../../shared/api.js';
import { TemplateSend } from '../../../shared/protocol.js';
import type { CacheDb } from '../cache/cache-db.js';

/** A file the agent attached, copied into the account folder until it is uploaded. */
export const StagedFile = z.object({
  fileName: z.string(),
  mimeType: z.string(),
  size: z.number().int().nonnegative(),
  path: z.string(),
});
export type StagedFile = z.infer<typeof StagedFile>;
export type OutboxState = z.infer<typeof OutboxState>;
export const OutboxKind = z.enum(['text', 'attachment', 'template', 'note']);

const OutboxRow = z.object({
  client_id: z.string(),
  conversation_id: z.string(),
  kind: OutboxKind,
  text: z.string().nullable(),
  template_json: z.string().nullable(),
  reply_to_message_id: z.string().nullable(),
  files_json: z.string(),
  media_ids_json: z.string().nullable(),
  state: OutboxState,
  reason_code: z.string().nullable(),
  reason: z.string().nullable(),
  created_at: z.number(),
  updated_at: z.number(),
  base_seq: z.number(),
  base_message_at: z.number(),
  base_assignee_id: z.string().nullable(),
  hold_overridden: z.number(),
  attempts: z.number(),
});

export interface OutboxEntry {
  readonly clientId: string;
  readonly conversationId: string;
  readonly kind: z.infer<typeof OutboxKind>;
  readonly text: string | null;
  readonly template: z.infer<typeof TemplateSend> | null;
  readonly replyToMessageId: string | null;
  readonly files: readonly StagedFile[];
  /** Set once the files are uploaded to the hub. */
  readonly mediaIds: readonly string[] | null;
  readonly state: OutboxState;
  readonly reasonCode: string | null;
  readonly reason: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** What the agent had seen when writing: last applied seq, newest message time, assignee. */
  readonly baseSeq: number;
  readonly baseMessageAt: number;
  readonly baseAssigneeId: string | null;
  readonly holdOverridden: boolean;
  readonly attempts: number;
}

function toEntry(raw: unknown): OutboxEntry {
  const row = OutboxRow.parse(raw);
  return {
    clientId: row.client_id,
    conversationId: row.conversation_id,
    kind: row.kind,
    text: row.text,
    template: row.template_json === null ? null : TemplateSend.parse(JSON.parse(row.template_json)),
    replyToMessageId: row.reply_to_message_id,
    files: z.array(StagedFile).parse(JSON.parse(row.files_json)),
    mediaIds: row.media_ids_json === null ? null : z.array(z.string()).parse(JSON.parse(row.media_ids_json)),
    state: row.state,
    reasonCode: row.reason_code,
    reason: row.reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    baseSeq: row.base_seq,
    baseMessageAt: row.base_message_at,
    baseAssigneeId: row.base_assignee_id,
    holdOverridden: row.hold_overridden === 1,
    attempts: row.attempts,
  };
}

export class OutboxStore {
  private readonly stmt;

  constructor(db: CacheDb) {
    this.stmt = {
      insert: db.prepare(`INSERT INTO outbox (client_id, conversation_id, kind, text, template_json,
          reply_to_message_id, files_json, media_ids_json, state, reason_code, reason, created_at, updated_at,
          base_seq, base_message_at, base_assignee_id, hold_overridden, attempts)
        VALUES (@clientId, @conversationId, @kind, @text, @template, @replyTo, @files, NULL, 'queued', NULL, NULL,
          @createdAt, @createdAt, @baseSeq, @baseMessageAt, @baseAssigneeId, 0, 0)`),
      get: db.prepare('SELECT * FROM outbox WHERE client_id = ?'),
      all: db.prepare('SELECT * FROM outbox ORDER BY created_at, client_id'),
      byConversation: db.prepare('SELECT * FROM outbox WHERE conversation_id = ? ORDER BY created_at, client_id'),
      queued: db.prepare("SELECT * FROM outbox WHERE state = 'queued' ORDER BY created_at, client_id"),
      count: db.prepare<[], { n: number }>(
        "SELECT count(*) AS n FROM outbox WHERE state IN ('queued', 'sending', 'held')",
      ),
      setState: db.prepare(`UPDATE outbox SET state = @state, reason_code = @code, reason = @reason,
          updated_at = @now WHERE client_id = @clientId`),
      startAttempt: db.prepare(`UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = ?
          WHERE client_id = ? AND state = 'queued'`),
      overrideHold: db.prepare(`UPDATE outbox SET state = 'queued', hold_overridden = 1, reason_code = NULL,
          reason = NULL, updated_at = ? WHERE client_id = ? AND state = 'held'`),
      mediaIds: db.prepare('UPDATE outbox SET media_ids_json = ? WHERE client_id = ?'),
      remove: db.prepare('DELETE FROM outbox WHERE client_id = ?'),
      requeueSending: db.prepare("UPDATE outbox SET state = 'queued' WHERE state = 'sending'"),
    };
  }

  insert(entry: {
    clientId: string;
    conversationId: string;
    kind: OutboxEntry['kind'];
    text: string | null;
    template: OutboxEntry['template'];
    replyToMessageId: string | null;
    files: readonly StagedFile[];
    createdAt: number;
    baseSeq: number;
    baseMessageAt: number;
    baseAssigneeId: string | null;
  }): void {
    this.stmt.insert.run({
      ...entry,
      template: entry.template === null ? null : JSON.stringify(entry.template),
      replyTo: entry.replyToMessageId,
      files: JSON.stringify(entry.files),
    });
  }

  get(clientId: string): OutboxEntry | null {
    const raw = this.stmt.get.get(clientId);
    return raw === undefined ? null : toEntry(raw);
  }

  all(): OutboxEntry[] {
    return this.stmt.all.all().map(toEntry);
  }

  forConversation(conversationId: string): OutboxEntry[] {
    return this.stmt.byConversation.all(conversationId).map(toEntry);
  }

  queued(): OutboxEntry[] {
    return this.stmt.queued.all().map(toEntry);
  }

  /** Replies still waiting to go out (queued, sending or held), for the connection banner. */
  waitingCount(): number {
    return this.stmt.count.get()?.n ?? 0;
  }

  setState(
    clientId: string,
    state: OutboxState,
    now: number,
    code: string | null = null,
    reason: string | null = null,
  ) {
    this.stmt.setState.run({ clientId, state, code, reason, now });
  }

  /** Claims a queued row for sending; false when another path already did. */
  startAttempt(clientId: string, now: number): boolean {
    return this.stmt.startAttempt.run(now, clientId).changes === 1;
  }

  /** The agent chose "send anyway": queue again and never hold this reply a second time. */
  overrideHold(clientId: string, now: number): boolean {
    return this.stmt.overrideHold.run(now, clientId).changes === 1;
  }

  setMediaIds(clientId: string, mediaIds: readonly string[]): void {
    this.stmt.mediaIds.run(JSON.stringify(mediaIds), clientId);
  }

  remove(clientId: string): void {
    this.stmt.remove.run(clientId);
  }

  /** After a crash, rows caught mid-send go back to the queue (the hub dedups by clientId). */
  requeueInterrupted(): void {
    this.stmt.requeueSending.run();
  }
}
