/**
 * Routing that never drops a customer (docs/lifecycle.md, "Queues and routing";
 * docs/hub.md, "Routing"). A conversation that arrives (new, reopened, or a
 * customer writing into an unassigned one) goes to an available linked agent —
 * online, allowed by the assignment rule (assignee-rule.ts), under their
 * capacity — with the fewest open conversations (ties: the one assigned longest
 * ago); with nobody available it waits in its channel's queue, oldest first,
 * and is assigned the moment someone becomes available. The routing tick moves
 * the waiting conversations of agents away or offline too long back through
 * the queue, and passes conversations their assignee left unanswered. Every
 * rule reads the hub's clock (ctx.now) and stored state only, so a restart
 * changes nothing.
 */
import type { ActivityActor, ActivityChange } from '../../../shared/activity.js';
import { isAssignable } from '../../../shared/assignee-rule.js';
import type { Channel, ChannelQueue, Conversation } from '../../../shared/domain.js';
import type { ConversationRecord } from '../../store/ports/conversations.js';
import { BY_ROUTING } from '../activity.js';
import type { HubContext } from '../context.js';
import type { ConversationRoutingHook, ConversationService } from '../conversations.js';
import type { PresenceTracker } from '../presence.js';
import { onChannel, type WriteScope } from '../writer.js';
import type { RoutingState } from '../../store/ports/routing.js';
import { FOR_UPDATE } from '../../store/ports/conversations.js';

const MINUTE = 60_000;
type MoveReason = 'away' | 'offline' | 'deactivated' | 'unanswered';

function emptyState(conversation: Conversation): RoutingState {
  return {
    conversationId: conversation.id,
    channelId: conversation.channelId,
    queuedAt: null,
    assignedAt: null,
    awaitingSince: null,
    passCount: 0,
    passedAgentIds: [],
  };
}

/** Routing runs on the channel: not in the trash, assigning automatically. */
function routes(channel: Channel): boolean {
  return channel.trashedAt === null && channel.settings.autoAssign !== false;
}

