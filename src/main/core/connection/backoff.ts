/**
 * Reconnect delays: exponential from half a second to thirty seconds with
 * "equal jitter" (half fixed, half random), so a hub restart is not met by
 * every client at once, and no client retries immediately.
 */
import { delayFor, type BackoffPolicy } from '../../../node-shared/backoff.js';

export const RECONNECT_BACKOFF: BackoffPolicy = { baseMs: 500, maxMs: 30_000, jitter: 'equal' };

/** Delay before reconnect attempt `attempt` (0-based); `random` in [0, 1). */
export function reconnectDelay(attempt: number, random: number): number {
  return delayFor(RECONNECT_BACKOFF, attempt + 1, { random: () => random });
}
