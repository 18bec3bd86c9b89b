/**
 * What clients catch up from: `sync` pages through the event log after a
 * cursor (only what the agent may see), `snapshot` pages through current
 * state when the cursor is older than the log keeps. Compaction trims the log
 * by age; clients below the floor get `{reset: true}`.
 */
import { filterAsync } from '../../node-shared/async-list.js';
import { z } from 'zod';
import { parseOrThrow } from '../../shared/errors.js';
import {
  HubEventBody,
  SnapshotRequest,
  SyncRequest,
  type SnapshotResult,
  type SyncResult,
} from '../../shared/protocol.js';
import { isAdmin, syncedChannelIds, type Actor } from './actor.js';
import type { AgentService } from './agents.js';
import type { HubContext } from './context.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { readBack } from '../../shared/conform.js';
import { reportCorruptRow } from '../store/json-column.js';
import type { EventViewer } from '../store/ports/events.js';

// New phases go last: a cursor names its phase by position.
const PHASES = [
  'agents',
  'channels',
  'templates',
  'contacts',
  'conversations',
  'messages',
  'reads',
  'cannedReplies',
  'activity',
] as const;
type Phase = (typeof PHASES)[number];
const SnapshotCursor = z.object({ p: z.number().int().min(0).max(PHASES.length), a: z.string(), s: z.number().int() });

interface PhasePage {
  readonly items: HubEventBody[];
  /** Id of the last item returned (the next page starts after it). */
  readonly lastId: string | null;
}

function pageOfList<T>(
  all: T[],
  idOf: (item: T) => string,
  after: string,
  limit: number,
  body: (item: T) => HubEventBody,
): PhasePage {
  const rest = all
    .filter((item) => idOf(item) > after)
    .sort((a, b) => (idOf(a) < idOf(b) ? -1 : 1))
    .slice(0, limit);
  const last = rest.at(-1);
  return { items: rest.map(body), lastId: last === undefined ? null : idOf(last) };
}

/** The id a snapshot item is reported by when it cannot be served. */
function itemId(item: HubEventBody): string {
  switch (item.type) {
    case 'agent.upsert':
      return item.agent.id;
    case 'channel.upsert':
      return item.channel.id;
    case 'channel.remove':
      return item.channelId;
    case 'contact.upsert':
      return item.contact.id;
    case 'contact.remove':
      return item.contactId;
    case 'conversation.upsert':
      return item.conversation.id;
    case 'conversation.read':
      return item.conversationId;
    case 'message.upsert':
      return item.message.id;
    case 'template.upsert':
      return item.template.id;
    case 'cannedReply.upsert':
      return item.cannedReply.id;
    case 'cannedReply.remove':
      return item.cannedReplyId;
    case 'activity.upsert':
      return item.activity.id;
    case 'queue.upsert':
      return item.queue.channelId;
  }
}

/**
 * Snapshot items are built from table rows an older hub may have written out of bounds: each is parsed
 * by the schema clients read it with, repaired to fit when it can be, else skipped — and reported.
 */
function readableItems(items: readonly HubEventBody[]): HubEventBody[] {
  const readable: HubEventBody[] = [];
  for (const item of items) {
    const read = readBack(HubEventBody, item);
    if (!read.ok || read.repaired) {
      reportCorruptRow({
        column: `${item.type.split('.')[0] ?? item.type}s`,
        id: itemId(item),
        issues: read.ok ? 'out of bounds' : read.issues,
        action: read.ok ? 'repaired' : 'skipped',
      });
    }
    if (read.ok) readable.push(read.value);
  }
  return readable;
}

export class SyncService {
  constructor(
    private readonly ctx: HubContext,
    private readonly agents: AgentService,
  ) {}

  async viewerOf(actor: Actor): Promise<EventViewer> {
    if (isAdmin(actor)) return { agentId: actor.agent.id, scope: null };
    return { agentId: actor.agent.id, scope: await syncedChannelIds(this.ctx.store, actor) };
  }

  async sync(actor: Actor, raw: unknown): Promise<SyncResult> {
    const req = parseOrThrow(SyncRequest, raw);
    const { events } = this.ctx.store;
    const latestSeq = await events.latestSeq();
    const logId = await events.logId();
    // Below the floor the log lost events; above the latest, or in another log, the client knew a different
    // database (a restored backup re-issues seqs the client already applied for other events).
    const otherLog = req.logId !== undefined && req.logId !== logId;
    if (otherLog || req.after < (await events.floorSeq()) || req.after > latestSeq)
      return { reset: true, latestSeq, logId };
    const page = await events.listAfter(req.after, req.limit + 1, await this.viewerOf(actor));
    const hasMore = page.length > req.limit;
    return { reset: false, events: hasMore ? page.slice(0, req.limit) : page, latestSeq, hasMore, logId };
  }

