import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { ConversationPane } from '../../src/renderer/src/features/conversation/conversation-pane.js';
import { expectAccessible } from './axe.js';
import { makeMessage } from './factories.js';
import { makeStore, renderWithStore } from './render-app.js';
import { scenario, type Scenario } from './scenario.js';

async function renderPane(s: Scenario, storage: Record<string, string> = {}) {
  const store = makeStore(s.api, { storage });
  await store.getState().loadSession();
  store.setState({ selectedId: s.row.conversation.id });
  await store.getState().openConversation(s.row.conversation.id, null);
  return renderWithStore(<ConversationPane />, s.api, store);
}

describe('the conversation side panel', () => {
  it('holds assignment and labels beside the contact, and Details hides it', async () => {
    const s = scenario();
    const { user, store, container } = await renderPane(s);
    const header = container.querySelector('header.conversation-header');
    if (!(header instanceof HTMLElement)) throw new Error('no header');
    expect(within(header).queryByRole('button', { name: /Assign/ })).toBeNull();
    const details = await screen.findByRole('region', { name: 'Conversation details' });
    expect(within(details).getByRole('button', { name: /Assign…/ })).toBeTruthy();
    expect(within(details).getByRole('textbox', { name: 'Add label' })).toBeTruthy();
    await expectAccessible(container);

    const toggle = within(header).getByRole('button', { name: 'Details' });
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(document.getElementById(toggle.getAttribute('aria-controls') ?? '')).toBeTruthy();
    await user.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('region', { name: 'Conversation details' })).toBeNull();
    expect(store.getState().sidePanelOpen).toBe(false);
    await expectAccessible(container);
  });

  it('starts hidden when the agent hid it last time', async () => {
    await renderPane(scenario(), { 'switchboard.sidePanel': 'closed' });
    const toggle = await screen.findByRole('button', { name: 'Details' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('complementary', { name: 'Contact' })).toBeNull();
  });
});

describe('links in the thread', () => {
  it('a URL in a message is a link that asks the shell to open it; lookalikes stay text', async () => {
    const s = scenario({
      messages: [makeMessage({ text: 'See https://example.com/a?b=1. Not javascript:alert(1) nor data:text/html,x' })],
    });
    const { user } = await renderPane(s);
    const link = await screen.findByRole('link', { name: 'https://example.com/a?b=1' });
    expect(screen.getAllByRole('link')).toHaveLength(1);
    await user.click(link);
    await waitFor(() => expect(s.api.callsOf('openExternalLink')).toEqual([['https://example.com/a?b=1']]));
    expect(window.location.href).not.toContain('example.com');
  });

  it('a refusal from the shell is said in words', async () => {
    const s = scenario({ messages: [makeMessage({ text: 'https://example.com' })] });
    s.api.failNext('openExternalLink', 'VALIDATION_FAILED');
    const { user, store } = await renderPane(s);
    await user.click(await screen.findByRole('link', { name: 'https://example.com' }));
    await waitFor(() => expect(store.getState().toasts).toMatchObject([{ kind: 'error', code: 'VALIDATION_FAILED' }]));
  });
});
