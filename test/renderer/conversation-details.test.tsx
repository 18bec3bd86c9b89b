import { describe, expect, it } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import { ContactPanel } from '../../src/renderer/src/features/contact/contact-panel.js';
import { MessageList } from '../../src/renderer/src/features/conversation/message-list.js';
import { HOUR, T0, makeAttachment, makeContact, makeConversation, makeMessage, makeRow } from './factories.js';
import { makeStore, renderApp, renderWithStore } from './render-app.js';
import { scenario, type Scenario } from './scenario.js';

async function openIn(s: Scenario, ui: React.ReactElement) {
  const store = makeStore(s.api);
  await store.getState().loadSession();
  await store.getState().openConversation(s.row.conversation.id, null);
  return renderWithStore(ui, s.api, store);
}

describe('contact panel', () => {
  it('shows who the customer is, how the channel knows them, the ticket and their earlier conversations', async () => {
    const s = scenario();
    s.api.pastConversations.set('conv-1', [
      makeConversation({
        id: 'conv-old',
        status: 'resolved',
        ticket: { id: 'ticket-0', number: 977, subject: 'Refund', createdAt: T0 },
        lastMessageAt: T0,
        lastMessagePreview: 'Thanks, refund received',
      }),
    ]);
    s.api.rows = [...s.api.rows, makeRow(makeConversation({ id: 'conv-old', status: 'resolved' }))];
    const { user, store } = await openIn(s, <ContactPanel />);
    const panel = await screen.findByRole('complementary', { name: 'Contact' });
    expect(within(panel).getByRole('heading', { name: 'Hiroshi Sato' })).toBeTruthy();
    expect(within(panel).getByText('Phone')).toBeTruthy();
    expect(within(panel).getByText('+819012345678')).toBeTruthy();
    expect(within(panel).getByText('Support whatsapp')).toBeTruthy();
    expect(within(panel).getByText(/1042.*Order question/)).toBeTruthy();
    const past = within(panel).getByRole('button', { name: /Thanks, refund received/ });
    expect(past.textContent).toContain('#977');
    expect(past.textContent).toContain('Resolved');
    await user.click(past);
    await waitFor(() => expect(store.getState().selectedId).toBe('conv-old'));
  });

  it('names a Telegram sender by user id and username, and says when there is no ticket or history', async () => {
    const s = scenario({ kind: 'telegram' });
    const contact = makeContact({
      channelId: s.channel.id,
      name: '',
      identity: { externalId: '5550001', phone: null, username: 'hanako_t' },
    });
    s.api.rows = [
      makeRow(makeConversation({ channelId: s.channel.id, ticket: null }), { channelKind: 'telegram', contact }),
    ];
    await openIn(s, <ContactPanel />);
    const panel = await screen.findByRole('complementary', { name: 'Contact' });
    expect(within(panel).getByRole('heading', { name: '5550001' })).toBeTruthy();
    expect(within(panel).getByText('Telegram user')).toBeTruthy();
    expect(within(panel).getByText('@hanako_t')).toBeTruthy();
    expect(within(panel).getByText('No ticket')).toBeTruthy();
    expect(within(panel).getByText('No earlier conversations.')).toBeTruthy();
  });
});

describe('stickers', () => {
  it('a sticker with no image is shown as a labelled sticker with its id', async () => {
    const s = scenario({ kind: 'line' });
    s.api.messages.set('conv-1', [
      makeMessage({ kind: 'sticker', text: null, meta: { sticker: { id: '52002734', packId: '11537' } } }),
    ]);
    await openIn(s, <MessageList />);
    const sticker = await screen.findByRole('img', { name: 'Sticker' });
    expect(sticker.textContent).toContain('52002734');
  });

  it('a sticker the provider sent as an image shows that image', async () => {
    const s = scenario({ kind: 'telegram' });
    const image = makeAttachment({ id: 'stk-1', mimeType: 'image/webp', fileName: 'sticker.webp' });
    s.api.attachmentViews.set('stk-1', {
      attachment: image,
      status: 'ready',
      url: 'sbmedia://attachment/stk-1',
      error: null,
      opening: { action: 'open', risk: null, extension: 'webp', fileName: 'sticker.webp' },
    });
    s.api.messages.set('conv-1', [makeMessage({ kind: 'sticker', text: null, attachments: [image] })]);
    await openIn(s, <MessageList />);
    const shown = await screen.findByRole('img', { name: 'sticker.webp' });
    expect(shown.getAttribute('src')).toBe('sbmedia://attachment/stk-1');
  });
});

describe('opening a conversation from outside the window', () => {
  it('a desktop notification click (open-conversation from the main process) opens that conversation', async () => {
    const { api } = scenario();
    api.rows = [
      ...api.rows,
      makeRow(makeConversation({ id: 'conv-2', lastMessageAt: Date.now() - 2 * HOUR, lastMessagePreview: 'second' }), {
        contact: makeContact({ id: 'contact-2', name: 'Taro Yamada' }),
      }),
    ];
    const { store } = renderApp(api);
    await screen.findByRole('list', { name: 'Conversations' });
    act(() => api.emit({ type: 'open-conversation', conversationId: 'conv-2' }));
    await waitFor(() => expect(store.getState().detail?.row.conversation.id).toBe('conv-2'));
    const header = (await screen.findAllByRole('heading', { name: 'Taro Yamada' }))[0]?.closest('header');
    expect(header?.className).toBe('conversation-header');
    expect(api.callsOf('markRead')).toContainEqual(['conv-2']);
  });
});

describe('values the hub had to shorten', () => {
  it('a message whose text the hub cut at ingest says "shortened", with why in its tooltip', async () => {
    const s = scenario();
    s.api.messages.set('conv-1', [
      makeMessage({ text: 'long text…', meta: { clipped: ['text'] } }),
      makeMessage({ text: 'short text' }),
    ]);
    await openIn(s, <MessageList />);
    const marks = await screen.findAllByText('shortened');
    expect(marks).toHaveLength(1);
    expect(marks[0]?.getAttribute('title')).toMatch(/longer than Switchboard keeps/);
  });
});
