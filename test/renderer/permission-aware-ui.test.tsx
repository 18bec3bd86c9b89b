/**
 * The agent UI follows the signed-in agent's permissions: what the hub would refuse is not offered,
 * and the reason is shown in words instead; an admin's change reaches the open screen live.
 */
import { describe, expect, it } from 'vitest';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import type { Permissions } from '../../src/shared/domain.js';
import { ConversationPane } from '../../src/renderer/src/features/conversation/conversation-pane.js';
import { handleShortcut } from '../../src/renderer/src/features/shortcuts/use-shortcuts.js';
import { expectAccessible } from './axe.js';
import { makeAgent, makeMessage } from './factories.js';
import { makeStore, renderWithStore } from './render-app.js';
import { scenario, type Scenario } from './scenario.js';

const ALL: Permissions = { view: true, create: true, update: true, delete: true };

async function renderPane(s: Scenario, locale = 'en-US') {
  const store = makeStore(s.api, { locale });
  await store.getState().loadSession();
  store.setState({ selectedId: s.row.conversation.id });
  await store.getState().openConversation(s.row.conversation.id, null);
  return renderWithStore(<ConversationPane />, s.api, store);
}

function withPermissions(permissions: Partial<Permissions>, role: 'admin' | 'agent' = 'agent'): Scenario {
  const s = scenario();
  s.api.me = makeAgent({ role, permissions: { ...ALL, ...permissions } });
  s.api.session = { hubUrl: 'http://127.0.0.1:4000', agent: s.api.me };
  s.row = { ...s.row, conversation: { ...s.row.conversation, labels: ['vip'] } };
  s.api.rows = [s.row];
  return s;
}

describe('an agent without the update permission', () => {
  it('sees no status buttons, no snooze, no assign button and no label editing, and is told why', async () => {
    const s = withPermissions({ update: false });
    const { container } = await renderPane(s);
    await screen.findByText('Changing the status or snoozing needs the “update” permission. Ask an admin.');
    expect(screen.queryByRole('radio', { name: 'Open' })).toBeNull();
    expect(screen.queryByRole('radio', { name: 'Resolved' })).toBeNull();
    expect(screen.queryByRole('combobox', { name: 'Snooze' })).toBeNull();
    // Where the conversation stands is still shown.
    expect(screen.getByText('Open')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Assign/ })).toBeNull();
    expect(screen.getByText(/Assigning needs the “update” permission/)).toBeTruthy();
    expect(screen.getByText('vip')).toBeTruthy();
    expect(screen.queryByRole('textbox', { name: 'Add label' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Remove label/ })).toBeNull();
    // Replying needs create, which this agent has.
    expect(screen.getByRole('textbox', { name: 'Reply' })).toBeTruthy();
    await expectAccessible(container);
  });

  it('has no keyboard shortcut that resolves or assigns either', async () => {
    const s = withPermissions({ update: false });
    const { store } = await renderPane(s);
    const press = (key: string) => handleShortcut(store, new KeyboardEvent('keydown', { key }));
    expect(press('e')).toBe(false);
    expect(press('a')).toBe(false);
    expect(s.api.callsOf('setStatus')).toEqual([]);
    expect(store.getState().dialog).toBeNull();
  });

  it('is told in Japanese too', async () => {
    const s = withPermissions({ update: false });
    await renderPane(s, 'ja-JP');
    await screen.findByText('ステータスの変更やスヌーズには「更新」権限が必要です。管理者に依頼してください。');
    expect(screen.queryByRole('radio', { name: '対応中' })).toBeNull();
  });
});

describe('an agent without the create permission', () => {
  it('reads the conversation but gets no reply box, no notes and no resend, with the reason', async () => {
    const s = withPermissions({ create: false });
    s.api.messages.set(s.row.conversation.id, [
      makeMessage({
        id: 'm-failed',
        direction: 'out',
        clientId: '0190f0b0-0000-7000-8000-000000000001',
        state: 'failed',
        outbox: { state: 'failed', reasonCode: 'PROVIDER_UNAVAILABLE', reason: null, windowWillClose: false },
      }),
    ]);
    const { container } = await renderPane(s);
    await screen.findByText(
      'You can read this conversation, but replies and notes need the “create” permission. Ask an admin.',
    );
    expect(screen.queryByRole('textbox', { name: 'Reply' })).toBeNull();
    expect(screen.queryByRole('checkbox', { name: 'Private note' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
    expect(await screen.findByText('Sending needs the “create” permission.')).toBeTruthy();
    // Status changes need update, which this agent has.
    expect(screen.getByRole('radio', { name: 'Resolved' })).toBeTruthy();
    await expectAccessible(container);
  });
});

describe('the permission-aware screen', () => {
  it('follows an admin’s change of the agent’s permissions without a new sign-in', async () => {
    const s = withPermissions({});
    const { api } = await renderPane(s);
    expect(await screen.findByRole('radio', { name: 'Resolved' })).toBeTruthy();
    act(() => {
      api.emit({
        type: 'session',
        session: { hubUrl: 'http://127.0.0.1:4000', agent: { ...api.me, permissions: { ...ALL, update: false } } },
      });
    });
    await waitFor(() => expect(screen.queryByRole('radio', { name: 'Resolved' })).toBeNull());
    act(() => {
      api.emit({ type: 'session', session: { hubUrl: 'http://127.0.0.1:4000', agent: api.me } });
    });
    fireEvent.click(await screen.findByRole('radio', { name: 'Resolved' }));
    await waitFor(() => expect(api.callsOf('setStatus')).toHaveLength(1));
  });

  it('offers an admin everything, whatever the permission flags say', async () => {
    const s = withPermissions({ view: false, create: false, update: false, delete: false }, 'admin');
    await renderPane(s);
    expect(await screen.findByRole('radio', { name: 'Resolved' })).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Reply' })).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Add label' })).toBeTruthy();
  });
});
