import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, screen } from '@testing-library/react';
import { ERROR_TOAST_MS, Toasts } from '../../src/renderer/src/features/notifications/toasts.js';
import { FakeClientApi } from './fake-client-api.js';
import { makeStore, renderWithStore } from './render-app.js';

describe('toasts', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a newer notice about a conversation replaces its older one; other conversations keep theirs', () => {
    const api = new FakeClientApi();
    const store = makeStore(api);
    renderWithStore(<Toasts />, api, store);
    const notify = (conversationId: string, body: string) =>
      act(() => store.getState().pushToast({ kind: 'notification', title: 'Hanako · LINE', body, conversationId }));
    notify('c1', 'hello');
    notify('c2', 'other customer');
    notify('c1', '2 new messages · are you there');
    expect(screen.getAllByRole('status').map((el) => el.textContent)).toEqual([
      expect.stringContaining('other customer'),
      expect.stringContaining('2 new messages · are you there'),
    ]);
    // Each toast is its own live region, announced once: the list around them is not another one.
    expect(document.querySelector('.toasts')?.getAttribute('aria-live')).toBeNull();
  });

  it('an error leaves by itself after a few seconds; one that offers Undo stays with its button', () => {
    vi.useFakeTimers();
    const api = new FakeClientApi();
    const store = makeStore(api);
    renderWithStore(<Toasts />, api, store);
    act(() => {
      store.getState().pushToast({ kind: 'error', code: 'OFFLINE' });
      store.getState().pushToast({
        kind: 'error',
        code: 'OFFLINE',
        undo: { conversationId: 'c1', contactName: 'Hanako', status: 'open', snoozedUntil: null },
      });
    });
    expect(screen.getAllByRole('alert')).toHaveLength(2);
    act(() => vi.advanceTimersByTime(ERROR_TOAST_MS + 100));
    const left = screen.getAllByRole('alert');
    expect(left).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Undo' })).toBeTruthy();
  });
});
