import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { SendRequest } from '../../src/shared/api.js';
import type { CannedReply } from '../../src/shared/domain.js';
import { Composer } from '../../src/renderer/src/features/composer/composer.js';
import { expectAccessible } from './axe.js';
import { T0 } from './factories.js';
import { makeStore, renderApp, renderWithStore } from './render-app.js';
import { scenario, type Scenario } from './scenario.js';

function cannedReply(over: Partial<CannedReply> & { id: string; title: string }): CannedReply {
  return {
    ownerId: null,
    channelId: 'ch-whatsapp',
    shortcut: null,
    text: `Text of ${over.title}`,
    createdAt: T0,
    updatedAt: T0,
    ...over,
  };
}

const THANKS = cannedReply({
  id: 'r-thanks',
  title: 'Thanks for waiting',
  shortcut: 'thanks',
  text: 'Dear {{contact.name}}, thank you for waiting. I am {{agent.name}}; your ticket is #{{ticket.number}}.',
});
const SHIPPING = cannedReply({
  id: 'r-shipping',
  title: 'Shipping times',
  ownerId: 'agent-1',
  channelId: null,
  text: 'Orders ship within 2 days.',
});
const POSTCARD = cannedReply({
  id: 'r-postcard',
  title: 'ハガキの送付',
  text: '{{contact.name}} 様、ハガキをお送りしました。',
});
const OTHER_CHANNEL = cannedReply({ id: 'r-line', title: 'Thanks on LINE', channelId: 'ch-line' });

async function renderComposer(s: Scenario) {
  s.api.cannedReplies = [THANKS, SHIPPING, POSTCARD, OTHER_CHANNEL];
  const store = makeStore(s.api);
  await store.getState().loadSession();
  await store.getState().openConversation(s.row.conversation.id, null);
  return renderWithStore(<Composer />, s.api, store);
}

const sent = (s: Scenario): SendRequest[] => s.api.callsOf('sendMessage').map(([req]) => req as SendRequest);
const replyBox = (): HTMLTextAreaElement => screen.getByRole('textbox', { name: 'Reply' });
const optionNames = (): string[] =>
  within(screen.getByRole('listbox', { name: 'Canned replies' }))
    .getAllByRole('option')
    .map((o) => o.querySelector('.canned-option-title')?.textContent ?? o.textContent ?? '');

