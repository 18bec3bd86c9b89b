/**
 * Conversations: listing and reading under the actor's visibility, and the
 * agent actions on them — assign (only to active agents linked to the
 * channel who may read it, FAQ 39), status, read marker.
 */
import { z } from 'zod';
import { assigneeRefusal } from '../../shared/assignee-rule.js';
import type { Conversation, Message } from '../../shared/domain.js';
import { AppError, parseOrThrow } from '../../shared/errors.js';
import {
  AssignRequest,
  ListConversationsQuery,
  ListMessagesQuery,
  MarkReadRequest,
  MarkUnreadRequest,
  SetLabelsRequest,
  SetStatusRequest,
} from '../../shared/protocol.js';
import type { ActivityActor, ActivityChange } from '../../shared/activity.js';
import { readableChannelIds, requireChannelAccess, requirePermission, type Actor } from './actor.js';
import { ActivityRecorder, BY_SYSTEM, byAgent } from './activity.js';
import type { HubContext } from './context.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { onChannel, type WriteScope } from './writer.js';
import { FOR_UPDATE, type ConversationRecord, type ReadOptions } from '../store/ports/conversations.js';

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

const ListCursor = z.object({ t: z.number().int(), i: z.string() });
const WAKE_BATCH = 200;

/** Trimmed by the schema; duplicates dropped, the first occurrence keeps its place. */
function normaliseLabels(labels: readonly string[]): string[] {
  return [...new Set(labels.map((l) => l.trim()))];
}

/** What routing does with every stored change of a conversation (services/routing/router.ts). */
export interface ConversationRoutingHook {
  /**
   * The conversation as it will be stored: queue and pass state follow its assignee and status; with
   * `customerWrote` (the inbound message's save) the customer waits for an answer from now, unless already.
   */
  prepare(
    before: Conversation | null,
    after: Conversation,
    by: ActivityActor,
    customerWrote: boolean,
  ): Promise<Conversation>;
  /** After it was stored and emitted: the channel's queue figures, capacity freed. */
  saved(scope: WriteScope, before: Conversation | null, after: Conversation): Promise<void>;
}

/** When it was resolved: kept while it stays resolved, now when it becomes so, null otherwise (inbound.ts conversationFor). */
function resolvedAtOf(before: Conversation | null, after: Conversation, now: number): number | null {
  if (after.status !== 'resolved') return null;
  return before?.status === 'resolved' ? (before.resolvedAt ?? now) : now;
}

export class ConversationService {
  private readonly activity: ActivityRecorder;
  private routing: ConversationRoutingHook | null = null;

  constructor(private readonly ctx: HubContext) {
    this.activity = new ActivityRecorder(ctx);
  }

  /**
   * The conversation if the actor may read it: NOT_FOUND if missing, FORBIDDEN if not linked. A write that
   * changes it reads it `forUpdate` (store/ports/conversations.ts): a concurrent change waits for this one.
   */
  async readable(actor: Actor, id: string, options?: ReadOptions): Promise<ConversationRecord> {
    requirePermission(actor, 'view');
    const record = await this.ctx.store.conversations.findById(id, options);
    if (!record) throw new AppError('NOT_FOUND', 'No such conversation.');
    await requireChannelAccess(this.ctx.store, actor, record.conversation.channelId);
    return record;
  }

  async get(actor: Actor, id: string): Promise<Conversation> {
    return (await this.readable(actor, id)).conversation;
  }

  async list(actor: Actor, raw: unknown): Promise<Page<Conversation>> {
    requirePermission(actor, 'view');
    const query = parseOrThrow(ListConversationsQuery, raw);
    const after = query.cursor === undefined ? null : decodeCursor(ListCursor, query.cursor);
    const items = await this.ctx.store.conversations.list(
      {
        scope: await readableChannelIds(this.ctx.store, actor),
        channelId: query.channelId,
        status: query.status,
        assigneeId: query.assigneeId,
      },
      after && { lastMessageAt: after.t, id: after.i },
      query.limit,
    );
    const last = items.at(-1);
    const nextCursor =
      items.length === query.limit && last ? encodeCursor({ t: last.lastMessageAt, i: last.id }) : null;
    return { items, nextCursor };
  }

