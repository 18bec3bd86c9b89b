/**
 * Reconnect delays: exponential from BASE to MAX with "equal jitter" (half
 * fixed, half random), so a hub restart is not met by every client at once.
 */
const RECONNECT_BASE_MS = 500;
const RECONNECT_MAX_MS = 30_000;

/** Delay before reconnect attempt `attempt` (0-based); `random` in [0, 1). */
export function reconnectDelay(attempt: number, random: number): number {
  const ceiling = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}