describe('canned replies in the composer', () => {
  it('“/” and a few letters list this channel’s replies and the all-channel ones; ↓ and Enter insert one with its placeholders filled', async () => {
    const s = scenario();
    const { user, container } = await renderComposer(s);
    await user.type(replyBox(), 'Hello /');
    expect(optionNames()).toEqual([
      'Shipping times',
      'Thanks for waiting',
      'ハガキの送付',
      'Manage my canned replies…',
    ]);
    const personal = screen.getByRole('option', { name: /Shipping times/ });
    expect(within(personal).getByText('Personal')).toBeTruthy();

    await user.keyboard('t');
    expect(optionNames()).toEqual(['Thanks for waiting', 'Shipping times', 'Manage my canned replies…']);
    const box = replyBox();
    const first = screen.getAllByRole('option')[0];
    expect(box.getAttribute('aria-activedescendant')).toBe(first?.id);
    expect(box.getAttribute('aria-controls')).toBe(screen.getByRole('listbox').id);
    expect(first?.getAttribute('aria-selected')).toBe('true');
    await expectAccessible(container);

    await user.keyboard('{ArrowDown}');
    expect(box.getAttribute('aria-activedescendant')).toBe(screen.getAllByRole('option')[1]?.id);
    await user.keyboard('{ArrowUp}{Enter}');
    expect(box.value).toBe('Hello Dear Hiroshi Sato, thank you for waiting. I am Aiko Tanaka; your ticket is #1042.');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(sent(s)).toHaveLength(0);
    expect(box.selectionStart).toBe(box.value.length);
    expect(box.hasAttribute('aria-activedescendant')).toBe(false);
  });

  it('the shortcut typed in full comes first, and Tab inserts too', async () => {
    const s = scenario();
    const { user } = await renderComposer(s);
    await user.type(replyBox(), '/shipping');
    await user.clear(replyBox());
    await user.type(replyBox(), '/thanks');
    expect(optionNames()[0]).toBe('Thanks for waiting');
    await user.keyboard('{Tab}');
    expect(replyBox().value).toMatch(/^Dear Hiroshi Sato, thank you/);
    expect(document.activeElement).toBe(replyBox());
  });

  it('Japanese: the full-width ／ opens the list, and hiragana finds a katakana title', async () => {
    const s = scenario();
    const { user } = await renderComposer(s);
    await user.type(replyBox(), 'こんにちは　／はがき');
    expect(optionNames()).toEqual(['ハガキの送付', 'Manage my canned replies…']);
    await user.keyboard('{Enter}');
    expect(replyBox().value).toBe('こんにちは　Hiroshi Sato 様、ハガキをお送りしました。');
  });

  it('Enter that confirms a Japanese (IME) composition is left to the IME', async () => {
    const s = scenario();
    const { user } = await renderComposer(s);
    await user.type(replyBox(), '/はがき');
    fireEvent.keyDown(replyBox(), { key: 'Enter', isComposing: true });
    expect(replyBox().value).toBe('/はがき');
    expect(screen.getByRole('listbox')).toBeTruthy();
  });

  it('Esc closes the list and leaves the text as typed; Enter then sends it', async () => {
    const s = scenario();
    const { user } = await renderComposer(s);
    await user.type(replyBox(), 'see /thanks');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(replyBox().value).toBe('see /thanks');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(sent(s)).toHaveLength(1));
    expect(sent(s)[0]).toMatchObject({ kind: 'text', text: 'see /thanks' });
  });

  it('a / inside a word never opens the list, and a word nothing matches leaves Enter to send', async () => {
    const s = scenario();
    const { user } = await renderComposer(s);
    await user.type(replyBox(), 'and/or');
    expect(screen.queryByRole('listbox')).toBeNull();
    await user.type(replyBox(), ' /zzz');
    expect(screen.getByRole('status').textContent).toBe('No canned reply matches “zzz”.');
    expect(replyBox().hasAttribute('aria-activedescendant')).toBe(false);
    await user.keyboard('{Enter}');
    await waitFor(() => expect(sent(s)).toHaveLength(1));
    expect(sent(s)[0]).toMatchObject({ text: 'and/or /zzz' });
  });

  it('a placeholder without a value here stays visible for the agent to fill', async () => {
    const s = scenario();
    s.row = { ...s.row, conversation: { ...s.row.conversation, ticket: null } };
    s.api.rows = [s.row];
    const { user } = await renderComposer(s);
    await user.type(replyBox(), '/thanks{Enter}');
    expect(replyBox().value).toBe(
      'Dear Hiroshi Sato, thank you for waiting. I am Aiko Tanaka; your ticket is #{{ticket.number}}.',
    );
  });

  it('the Canned replies button starts the same list, and its last option opens My canned replies', async () => {
    const s = scenario();
    const { user, store } = await renderComposer(s);
    await user.type(replyBox(), 'Hi');
    await user.click(screen.getByRole('button', { name: 'Canned replies /' }));
    expect(replyBox().value).toBe('Hi /');
    expect(document.activeElement).toBe(replyBox());
    expect(optionNames()).toContain('Thanks for waiting');
    await user.keyboard('{ArrowUp}{Enter}');
    expect(store.getState().dialog).toBe('cannedReplies');
    expect(replyBox().value).toBe('Hi /');
  });

  it('“/” typed in the reply opens the list, not the global search', async () => {
    const s = scenario();
    s.api.cannedReplies = [THANKS];
    const { user, store } = renderApp(s.api);
    const list = await screen.findByRole('list', { name: 'Conversations' });
    await user.click((await within(list).findAllByRole('button'))[0] as HTMLElement);
    await user.click(await screen.findByRole('textbox', { name: 'Reply' }));
    await user.keyboard('/');
    expect(await screen.findByRole('listbox', { name: 'Canned replies' })).toBeTruthy();
    expect(store.getState().searchFocusRequest).toBe(0);
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Reply' }));
  });
});
