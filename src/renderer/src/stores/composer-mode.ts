/**
 * What the composer may send right now. WhatsApp allows only approved
 * templates once 24 h have passed since the customer last wrote; WeChat allows
 * nothing after 48 h (SPEC §3, FAQ 47). Private notes never reach the customer,
 * so the window does not apply to them. Worked out from the cached
 * conversation and the clock, so it holds offline too.
 */
import type { WindowInfo } from '../../../shared/api.js';

export type ComposerMode = 'free' | 'templates-only' | 'blocked';

export function isWindowOpen(window: WindowInfo, now: number): boolean {
  if (!window.applies) return true;
  return window.closesAt !== null && window.closesAt > now;
}

export function windowMsLeft(window: WindowInfo, now: number): number | null {
  if (!window.applies || window.closesAt === null) return null;
  return Math.max(0, window.closesAt - now);
}

export function composerMode(window: WindowInfo, now: number, isNote: boolean): ComposerMode {
  if (isNote || isWindowOpen(window, now)) return 'free';
  return window.outsideWindow === 'nothing' ? 'blocked' : 'templates-only';
}
