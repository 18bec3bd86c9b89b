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
  ) => void;
  /** This socket shows this conversation now (null: none); who may see it is told (viewers.ts). */
  readonly setViewing: (conversation: { id: string; channelId: string } | null) => void;
}

type Handler = (services: HubServices, ctx: CommandContext, payload: unknown) => unknown;

export const COMMAND_HANDLERS: Readonly<Record<SocketCommand, Handler>> = {
  sync: (s, c, p) => s.sync.sync(c.actor, p),
  snapshot: (s, c, p) => s.sync.snapshot(c.actor, p),
  'message.send': (s, c, p) => s.messages.send(c.actor, p),
  'conversation.assign': (s, c, p) => s.conversations.assign(c.actor, p),
  'conversation.setStatus': (s, c, p) => s.conversations.setStatus(c.actor, p),
  'conversation.setLabels': (s, c, p) => s.conversations.setLabels(c.actor, p),
  'conversation.markRead': (s, c, p) => s.conversations.markRead(c.actor, p),
  'conversation.markUnread': (s, c, p) => s.conversations.markUnread(c.actor, p),
  'conversation.bulk': (s, c, p) => bulkUpdate(s.conversations, c.actor, p),
  'presence.set': (s, c, p) => {
    const { presence } = parseOrThrow(SetPresenceRequest, p);
    s.presence.set(c.actor.agent.id, c.socketId, presence);
    return { presence };
  },
  'conversation.view': (s, c, p) => {
    const req = parseOrThrow(ViewingRequest, p);
    // Authorized like typing: only a conversation the agent may read, by its channel link.
    const conversation = req.conversationId === null ? null : s.conversations.get(c.actor, req.conversationId);
    c.setViewing(conversation && { id: conversation.id, channelId: conversation.channelId });
    return {};
  },
  typing: (s, c, p) => {
    const req = parseOrThrow(TypingRequest, p);
    const conversation = s.conversations.get(c.actor, req.conversationId);
    c.relayTyping(conversation.channelId, { ...req, agentId: c.actor.agent.id });
    return {};
  },
};