  async snapshot(actor: Actor, raw: unknown): Promise<SnapshotResult> {
    const req = parseOrThrow(SnapshotRequest, raw);
    const start =
      req.cursor === null
        ? { p: 0, a: '', s: await this.ctx.store.events.latestSeq() }
        : decodeCursor(SnapshotCursor, req.cursor);
    const items: HubEventBody[] = [];
    let phase = start.p;
    let after = start.a;
    while (phase < PHASES.length && items.length < req.limit) {
      const name = PHASES[phase];
      const page = name
        ? await this.phasePage(actor, name, after, req.limit - items.length)
        : { items: [], lastId: null };
      items.push(...readableItems(page.items));
      if (items.length < req.limit || page.lastId === null) {
        phase += 1;
        after = '';
      } else {
        after = page.lastId;
      }
    }
    const nextCursor = phase < PHASES.length ? encodeCursor({ p: phase, a: after, s: start.s }) : null;
    return {
      items,
      asOfSeq: start.s,
      nextCursor,
      total: await this.snapshotSize(actor),
      logId: await this.ctx.store.events.logId(),
    };
  }

  private async phasePage(actor: Actor, phase: Phase, after: string, limit: number): Promise<PhasePage> {
    const { store } = this.ctx;
    const scope = await syncedChannelIds(store, actor);
    const visible = new Set(scope);
    switch (phase) {
      case 'agents':
        return pageOfList(
          await store.agents.list(),
          (a) => a.id,
          after,
          limit,
          (a) => ({ type: 'agent.upsert', agent: this.agents.toAgent(a) }),
        );
      case 'channels':
        return pageOfList(
          (await store.channels.listWithTrashed()).filter((c) => visible.has(c.id)),
          (c) => c.id,
          after,
          limit,
          (channel) => ({ type: 'channel.upsert', channel }),
        );
      case 'templates':
        return pageOfList(
          await store.templates.list(scope),
          (t) => t.id,
          after,
          limit,
          (template) => ({ type: 'template.upsert', template }),
        );
      case 'contacts':
        return this.idPage(await store.contacts.listAfter(after, limit, scope), (contact) => ({
          type: 'contact.upsert',
          contact,
        }));
      case 'conversations':
        return this.idPage(await store.conversations.listAfter(after, limit, scope), (conversation) => ({
          type: 'conversation.upsert',
          conversation,
        }));
      case 'messages':
        return this.idPage(await store.messages.listAfter(after, limit, scope), (message) => ({
          type: 'message.upsert',
          message,
        }));
      case 'reads':
        return pageOfList(
          await filterAsync(
            await store.reads.listOfAgent(actor.agent.id),
            async (r) => isAdmin(actor) || (await this.conversationVisible(r.conversationId, visible)),
          ),
          (r) => r.conversationId,
          after,
          limit,
          (r) => ({
            type: 'conversation.read',
            conversationId: r.conversationId,
            agentId: r.agentId,
            readAt: r.readAt,
            ...(r.markedUnread === true ? { markedUnread: true } : {}),
          }),
        );
      case 'cannedReplies':
        return pageOfList(
          await store.cannedReplies.listVisible({ agentId: actor.agent.id, scope }),
          (r) => r.id,
          after,
          limit,
          (cannedReply) => ({ type: 'cannedReply.upsert', cannedReply }),
        );
      case 'activity':
        return this.idPage(await store.activity.listAfter(after, limit, scope), (activity) => ({
          type: 'activity.upsert',
          activity,
        }));
    }
  }

  private async conversationVisible(conversationId: string, visible: ReadonlySet<string>): Promise<boolean> {
    const record = await this.ctx.store.conversations.findById(conversationId);
    return record !== null && visible.has(record.conversation.channelId);
  }

  private idPage<T extends { id: string }>(rows: T[], body: (row: T) => HubEventBody): PhasePage {
    return { items: rows.map(body), lastId: rows.at(-1)?.id ?? null };
  }

  private async snapshotSize(actor: Actor): Promise<number> {
    const { store } = this.ctx;
    const scope = await syncedChannelIds(store, actor);
    return (
      (await store.agents.count()) +
      scope.length +
      (await store.templates.list(scope)).length +
      (await store.contacts.count(scope)) +
      (await store.conversations.count(scope)) +
      (await store.messages.count(scope)) +
      (await store.reads.listOfAgent(actor.agent.id)).length +
      (await store.cannedReplies.listVisible({ agentId: actor.agent.id, scope })).length +
      (await store.activity.count(scope))
    );
  }

  /** Drops events with seq <= upTo; connected clients are told to check their cursor. */
  async compactLog(upTo: number): Promise<number> {
    const removed = await this.ctx.store.transaction(async () => await this.ctx.store.events.compact(upTo));
    if (removed > 0) this.ctx.bus.publish({ type: 'log-compacted', floorSeq: await this.ctx.store.events.floorSeq() });
    return removed;
  }

  /** Applies the configured retention (eventRetentionMs). */
  async compactByAge(): Promise<number> {
    const retention = this.ctx.config.eventRetentionMs;
    if (retention === null) return 0;
    return await this.compactLog(await this.ctx.store.events.lastSeqAtOrBefore(this.ctx.now() - retention));
  }
}
