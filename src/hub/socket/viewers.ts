/**
 * Who has which conversation open, per socket (issue 13 §4: "who else is
 * viewing"). Presence-like: held in memory, never logged, gone with the
 * socket. Each entry keeps the conversation's channel, so a notice reaches only
 * the sockets that may see that conversation (its channel's room and admins).
 */
export interface Viewing {
  readonly socketId: string;
  readonly agentId: string;
  readonly conversationId: string;
  readonly channelId: string;
}

export class ViewerTracker {
  private readonly bySocket = new Map<string, Viewing>();

  /** This socket now shows `viewing` (or nothing); returns what it showed before, if that changed. */
  set(socketId: string, viewing: Omit<Viewing, 'socketId'> | null): { left: Viewing | null; joined: Viewing | null } {
    const before = this.bySocket.get(socketId) ?? null;
    if (before && viewing && before.conversationId === viewing.conversationId) return { left: null, joined: null };
    if (viewing) this.bySocket.set(socketId, { socketId, ...viewing });
    else this.bySocket.delete(socketId);
    return { left: before, joined: viewing ? { socketId, ...viewing } : null };
  }

  /** The socket is gone: what it showed, if anything. */
  remove(socketId: string): Viewing | null {
    const before = this.bySocket.get(socketId) ?? null;
    this.bySocket.delete(socketId);
    return before;
  }

  /** Whether another socket of the same agent still shows the conversation (then it is still viewed). */
  stillViewed(left: Viewing): boolean {
    for (const v of this.bySocket.values())
      if (v.agentId === left.agentId && v.conversationId === left.conversationId) return true;
    return false;
  }

  all(): Viewing[] {
    return [...this.bySocket.values()];
  }
}
