/**
 * Sets presence to away when the machine idles, locks or sleeps, and back to
 * online when the agent returns; tells the core to resync on wake.
 */
import { powerMonitor } from 'electron';

const IDLE_AFTER_SECONDS = 5 * 60;
const IDLE_POLL_MS = 30_000;

export interface PresenceWatchOptions {
  readonly setAway: (away: boolean) => void;
  readonly onWake: () => void;
}

export function watchPresence(options: PresenceWatchOptions): () => void {
  let idle = false;
  const setIdle = (next: boolean) => {
    if (next === idle) return;
    idle = next;
    options.setAway(next);
  };
  const onSuspend = () => setIdle(true);
  const onLock = () => setIdle(true);
  const onResume = () => {
    setIdle(false);
    options.onWake();
  };
  const onUnlock = () => setIdle(false);
  powerMonitor.on('suspend', onSuspend);
  powerMonitor.on('lock-screen', onLock);
  powerMonitor.on('resume', onResume);
  powerMonitor.on('unlock-screen', onUnlock);
  const timer = setInterval(() => {
    const state = powerMonitor.getSystemIdleState(IDLE_AFTER_SECONDS);
    setIdle(state === 'idle' || state === 'locked');
  }, IDLE_POLL_MS);
  return () => {
    clearInterval(timer);
    powerMonitor.off('suspend', onSuspend);
    powerMonitor.off('lock-screen', onLock);
    powerMonitor.off('resume', onResume);
    powerMonitor.off('unlock-screen', onUnlock);
  };
}
