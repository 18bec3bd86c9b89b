import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import type { ConnectionState } from '../../src/shared/api.js';
import { renderApp } from './render-app.js';
import { scenario } from './scenario.js';

const signedOut = (signOutReason: NonNullable<ConnectionState['signOutReason']>): ConnectionState => ({
  status: 'signed-out',
  lastSyncedAt: null,
  progress: null,
  outboxCount: 0,
  error: null,
  signOutReason,
});

describe('the sign-in screen after the hub ended the session', () => {
  it.each([
    ['en-US', 'expired', 'Your session expired. Please sign in again.'],
    ['ja-JP', 'expired', 'セッションの有効期限が切れました。もう一度サインインしてください。'],
    [
      'en-US',
      'revoked',
      'The hub ended your session (signed out elsewhere, password changed or account deactivated). Please sign in again.',
    ],
  ] as const)('in %s, a session that %s is explained', async (locale, reason, words) => {
    const { api } = scenario();
    const { store } = renderApp(api, { locale });
    await waitFor(() => expect(store.getState().sessionStatus).toBe('signed-in'));
    api.emit({ type: 'session', session: null });
    api.emit({ type: 'connection', state: signedOut(reason) });
    expect((await screen.findByRole('status')).textContent).toBe(words);
  });
});
