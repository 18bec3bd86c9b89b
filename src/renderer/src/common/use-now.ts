import { useEffect, useState } from 'react';
import { COUNTDOWN_SECONDS_BELOW } from '../i18n/translate.js';

/** The current time, refreshed every `intervalMs`, so window countdowns move without new data. */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/**
 * The time a countdown to `endsAt` shows: `now` from the caller's slower clock, but every second
 * while less than COUNTDOWN_SECONDS_BELOW is left, so the seconds of the last minutes move.
 */
export function useCountdownNow(endsAt: number | null, now: number): number {
  const close = endsAt !== null && endsAt > now && endsAt - now < COUNTDOWN_SECONDS_BELOW;
  const [tick, setTick] = useState(() => Date.now());
  useEffect(() => {
    if (!close) return undefined;
    const timer = setInterval(() => setTick(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [close]);
  return close ? Math.max(now, tick) : now;
}