  /** Newest first; `before` pages to older messages. */
  async messages(actor: Actor, conversationId: string, raw: unknown): Promise<Page<Message>> {
    await this.readable(actor, conversationId);
    const query = parseOrThrow(ListMessagesQuery, raw);
    let before: { createdAt: number; id: string } | null = null;
    if (query.before !== undefined) {
      const anchor = await this.ctx.store.messages.findById(query.before);
      if (!anchor || anchor.message.conversationId !== conversationId) {
        throw new AppError('VALIDATION_FAILED', 'before: not a message of this conversation');
      }
      before = { createdAt: anchor.message.createdAt, id: anchor.message.id };
    }
    const items = await this.ctx.store.messages.page(conversationId, before, query.limit);
    const last = items.at(-1);
    return { items, nextCursor: items.length === query.limit && last ? last.id : null };
  }

  async assign(actor: Actor, raw: unknown): Promise<Conversation> {
    const req = parseOrThrow(AssignRequest, raw);
    requirePermission(actor, 'update');
    return await this.ctx.writer.write(async (scope) => {
      const record = await this.readable(actor, req.conversationId, FOR_UPDATE);
      const { conversation } = record;
      if (req.assigneeId !== null) await this.requireAssignable(req.assigneeId, conversation.channelId);
      if (conversation.assigneeId === req.assigneeId) return conversation;
      return await this.save(
        scope,
        { ...record, conversation: { ...conversation, assigneeId: req.assigneeId } },
        byAgent(actor.agent.id),
      );
    });
  }

  /**
   * Whether `agentId` may be given a conversation of `channelId` (the rule of manual and automatic
   * assignment, assignee-rule.ts): a reply assigns the replier only when it holds.
   */
  async mayBeAssigned(agentId: string, channelId: string): Promise<boolean> {
    const agent = await this.ctx.store.agents.findById(agentId);
    return (
      agent !== null &&
      assigneeRefusal(agent, (await this.ctx.store.channels.linkedAgentIds(channelId)).includes(agentId)) === null
    );
  }

  /** The same rule as automatic assignment (assignee-rule.ts). */
  private async requireAssignable(agentId: string, channelId: string): Promise<void> {
    const agent = await this.ctx.store.agents.findById(agentId);
    if (!agent) throw new AppError('NOT_FOUND', 'No such agent.');
    const refusal = assigneeRefusal(agent, (await this.ctx.store.channels.linkedAgentIds(channelId)).includes(agentId));
    if (refusal) throw new AppError(refusal);
  }

  async setStatus(actor: Actor, raw: unknown): Promise<Conversation> {
    const req = parseOrThrow(SetStatusRequest, raw);
    requirePermission(actor, 'update');
    return await this.ctx.writer.write(async (scope) => {
      const record = await this.readable(actor, req.conversationId, FOR_UPDATE);
      // A snooze parks the conversation as pending until it wakes (wakeSnoozed); resolving drops it.
      const snoozes = req.snoozedUntil !== null && req.status !== 'resolved';
      const status = snoozes ? 'pending' : req.status;
      const snoozedUntil = snoozes ? req.snoozedUntil : null;
      const { conversation } = record;
      if (conversation.status === status && conversation.snoozedUntil === snoozedUntil) return conversation;
      return await this.save(
        scope,
        { ...record, conversation: { ...conversation, status, snoozedUntil } },
        byAgent(actor.agent.id),
      );
    });
  }

  async setLabels(actor: Actor, raw: unknown): Promise<Conversation> {
    const req = parseOrThrow(SetLabelsRequest, raw);
    requirePermission(actor, 'update');
    const labels = normaliseLabels(req.labels);
    return await this.ctx.writer.write(async (scope) => {
      const record = await this.readable(actor, req.conversationId, FOR_UPDATE);
      const { conversation } = record;
      if (JSON.stringify(conversation.labels) === JSON.stringify(labels)) return conversation;
      return await this.save(scope, { ...record, conversation: { ...conversation, labels } }, byAgent(actor.agent.id));
    });
  }

