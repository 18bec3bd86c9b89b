/**
 * Typing, both ways: which other agents are typing in which conversation
 * (from the main process's `typing` pushes), and telling them when I type in
 * the composer — "typing" on the first keystroke, "stopped" after a pause or
 * when the reply is sent. The main process throttles what reaches the hub.
 */
import type { SliceCreator } from './app-store.js';

export interface TypingAgent {
  agentId: string;
  agentName: string;
}

export interface TypingSlice {
  /** conversationId → the other agents typing there now. */
  typingAgents: Readonly<Record<string, readonly TypingAgent[]>>;
  applyTyping(notice: { conversationId: string; agentId: string; agentName: string; isTyping: boolean }): void;
  /** The agent pressed a key in the composer of `conversationId`. */
  noteTyping(conversationId: string): void;
  /** The agent sent, cleared or left the composer. */
  stopTyping(): void;
}

/** A pause this long in the composer means the agent stopped typing. */
export const TYPING_IDLE_MS = 4000;
/** Without a repeat (sent every few seconds while typing) a typing agent is forgotten after this. */
export const TYPING_SHOWN_MS = 8000;
/** Keystrokes closer than this do not cross to the main process again. */
const TYPING_REPEAT_MS = 2000;

export const createTypingSlice: SliceCreator<TypingSlice> = ({ set, get, api }) => {
  const expiry = new Map<string, ReturnType<typeof setTimeout>>();
  let mine: { conversationId: string; sentAt: number } | null = null;
  let idleTimer: ReturnType<typeof setTimeout> | null = null;

  function tell(conversationId: string, isTyping: boolean): void {
    // Best effort: a lost typing notice is not worth a word to the agent.
    api.setTyping(conversationId, isTyping).catch(() => undefined);
  }

  function forget(conversationId: string, agentId: string): void {
    const key = `${conversationId}\n${agentId}`;
    const timer = expiry.get(key);
    if (timer) clearTimeout(timer);
    expiry.delete(key);
    const others = (get().typingAgents[conversationId] ?? []).filter((a) => a.agentId !== agentId);
    const typingAgents = { ...get().typingAgents };
    if (others.length > 0) typingAgents[conversationId] = others;
    else delete typingAgents[conversationId];
    set({ typingAgents });
  }

  return {
    typingAgents: {},
    applyTyping({ conversationId, agentId, agentName, isTyping }) {
      forget(conversationId, agentId);
      if (!isTyping) return;
      const list = [...(get().typingAgents[conversationId] ?? []), { agentId, agentName }];
      set({ typingAgents: { ...get().typingAgents, [conversationId]: list } });
      expiry.set(
        `${conversationId}\n${agentId}`,
        setTimeout(() => forget(conversationId, agentId), TYPING_SHOWN_MS),
      );
    },
    noteTyping(conversationId) {
      const now = Date.now();
      if (mine && mine.conversationId !== conversationId) get().stopTyping();
      if (!mine || now - mine.sentAt >= TYPING_REPEAT_MS) {
        mine = { conversationId, sentAt: now };
        tell(conversationId, true);
      }
      if (idleTimer) clearTimeout(idleTimer);
      idleTimer = setTimeout(() => get().stopTyping(), TYPING_IDLE_MS);
    },
    stopTyping() {
      if (idleTimer) clearTimeout(idleTimer);
      idleTimer = null;
      if (!mine) return;
      const { conversationId } = mine;
      mine = null;
      tell(conversationId, false);
    },
  };
};
