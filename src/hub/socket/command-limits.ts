/**
 * Per-socket rate limits for the commands that fan out without being stored:
 * one `typing` or `presence.set` costs a write to every socket of the channel
 * (or of the hub), so a socket repeating them in a loop would make the hub
 * write hundreds of thousands of pushes. The client sends `typing` at most
 * every 3 s per conversation plus one "stopped" (account/typing-sender.ts),
 * and presence only when the agent or the idle watch changes it: these
 * allowances never drop a well-behaved client. What is over the limit is
 * dropped, not relayed, and acknowledged as RATE_LIMITED with the wait.
 */
import { AppError } from '../../shared/errors.js';
import type { SocketCommand } from '../../shared/protocol.js';
import { TokenBucket, type BucketRule } from './token-bucket.js';

export const COMMAND_LIMITS: Readonly<Partial<Record<SocketCommand, BucketRule>>> = {
  typing: { burst: 10, perSecond: 5 },
  'presence.set': { burst: 5, perSecond: 1 },
  // Sent when the agent opens a conversation: j/k through the inbox is a few per second at most.
  'conversation.view': { burst: 20, perSecond: 10 },
};

export class CommandLimiter {
  private readonly buckets = new Map<SocketCommand, TokenBucket>();
  /** Whether this socket was limited before (it is logged once, not per dropped command). */
  wasLimited = false;

  /** Null when the command may run; else the refusal to acknowledge it with. */
  refusal(name: SocketCommand): AppError | null {
    const rule = COMMAND_LIMITS[name];
    if (!rule) return null;
    let bucket = this.buckets.get(name);
    if (!bucket) {
      bucket = new TokenBucket(rule);
      this.buckets.set(name, bucket);
    }
    if (bucket.take()) return null;
    const retryAfterMs = Math.ceil(1000 / rule.perSecond);
    return new AppError('RATE_LIMITED', `Too many "${name}" commands; wait a moment.`, { retryAfterMs });
  }
}
