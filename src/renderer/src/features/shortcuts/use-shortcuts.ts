/**
 * Keyboard first: j/k or Alt+↓/↑ move between conversations, / searches,
 * a assigns, e resolves, ? shows the help sheet. Single-letter keys are
 * ignored while typing in a field so they never eat a reply's letters.
 */
import { useEffect } from 'react';
import { mayDo, type AgentAction } from '../../../../shared/agent-permissions.js';
import type { AppStore } from '../../stores/app-store.js';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function handleShortcut(store: AppStore, event: KeyboardEvent): boolean {
  const state = store.getState();
  // a and e stay with the agent's permissions: what the screen does not offer, no key does either.
  const may = (action: AgentAction): boolean => state.session !== null && mayDo(state.session.agent, action);
  if (event.altKey && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
    state.selectAdjacent(event.key === 'ArrowDown' ? 1 : -1);
    return true;
  }
  if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return false;
  if (state.dialog !== null || state.lightbox !== null) return false;
  switch (event.key) {
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
      if (!state.detail || !may('status')) return false;
      void state.changeStatus('resolved', null);
      return true;
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
