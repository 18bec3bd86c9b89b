/**
 * The channel trash (issue 12), an undo for deleting a channel. Trashing keeps
 * everything — links, contacts, conversations, messages, templates, the sealed
 * credentials and the credit balance — and changes one thing: the channel is
 * re-emitted with `trashedAt`, so every client that keeps it (its linked
 * agents, admins; online now or syncing later) hides it and its conversations.
 * Meanwhile its webhooks are refused (410), it is no longer polled and a
 * webhook the hub registered is taken back (providers/provider-links.ts), nothing can
 * be sent on it and its credits can be neither spent nor bought. Restoring
 * re-emits it without `trashedAt` and everything shows again.
 */
import type { Channel } from '../../shared/domain.js';
import { AppError } from '../../shared/errors.js';
import { requireAdmin, type Actor } from './actor.js';
import type { ChannelService } from './channels.js';
import type { HubContext } from './context.js';

export class ChannelTrashService {
  constructor(
    private readonly ctx: HubContext,
    private readonly channels: ChannelService,
  ) {}

  /** Channels in the trash, most recently trashed first. */
  async list(actor: Actor): Promise<Channel[]> {
    requireAdmin(actor);
    return await this.ctx.store.channels.listTrashed();
  }

  async trash(actor: Actor, id: string): Promise<Channel> {
    requireAdmin(actor);
    return await this.ctx.writer.write(async (scope) => {
      await this.channels.get(actor, id);
      await this.ctx.store.channels.trash(id, this.ctx.now());
      return await this.channels.emitChannel(scope, id);
    });
  }

  /** Brings a trashed channel back with all it had; restoring a live one changes nothing. */
  async restore(actor: Actor, id: string): Promise<Channel> {
    requireAdmin(actor);
    return await this.ctx.writer.write(async (scope) => {
      if (await this.ctx.store.channels.restore(id, this.ctx.now())) return await this.channels.emitChannel(scope, id);
      const live = await this.ctx.store.channels.findById(id);
      if (!live) throw new AppError('NOT_FOUND', 'No such channel.');
      return live;
    });
  }
}
