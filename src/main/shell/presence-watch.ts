/**
 * Sets presence to away when the machine idles, locks or sleeps, and back to
 * online when the agent returns — unless the agent chose "away" themselves,
 * which only they can undo. Tells the core to resync on wake.
 */
import { powerMonitor } from 'electron';

const IDLE_AFTER_SECONDS = 5 * 60;
const IDLE_POLL_MS = 30_000;

export interface PresenceWatchOptions {
  /** Called with the presence to publish whenever it changes. */
  readonly publish: (presence: 'online' | 'away') => void;
  readonly onWake: () => void;
}

export interface PresenceWatch {
  /** The agent picked a presence in the tray or the app. */
  choose(presence: 'online' | 'away'): void;
  stop(): void;
}

export function watchPresence(options: PresenceWatchOptions): PresenceWatch {
  let idle = false;
  let chosen: 'online' | 'away' = 'online';
  let published: 'online' | 'away' = 'online';
  const update = () => {
    const next = chosen === 'away' || idle ? 'away' : 'online';
    if (next === published) return;
    published = next;
    options.publish(next);
  };
  const setIdle = (next: boolean) => {
    idle = next;
    update();
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
  return {
    choose(presence) {
      chosen = presence;
      update();
    },
    stop() {
      clearInterval(timer);
      powerMonitor.off('suspend', onSuspend);
      powerMonitor.off('lock-screen', onLock);
      powerMonitor.off('resume', onResume);
      powerMonitor.off('unlock-screen', onUnlock);
    },
  };
}
