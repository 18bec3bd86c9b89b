import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { ReassignDialog } from '../../src/renderer/src/features/reassign/reassign-dialog.js';
import { ConversationDetails } from '../../src/renderer/src/features/conversation/conversation-details.js';
import { ConversationHeader } from '../../src/renderer/src/features/conversation/conversation-header.js';
import { HOUR, makeAgent, makeAssignable } from './factories.js';
import { makeStore, renderWithStore } from './render-app.js';
import { scenario, type Scenario } from './scenario.js';

function linkedAgents(s: Scenario) {
  const me = s.api.me;
  const kenji = makeAgent({ id: 'agent-2', name: 'Kenji Mori', presence: 'away' });
  const mai = makeAgent({ id: 'agent-3', name: 'Mai Ito', presence: 'offline' });
  s.api.assignable.set('conv-1', [
    makeAssignable(me, { openCount: 4, isCurrent: true }),
    makeAssignable(kenji, { openCount: 2 }),
    makeAssignable(mai, { openCount: 0 }),
  ]);
}

async function renderDialog(s: Scenario) {
  const store = makeStore(s.api);
  await store.getState().loadSession();
  await store.getState().openConversation('conv-1', null);
  store.getState().openDialog('reassign');
  return renderWithStore(
    <>
      <ConversationDetails />
      <ReassignDialog />
    </>,
    s.api,
    store,
  );
}

describe('reassign dialog', () => {
  it('lists exactly the agents linked to the channel, with presence, open count and the current assignee marked', async () => {
    const s = scenario();
    linkedAgents(s);
    await renderDialog(s);
    const dialog = screen.getByRole('dialog', { name: 'Assign conversation' });
    expect(
      within(dialog).getByText('Only agents linked to the Support whatsapp channel can take this conversation.'),
    ).toBeTruthy();
    const choices = await within(dialog).findAllByRole('button', { name: /^Assign to / });
    expect(choices.map((c) => c.getAttribute('aria-label'))).toEqual([
      'Assign to Aiko Tanaka',
      'Assign to Kenji Mori',
      'Assign to Mai Ito',
    ]);
    const current = within(dialog).getByRole('button', { name: 'Assign to Aiko Tanaka' });
    expect(current.getAttribute('aria-current')).toBe('true');
    expect(current).toHaveProperty('disabled', true);
    expect(current.textContent).toContain('current');
    expect(current.textContent).toContain('4 open');
    const kenji = within(dialog).getByRole('button', { name: 'Assign to Kenji Mori' });
    expect(kenji.textContent).toContain('Away');
    expect(kenji.textContent).toContain('2 open');
  });

  it('choosing an agent assigns the conversation, closes the dialog and shows the new assignee', async () => {
    const s = scenario();
    linkedAgents(s);
    const { user, store } = await renderDialog(s);
    await user.click(await screen.findByRole('button', { name: 'Assign to Kenji Mori' }));
    await waitFor(() => expect(store.getState().dialog).toBeNull());
    expect(s.api.callsOf('assignConversation')).toEqual([['conv-1', 'agent-2']]);
    expect(screen.getByRole('button', { name: /Assigned to Kenji Mori/ })).toBeTruthy();
  });

  it('when the hub refuses the assignee the dialog stays open and says why', async () => {
    const s = scenario();
    linkedAgents(s);
    s.api.failNext('assignConversation', 'NOT_LINKED_TO_CHANNEL');
    const { user, store } = await renderDialog(s);
    await user.click(await screen.findByRole('button', { name: 'Assign to Mai Ito' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'That agent is not linked to this conversation’s channel.',
    );
    expect(store.getState().dialog).toBe('reassign');
  });

  it('a conversation can be left unassigned', async () => {
    const s = scenario();
    linkedAgents(s);
    const { user } = await renderDialog(s);
    await user.click(screen.getByRole('button', { name: 'Unassign' }));
    await waitFor(() => expect(s.api.callsOf('assignConversation')).toEqual([['conv-1', null]]));
    expect(await screen.findByRole('button', { name: /Not assigned/ })).toBeTruthy();
  });

  it('says so when no agent is linked to the channel', async () => {
    const s = scenario();
    await renderDialog(s);
    expect(await screen.findByText('No agent is linked to this channel.')).toBeTruthy();
  });
});

describe('status controls', () => {
  it('status changes and snooze go to the service and show at once', async () => {
    const s = scenario();
    const store = makeStore(s.api);
    await store.getState().loadSession();
    await store.getState().openConversation('conv-1', null);
    const { user } = renderWithStore(<ConversationHeader />, s.api, store);
    await user.click(screen.getByRole('radio', { name: 'Resolved' }));
    await waitFor(() =>
      expect(screen.getByRole('radio', { name: 'Resolved' }).getAttribute('aria-checked')).toBe('true'),
    );
    expect(s.api.callsOf('setStatus')).toEqual([['conv-1', 'resolved', null]]);

    const before = Date.now();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Snooze' }), '1h');
    await waitFor(() => expect(s.api.callsOf('setStatus')).toHaveLength(2));
    const [, status, until] = s.api.callsOf('setStatus')[1] ?? [];
    expect(status).toBe('pending');
    expect(Number(until) - before).toBeGreaterThanOrEqual(HOUR);
    expect(Number(until) - before).toBeLessThan(HOUR + 60_000);
    expect(await screen.findByRole('option', { name: /^Snoozed until/ })).toBeTruthy();
  });
});
