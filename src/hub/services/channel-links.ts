/**
 * Channel links set many at once (the admin console's agents × channels
 * matrix): every change is checked first, then all are applied in one write,
 * so one unknown id or deactivated agent changes nothing. Each link and unlink
 * has the effects of the single-link routes (channels.ts): an unlinked agent's
 * conversations on that channel go back to unassigned (FAQ 39), each changed
 * channel is emitted once, and the agents whose links changed get their rooms
 * recomputed and a `resync {reason: 'links-changed'}`.
 */
import { mapAsync } from '../../node-shared/async-list.js';
import { SetLinksRequest, type LinkChange, type SetLinksResponse } from '../../shared/agent-access.js';
import type { Channel } from '../../shared/domain.js';
import { AppError, parseOrThrow } from '../../shared/errors.js';
import { requireAdmin, type Actor } from './actor.js';
import type { HubContext } from './context.js';
import type { ConversationService } from './conversations.js';
import { onChannel, type WriteScope } from './writer.js';

export class ChannelLinkService {
  constructor(
    private readonly ctx: HubContext,
    private readonly conversations: ConversationService,
  ) {}

  async setLinks(actor: Actor, raw: unknown): Promise<SetLinksResponse> {
    requireAdmin(actor);
    const { changes } = parseOrThrow(SetLinksRequest, raw);
    return await this.ctx.writer.write(async (scope) => {
      await this.check(changes);
      const now = this.ctx.now();
      const changedChannels = new Set<string>();
      const gained = new Set<string>();
      const lost = new Set<string>();
      let linked = 0;
      let unlinked = 0;
      for (const { channelId, agentId, linked: wanted } of changes) {
        if (wanted) {
          if (!(await this.ctx.store.channels.link(channelId, agentId, now))) continue;
          linked += 1;
          gained.add(agentId);
        } else {
          if (!(await this.ctx.store.channels.unlink(channelId, agentId))) continue;
          unlinked += 1;
          lost.add(agentId);
          await this.unassignAll(scope, channelId, agentId);
        }
        changedChannels.add(channelId);
      }
      const channels = await mapAsync([...changedChannels], async (id) => await this.emitChannel(scope, id));
      // Joining rooms comes before the channels' events (so they reach the new agents), leaving after them
      // (so the agent hears the channel it left); an agent who both gained and lost resyncs either way.
      const onlyGained = [...gained].filter((id) => !lost.has(id));
      if (onlyGained.length > 0) scope.signal({ type: 'links-changed', agentIds: onlyGained });
      if (lost.size > 0) scope.signal({ type: 'links-changed', agentIds: [...lost] }, { afterEvents: true });
      return { linked, unlinked, channels };
    });
  }

  /** Refuses the whole request on its first bad change, naming it (`changes.3.agentId: …`). */
  private async check(changes: readonly LinkChange[]): Promise<void> {
    const { store } = this.ctx;
    const wantedByPair = new Map<string, boolean>();
    const channels = new Map<string, boolean>();
    const agents = new Map<string, { active: boolean; name: string } | null>();
    for (const [index, change] of changes.entries()) {
      const pair = `${change.channelId}\n${change.agentId}`;
      const earlier = wantedByPair.get(pair);
      if (earlier !== undefined && earlier !== change.linked) {
        throw new AppError('VALIDATION_FAILED', `changes.${index}: links and unlinks the same agent and channel`, {
          index,
        });
      }
      wantedByPair.set(pair, change.linked);
      if (!channels.has(change.channelId))
        channels.set(change.channelId, (await store.channels.findById(change.channelId)) !== null);
      if (!channels.get(change.channelId)) {
        throw new AppError('NOT_FOUND', `changes.${index}.channelId: no channel ${change.channelId}`, {
          index,
          channelId: change.channelId,
        });
      }
      if (!agents.has(change.agentId)) agents.set(change.agentId, await store.agents.findById(change.agentId));
      const agent = agents.get(change.agentId);
      if (!agent) {
        throw new AppError('NOT_FOUND', `changes.${index}.agentId: no agent ${change.agentId}`, {
          index,
          agentId: change.agentId,
        });
      }
      if (change.linked && !agent.active) {
        throw new AppError('AGENT_INACTIVE', `changes.${index}: ${agent.name} is deactivated and cannot be linked`, {
          index,
          agentId: change.agentId,
        });
      }
    }
  }

  private async unassignAll(scope: WriteScope, channelId: string, agentId: string): Promise<void> {
    for (const record of await this.ctx.store.conversations.listAssignedTo(channelId, agentId)) {
      await this.conversations.save(scope, { ...record, conversation: { ...record.conversation, assigneeId: null } });
    }
  }

  private async emitChannel(scope: WriteScope, channelId: string): Promise<Channel> {
    const channel = await this.ctx.store.channels.findById(channelId);
    if (!channel) throw new AppError('NOT_FOUND', 'No such channel.');
    scope.emit({ type: 'channel.upsert', channel }, onChannel(channel.id));
    return channel;
  }
}
