/**
 * jsdom has no layout: give the virtual lists what they ask for (ResizeObserver,
 * scrollTo) so they render their rows, and unmount after every test.
 */
import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/react';

class NoopResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}

if (!('ResizeObserver' in globalThis)) {
  Object.defineProperty(globalThis, 'ResizeObserver', { value: NoopResizeObserver, configurable: true });
}
if (typeof Element.prototype.scrollTo !== 'function') {
  Element.prototype.scrollTo = function scrollTo(this: Element, options?: ScrollToOptions | number) {
    if (typeof options === 'object' && options.top !== undefined) this.scrollTop = options.top;
  };
}

/** Sizes the virtual lists would have on screen: the scroll areas and one message row. */
const SCROLL_AREAS: Readonly<Record<string, { width: number; height: number }>> = {
  'inbox-list': { width: 360, height: 800 },
  'message-list': { width: 640, height: 600 },
};
const MESSAGE_ROW_HEIGHT = 80;

function scrollAreaOf(element: HTMLElement): { width: number; height: number } | null {
  for (const [name, size] of Object.entries(SCROLL_AREAS)) if (element.classList.contains(name)) return size;
  return null;
}

function isMessageRow(element: HTMLElement): boolean {
  return element.classList.contains('virtual-row') && element.closest('.message-list') !== null;
}

// TanStack Virtual sizes the scroll area by client size and each measured row by offset size.
Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
  configurable: true,
  get(this: HTMLElement) {
    return scrollAreaOf(this)?.height ?? 0;
  },
});
Object.defineProperty(HTMLElement.prototype, 'clientWidth', {
  configurable: true,
  get(this: HTMLElement) {
    return scrollAreaOf(this)?.width ?? 0;
  },
});
Object.defineProperty(HTMLElement.prototype, 'offsetHeight', {
  configurable: true,
  get(this: HTMLElement) {
    return isMessageRow(this) ? MESSAGE_ROW_HEIGHT : (scrollAreaOf(this)?.height ?? 0);
  },
});

afterEach(() => {
  cleanup();
  globalThis.localStorage?.clear();
});