  /** Wakes every conversation whose snooze has ended: open again, snooze cleared, emitted. Returns how many. */
  async wakeSnoozed(): Promise<number> {
    let woken = 0;
    for (;;) {
      const batch = await this.ctx.writer.write(async (scope) => {
        const now = this.ctx.now();
        const due = await this.ctx.store.conversations.listSnoozeEnded(now, WAKE_BATCH);
        for (const { conversation } of due) {
          // Read again under its lock: an agent may have changed it since the list was read.
          const record = await this.ctx.store.conversations.findById(conversation.id, FOR_UPDATE);
          const until = record?.conversation.snoozedUntil ?? null;
          if (!record || until === null || until > now) continue;
          const status = record.conversation.status === 'resolved' ? 'resolved' : 'open';
          await this.save(scope, { ...record, conversation: { ...record.conversation, status, snoozedUntil: null } });
        }
        return due.length;
      });
      woken += batch;
      if (batch < WAKE_BATCH) return woken;
    }
  }

  async markRead(actor: Actor, raw: unknown): Promise<{ readAt: number }> {
    const req = parseOrThrow(MarkReadRequest, raw);
    return await this.ctx.writer.write(async (scope) => {
      const { conversation } = await this.readable(actor, req.conversationId);
      const marker = await this.ctx.store.reads.upsert({
        conversationId: conversation.id,
        agentId: actor.agent.id,
        readAt: req.readAt,
      });
      scope.emit(
        { type: 'conversation.read', conversationId: conversation.id, agentId: actor.agent.id, readAt: marker.readAt },
        { channelId: conversation.channelId, agentId: actor.agent.id },
      );
      return { readAt: marker.readAt };
    });
  }

  /**
   * Moves the agent's own read marker back to just before the customer's latest message, so that
   * message counts unread again on every device of the agent (the event says the marker moved back).
   */
  async markUnread(actor: Actor, raw: unknown): Promise<{ readAt: number }> {
    const req = parseOrThrow(MarkUnreadRequest, raw);
    return await this.ctx.writer.write(async (scope) => {
      const { conversation } = await this.readable(actor, req.conversationId);
      const readAt = Math.max(0, (conversation.lastInboundAt ?? 0) - 1);
      await this.ctx.store.reads.setBack({ conversationId: conversation.id, agentId: actor.agent.id, readAt });
      scope.emit(
        {
          type: 'conversation.read',
          conversationId: conversation.id,
          agentId: actor.agent.id,
          readAt,
          markedUnread: true,
        },
        { channelId: conversation.channelId, agentId: actor.agent.id },
      );
      return { readAt };
    });
  }

  /**
   * Stores a changed conversation (updatedAt = now) and emits it, with an activity record of each change
   * to its assignment, status, snooze or labels made `by` whom (the hub itself unless said). `options.before`
   * is the stored conversation when the caller read it with FOR_UPDATE in this same write and changed
   * nothing since (the inbound path): it spares reading the row again.
   */
  async save(
    scope: WriteScope,
    record: ConversationRecord,
    by: ActivityActor = BY_SYSTEM,
    move?: ActivityChange,
    options: { readonly customerWrote?: boolean; readonly before?: Conversation } = {},
  ): Promise<Conversation> {
    const before =
      options.before ??
      (await this.ctx.store.conversations.findById(record.conversation.id, FOR_UPDATE))?.conversation ??
      null;
    const now = this.ctx.now();
    const resolvedAt = resolvedAtOf(before, record.conversation, now);
    const changed = { ...record.conversation, updatedAt: now, resolvedAt };
    // Routing keeps its queue and pass state with every change (services/routing/).
    const conversation = this.routing
      ? await this.routing.prepare(before, changed, by, options.customerWrote ?? false)
      : changed;
    await this.ctx.store.conversations.update({ ...record, conversation });
    scope.emit({ type: 'conversation.upsert', conversation }, onChannel(conversation.channelId));
    if (before !== null) await this.activity.record(scope, before, conversation, by, move);
    await this.routing?.saved(scope, before, conversation);
    return conversation;
  }

  /** Routing's hook (services/routing/router.ts), set once at wiring. */
  setRoutingHook(hook: ConversationRoutingHook): void {
    this.routing = hook;
  }

  /** A new conversation's first activity: its ticket and who routing gave it to (inbound.ts, after insert). */
  async recordCreated(scope: WriteScope, conversation: Conversation): Promise<void> {
    await this.activity.record(scope, null, conversation, { kind: 'routing' });
  }
}
