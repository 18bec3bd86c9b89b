/**
 * Keyboard first (docs/renderer.md "Keyboard shortcuts"): j/k or Alt+↓/↑ move between
 * conversations, / searches, a assigns, e resolves (with "Resolved · Undo" for a few seconds),
 * n writes a private note, s opens the snooze menu, l the label editor, c the canned-reply `/`
 * list, ? shows the help sheet. Single-letter keys are ignored while typing in a field so they
 * never eat a reply's letters; there, Alt with the same letter does it (Alt+N, Alt+S, Alt+L,
 * Alt+C, Alt+E), read from the key's position so a Mac's Option characters do not matter.
 */
import { useEffect } from 'react';
import { mayDo, type AgentAction } from '../../../../shared/agent-permissions.js';
import { contactDisplayName } from '../../../../shared/contact-name.js';
import type { AppStore } from '../../stores/app-store.js';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** The conversation actions that also work from a field with Alt: the key's position → the letter. */
const WITH_ALT: Readonly<Record<string, string>> = { KeyN: 'n', KeyS: 's', KeyL: 'l', KeyC: 'c', KeyE: 'e' };

/** The element a shortcut opens, marked `data-shortcut` where it is rendered. */
function target(name: 'snooze' | 'label' | 'canned'): HTMLElement | null {
  return document.querySelector<HTMLElement>(`[data-shortcut="${name}"]`);
}

function composerBox(): HTMLTextAreaElement | null {
  return document.querySelector<HTMLTextAreaElement>('.composer textarea');
}

/** After the render a state change caused (the side panel opening, the composer becoming a note). */
function afterRender(run: () => void): void {
  requestAnimationFrame(() => requestAnimationFrame(run));
}

function openSnoozeMenu(): boolean {
  const select = target('snooze');
  if (!(select instanceof HTMLSelectElement) || select.disabled) return false;
  select.focus();
  try {
    // Chromium opens the list itself; where it cannot (no user activation), the focused menu is one arrow away.
    select.showPicker();
  } catch {
    /* focused is enough */
  }
  return true;
}

async function resolveWithUndo(store: AppStore): Promise<void> {
  const detail = store.getState().detail;
  if (!detail) return;
  const before = detail.row.conversation;
  if (!(await store.getState().changeStatus('resolved', null))) return;
  store.getState().pushToast({
    kind: 'undo',
    conversationId: before.id,
    contactName: contactDisplayName(detail.row.contact, detail.row.channelKind, store.getState().lang),
    status: before.status,
    snoozedUntil: before.snoozedUntil,
  });
}

export function handleShortcut(store: AppStore, event: KeyboardEvent): boolean {
  const state = store.getState();
  // a and e stay with the agent's permissions: what the screen does not offer, no key does either.
  const may = (action: AgentAction): boolean => state.session !== null && mayDo(state.session.agent, action);
  if (event.altKey && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
    state.selectAdjacent(event.key === 'ArrowDown' ? 1 : -1);
    return true;
  }
  let key: string;
  if (event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey && WITH_ALT[event.code]) {
    key = WITH_ALT[event.code] ?? '';
  } else if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) {
    return false;
  } else {
    key = event.key;
  }
  if (state.dialog !== null || state.lightbox !== null) return false;
  switch (key) {
    case 'j':
      state.selectAdjacent(1);
      return true;
    case 'k':
      state.selectAdjacent(-1);
      return true;
    case '/':
      state.requestSearchFocus();
      return true;
    case 'a':
      if (!state.detail || !may('assign')) return false;
      state.openDialog('reassign');
      return true;
    case 'e':
      if (!state.detail || !may('status') || state.detail.row.conversation.status === 'resolved') return false;
      void resolveWithUndo(store);
      return true;
    case 'n':
      if (!state.detail || !may('note') || !composerBox()) return false;
      state.setComposerNote(true);
      afterRender(() => composerBox()?.focus());
      return true;
    case 's':
      if (!state.detail || !may('snooze')) return false;
      return openSnoozeMenu();
    case 'l':
      if (!state.detail || !may('labels')) return false;
      // The labels live in the side panel: open it if the agent hid it.
      if (!state.sidePanelOpen) state.setSidePanelOpen(true);
      afterRender(() => target('label')?.focus());
      return true;
    case 'c': {
      const button = target('canned');
      if (!state.detail || !button) return false;
      composerBox()?.focus();
      button.click();
      return true;
    }
    case '?':
      state.openDialog('help');
      return true;
    default:
      return false;
  }
}

export function useShortcuts(store: AppStore): void {
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (handleShortcut(store, event)) event.preventDefault();
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);
}
