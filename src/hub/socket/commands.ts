/**
 * The socket commands of SOCKET_COMMANDS, each a call into a service. The
 * services parse the payload with the command's schema; anything invalid is
 * refused before a single row is written.
 */
import { parseOrThrow } from '../../shared/errors.js';
import { SetPresenceRequest, TypingRequest, ViewingRequest, type SocketCommand } from '../../shared/protocol.js';
import type { Actor } from '../services/actor.js';
import type { HubServices } from '../services/hub-services.js';
import { bulkUpdate } from './bulk-commands.js';

export interface CommandContext {
  readonly actor: Actor;
  readonly socketId: string;
  /** Relays a typing notice to the other sockets that may see the conversation. */
  readonly relayTyping: (
    channelId: string,
    notice: { conversationId: string; agentId: string; isTyping: boolean },
  ) => Promise<void>;
  /** This socket shows this conversation now (null: none); who may see it is told (viewers.ts). */
  readonly setViewing: (conversation: { id: string; channelId: string } | null) => Promise<void>;
}

type Handler = (services: HubServices, ctx: CommandContext, payload: unknown) => unknown;

export const COMMAND_HANDLERS: Readonly<Record<SocketCommand, Handler>> = {
  sync: async (s, c, p) => await s.sync.sync(c.actor, p),
  snapshot: async (s, c, p) => await s.sync.snapshot(c.actor, p),
  'message.send': async (s, c, p) => await s.messages.send(c.actor, p),
  'conversation.assign': async (s, c, p) => await s.conversations.assign(c.actor, p),
  'conversation.setStatus': async (s, c, p) => await s.conversations.setStatus(c.actor, p),
  'conversation.setLabels': async (s, c, p) => await s.conversations.setLabels(c.actor, p),
  'conversation.markRead': async (s, c, p) => await s.conversations.markRead(c.actor, p),
  'conversation.markUnread': async (s, c, p) => await s.conversations.markUnread(c.actor, p),
  'conversation.bulk': async (s, c, p) => await bulkUpdate(s.conversations, c.actor, p),
  'presence.set': async (s, c, p) => {
    const { presence } = parseOrThrow(SetPresenceRequest, p);
    await s.presence.set(c.actor.agent.id, c.socketId, presence);
    return { presence };
  },
  'conversation.view': async (s, c, p) => {
    const req = parseOrThrow(ViewingRequest, p);
    // Authorized like typing: only a conversation the agent may read, by its channel link.
    const conversation = req.conversationId === null ? null : await s.conversations.get(c.actor, req.conversationId);
    await c.setViewing(conversation && { id: conversation.id, channelId: conversation.channelId });
    return {};
  },
  typing: async (s, c, p) => {
    const req = parseOrThrow(TypingRequest, p);
    const conversation = await s.conversations.get(c.actor, req.conversationId);
    await c.relayTyping(conversation.channelId, { ...req, agentId: c.actor.agent.id });
    return {};
  },
};
