/**
 * Canned replies: team replies are managed by admins and used by every agent
 * who sees their channel (all channels: everyone); personal ones belong to
 * the agent who made them, and nobody else — not even an admin — reads,
 * changes or receives them (another agent's is NOT_FOUND, as if it did not
 * exist). A reply for one channel needs that channel to be visible to its
 * owner (for a team reply: a live channel). Every change is logged with the
 * visibility the clients' caches follow (eventVisibility); a reply moved to
 * another channel is first removed where it was seen.
 */
import {
  CreateCannedReplyRequest,
  ListCannedRepliesQuery,
  UpdateCannedReplyRequest,
} from '../../shared/canned-replies.js';
import type { CannedReply } from '../../shared/domain.js';
import { AppError, parseOrThrow } from '../../shared/errors.js';
import { cleanLine } from '../../shared/text.js';
import { uuidv7 } from '../../shared/uuidv7.js';
import { isAdmin, readableChannelIds, requireAdmin, type Actor } from './actor.js';
import type { HubContext } from './context.js';
import type { WriteScope } from './writer.js';
import type { EventVisibility } from '../store/ports/events.js';
import type { CannedReplyViewer } from '../store/ports/canned-replies.js';

/** Who receives a reply's events: its channel's viewers (or everyone), and for a personal one only its owner. */
export function cannedReplyVisibility(reply: Pick<CannedReply, 'ownerId' | 'channelId'>): EventVisibility {
  return { channelId: reply.channelId, agentId: reply.ownerId };
}

/** Titles are one line (the body's strings are already cleaned text, line breaks included). */
const titleLine = (title: string): string => cleanLine(title).trim();

export class CannedReplyService {
  constructor(private readonly ctx: HubContext) {}

  /** Whose replies the actor may see: the team's on its channels (an admin's: every live one), and its own. */
  async viewerOf(actor: Actor): Promise<CannedReplyViewer> {
    return { agentId: actor.agent.id, scope: await readableChannelIds(this.ctx.store, actor) };
  }

  async list(actor: Actor, raw: unknown): Promise<CannedReply[]> {
    const query = parseOrThrow(ListCannedRepliesQuery, raw);
    if (query.channelId !== undefined) await this.requireVisibleChannel(actor, query.channelId);
    return (await this.ctx.store.cannedReplies.listVisible(await this.viewerOf(actor)))
      .filter((reply) => query.scope === undefined || (query.scope === 'team') === (reply.ownerId === null))
      .filter(
        (reply) => query.channelId === undefined || reply.channelId === null || reply.channelId === query.channelId,
      );
  }

  async create(actor: Actor, raw: unknown): Promise<CannedReply> {
    const req = parseOrThrow(CreateCannedReplyRequest, raw);
    if (req.scope === 'team') requireAdmin(actor);
    return await this.ctx.writer.write(async (scope) => {
      if (req.channelId !== null) await this.requireVisibleChannel(actor, req.channelId);
      const now = this.ctx.now();
      const reply: CannedReply = {
        id: uuidv7(now),
        ownerId: req.scope === 'team' ? null : actor.agent.id,
        channelId: req.channelId,
        title: titleLine(req.title),
        shortcut: req.shortcut,
        text: req.text,
        createdAt: now,
        updatedAt: now,
      };
      await this.ctx.store.cannedReplies.insert(reply);
      scope.emit({ type: 'cannedReply.upsert', cannedReply: reply }, cannedReplyVisibility(reply));
      return reply;
    });
  }

  async update(actor: Actor, id: string, raw: unknown): Promise<CannedReply> {
    const req = parseOrThrow(UpdateCannedReplyRequest, raw);
    return await this.ctx.writer.write(async (scope) => {
      const current = await this.editable(actor, id);
      const channelId = req.channelId === undefined ? current.channelId : req.channelId;
      if (channelId !== null && channelId !== current.channelId) await this.requireVisibleChannel(actor, channelId);
      const reply: CannedReply = {
        ...current,
        channelId,
        title: req.title === undefined ? current.title : titleLine(req.title),
        shortcut: req.shortcut === undefined ? current.shortcut : req.shortcut,
        text: req.text ?? current.text,
        updatedAt: this.ctx.now(),
      };
      await this.ctx.store.cannedReplies.update(reply);
      // Whoever saw it on its old channel and does not see the new one must drop it: removed there first.
      if (channelId !== current.channelId) this.emitRemove(scope, current);
      scope.emit({ type: 'cannedReply.upsert', cannedReply: reply }, cannedReplyVisibility(reply));
      return reply;
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.ctx.writer.write(async (scope) => {
      const reply = await this.editable(actor, id);
      await this.ctx.store.cannedReplies.delete(reply.id);
      this.emitRemove(scope, reply);
    });
  }

  /** The reply, if the actor may change it: a team reply for admins (FORBIDDEN otherwise), a personal one for its owner. */
  private async editable(actor: Actor, id: string): Promise<CannedReply> {
    const reply = await this.ctx.store.cannedReplies.findById(id);
    // Another agent's personal reply is not acknowledged at all, to admins neither.
    if (!reply || (reply.ownerId !== null && reply.ownerId !== actor.agent.id)) {
      throw new AppError('NOT_FOUND', 'No such canned reply.');
    }
    if (reply.ownerId === null) requireAdmin(actor);
    return reply;
  }

  private emitRemove(scope: WriteScope, reply: CannedReply): void {
    scope.emit({ type: 'cannedReply.remove', cannedReplyId: reply.id }, cannedReplyVisibility(reply));
  }

  /** A live channel the actor sees: NOT_FOUND for no such channel, FORBIDDEN for one it is not linked to. */
  private async requireVisibleChannel(actor: Actor, channelId: string): Promise<void> {
    if (!(await this.ctx.store.channels.findById(channelId))) throw new AppError('NOT_FOUND', 'No such channel.');
    if (!isAdmin(actor) && !(await readableChannelIds(this.ctx.store, actor)).includes(channelId)) {
      throw new AppError('FORBIDDEN', 'You are not linked to this channel.');
    }
  }
}
