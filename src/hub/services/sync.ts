/**
 * What clients catch up from: `sync` pages through the event log after a
 * cursor (only what the agent may see), `snapshot` pages through current
 * state when the cursor is older than the log keeps. Compaction trims the log
 * by age; clients below the floor get `{reset: true}`.
 */
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
import { reportCorruptRow } from '../store/json-column';
import type { EventViewer } from "../store/ports/events.js";

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

  viewerOf(actor: Actor): EventViewer {
    if (isAdmin(actor)) return { agentId: actor.agent.id, scope: null };
    return { agentId: actor.agent.id, scope: syncedChannelIds(this.ctx.store, actor) };
  }

  sync(actor: Actor, raw: unknown): SyncResult {
    const req = parseOrThrow(SyncRequest, raw);
    const { events } = this.ctx.store;
    const latestSeq = events.latestSeq();
    const logId = events.logId();
    // Below the floor the log lost events; above the latest, or in another log, the client knew a different
    // database (a restored backup re-issues seqs the client already applied for other events).
    const otherLog = req.logId !== undefined && req.logId !== logId;
    if (otherLog || req.after < events.floorSeq() || req.after > latestSeq) return { reset: true, latestSeq, logId };
    const page = events.listAfter(req.after, req.limit + 1, this.viewerOf(actor));
    const hasMore = page.length > req.limit;
    return { reset: false, events: hasMore ? page.slice(0, req.limit) : page, latestSeq, hasMore, logId };
  }

  snapshot(actor: Actor, raw: unknown): SnapshotResult {
    const req = parseOrThrow(SnapshotRequest, raw);
    const start =
      req.cursor === null
        ? { p: 0, a: '', s: this.ctx.store.events.latestSeq() }
        : decodeCursor(SnapshotCursor, req.cursor);
    const items: HubEventBody[] = [];
    let phase = start.p;
    let after = start.a;
    while (phase < PHASES.length && items.length < req.limit) {
      const name = PHASES[phase];
      const page = name ? this.phasePage(actor, name, after, req.limit - items.length) : { items: [], lastId: null };
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
      total: this.snapshotSize(actor),
      logId: this.ctx.store.events.logId(),
    };
  }

  private phasePage(actor: Actor, phase: Phase, after: string, limit: number): PhasePage {
    const { store } = this.ctx;
    const scope = syncedChannelIds(store, actor);
    const visible = new Set(scope);
    switch (phase) {
      case 'agents':
        return pageOfList(
          store.agents.list(),
          (a) => a.id,
          after,
          limit,
          (a) => ({ type: 'agent.upsert', agent: this.agents.toAgent(a) }),
        );
      case 'channels':
        return pageOfList(
          store.channels.listWithTrashed().filter((c) => visible.has(c.id)),
          (c) => c.id,
          after,
          limit,
          (channel) => ({ type: 'channel.upsert', channel }),
        );
      case 'templates':
        return pageOfList(
          store.templates.list(scope),
          (t) => t.id,
          after,
          limit,
          (template) => ({ type: 'template.upsert', template }),
        );
      case 'contacts':
        return this.idPage(store.contacts.listAfter(after, limit, scope), (contact) => ({
          type: 'contact.upsert',
          contact,
        }));
      case 'conversations':
        return this.idPage(store.conversations.listAfter(after, limit, scope), (conversation) => ({
          type: 'conversation.upsert',
          conversation,
        }));
      case 'messages':
        return this.idPage(store.messages.listAfter(after, limit, scope), (message) => ({
          type: 'message.upsert',
          message,
        }));
      case 'reads':
        return pageOfList(
          store.reads
            .listOfAgent(actor.agent.id)
            .filter((r) => isAdmin(actor) || this.conversationVisible(r.conversationId, visible)),
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
          store.cannedReplies.listVisible({ agentId: actor.agent.id, scope }),
          (r) => r.id,
          after,
          limit,
          (cannedReply) => ({ type: 'cannedReply.upsert', cannedReply }),
        );
      case 'activity':
        return this.idPage(store.activity.listAfter(after, limit, scope), (activity) => ({
          type: 'activity.upsert',
          activity,
        }));
    }
  }

  private conversationVisible(conversationId: string, visible: ReadonlySet<string>): boolean {
    const record = this.ctx.store.conversations.findById(conversationId);
    return record !== null && visible.has(record.conversation.channelId);
  }

  private idPage<T extends { id: string }>(rows: T[], body: (row: T) => HubEventBody): PhasePage {
    return { items: rows.map(body), lastId: rows.at(-1)?.id ?? null };
  }

  private snapshotSize(actor: Actor): number {
    const { store } = this.ctx;
    const scope = syncedChannelIds(store, actor);
    return (
      store.agents.count() +
      scope.length +
      store.templates.list(scope).length +
      store.contacts.count(scope) +
      store.conversations.count(scope) +
      store.messages.count(scope) +
      store.reads.listOfAgent(actor.agent.id).length +
      store.cannedReplies.listVisible({ agentId: actor.agent.id, scope }).length +
      store.activity.count(scope)
    );
  }

  /** Drops events with seq <= upTo; connected clients are told to check their cursor. */
  compactLog(upTo: number): number {
    const removed = this.ctx.store.transaction(() => this.ctx.store.events.compact(upTo));
    if (removed > 0) this.ctx.bus.publish({ type: 'log-compacted', floorSeq: this.ctx.store.events.floorSeq() });
    return removed;
  }

  /** Applies the configured retention (eventRetentionMs). */
  compactByAge(): number {
    const retention = this.ctx.config.eventRetentionMs;
    if (retention === null) return 0;
    return this.compactLog(this.ctx.store.events.lastSeqAtOrBefore(this.ctx.now() - retention));
  }
}