function sameState(a: RoutingState, b: RoutingState): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export class Router implements ConversationRoutingHook {
  private kickScheduled = false;
  private stopped = false;

  constructor(
    private readonly ctx: HubContext,
    private readonly presence: PresenceTracker,
    private readonly conversations: ConversationService,
  ) {
    conversations.setRoutingHook(this);
    // Someone came online: the queue gives them what waits.
    presence.onChange((_agentId, now) => {
      if (now === 'online') this.kick();
    });
    ctx.bus.subscribe((signal) => {
      // Linked to a channel, capacity raised, reactivated, a channel's routing changed: the queue may move.
      if (signal.type === 'links-changed') this.kick();
      else if (
        signal.type === 'events' &&
        signal.events.some((e) => e.type === 'agent.upsert' || e.type === 'channel.upsert')
      )
        this.kick();
    });
  }

  // ───────────── who may take it ─────────────

  /**
   * The available linked agent routing gives a conversation of `channel` to, or null; `exclude` never. A
   * caller that has just read the channel passes it, so the pick reads it not again.
   */
  async pick(channel: Channel | string, exclude: ReadonlySet<string> = new Set()): Promise<string | null> {
    const routed = typeof channel === 'string' ? await this.routedChannel(channel) : routes(channel) ? channel : null;
    if (!routed) return null;
    const { store } = this.ctx;
    const online = (await store.channels.linkedAgentIds(routed.id)).filter(
      (id) => !exclude.has(id) && this.presence.of(id) === 'online',
    );
    // Nobody to give it to: no turn to wait for (the channel's other writes go on meanwhile).
    if (online.length === 0) return null;
    const channelLimit = routed.settings.routing.capacity;
    // Taken in routing's order (fewest open, then assigned longest ago, then id: RoutingRepository.candidates),
    // the first who may be assigned and is not full. Their own limit counts all their open conversations, the
    // channel's this channel's. The agent chosen is this transaction's until it commits: a pick elsewhere
    // meanwhile takes the next agent, or waits and reads this assignment (docs/scaling.md, "Shared state").
    const chosen = await store.routing.firstCandidate(
      routed.id,
      online,
      (agent) =>
        isAssignable(agent, true) &&
        (agent.capacity !== null
          ? agent.open < agent.capacity
          : channelLimit === null || agent.openOnChannel < channelLimit),
    );
    return chosen?.agentId ?? null;
  }

  /** The channel when routing runs on it: it exists, is not in the trash and assigns automatically. */
  private async routedChannel(channelId: string): Promise<Channel | null> {
    const channel = await this.ctx.store.channels.findById(channelId);
    return channel && routes(channel) ? channel : null;
  }

  // ───────────── every stored change (ConversationService.save) ─────────────

  async prepare(
    before: Conversation | null,
    after: Conversation,
    by: ActivityActor,
    customerWrote: boolean,
  ): Promise<Conversation> {
    const { routing } = this.ctx.store;
    const stored = await routing.stateOf(after.id);
    const current = stored ?? emptyState(after);
    const now = this.ctx.now();
    let next: RoutingState = {
      ...current,
      channelId: after.channelId,
      // Only an open, unassigned conversation waits in the queue.
      queuedAt: after.assigneeId === null && after.status === 'open' ? (after.queuedAt ?? null) : null,
      assignedAt: current.assignedAt,
      // The customer wrote into an open conversation: they wait for an answer since now, unless already.
      awaitingSince: customerWrote && after.status === 'open' ? (current.awaitingSince ?? now) : current.awaitingSince,
    };
    // A new conversation comes assigned from its insert (assignment.ts): stamped at its first save.
    if (
      after.assigneeId !== null &&
      (after.assigneeId !== (before?.assigneeId ?? null) || current.assignedAt === null)
    ) {
      // Each agent's stamps grow on every node (RoutingRepository.noteAssigned): ties go round even within a ms.
      const assignedAt = await routing.noteAssigned(after.assigneeId, now);
      next = { ...next, assignedAt };
    }
    const answered =
      next.awaitingSince !== null &&
      by.kind === 'agent' &&
      ((await routing.lastAgentReplyAt(after.id)) ?? -1) >= next.awaitingSince;
    // Answered or resolved: the customer waits no more, and passes start over.
    if (answered || after.status === 'resolved')
      next = { ...next, awaitingSince: null, passCount: 0, passedAgentIds: [] };
    if (stored === null || !sameState(current, next)) await routing.save(next);
    return { ...after, queuedAt: next.queuedAt, passCount: next.passCount };
  }

  async saved(scope: WriteScope, before: Conversation | null, after: Conversation): Promise<void> {
    if ((before?.queuedAt ?? null) !== (after.queuedAt ?? null)) await this.emitQueue(scope, after.channelId);
    const freed =
      before !== null &&
      before.assigneeId !== null &&
      before.status === 'open' &&
      (after.assigneeId !== before.assigneeId || after.status !== 'open');
    if (freed) this.kick();
  }

  private async emitQueue(scope: WriteScope, channelId: string): Promise<ChannelQueue> {
    const queue = await this.ctx.store.routing.touchQueue(channelId, this.ctx.now());
    scope.emit({ type: 'queue.upsert', queue }, onChannel(channelId));
    return queue;
  }

  // ───────────── the customer wrote ─────────────

  /**
   * After an inbound message was stored on an open conversation (`record`, as saved in this write with
   * `customerWrote`, its row locked since; `channel` as the write read it): an unassigned one goes to an
   * available agent or the queue.
   */
  async afterInbound(scope: WriteScope, record: ConversationRecord, channel: Channel): Promise<void> {
    const c = record.conversation;
    // The save of the message marked the customer waiting (prepare, customerWrote).
    if (c.status !== 'open' || c.assigneeId !== null || (c.queuedAt ?? null) !== null || !routes(channel)) return;
    const passed = (await this.ctx.store.routing.stateOf(c.id))?.passedAgentIds ?? [];
    const to = await this.pick(channel, new Set(passed));
    if (to !== null) {
      await this.conversations.save(scope, { ...record, conversation: { ...c, assigneeId: to } }, BY_ROUTING);
      return;
    }
    await this.conversations.save(scope, { ...record, conversation: { ...c, queuedAt: this.ctx.now() } }, BY_ROUTING, {
      kind: 'routing',
      reason: 'queued',
      from: null,
      to: null,
      minutes: null,
    });
  }

  // ───────────── moves ─────────────

  /**
   * Takes the conversation from its assignee for `reason`: to the next available agent (not one it already
   * passed from, nor the one it leaves), else into the queue. One activity line says why.
   */
  private async move(
    scope: WriteScope,
    conversationId: string,
    reason: MoveReason,
    minutes: number | null,
  ): Promise<void> {
    const { store } = this.ctx;
    const record = await store.conversations.findById(conversationId, FOR_UPDATE);
    if (!record || record.conversation.assigneeId === null) return;
    const c = record.conversation;
    const from = c.assigneeId;
    if (from === null) return;
    const state = (await store.routing.stateOf(c.id)) ?? emptyState(c);
    const passed = reason === 'unanswered' ? [...new Set([...state.passedAgentIds, from])] : [...state.passedAgentIds];
    // "At most N times": after that it waits in the queue for someone it has not been with.
    const channel = await this.routedChannel(c.channelId);
    const mayPass = reason !== 'unanswered' || state.passCount < (channel?.settings.routing.unansweredPassMax ?? 0);
    const to = mayPass && channel ? await this.pick(channel, new Set([...passed, from])) : null;
    const passCount = reason === 'unanswered' && to !== null ? state.passCount + 1 : state.passCount;
    await store.routing.save({ ...state, passCount, passedAgentIds: passed });
    const note: ActivityChange = { kind: 'routing', reason, from, to, minutes };
    const conversation = to !== null ? { ...c, assigneeId: to } : { ...c, assigneeId: null, queuedAt: this.ctx.now() };
    await this.conversations.save(scope, { ...record, conversation }, BY_ROUTING, note);
  }

  private async routingOf(channelId: string): Promise<Channel['settings']['routing'] | null> {
    return (await this.routedChannel(channelId))?.settings.routing ?? null;
  }

  /**
   * A deactivated agent's unresolved conversations (services/rerouting.ts): the waiting ones through the queue
   * with a line saying why; the answered and pending ones to an available agent, or unassigned.
   */
  async rerouteFrom(scope: WriteScope, agentId: string, conversationIds: readonly string[]): Promise<number> {
    const { store } = this.ctx;
    let moved = 0;
    for (const id of conversationIds) {
      const record = await store.conversations.findById(id, FOR_UPDATE);
      if (!record || record.conversation.assigneeId !== agentId) continue;
      const c = record.conversation;
      const waiting = c.status === 'open' && ((await store.routing.stateOf(id))?.awaitingSince ?? null) !== null;
      if (waiting && (await this.routedChannel(c.channelId))) await this.move(scope, id, 'deactivated', null);
      else
        await this.conversations.save(
          scope,
          { ...record, conversation: { ...c, assigneeId: await this.pick(c.channelId) } },
          BY_ROUTING,
        );
      moved += 1;
    }
    return moved;
  }

  // ───────────── the queue ─────────────

  /** Gives the channel's queued conversations, oldest first, to whoever is available. */
  async drain(scope: WriteScope, channelId: string): Promise<number> {
    const channel = await this.routedChannel(channelId);
    if (!channel) return 0;
    const { store } = this.ctx;
    let assigned = 0;
    for (const { conversationId } of await store.routing.queued(channelId)) {
      const record = await store.conversations.findById(conversationId, FOR_UPDATE);
      // Read again under its lock: an agent may have taken it (or closed it) since the queue was read.
      if (!record) continue;
      const c = record.conversation;
      if (c.assigneeId !== null || c.status !== 'open' || (c.queuedAt ?? null) === null) continue;
      const passed = (await store.routing.stateOf(conversationId))?.passedAgentIds ?? [];
      const to = await this.pick(channel, new Set(passed));
      if (to === null) {
        // Nobody at all: the rest waits too. Only the agents it passed from: a later one may still go.
        if (passed.length === 0) break;
        continue;
      }
      await this.conversations.save(
        scope,
        { ...record, conversation: { ...c, assigneeId: to, queuedAt: null } },
        BY_ROUTING,
      );
      assigned += 1;
    }
    return assigned;
  }

  async drainAll(scope: WriteScope): Promise<number> {
    let assigned = 0;
    for (const channelId of await this.ctx.store.routing.queuedChannelIds())
      assigned += await this.drain(scope, channelId);
    return assigned;
  }

  /** The queue figures of these channels. */
  async queues(channelIds: readonly string[]): Promise<ChannelQueue[]> {
    return await this.ctx.store.routing.queues(channelIds);
  }

  // ───────────── the tick ─────────────

  /**
   * One pass of the time rules on the hub's clock: away/offline agents' waiting conversations back through
   * the queue, unanswered ones passed on, then the queues drained. Returns how many moved or were assigned.
   */
  async tick(): Promise<number> {
    if (this.stopped) return 0;
    return await this.ctx.writer.write(
      async (scope) =>
        (await this.requeueAway(scope)) + (await this.passUnanswered(scope)) + (await this.drainAll(scope)),
    );
  }

  private async requeueAway(scope: WriteScope): Promise<number> {
    const { store } = this.ctx;
    const now = this.ctx.now();
    let moved = 0;
    for (const p of await store.routing.allPresence()) {
      if (p.unavailableSince === null || this.presence.of(p.agentId) === 'online') continue;
      const reason = this.presence.of(p.agentId) === 'away' ? 'away' : 'offline';
      for (const waiting of await store.routing.awaiting(p.agentId)) {
        const routing = await this.routingOf(waiting.channelId);
        if (!routing || now - p.unavailableSince < routing.awayRequeueMinutes * MINUTE) continue;
        await this.move(scope, waiting.conversationId, reason, routing.awayRequeueMinutes);
        moved += 1;
      }
    }
    return moved;
  }

  private async passUnanswered(scope: WriteScope): Promise<number> {
    const now = this.ctx.now();
    let moved = 0;
    for (const waiting of await this.ctx.store.routing.awaiting(null)) {
      const minutes = (await this.routingOf(waiting.channelId))?.unansweredPassMinutes ?? null;
      if (minutes === null) continue;
      const since = Math.max(waiting.awaitingSince, waiting.assignedAt ?? 0);
      if (now - since < minutes * MINUTE) continue;
      await this.move(scope, waiting.conversationId, 'unanswered', minutes);
      moved += 1;
    }
    return moved;
  }

  /** Drains the queues soon, outside the change that made room (one pass for a burst of changes). */
  kick(): void {
    if (this.kickScheduled || this.stopped) return;
    this.kickScheduled = true;
    setImmediate(async () => {
      this.kickScheduled = false;
      if (this.stopped) return;
      try {
        if ((await this.ctx.store.routing.queuedChannelIds()).length > 0)
          await this.ctx.writer.write(async (scope) => await this.drainAll(scope));
      } catch (error) {
        this.ctx.log.error({ err: error }, 'routing the queue failed');
      }
    });
  }

  stop(): void {
    this.stopped = true;
  }
}
