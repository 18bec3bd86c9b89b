/**
 * Inbox triage in the renderer (issue 13 §4): rows show status, labels, a draft and a failed send
 * and who is typing; ticking with shift-click and the keyboard; the selection bar's bulk change with
 * the refused ones said in words; the list is one stop in the tab order (roving tabindex).
 */
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { expectAccessible } from './axe.js';
import { HOUR, makeContact, makeConversation, makeRow } from './factories.js';
import { renderApp } from './render-app.js';
import { scenario } from './scenario.js';

function inboxWith(count: number) {
  const s = scenario();
  s.api.rows = Array.from({ length: count }, (_, i) =>
    makeRow(
      makeConversation({ id: `conv-${i}`, channelId: s.channel.id, lastMessageAt: Date.now() - (i + 1) * HOUR }),
      { contact: makeContact({ id: `contact-${i}`, channelId: s.channel.id, name: `Customer ${i}` }) },
    ),
  );
  return s;
}

const rowButtons = async () =>
  within(await screen.findByRole('list', { name: 'Conversations' })).findAllByRole('button');

describe('inbox triage', () => {
  it('rows show status, labels, a draft, a failed send and who is typing', async () => {
    const s = scenario();
    const conversation = makeConversation({
      id: 'conv-x',
      channelId: s.channel.id,
      status: 'pending',
      labels: ['vip', 'refund', 'billing'],
    });
    s.api.rows = [
      makeRow(conversation, {
        contact: makeContact({ channelId: s.channel.id, name: 'Hanako Yamada' }),
        hasDraft: true,
        lastSendFailed: true,
      }),
    ];
    const { store } = renderApp(s.api);
    const [row] = await rowButtons();
    if (!row) throw new Error('no row');
    expect(within(row).getByText('Pending')).toBeTruthy();
    expect(within(row).getByText('vip')).toBeTruthy();
    expect(within(row).getByText('+1').getAttribute('title')).toBe('billing');
    expect(within(row).getByText('Draft')).toBeTruthy();
    expect(within(row).getByText('Failed to send')).toBeTruthy();
    expect(within(row).getByText('Hanako Yamada').getAttribute('title')).toBe('Hanako Yamada');
    store.getState().applyTyping({ conversationId: 'conv-x', agentId: 'ben', agentName: 'Ben', isTyping: true });
    expect(await within(row).findByText('Ben is typing…')).toBeTruthy();
  });

  it('shift-click ticks a range; the bulk change says which could not be changed and why; Escape clears', async () => {
    const s = inboxWith(6);
    s.api.bulkRefusals.set('conv-2', 'CHANNEL_NOT_LINKED');
    s.api.bulkRefusals.set('conv-3', 'CHANNEL_NOT_LINKED');
    const { user, container } = renderApp(s.api);
    await rowButtons();
    await user.click(screen.getByRole('checkbox', { name: 'Select Customer 1' }));
    await user.keyboard('{Shift>}');
    await user.click(screen.getByRole('checkbox', { name: 'Select Customer 4' }));
    await user.keyboard('{/Shift}');
    const bar = screen.getByRole('region', { name: 'Selection' });
    expect(within(bar).getByText('4 selected')).toBeTruthy();
    await expectAccessible(container);

    await user.selectOptions(within(bar).getByRole('combobox', { name: 'Status…' }), 'resolved');
    expect(await within(bar).findByText('2 of 4 could not be changed: not linked to channel.')).toBeTruthy();
    const call = s.api.calls.find((c) => c.method === 'bulkUpdate');
    expect(call?.args[0]).toEqual({
      conversationIds: ['conv-1', 'conv-2', 'conv-3', 'conv-4'],
      action: { type: 'status', status: 'resolved' },
    });
    // The changed ones left the working view; the refused ones stay ticked.
    await waitFor(async () => expect(await rowButtons()).toHaveLength(4));
    expect(within(bar).getByText('2 selected')).toBeTruthy();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Selection' })).toBeNull());
  });

  it('Escape right after ticking a row (the tick box focused) clears the selection', async () => {
    const s = inboxWith(3);
    const { user } = renderApp(s.api);
    await rowButtons();
    await user.click(screen.getByRole('checkbox', { name: 'Select Customer 2' }));
    expect(document.activeElement).toBe(screen.getByRole('checkbox', { name: 'Select Customer 2' }));
    screen.getByRole('region', { name: 'Selection' });
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Selection' })).toBeNull());
  });

  it('the list is one stop in the tab order; arrows move it, space and shift+arrows tick', async () => {
    const s = inboxWith(5);
    const { user } = renderApp(s.api);
    const buttons = await rowButtons();
    expect(buttons.filter((b) => b.tabIndex === 0)).toHaveLength(1);
    buttons[0]?.focus();
    await user.keyboard('{ArrowDown}');
    await waitFor(() => expect(document.activeElement?.textContent).toContain('Customer 1'));
    await user.keyboard(' ');
    await user.keyboard('{Shift>}{ArrowDown}{ArrowDown}{/Shift}');
    await waitFor(() => expect(document.activeElement?.textContent).toContain('Customer 3'));
    expect(screen.getByText('3 selected')).toBeTruthy();
    expect((await rowButtons()).filter((b) => b.tabIndex === 0)).toHaveLength(1);
    await user.keyboard('{End}');
    await waitFor(() => expect(document.activeElement?.textContent).toContain('Customer 4'));
    // j still opens the next conversation from anywhere outside a field.
    await user.keyboard('j');
    expect(s.api.calls.some((c) => c.method === 'getConversation')).toBe(true);
  });

  it('the Resolved view, the sort, unread only and mark unread reach the client API', async () => {
    const s = inboxWith(2);
    const { user, store } = renderApp(s.api);
    await rowButtons();
    await user.click(screen.getByRole('tab', { name: 'Resolved' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Sort' }), 'waiting');
    await user.click(screen.getByRole('checkbox', { name: 'Unread only' }));
    const last = s.api.calls.filter((c) => c.method === 'listConversations').at(-1);
    expect(last?.args[0]).toMatchObject({ view: 'resolved', sort: 'waiting', unreadOnly: true });
    await store.getState().setFilters({ view: 'all', unreadOnly: false });
    const buttons = await rowButtons();
    buttons[0]?.focus();
    await user.keyboard('u');
    await waitFor(() => expect(s.api.calls.some((c) => c.method === 'markUnread')).toBe(true));
  });
});

describe('who else is viewing', () => {
  it('a row names the other agents who have it open, and opening a row says so to the others', async () => {
    const s = inboxWith(2);
    const { user, api } = renderApp(s.api);
    const [first] = await rowButtons();
    if (!first) throw new Error('no rows');
    api.emit({ type: 'viewing', conversationId: 'conv-0', agentId: 'ben', agentName: 'Ben', viewing: true });
    expect(await within(first).findByText('Ben viewing')).toBeTruthy();
    api.emit({ type: 'viewing', conversationId: 'conv-0', agentId: 'ben', agentName: 'Ben', viewing: false });
    await waitFor(() => expect(within(first).queryByText('Ben viewing')).toBeNull());
    await user.click(first);
    expect(api.calls.filter((c) => c.method === 'setViewing').map((c) => c.args[0])).toEqual(['conv-0']);
  });
});
